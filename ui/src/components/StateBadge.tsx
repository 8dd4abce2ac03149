import type { State } from '../api';
import { STATE_LABELS } from '../labels';

export function StateBadge({ state, testId }: { state: State; testId?: string }) {
  return (
    <span className={`state-badge state-${state}`} data-state={state} data-testid={testId}>
      {STATE_LABELS[state]}
    </span>
  );
}
