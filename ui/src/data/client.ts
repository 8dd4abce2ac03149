// The UI's one data layer (TanStack Query): every screen reads through a query keyed by what it
// shows, so loading, errors, stale and out-of-order replies are handled here once; every action
// goes through a mutation that refreshes exactly what it changed.
import { QueryClient } from '@tanstack/react-query';
import type { ApiError } from '../api';
import type { QueueFilter, SortDir, SortKey } from '../api';

declare module '@tanstack/react-query' {
  interface Register {
    // `call` turns every rejection into an ApiError: `{code, message, fields}`.
    defaultError: ApiError;
  }
}

export function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Errors are answers (a refused action, a lost session), not network blips: never retried.
      // A screen shown again within a few seconds uses what it has and refreshes in the background.
      queries: { retry: false, staleTime: 5_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

/** Every query's key: what a screen shows, and what an action invalidates. */
export const keys = {
  appInfo: ['appInfo'] as const,
  workstation: ['workstation'] as const,
  session: ['session'] as const,
  catalogue: ['catalogue'] as const,
  officers: ['officers'] as const,
  queues: ['queue'] as const,
  queue: (filter: QueueFilter, sort: SortKey, dir: SortDir) => ['queue', filter, sort, dir] as const,
  counts: ['counts'] as const,
  countsOf: (filter: QueueFilter) => ['counts', filter] as const,
  submissions: ['submission'] as const,
  submission: (id: number) => ['submission', id] as const,
  certificates: ['certificates'] as const,
  certificatesOf: (id: number) => ['certificates', id] as const,
  registers: ['register'] as const,
  register: (year: number) => ['register', year] as const,
  users: ['users'] as const,
  pending: ['pending'] as const,
  signingDevice: ['signingDevice'] as const,
  auditHead: ['auditHead'] as const,
  sync: ['sync'] as const,
  callbacks: ['callbacks'] as const,
  unreadNotices: ['unreadNotices'] as const,
};
