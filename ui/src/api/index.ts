// The only module that talks to the Rust side (STYLE.md rule 15).
// One typed function per Tauri command; every rejection becomes an `ApiError`.
import { Channel, invoke, type InvokeArgs } from '@tauri-apps/api/core';
import type { Action } from './bindings/Action';
import type { AnnulmentRequest } from './bindings/AnnulmentRequest';
import type { AppError } from './bindings/AppError';
import type { AppInfo } from './bindings/AppInfo';
import type { Assignment } from './bindings/Assignment';
import type { Catalogue } from './bindings/Catalogue';
import type { CertificateAnnulmentRequest } from './bindings/CertificateAnnulmentRequest';
import type { CounterSubmission } from './bindings/CounterSubmission';
import type { ErrorCode } from './bindings/ErrorCode';
import type { FieldError } from './bindings/FieldError';
import type { IssueOutcome } from './bindings/IssueOutcome';
import type { IssueProgress } from './bindings/IssueProgress';
import type { IssueRequest } from './bindings/IssueRequest';
import type { IssuedCertificate } from './bindings/IssuedCertificate';
import type { NewUser } from './bindings/NewUser';
import type { PendingCertificate } from './bindings/PendingCertificate';
import type { QueueFilter } from './bindings/QueueFilter';
import type { QueuePage } from './bindings/QueuePage';
import type { QueueQuery } from './bindings/QueueQuery';
import type { RegisterEntry } from './bindings/RegisterEntry';
import type { ReissueRequest } from './bindings/ReissueRequest';
import type { Session } from './bindings/Session';
import type { StateCounts } from './bindings/StateCounts';
import type { SigningDeviceInfo } from './bindings/SigningDeviceInfo';
import type { SubmissionDetail } from './bindings/SubmissionDetail';
import type { UserInfo } from './bindings/UserInfo';
import type { UserUpdate } from './bindings/UserUpdate';
import type { VerificationReport } from './bindings/VerificationReport';

export type * from './types';

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

async function call<T>(command: string, args: InvokeArgs = {}): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    const error = toApiError(reason);
    if (error.code === 'unauthenticated') sessionLost.forEach((listener) => listener());
    throw error;
  }
}

export const appInfo = () => call<AppInfo>('app_info');
export const login = (username: string, password: string) =>
  call<Session>('login', { request: { username, password } });
export const logout = () => call<null>('logout');
export const currentSession = () => call<Session | null>('current_session');
export const catalogue = () => call<Catalogue>('catalogue');
export const queuePage = (query: QueueQuery) => call<QueuePage>('queue_page', { query });
export const queueCounts = (filter: QueueFilter) => call<StateCounts>('queue_counts', { filter });
export const submissionDetail = (id: number) => call<SubmissionDetail>('submission_detail', { id });
export const createSubmission = (submission: CounterSubmission) =>
  call<SubmissionDetail>('create_submission', { submission });
export const applyAction = (id: number, action: Action) =>
  call<SubmissionDetail>('apply_action', { id, action });
export const assignSubmission = (id: number, assignment: Assignment) =>
  call<SubmissionDetail>('assign_submission', { id, assignment });
export const departmentOfficers = () => call<UserInfo[]>('department_officers');
export const registerEntries = (year: number) => call<RegisterEntry[]>('register_entries', { year });
export const annulRegistration = (request: AnnulmentRequest) =>
  call<RegisterEntry>('annul_registration', { request });
export const updateUser = (id: number, change: UserUpdate) => call<UserInfo>('update_user', { id, change });
export const listUsers = () => call<UserInfo[]>('list_users');
export const createUser = (user: NewUser) => call<UserInfo>('create_user', { user });
export const setUserActive = (id: number, active: boolean) =>
  call<UserInfo>('set_user_active', { id, active });

// Certificates: the batch a head signs, the documents a submission produced, and verification.
export const pendingCertificates = () => call<PendingCertificate[]>('pending_certificates');
export const signingDevice = () => call<SigningDeviceInfo>('signing_device');
/** Issues a batch; `onProgress` receives one event per document while it runs. */
export function issueCertificates(request: IssueRequest, onProgress: (event: IssueProgress) => void) {
  const progress = new Channel<IssueProgress>();
  progress.onmessage = onProgress;
  return call<IssueOutcome[]>('issue_certificates', { request, progress });
}
export const submissionCertificates = (id: number) =>
  call<IssuedCertificate[]>('submission_certificates', { id });
/** Saves a certificate's signed PDF in the officer's Documents folder; returns the file's path. */
/** Saves a certificate where the officer chooses; `null` when the officer cancelled the dialog. */
export const exportCertificate = (documentId: string) => call<string | null>('export_certificate', { documentId });
export const annulCertificate = (request: CertificateAnnulmentRequest) =>
  call<IssuedCertificate>('annul_certificate', { request });
export const reissueCertificate = (request: ReissueRequest) => call<IssueOutcome>('reissue_certificate', { request });
/** Verifies a PDF someone brought: signatures, and what the register knows of it. */
export const verifyDocument = (pdf: Uint8Array) => call<VerificationReport>('verify_document', pdf);
