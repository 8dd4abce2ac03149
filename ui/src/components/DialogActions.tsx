import { ErrorAlert, type Shown } from './ErrorAlert';

/** The end of a dialog's form: the error (if any), Annulla, and the confirm button. */
export function DialogActions({
  error,
  onCancel,
  testId,
  label,
  busy,
  disabled = false,
}: {
  error: Shown | string | null;
  onCancel: () => void;
  testId: string;
  label: string;
  busy: boolean;
  disabled?: boolean;
}) {
  return (
    <>
      <ErrorAlert error={error} />
      <div className="d-flex justify-content-end gap-2">
        <button type="button" className="btn btn-outline-secondary" onClick={onCancel}>
          Annulla
        </button>
        <button type="submit" className="btn btn-primary" data-testid={testId} disabled={busy || disabled}>
          {busy ? 'Invio in corso…' : label}
        </button>
      </div>
    </>
  );
}
