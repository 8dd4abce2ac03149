import type { AttachmentInfo } from '../../api';
import { formatSize, shortHash } from '../../format';

export function Attachments({ attachments }: { attachments: AttachmentInfo[] }) {
  return (
    <section className="detail-section" aria-labelledby="attachments-title">
      <h3 id="attachments-title" className="h6">
        Allegati
      </h3>
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
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
