import type { OutboxItem } from '../../api';
import { formatDateTime, formatNumber, MISSING } from '../../format';
import { DELIVERY_LABELS, DELIVERY_STATE_LABELS } from '../../labels';

type Props = {
  items: OutboxItem[];
  /** The item being sent again, if any (its button waits). */
  retrying: number | null;
  onRetry: (item: OutboxItem) => void;
};

/** Decisions and receipts not yet delivered to the portal, oldest first; a failed one can be sent again. */
export function OutboxTable({ items, retrying, onRetry }: Props) {
  return (
    <section aria-labelledby="sync-outbox-title" className="mt-4">
      <h2 id="sync-outbox-title" className="h5" tabIndex={-1}>
        Invii al portale non ancora consegnati
      </h2>
      {items.length === 0 ? (
        <p data-testid="sync-outbox-empty">Nessun invio in attesa: tutte le comunicazioni sono state consegnate al portale.</p>
      ) : (
        <div className="table-responsive">
          <table className="table table-sm align-middle" data-testid="sync-outbox">
            <caption className="visually-hidden">Invii al portale in attesa o non riusciti, dal più vecchio</caption>
            <thead>
              <tr>
                <th scope="col">Pratica n.</th>
                <th scope="col">Invio</th>
                <th scope="col">Stato</th>
                <th scope="col">Tentativi</th>
                <th scope="col">Prossimo tentativo</th>
                <th scope="col">Ultimo errore</th>
                <th scope="col">Azioni</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const id = Number(item.id);
                const label = DELIVERY_LABELS[item.delivery];
                return (
                  <tr key={id} data-testid="outbox-row" data-id={id} data-state={item.state}>
                    <th scope="row">{Number(item.submissionId)}</th>
                    <td>{label}</td>
                    <td>
                      <span className={item.state === 'failed' ? 'sync-failed' : undefined}>{DELIVERY_STATE_LABELS[item.state]}</span>
                    </td>
                    <td>{formatNumber(Number(item.attempts))}</td>
                    <td>{formatDateTime(item.nextAttemptAt)}</td>
                    <td className="sync-error">{item.lastError ? <span lang="en">{item.lastError}</span> : MISSING}</td>
                    <td>
                      {item.state === 'failed' && (
                        <button
                          type="button"
                          className="btn btn-sm btn-outline-primary"
                          data-testid="outbox-retry"
                          disabled={retrying !== null}
                          onClick={() => onRetry(item)}
                        >
                          {retrying === id ? 'Invio in corso…' : 'Riprova'}{' '}
                          <span className="visually-hidden">{`${label.toLowerCase()} della pratica n. ${Number(item.submissionId)}`}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
