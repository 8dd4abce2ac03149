import type { State, StateCounts } from '../../api';
import { formatNumber } from '../../format';
import { STATES, STATE_LABELS } from '../../labels';

type Props = {
  counts: StateCounts | null;
  selected: State | null;
  onSelect: (state: State | null) => void;
};

/** Counts per state, always visible; a chip filters the queue by its state. */
export function StateChips({ counts, selected, onSelect }: Props) {
  const byState = new Map(counts?.byState.map((c) => [c.state, c.count]) ?? []);
  return (
    <div className="state-chips" role="group" aria-label="Pratiche per stato">
      {STATES.map((state) => {
        const active = selected === state;
        return (
          <button
            key={state}
            type="button"
            className={`state-chip state-${state}${active ? ' active' : ''}`}
            data-testid="state-count"
            data-state={state}
            aria-pressed={active}
            onClick={() => onSelect(active ? null : state)}
          >
            {STATE_LABELS[state]} <span className="state-chip-count">{formatNumber(byState.get(state) ?? 0)}</span>
          </button>
        );
      })}
      <span className="state-total" data-testid="queue-total">
        Totale: <strong>{counts ? formatNumber(counts.total) : '…'}</strong>
      </span>
    </div>
  );
}
