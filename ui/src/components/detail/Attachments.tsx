import { useRef, useState } from 'react';
import * as api from '../../api';
import type { ApiError, AttachmentInfo } from '../../api';
import { formatSize, shortHash } from '../../format';
import { useAnnounce } from '../Announcer';
import { ErrorAlert } from '../ErrorAlert';
import { registration } from './attachmentText';
import { AttachmentViewer } from './AttachmentViewer';
import './attachments.css';

type Viewing = { attachment: AttachmentInfo; bytes: ArrayBuffer | null; error: ApiError | null };

/** What the citizen sent: each file with its type, size, SHA-256 and protocol registration; shown in
 * the window, opened with the system's viewer, or saved (the shell checks the bytes against the
 * registered hash first, and records the reading). A file the intake distrusts can only be saved. */
export function Attachments({ attachments }: { attachments: AttachmentInfo[] }) {
  const [error, setError] = useState<ApiError | null>(null);
  const [viewing, setViewing] = useState<Viewing | null>(null);
  // The latest reading asked for: an answer for a viewer already closed or replaced is dropped.
  const reading = useRef(0);
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

  async function openWithSystem(a: AttachmentInfo) {
    setError(null);
    try {
      await api.openAttachment(a.id);
      announce(`«${a.name}» aperto con il visualizzatore di sistema`);
    } catch (e) {
      setError(api.toApiError(e));
    }
  }

  async function view(a: AttachmentInfo) {
    setError(null);
    const ticket = ++reading.current;
    setViewing({ attachment: a, bytes: null, error: null });
    const update = (change: Partial<Viewing>) => {
      if (reading.current === ticket) setViewing((v) => v && { ...v, ...change });
    };
    try {
      update({ bytes: await api.readAttachment(a.id) });
    } catch (e) {
      update({ error: api.toApiError(e) });
    }
  }

  function close() {
    reading.current += 1;
    setViewing(null);
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
        <ul className="sp-attachments" data-testid="attachments">
          {attachments.map((a) => (
            <li key={a.id} data-testid="attachment" data-id={a.id}>
              <div className="sp-attachment-name">{a.name}</div>
              <div className="sp-attachment-facts">
                <span>{a.mediaType}</span>
                <span>{formatSize(a.size)}</span>
                <span>{registration(a)}</span>
                <span>
                  SHA-256 <code title={a.sha256}>{shortHash(a.sha256)}</code>
                </span>
              </div>
              {a.warning && (
                <p className="sp-attachment-warning" data-testid="attachment-warning">
                  <strong>Attenzione:</strong> {a.warning}
                </p>
              )}
              <div className="sp-attachment-actions">
                {!a.warning && (
                  <>
                    <button type="button" className="btn btn-sm btn-primary" onClick={() => void view(a)} data-testid="attachment-view">
                      Visualizza{' '}
                      <span className="visually-hidden">{a.name}</span>
                    </button>
                    <button type="button" className="btn btn-sm btn-outline-primary" onClick={() => void openWithSystem(a)} data-testid="attachment-open">
                      Apri con il visualizzatore di sistema{' '}
                      <span className="visually-hidden">{a.name}</span>
                    </button>
                  </>
                )}
                <button type="button" className="btn btn-sm btn-outline-primary" onClick={() => void save(a)} data-testid="attachment-save">
                  Salva con nome{' '}
                  <span className="visually-hidden">{a.name}</span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {viewing && <AttachmentViewer {...viewing} onClose={close} />}
    </section>
  );
}
