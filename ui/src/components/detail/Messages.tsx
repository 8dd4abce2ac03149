import { useId, useState, type FormEvent } from 'react';
import * as api from '../../api';
import type { ApiError, MessageEntry } from '../../api';
import { useWriteMessage } from '../../data';
import { formatDateTime } from '../../format';
import { useAnnounce } from '../Announcer';
import { ErrorAlert } from '../ErrorAlert';

type Props = { submissionId: number; messages: MessageEntry[] };

/** Messages with the citizen through the portal (submissions that came from it): the conversation,
 * each with its delivery date once the link has delivered it, and a form to write. */
export function Messages({ submissionId, messages }: Props) {
  const write = useWriteMessage(submissionId);
  const announce = useAnnounce();
  const [text, setText] = useState('');
  const [internal, setInternal] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const ids = { text: useId(), internal: useId() };

  async function send(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await write.mutateAsync({ text, internal });
      setText('');
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
              <span className="small ms-2">
                {formatDateTime(m.createdAt)} ·{' '}
                {m.sentAt ? `consegnato il ${formatDateTime(m.sentAt)}` : 'in attesa di consegna al portale'}
              </span>
              <p className="mb-0 message-text">
                {m.text}
              </p>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={send} noValidate>
        <label htmlFor={ids.text} className="form-label">
          Scrivi al cittadino
        </label>
        <textarea id={ids.text} className="form-control mb-2" rows={3} maxLength={5000} value={text} onChange={(e) => setText(e.target.value)} />
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
