import type { ErrorCode } from '../api';

/** An error as the core sends it (`ApiError`), or one the screen found itself (no code). */
export type Shown = { code?: ErrorCode; message: string };

type Props = { error: Shown | string | null | undefined; className?: string };

/** The one way an error is shown: its Italian message, announced (`role="alert"`); the core's code
 * is kept for tests and support. */
export function ErrorAlert({ error, className = '' }: Props) {
  if (!error) return null;
  const { code, message } = typeof error === 'string' ? { code: undefined, message: error } : error;
  return (
    <div role="alert" className={`alert alert-danger ${className}`.trim()} data-error-code={code}>
      {message}
    </div>
  );
}
