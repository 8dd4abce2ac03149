import { useEffect, useState } from 'react';
import type { ContactEntry } from '../../api';
import { useCompleteCallback } from '../../data';
import { formatDate, formatDateTime, todayIso } from '../../format';
import { CONTACT_CHANNEL_LABELS } from '../../labels';
import { useAnnounce } from '../Announcer';
import { ErrorAlert } from '../ErrorAlert';

type Props = {
  submissionId: number;
  contacts: ContactEntry[];
  onRecord: () => void;
};

const callbackId = (entry: ContactEntry) => `contact-callback-${entry.id}`;

/** «Richiamare entro 05/03/2026 (Luca Bianchi)», «Richiamo fatto il 06/03/2026». */
export function callbackText(entry: ContactEntry): string {
  if (entry.callbackDoneAt) return `Richiamo fatto il ${formatDate(entry.callbackDoneAt)}`;
  const who = entry.callbackBy ?? 'chiunque dell’ufficio';
  return `Richiamare entro ${formatDate(entry.callbackDue)} (${who})`;
}

function Callback({ entry, busy, onDone }: { entry: ContactEntry; busy: boolean; onDone: () => void }) {
  const open = !entry.callbackDoneAt;
  const late = open && entry.callbackDue !== null && entry.callbackDue < todayIso();
  return (
    <div className="contact-callback-row">
      <span id={callbackId(entry)} tabIndex={-1} className={open ? 'contact-callback-open' : 'contact-callback-done'}>
        {late && <strong className="callback-late">In ritardo: </strong>}
        {callbackText(entry)}
      </span>
      {open && (
        <button
          type="button"
          className="btn btn-sm btn-outline-primary"
          data-testid="callback-done"
          aria-describedby={callbackId(entry)}
          disabled={busy}
          onClick={onDone}
        >
          Segna come fatto
        </button>
      )}
    </div>
  );
}

/** The contact log: calls, e-mails, PEC and visits, oldest first, with the callbacks to do. */
export function Contacts({ submissionId, contacts, onRecord }: Props) {
  const complete = useCompleteCallback(submissionId);
  const announce = useAnnounce();
  // The callback just marked done: its button is gone, so focus goes to its line (now «fatto»).
  const [done, setDone] = useState<number | null>(null);

  useEffect(() => {
    if (done === null) return;
    document.getElementById(`contact-callback-${done}`)?.focus();
    setDone(null);
  }, [done]);

  function markDone(entry: ContactEntry) {
    complete.mutate(entry.id, {
      onSuccess: () => {
        setDone(entry.id);
        announce(`Richiamo segnato come fatto: ${entry.summary}`);
      },
    });
  }

  return (
    <section className="detail-section" aria-labelledby="contacts-title" data-testid="contacts">
      <div className="section-title-row">
        <h3 id="contacts-title" className="h6 mb-0">
          Contatti con il cittadino
        </h3>
        <button type="button" className="btn btn-sm btn-outline-primary" data-testid="contact-open" onClick={onRecord}>
          Registra contatto
        </button>
      </div>
      <ErrorAlert error={complete.error} className="mt-2 mb-0" />
      {contacts.length === 0 ? (
        <p className="small mb-0 mt-2">Nessun contatto registrato.</p>
      ) : (
        <ol className="timeline contact-log mt-2" data-testid="contact-log">
          {contacts.map((c) => (
            <li key={c.id} data-testid="contact-entry" data-id={c.id}>
              <div className="timeline-head">
                <time dateTime={c.at}>{formatDateTime(c.at)}</time> ·{' '}
                <strong>
                  {CONTACT_CHANNEL_LABELS[c.channel]}, {c.incoming ? 'dal cittadino' : 'al cittadino'}
                </strong>{' '}
                · registrato da {c.recordedBy}
              </div>
              <p className="timeline-text mb-0">{c.summary}</p>
              {c.outcome && (
                <p className="timeline-text mb-0">
                  <span className="fw-semibold">Esito:</span> {c.outcome}
                </p>
              )}
              {c.callbackDue && <Callback entry={c} busy={complete.isPending} onDone={() => markDone(c)} />}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
