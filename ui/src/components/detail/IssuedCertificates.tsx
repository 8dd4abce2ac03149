import { useState } from 'react';
import * as api from '../../api';
import type { ApiError, IssuedCertificate } from '../../api';
import { useSubmissionCertificates } from '../../data';
import { formatDate, formatDateTime } from '../../format';
import { useAnnounce } from '../Announcer';
import { ErrorAlert } from '../ErrorAlert';
import { CertificateDialog, type CertificateDialogMode } from './CertificateDialog';

type Props = { submissionId: number; canReissue: boolean; canAnnul: boolean };

/** The certificates a request produced: save the signed PDF; re-issue and annul where the policy allows. */
export function IssuedCertificates({ submissionId, canReissue, canAnnul }: Props) {
  const certificates = useSubmissionCertificates(submissionId);
  const list = certificates.data;
  const [error, setError] = useState<ApiError | null>(null);
  const [dialog, setDialog] = useState<{ mode: CertificateDialogMode; certificate: IssuedCertificate } | null>(null);
  const announce = useAnnounce();


  async function save(c: IssuedCertificate) {
    setError(null);
    try {
      const path = await api.exportCertificate(c.documentId);
      if (path) announce(`Certificato salvato in ${path}`);
    } catch (e) {
      setError(api.toApiError(e));
    }
  }

  return (
    <section className="detail-section" aria-labelledby="certificates-title" data-testid="issued-certificates">
      <h3 id="certificates-title" className="h6">
        Certificati rilasciati
      </h3>
      <ErrorAlert error={error ?? certificates.error} />
      {list && list.length === 0 && <p>Nessun certificato rilasciato per questa richiesta.</p>}
      {list && list.length > 0 && (
        <ul className="list-unstyled">
          {list.map((c) => (
            <li key={c.documentId} className="mb-2" data-testid="issued-certificate" data-annulled={c.annulled ? 'true' : 'false'}>
              <strong>{c.kind}</strong> — <code>{c.documentId}</code>, protocollo {c.protocol} del {formatDateTime(c.issuedAt)};{' '}
              {c.validUntil ? `valido fino al ${formatDate(c.validUntil)}` : 'validità illimitata'}; firmato da {c.signer}
              {c.demo && <span className="demo-tag ms-1">DEMO</span>}
              {c.annulled && (
                <span className="d-block text-danger">
                  Annullato il {formatDateTime(c.annulled.annulledAt)} ({c.annulled.act}): {c.annulled.reason}
                </span>
              )}
              <span className="d-flex gap-2 mt-1">
                <button type="button" className="btn btn-sm btn-outline-primary" onClick={() => save(c)}>
                  Salva PDF <span className="visually-hidden">del certificato {c.documentId}</span>
                </button>
                {canReissue && !c.annulled && (
                  <button type="button" className="btn btn-sm btn-outline-secondary" onClick={() => setDialog({ mode: 'reissue', certificate: c })}>
                    Riemetti <span className="visually-hidden">il certificato {c.documentId}</span>
                  </button>
                )}
                {canAnnul && !c.annulled && (
                  <button type="button" className="btn btn-sm btn-outline-danger" onClick={() => setDialog({ mode: 'annul', certificate: c })}>
                    Annulla <span className="visually-hidden">il certificato {c.documentId}</span>
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      {dialog && (
        <CertificateDialog
          mode={dialog.mode}
          certificate={dialog.certificate}
          onClose={() => setDialog(null)}
          onDone={(message) => {
            setDialog(null);
            announce(message);
          }}
        />
      )}
    </section>
  );
}
