import type { HistoryEntry } from '../../api';
import { formatDateTime } from '../../format';
import { STATE_LABELS } from '../../labels';

export function Timeline({ history }: { history: HistoryEntry[] }) {
  return (
    <section className="detail-section" aria-labelledby="timeline-title">
      <h3 id="timeline-title" className="h6">
        Cronologia
      </h3>
      <ol className="timeline" data-testid="timeline">
        {history.map((h) => (
          <li key={h.id} data-event={h.event}>
            <div className="timeline-head">
              <time dateTime={h.at}>{formatDateTime(h.at)}</time> · <span>{h.actor}</span> ·{' '}
              <strong>{h.label}</strong>
            </div>
            {(h.fromState || h.toState) && (
              <div className="small">
                {h.fromState ? STATE_LABELS[h.fromState] : '—'} → {h.toState ? STATE_LABELS[h.toState] : '—'}
              </div>
            )}
            {h.text && <p className="timeline-text mb-0">{h.text}</p>}
            {h.protocol && <div className="small">Protocollo: {h.protocol}</div>}
          </li>
        ))}
      </ol>
    </section>
  );
}
