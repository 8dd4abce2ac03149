// The one place that invokes the Rust side: every rejection becomes an `ApiError`, and a lost
// session is announced once. The typed functions in `commands.ts` (generated) call `call`.
import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import type { AppError } from './bindings/AppError';
import type { ErrorCode } from './bindings/ErrorCode';
import type { FieldError } from './bindings/FieldError';
import type { CommandName, Contract } from './commands';

/** Every code the Rust side sends: a `Record` over the generated `ErrorCode`, so a code added in
 * Rust fails the type check here until the UI knows it (a forgotten one once turned the database's
 * own message into a generic error). */
const ERROR_CODES: Record<ErrorCode, true> = {
  invalidInput: true,
  illegalAction: true,
  conflict: true,
  notFound: true,
  forbidden: true,
  unauthenticated: true,
  badCredentials: true,
  pinIncorrect: true,
  pinLocked: true,
  deviceUnavailable: true,
  signingCertificate: true,
  signingService: true,
  timestamp: true,
  unavailable: true,
  internal: true,
};

const GENERIC_MESSAGE = 'Si è verificato un errore imprevisto. Riprovare o contattare l’assistenza.';

/** An error from the Rust side: branch on `code`, show `message` to the officer. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  /** Input refused field by field (`applicant.fiscalCode`, a form field's key, `attachment.KEY`). */
  readonly fields: FieldError[];

  constructor(code: ErrorCode, message: string, fields: FieldError[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.fields = fields;
  }
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.field === 'string' && typeof v.message === 'string';
}

function isAppError(value: unknown): value is AppError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.code === 'string' &&
    Object.prototype.hasOwnProperty.call(ERROR_CODES, v.code) &&
    typeof v.message === 'string'
  );
}

/** Normalises anything a rejected invoke may carry into an `ApiError`. */
export function toApiError(reason: unknown): ApiError {
  if (reason instanceof ApiError) return reason;
  if (isAppError(reason)) {
    const fields = Array.isArray(reason.fields) ? reason.fields.filter(isFieldError) : [];
    return new ApiError(reason.code, reason.message, fields);
  }
  return new ApiError('internal', GENERIC_MESSAGE);
}

const sessionLost = new Set<() => void>();

/** Calls `listener` whenever a command answers that the session is no longer active. */
export function onSessionLost(listener: () => void): () => void {
  sessionLost.add(listener);
  return () => {
    sessionLost.delete(listener);
  };
}

export async function call<K extends CommandName>(
  command: K,
  args: InvokeArgs = {},
): Promise<Contract[K]['answer']> {
  try {
    return await invoke<Contract[K]['answer']>(command, args);
  } catch (reason) {
    const error = toApiError(reason);
    if (error.code === 'unauthenticated') sessionLost.forEach((listener) => listener());
    throw error;
  }
}
