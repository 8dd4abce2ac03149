import { useState } from 'react';
import * as api from '../../api';
import type { ApiError, AttachmentInfo } from '../../api';
import { formatSize, shortHash } from '../../format';
import { useAnnounce } from '../Announcer';
import { ErrorAlert } from '../ErrorAlert';

/** What the citizen sent: name, type, size and SHA-256 of each file, and "save as" (the shell checks
 * the bytes against the registered hash before it writes them). */
export function Attachments({ attachments }: { attachments: AttachmentInfo[] }) {
  const [error, setError] = useState<ApiError | null>(null);
  const announce = useAnnounce();

  async function save(a: AttachmentInfo) {
    setError(null);
    try {
      const path = await api.exportAttachment(a.id);
      if (path) announce(`Allegato salvato in ${path}`);
    } catch (e) {
      setError(api.toApiError(e));
    }
  }

  return (
    <section className="detail-section" aria-labelledby="attachments-title">
      <h3 id="attachments-title" className="h6">
        Allegati
      </h3>
      <ErrorAlert error={error} />
      {attachments.length === 0 ? (
        <p>Nessun allegato.</p>
      ) : (
        <div className="table-responsive">
          <table className="table table-sm">
            <thead>
              <tr>
                <th scope="col">Nome</th>
                <th scope="col">Tipo</th>
                <th scope="col">Dimensione</th>
                <th scope="col">SHA-256</th>
                <th scope="col">
                  <span className="visually-hidden">Azioni</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {attachments.map((a) => (
                <tr key={a.id}>
                  <td>{a.name}</td>
                  <td>{a.mediaType}</td>
                  <td>{formatSize(a.size)}</td>
                  <td>
                    <code title={a.sha256}>{shortHash(a.sha256)}</code>
                  </td>
                  <td>
                    <button type="button" className="btn btn-sm btn-outline-primary" onClick={() => void save(a)}>
                      Salva con nome<span className="visually-hidden"> {a.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
