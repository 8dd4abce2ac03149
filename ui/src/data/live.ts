// Live updates: what other workstations change reaches this window through the shell's change
// feed (PostgreSQL's LISTEN/NOTIFY) and refreshes exactly the queries it touches.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import * as api from '../api';
import type { ChangeEvent } from '../api';
import { keys } from './client';

/** Changes heard within this many milliseconds are applied together (a batch moves many). */
const GATHER_MS = 300;

/** Listens while `enabled`, again for each new `session` (the shell stops the feed at logout and at
 * the idle lock); answers whether the feed is connected (false after a lost connection, until the
 * shell listens again and everything has been read again). */
export function useLiveUpdates(enabled: boolean, session: unknown): { connected: boolean } {
  const client = useQueryClient();
  const [connected, setConnected] = useState(true);

  useEffect(() => {
    if (!enabled) return;
    let pending = new Set<number>();
    let timer: number | undefined;
    const flush = () => {
      timer = undefined;
      const ids = pending;
      pending = new Set();
      void client.invalidateQueries({ queryKey: keys.queues });
      void client.invalidateQueries({ queryKey: keys.counts });
      void client.invalidateQueries({ queryKey: keys.callbacks });
      for (const id of ids) {
        void client.invalidateQueries({ queryKey: keys.submission(id) });
        void client.invalidateQueries({ queryKey: keys.certificatesOf(id) });
      }
    };
    const onEvent = (event: ChangeEvent) => {
      if (event.kind === 'lost') {
        setConnected(false);
        return;
      }
      if (event.kind === 'everything') {
        setConnected(true);
        void client.invalidateQueries();
        return;
      }
      event.ids.forEach((id) => pending.add(id));
      timer ??= window.setTimeout(flush, GATHER_MS);
    };
    // A window that cannot listen still works: it refreshes when the officer acts or navigates.
    api.watchChanges(onEvent).catch(() => undefined);
    return () => {
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [enabled, session, client]);

  return { connected };
}
