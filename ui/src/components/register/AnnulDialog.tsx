import { useState, type FormEvent } from 'react';
import * as api from '../../api';
import type { RegisterEntry } from '../../api';
import { useAnnulRegistration } from '../../data';
import { Dialog } from '../Dialog';
import { DialogActions } from '../DialogActions';
import type { Shown } from '../ErrorAlert';

type Props = { entry: RegisterEntry; onClose: () => void; onDone: (entry: RegisterEntry) => void };

/** Annuls a registration by an authorising act; the original stays readable in the register. */
export function AnnulDialog({ entry, onClose, onDone }: Props) {
  const [act, setAct] = useState('');
  const [reason, setReason] = useState('');
  const annul = useAnnulRegistration();
  const [error, setError] = useState<Shown | string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!act.trim() || !reason.trim()) {
      setError("Indicare l'atto che autorizza l'annullamento e il motivo.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(await annul.mutateAsync({ number: entry.protocol, act, reason }));
    } catch (e) {
      setError(api.toApiError(e));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Annulla la registrazione ${entry.protocol}`} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p>
          {entry.subject} — {entry.correspondent}
        </p>
        <div className="mb-3">
          <label htmlFor="annul-act" className="form-label">
            Atto che autorizza l&apos;annullamento <span aria-hidden="true">*</span>
          </label>
          <input id="annul-act" className="form-control" value={act} onChange={(e) => setAct(e.target.value)} required data-autofocus />
        </div>
        <div className="mb-3">
          <label htmlFor="annul-reason" className="form-label">
            Motivo <span aria-hidden="true">*</span>
          </label>
          <textarea id="annul-reason" className="form-control" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} required />
        </div>
        <DialogActions error={error} onCancel={onClose} testId="annul-confirm" label="Conferma l'annullamento" busy={busy} />
      </form>
    </Dialog>
  );
}
