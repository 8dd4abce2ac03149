import type { MessageKind } from '../../api';
import { useUnreadNotices } from '../../data';
import { formatDate } from '../../format';
import { ErrorAlert } from '../ErrorAlert';

type Props = {
  selectedId: number | null;
  onSelect: (submissionId: number) => void;
};

const WHAT: Record<MessageKind, string> = {
  message: 'Messaggio',
  receipt: 'Ricevuta',
  notice: 'Preavviso di diniego (art. 10-bis)',
  startNotice: 'Avvio del procedimento',
  integrationRequest: 'Richiesta di integrazione',
};

/** «Avvisi non letti dal cittadino»: the office's 10-bis notices and integration requests the
 * citizen has not opened on the portal for two days, to call them; shown only when there are some,
 * and choosing one opens its submission. */
export function UnreadNotices({ selectedId, onSelect }: Props) {
  const { data, error } = useUnreadNotices();
  if (!data?.length && (!error || error.code === 'forbidden')) return null;
  return (
    <section className="callbacks" aria-labelledby="unread-title" data-testid="unread-notices">
      <h2 id="unread-title" className="callbacks-title">
        Avvisi non letti dal cittadino{data?.length ? ` (${data.length})` : ''}
      </h2>
      <ErrorAlert error={data ? null : error} className="mb-0" />
      {data && data.length > 0 && (
        <ul className="callbacks-list">
          {data.map((n) => (
            <li key={`${n.submissionId}-${n.kind}-${n.sentAt}`}>
              <button
                type="button"
                className="callback-item"
                data-testid="unread-notice"
                data-submission={n.submissionId}
                aria-current={n.submissionId === selectedId ? 'true' : undefined}
                onClick={() => onSelect(n.submissionId)}
              >
                <span className="callback-line">
                  <span className="queue-protocol">{n.protocol}</span> · <span>{n.applicant}</span>
                  {n.phone && <> · Tel. {n.phone}</>}
                </span>
                <span className="callback-line">
                  {WHAT[n.kind]}, consegnato il {formatDate(n.sentAt)}: non ancora aperto
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
