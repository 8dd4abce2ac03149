import { useState, type FormEvent } from 'react';
import * as api from '../../api';
import type { IssuedCertificate } from '../../api';
import { useAnnulCertificate, useReissueCertificate, useSigningDevice } from '../../data';
import { Dialog } from '../Dialog';
import { DialogActions } from '../DialogActions';
import type { Shown } from '../ErrorAlert';

export type CertificateDialogMode = 'annul' | 'reissue';

type Props = {
  mode: CertificateDialogMode;
  certificate: IssuedCertificate;
  onClose: () => void;
  onDone: (message: string) => void;
};

/** Annuls a certificate by an act, or re-issues it (the old one is annulled) with the device's PIN. */
export function CertificateDialog({ mode, certificate, onClose, onDone }: Props) {
  const [act, setAct] = useState('');
  const [reason, setReason] = useState('');
  const [pin, setPin] = useState('');
  const device = useSigningDevice(mode === 'reissue').data;
  const annul = useAnnulCertificate();
  const reissue = useReissueCertificate();
  const [error, setError] = useState<Shown | string | null>(null);
  const [busy, setBusy] = useState(false);


  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim() || (mode === 'annul' && !act.trim())) {
      setError(mode === 'annul' ? "Indicare l'atto che autorizza l'annullamento e il motivo." : 'Indicare il motivo.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (mode === 'annul') {
        await annul.mutateAsync({ documentId: certificate.documentId, act, reason });
        onDone(`Certificato ${certificate.documentId} annullato`);
      } else {
        const outcome = await reissue.mutateAsync({ documentId: certificate.documentId, reason, pin });
        if (outcome.status === 'failed') throw new api.ApiError('illegalAction', outcome.message);
        onDone(`Nuovo certificato ${outcome.documentId} rilasciato, protocollo ${outcome.protocol}`);
      }
    } catch (e) {
      setError(api.toApiError(e));
      setBusy(false);
    }
  }

  const title = mode === 'annul' ? `Annulla il certificato ${certificate.documentId}` : `Riemetti il certificato ${certificate.documentId}`;
  return (
    <Dialog title={title} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p>
          {mode === 'annul'
            ? 'Il certificato resta leggibile e alla verifica risulterà annullato.'
            : 'Si rilascia un nuovo certificato con un nuovo protocollo; quello attuale viene annullato.'}
        </p>
        {mode === 'annul' && (
          <div className="mb-3">
            <label htmlFor="certificate-act" className="form-label">
              Atto che autorizza l&apos;annullamento <span aria-hidden="true">*</span>
            </label>
            <input id="certificate-act" className="form-control" value={act} onChange={(e) => setAct(e.target.value)} required data-autofocus />
          </div>
        )}
        <div className="mb-3">
          <label htmlFor="certificate-reason" className="form-label">
            Motivo <span aria-hidden="true">*</span>
          </label>
          <textarea id="certificate-reason" className="form-control" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} required />
        </div>
        {mode === 'reissue' && device?.needsPin && (
          <div className="mb-3">
            <label htmlFor="certificate-pin" className="form-label">
              PIN del dispositivo di firma
            </label>
            <input id="certificate-pin" type="password" autoComplete="off" className="form-control" value={pin} onChange={(e) => setPin(e.target.value)} />
          </div>
        )}
        <DialogActions
          error={error}
          onCancel={onClose}
          testId="certificate-confirm"
          label={mode === 'annul' ? "Conferma l'annullamento" : 'Firma e rilascia'}
          busy={busy}
        />
      </form>
    </Dialog>
  );
}
