import type { QueueRow } from '../../api';
import { formatDate } from '../../format';
import { StateBadge } from '../StateBadge';

export function OtherSubmissions({ rows, onSelect }: { rows: QueueRow[]; onSelect: (id: number) => void }) {
  return (
    <section className="detail-section" aria-labelledby="others-title">
      <h3 id="others-title" className="h6">
        Altre pratiche del richiedente
      </h3>
      {rows.length === 0 ? (
        <p>Nessun&apos;altra pratica.</p>
      ) : (
        <ul className="others" data-testid="other-submissions">
          {rows.map((r) => (
            <li key={r.id}>
              <button type="button" className="btn btn-link p-0" onClick={() => onSelect(r.id)}>
                {r.protocol} — {r.serviceName}
              </button>{' '}
              <StateBadge state={r.state} /> <span className="small">ricevuta il {formatDate(r.receivedAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
