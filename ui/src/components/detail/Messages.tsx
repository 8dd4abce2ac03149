import { useId, useRef, useState, type FormEvent } from 'react';
import * as api from '../../api';
import type { ApiError, MessageEntry, MessageKind } from '../../api';
import { useWriteMessage } from '../../data';
import { formatDateTime, formatSize } from '../../format';
import { useAnnounce } from '../Announcer';
import { readAsBase64 } from '../counter/DocumentInputs';
import { ErrorAlert } from '../ErrorAlert';

type Props = { submissionId: number; messages: MessageEntry[] };

/** The letters the link sends as messages, named as the citizen knows them. */
const LETTER: Record<MessageKind, string | null> = {
  message: null,
  receipt: 'Ricevuta e avvio del procedimento',
  notice: 'Preavviso di diniego (art. 10-bis)',
  startNotice: 'Avvio del procedimento e responsabile (art. 8)',
  integrationRequest: 'Richiesta di integrazione',
};

/** Whether the citizen opened an applicant-visible message of the office (the portal's read_at). */
function Reading({ m }: { m: MessageEntry }) {
  if (m.incoming || m.internal || !m.sentAt) return null;
  return <span className="small ms-2">{m.readAt ? `· letto il ${formatDateTime(m.readAt)}` : '· non ancora letto dal cittadino'}</span>;
}

/** Messages with the citizen through the portal (submissions that came from it): the conversation
 * with the letters sent as messages, each with its delivery date and whether the citizen opened it,
 * the files that travelled with each, and a form to write (with files). */
export function Messages({ submissionId, messages }: Props) {
  const write = useWriteMessage(submissionId);
  const announce = useAnnounce();
  const [text, setText] = useState('');
  const [internal, setInternal] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const fileInput = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const ids = { text: useId(), internal: useId(), files: useId() };

  async function send(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const attachments = await Promise.all(files.map(async (f) => ({ requirement: null, name: f.name, content: await readAsBase64(f) })));
      await write.mutateAsync({ text, internal, attachments });
      setText('');
      setFiles([]);
      if (fileInput.current) fileInput.current.value = '';
      announce(internal ? 'Nota interna registrata: sarà inviata al portale.' : 'Messaggio registrato: sarà consegnato al cittadino tramite il portale.');
    } catch (e) {
      setError(api.toApiError(e));
    }
  }

  return (
    <section className="detail-section" aria-labelledby="messages-title" data-testid="messages">
      <h3 id="messages-title" className="h6">
        Messaggi sul portale
      </h3>
      {messages.length === 0 ? (
        <p>Nessun messaggio.</p>
      ) : (
        <ul className="list-unstyled">
          {messages.map((m) => (
            <li key={m.id} className="mb-2">
              <strong>{m.incoming ? 'Dal cittadino' : m.author}</strong>
              {m.internal && <span className="badge text-bg-secondary ms-2">Nota interna</span>}
              {LETTER[m.kind] && <span className="badge text-bg-light border ms-2">{LETTER[m.kind]}</span>}
              <span className="small ms-2">
                {formatDateTime(m.createdAt)} ·{' '}
                {m.sentAt ? `consegnato il ${formatDateTime(m.sentAt)}` : 'in attesa di consegna al portale'}
              </span>
              <Reading m={m} />
              <p className="mb-0 message-text">
                {m.text}
              </p>
              {m.files.length > 0 && (
                <p className="mb-0 small" data-testid="message-files">
                  Allegati: {m.files.map((f) => `${f.name} (${formatSize(f.size)})`).join(', ')}
                  {m.incoming && ' — protocollati e consultabili tra gli Allegati della pratica'}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={send} noValidate>
        <label htmlFor={ids.text} className="form-label">
          Scrivi al cittadino
        </label>
        <textarea id={ids.text} className="form-control mb-2" rows={3} maxLength={5000} value={text} onChange={(e) => setText(e.target.value)} />
        <label htmlFor={ids.files} className="form-label">
          Allegati (PDF o immagini JPEG/PNG, al massimo 5)
        </label>
        <input
          id={ids.files}
          ref={fileInput}
          type="file"
          multiple
          className="form-control mb-2"
          accept="application/pdf,image/jpeg,image/png"
          onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
        />
        <div className="form-check mb-2">
          <input id={ids.internal} type="checkbox" className="form-check-input" checked={internal} onChange={(e) => setInternal(e.target.checked)} />
          <label htmlFor={ids.internal} className="form-check-label">
            Nota interna (non visibile al cittadino)
          </label>
        </div>
        <ErrorAlert error={error} />
        <button type="submit" className="btn btn-sm btn-primary" disabled={write.isPending}>
          Invia
        </button>
      </form>
    </section>
  );
}
