import type { ActionKind } from '../../api';
import { ACTION_LABELS } from '../../labels';
import { useShortcuts } from '../useShortcuts';

type Props = {
  actions: ActionKind[];
  canAssign: boolean;
  busy: boolean;
  onAction: (kind: ActionKind) => void;
  onAssign: () => void;
};

/** The key that triggers an action, when it has one. `r` goes to the 10-bis notice if allowed, else reject. */
export function shortcutFor(kind: ActionKind, actions: ActionKind[]): string | null {
  switch (kind) {
    case 'takeInCharge':
      return 'c';
    case 'approve':
      return 'a';
    case 'requestIntegration':
      return 'i';
    case 'sendNotice':
      return 'r';
    case 'reject':
      return actions.includes('sendNotice') ? null : 'r';
    default:
      return null;
  }
}

export function ActionBar({ actions, canAssign, busy, onAction, onAssign }: Props) {
  const keys: Record<string, () => void> = {};
  for (const kind of actions) {
    const key = shortcutFor(kind, actions);
    if (key) keys[key] = () => !busy && onAction(kind);
  }
  useShortcuts(keys);

  if (actions.length === 0 && !canAssign) {
    return <p className="small mb-0">Nessuna azione disponibile in questo stato.</p>;
  }
  return (
    <div className="action-bar" role="group" aria-label="Azioni sulla pratica">
      {actions.map((kind) => {
        const key = shortcutFor(kind, actions);
        return (
          <button
            key={kind}
            type="button"
            className={`btn btn-sm ${kind === 'approve' || kind === 'takeInCharge' ? 'btn-primary' : 'btn-outline-primary'}`}
            data-action={kind}
            aria-keyshortcuts={key ?? undefined}
            disabled={busy}
            onClick={() => onAction(kind)}
          >
            {ACTION_LABELS[kind]}
            {key && <kbd className="ms-2">{key}</kbd>}
          </button>
        );
      })}
      {canAssign && (
        <button type="button" className="btn btn-sm btn-outline-secondary" data-testid="assign-open" onClick={onAssign}>
          Assegna
        </button>
      )}
    </div>
  );
}
