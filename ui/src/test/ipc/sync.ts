// The portal link as the mock shows it: a demo workstation syncing with the local simulator, a few
// decisions waiting, one the portal refused, two applications in the quarantine. Only
// administrators may read it or act on it, as in the shell.
import type { Contract, OutboxItem, QuarantineItem, Session, SyncRun } from '../../api';

type SyncHandlers = {
  sync_overview: () => Contract['sync_overview']['answer'] | Promise<never>;
  retry_delivery: (args: Contract['retry_delivery']['args']) => OutboxItem | Promise<never>;
  sync_now: () => null | Promise<never>;
};

/** Counts and ids cross the IPC as JSON numbers (the bindings say `number`):
 * the mock sends what the shell sends. */
const n = (value: number) => value;

const PORTAL = 'http://127.0.0.1:41873/lang/api';

const LAST_RUN: SyncRun = {
  id: n(42),
  startedAt: '2026-03-05T09:14:02Z',
  finishedAt: '2026-03-05T09:14:09Z',
  fullScan: false,
  seen: n(27),
  created: n(25),
  updated: n(0),
  quarantined: n(2),
  delivered: n(3),
  failed: n(1),
  error: null,
};

function outbox(): OutboxItem[] {
  const item = (id: number, submissionId: number, delivery: OutboxItem['delivery'], minutes: number): OutboxItem => ({
    id: n(id),
    submissionId: n(submissionId),
    externalId: `app-${String(1000 + submissionId)}`,
    delivery,
    state: 'waiting',
    createdAt: `2026-03-05T09:${String(minutes).padStart(2, '0')}:00Z`,
    attempts: n(0),
    nextAttemptAt: `2026-03-05T09:${String(minutes + 1).padStart(2, '0')}:00Z`,
    lastError: null,
    deliveredAt: null,
  });
  return [
    item(101, 12, 'receipt', 10),
    item(102, 12, 'register', 11),
    item(103, 17, 'assign', 12),
    {
      ...item(104, 21, 'reject', 13),
      state: 'failed',
      attempts: n(5),
      nextAttemptAt: '2026-03-05T10:13:00Z',
      lastError: 'the portal answered 409 Conflict: the application is already closed',
    },
  ];
}

const QUARANTINE: QuarantineItem[] = [
  {
    id: n(7),
    externalId: 'app-0457',
    reason: 'no mapping for the portal service "servizio-dismesso-2019" (portal-mappings.toml)',
    firstSeenAt: '2026-03-04T16:20:00Z',
    lastSeenAt: '2026-03-05T09:14:05Z',
    attempts: n(3),
    resolvedAt: null,
    submissionId: null,
    payloadBytes: n(4812),
  },
  {
    id: n(8),
    externalId: 'app-0462',
    reason: 'the applicant\'s fiscal code "XXX" is not valid',
    firstSeenAt: '2026-03-05T09:14:06Z',
    lastSeenAt: '2026-03-05T09:14:06Z',
    attempts: n(1),
    resolvedAt: null,
    submissionId: null,
    payloadBytes: n(2390),
  },
];

const FORBIDDEN = () => Promise.reject({ code: 'forbidden', message: 'Operazione riservata agli amministratori.' });

export function createSyncHandlers(session: () => Session | null, running = false): SyncHandlers {
  const items = outbox();
  const isAdmin = () => session()?.user.role === 'amministratore';
  const count = (state: OutboxItem['state']) => n(items.filter((i) => i.state === state).length);

  return {
    sync_overview: () =>
      isAdmin()
        ? {
            overview: {
              lastRun: LAST_RUN,
              waiting: count('waiting'),
              failed: count('failed'),
              quarantined: n(QUARANTINE.length),
              outbox: items.map((i) => ({ ...i })),
              quarantine: QUARANTINE,
            },
            portal: PORTAL,
            simulated: true,
            progress: running ? { delivering: false, done: n(10), total: n(25) } : null,
          }
        : FORBIDDEN(),
    // A failed item goes back to the waiting ones, to be sent at once (its attempts are kept).
    retry_delivery: ({ id }) => {
      if (!isAdmin()) return FORBIDDEN();
      const found = items.find((i) => Number(i.id) === id);
      if (!found) {
        return Promise.reject({ code: 'invalidInput', message: "L'invio indicato non esiste o è già stato consegnato al portale." });
      }
      Object.assign(found, { state: 'waiting', nextAttemptAt: '2026-03-05T09:20:00Z' });
      return { ...found };
    },
    sync_now: () => (isAdmin() ? null : FORBIDDEN()),
  };
}
