import type { CallbackDue } from '../../api';
import { useCallbacksDue } from '../../data';
import { formatDate, todayIso } from '../../format';
import { ErrorAlert } from '../ErrorAlert';

type Props = {
  selectedId: number | null;
  onSelect: (submissionId: number) => void;
};

/** When the callback is due: today, or late (said in words, not only by colour). */
function Due({ callback, today }: { callback: CallbackDue; today: string }) {
  if (callback.due < today) {
    return (
      <span className="callback-due callback-late">
        <strong>In ritardo</strong>, entro il {formatDate(callback.due)}
      </span>
    );
  }
  return <span className="callback-due">{callback.due === today ? 'Entro oggi' : `Entro il ${formatDate(callback.due)}`}</span>;
}

/** «Richiami da fare»: the user's callbacks (and the office's unassigned ones) due today or late,
 * shown only when there are some; choosing one opens its submission. */
export function CallbacksDue({ selectedId, onSelect }: Props) {
  const { data, error } = useCallbacksDue();
  if (!data?.length && (!error || error.code === 'forbidden')) return null;
  const today = todayIso();
  return (
    <section className="callbacks" aria-labelledby="callbacks-title" data-testid="callbacks-due">
      <h2 id="callbacks-title" className="callbacks-title">
        Richiami da fare{data?.length ? ` (${data.length})` : ''}
      </h2>
      <ErrorAlert error={data ? null : error} className="mb-0" />
      {data && data.length > 0 && (
        <ul className="callbacks-list">
          {data.map((c) => (
            <li key={c.contactId}>
              <button
                type="button"
                className="callback-item"
                data-testid="callback-item"
                data-submission={c.submissionId}
                data-late={c.due < today}
                aria-current={c.submissionId === selectedId ? 'true' : undefined}
                onClick={() => onSelect(c.submissionId)}
              >
                <span className="callback-line">
                  <span className="queue-protocol">{c.protocol}</span> · <span>{c.applicant}</span>
                  {c.phone && <> · Tel. {c.phone}</>}
                </span>
                <span className="callback-line">
                  <Due callback={c} today={today} /> · {c.callbackBy ?? 'Chiunque dell’ufficio'}
                </span>
                <span className="callback-summary">{c.summary}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
