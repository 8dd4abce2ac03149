import { useState, type FormEvent } from 'react';
import * as api from '../../api';
import type { SubmissionDetail } from '../../api';
import { useAssign, useDepartmentOfficers } from '../../data';
import { Dialog } from '../Dialog';
import { DialogActions } from '../DialogActions';
import type { Shown } from '../ErrorAlert';

type Props = {
  detail: SubmissionDetail;
  onClose: () => void;
  onDone: (detail: SubmissionDetail) => void;
};

/** A head assigns the submission to an officer of the department, or releases it. */
export function AssignDialog({ detail, onClose, onDone }: Props) {
  const officersQuery = useDepartmentOfficers();
  const officers = officersQuery.data ?? [];
  const assign = useAssign(detail.id);
  const [officer, setOfficer] = useState(detail.assignee ? String(detail.assignee.id) : '');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<Shown | string | null>(null);
  const [busy, setBusy] = useState(false);


  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) {
      setError("Indicare il motivo dell'assegnazione.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(await assign.mutateAsync({ officer: officer ? Number(officer) : null, reason }));
    } catch (e) {
      setError(api.toApiError(e));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Assegna la pratica ${detail.protocol}`} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <div className="mb-3">
          <label htmlFor="assign-officer" className="form-label">
            Assegnatario
          </label>
          <select
            id="assign-officer"
            className="form-select"
            value={officer}
            onChange={(e) => setOfficer(e.target.value)}
            data-autofocus
          >
            <option value="">Rilascia (nessun assegnatario)</option>
            {officers.map((o) => (
              <option key={o.id} value={o.id}>
                {o.fullName}
              </option>
            ))}
            {detail.assignee && !officers.some((o) => o.id === detail.assignee?.id) && (
              <option value={detail.assignee.id}>{detail.assignee.fullName}</option>
            )}
          </select>
        </div>
        <div className="mb-3">
          <label htmlFor="assign-reason" className="form-label">
            Motivo <span aria-hidden="true">*</span>
          </label>
          <textarea
            id="assign-reason"
            className="form-control"
            rows={3}
            required
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
        <DialogActions
          error={error ?? officersQuery.error}
          onCancel={onClose}
          testId="assign-confirm"
          label="Conferma assegnazione"
          busy={busy}
        />
      </form>
    </Dialog>
  );
}
