import { useCallback, useRef, useState } from 'react';
import type { Catalogue, QueueFilter, Session, SortDir, SortKey } from '../api';
import { useDepartmentOfficers, useQueue, useQueueCounts } from '../data/queries';
import { hasDepartment } from '../labels';
import { CounterDialog } from './counter/CounterDialog';
import { Detail } from './detail/Detail';
import { CallbacksDue } from './queue/CallbacksDue';
import { UnreadNotices } from './queue/UnreadNotices';
import { Filters } from './queue/Filters';
import { QueueList } from './queue/QueueList';
import { StateChips } from './queue/StateChips';
import { useShortcuts } from './useShortcuts';

export const DEFAULT_FILTER: QueueFilter = {
  service: null,
  states: [],
  assignee: { kind: 'any' },
  deadline: 'any',
  search: null,
};

type Props = { session: Session; catalogue: Catalogue };

const NO_OFFICERS: never[] = [];

/** The split view: the queue on the left, the selected submission on the right. */
export function Workspace({ session, catalogue }: Props) {
  const [filter, setFilter] = useState<QueueFilter>(DEFAULT_FILTER);
  const [sort, setSort] = useState<{ key: SortKey; dir: SortDir }>({ key: 'receivedAt', dir: 'desc' });
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [counter, setCounter] = useState(false);
  const officers = useDepartmentOfficers(session.user.role === 'responsabile').data ?? NO_OFFICERS;
  const queue = useQueue(filter, sort.key, sort.dir);
  const counts = useQueueCounts(filter).data ?? null;
  const searchRef = useRef<HTMLInputElement>(null);

  const { rows, loadMore } = queue;
  const move = useCallback(
    (delta: 1 | -1) => {
      if (rows.length === 0) return;
      const index = rows.findIndex((r) => r.id === selectedId);
      const nextIndex = index < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, index + delta));
      const next = rows[nextIndex];
      if (next) setSelectedId(next.id);
      if (nextIndex >= rows.length - 5) loadMore();
    },
    [rows, selectedId, loadMore],
  );

  useShortcuts({
    j: () => move(1),
    k: () => move(-1),
    '/': () => searchRef.current?.focus(),
  });

  return (
    <main className="workspace" aria-label="Coda delle pratiche">
      <section className="queue-pane" aria-labelledby="queue-title">
        <div className="queue-toolbar">
          <h1 id="queue-title" className="visually-hidden">
            Coda
          </h1>
          <button type="button" className="btn btn-sm btn-outline-primary" data-testid="counter-open" onClick={() => setCounter(true)}>
            Nuova pratica allo sportello
          </button>
        </div>
        {/* Only the office's roles have callbacks: nobody else is asked for them. */}
        {hasDepartment(session.user.role) && <CallbacksDue selectedId={selectedId} onSelect={setSelectedId} />}
        {hasDepartment(session.user.role) && <UnreadNotices selectedId={selectedId} onSelect={setSelectedId} />}
        <Filters
          catalogue={catalogue}
          filter={filter}
          onChange={setFilter}
          officers={officers}
          sort={sort.key}
          dir={sort.dir}
          onSort={(key, dir) => setSort({ key, dir })}
          searchRef={searchRef}
        />
        <StateChips
          counts={counts}
          selected={filter.states[0] ?? null}
          onSelect={(state) => setFilter((f) => ({ ...f, states: state ? [state] : [] }))}
        />
        <QueueList
          rows={queue.rows}
          hasMore={!queue.done && !queue.error}
          loading={queue.loading}
          error={queue.error}
          selectedId={selectedId}
          onSelect={setSelectedId}
          onMove={move}
          loadMore={loadMore}
        />
      </section>
      <section className="detail-pane" aria-label="Pratica selezionata">
        {selectedId === null ? (
          <div className="detail-empty">
            <h2 className="h5">Nessuna pratica selezionata</h2>
            <p>
              Scegliere una pratica dalla coda. Tasti: <kbd>j</kbd>/<kbd>k</kbd> successiva/precedente, <kbd>/</kbd>{' '}
              cerca.
            </p>
          </div>
        ) : (
          <Detail key={selectedId} id={selectedId} onSelect={setSelectedId} />
        )}
      </section>
      {counter && (
        <CounterDialog
          catalogue={catalogue}
          onClose={() => setCounter(false)}
          onDone={(detail) => {
            setCounter(false);
            // Show the new submission: back to the whole queue, newest first, and select it.
            setFilter({ ...DEFAULT_FILTER });
            setSort({ key: 'receivedAt', dir: 'desc' });
            setSelectedId(detail.id);
          }}
        />
      )}
    </main>
  );
}
