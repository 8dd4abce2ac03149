import { useCallback, useEffect, useRef, useState } from 'react';
import * as api from '../../api';
import type { QueueFilter, QueueRow, SortDir, SortKey, StateCounts, SubmissionDetail } from '../../api';

export const PAGE_SIZE = 200;

type QueueState = {
  rows: QueueRow[];
  next: string | null;
  done: boolean;
  loading: boolean;
  error: string | null;
};

const INITIAL: QueueState = { rows: [], next: null, done: false, loading: true, error: null };

/** Keyset-paged queue: the first page on every filter/sort change, more pages on demand. */
export function useQueue(filter: QueueFilter, sort: SortKey, dir: SortDir) {
  const [state, setState] = useState<QueueState>(INITIAL);
  const generation = useRef(0);
  const inFlight = useRef(false);
  const cursor = useRef<{ next: string | null; done: boolean }>({ next: null, done: false });

  const fetchPage = useCallback(
    async (after: string | null, gen: number) => {
      inFlight.current = true;
      try {
        const page = await api.queuePage({ filter, sort, dir, after, limit: PAGE_SIZE });
        if (gen !== generation.current) return;
        cursor.current = { next: page.next, done: page.next === null };
        setState((s) => ({
          rows: after === null ? page.rows : [...s.rows, ...page.rows],
          next: page.next,
          done: page.next === null,
          loading: false,
          error: null,
        }));
      } catch (e) {
        if (gen !== generation.current) return;
        setState((s) => ({ ...s, loading: false, error: api.toApiError(e).message }));
      } finally {
        if (gen === generation.current) inFlight.current = false;
      }
    },
    [filter, sort, dir],
  );

  useEffect(() => {
    generation.current += 1;
    cursor.current = { next: null, done: false };
    setState(INITIAL);
    void fetchPage(null, generation.current);
  }, [fetchPage]);

  const loadMore = useCallback(() => {
    const { next, done } = cursor.current;
    if (inFlight.current || done || next === null) return;
    setState((s) => ({ ...s, loading: true }));
    void fetchPage(next, generation.current);
  }, [fetchPage]);

  /** Updates a row in place after an action, keeping the scroll position. */
  const patchRow = useCallback((detail: SubmissionDetail) => {
    setState((s) => ({
      ...s,
      rows: s.rows.map((row) =>
        row.id === detail.id
          ? {
              ...row,
              state: detail.state,
              assigneeName: detail.assignee?.fullName ?? null,
              deadline: detail.clock.deadline,
              daysLeft: detail.clock.daysLeft,
              clock: detail.clock.status,
            }
          : row,
      ),
    }));
  }, []);

  return { ...state, loadMore, patchRow };
}

/** Counts per state for the current filter; `version` forces a refresh after an action. */
export function useCounts(filter: QueueFilter, version: number) {
  const [counts, setCounts] = useState<StateCounts | null>(null);
  useEffect(() => {
    let live = true;
    api.queueCounts(filter).then(
      (c) => live && setCounts(c),
      () => live && setCounts(null),
    );
    return () => {
      live = false;
    };
  }, [filter, version]);
  return counts;
}
