// What the screens read. Each hook is one query; a screen keeps only what it shows.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import * as api from '../api';
import type { QueueFilter, SortDir, SortKey } from '../api';
import { keys } from './client';

export const PAGE_SIZE = 200;

export const useAppInfo = () => useQuery({ queryKey: keys.appInfo, queryFn: api.appInfo });
export const useWorkstation = () =>
  useQuery({ queryKey: keys.workstation, queryFn: api.workstationInfo, staleTime: Infinity });
export const useCurrentSession = () => useQuery({ queryKey: keys.session, queryFn: api.currentSession });
export const useCatalogue = () => useQuery({ queryKey: keys.catalogue, queryFn: api.catalogue });
export const useDepartmentOfficers = (enabled = true) =>
  useQuery({ queryKey: keys.officers, queryFn: api.departmentOfficers, enabled });
export const useSubmission = (id: number) =>
  useQuery({ queryKey: keys.submission(id), queryFn: () => api.submissionDetail(id) });
export const useQueueCounts = (filter: QueueFilter) =>
  useQuery({ queryKey: keys.countsOf(filter), queryFn: () => api.queueCounts(filter) });
export const useSubmissionCertificates = (id: number) =>
  useQuery({ queryKey: keys.certificatesOf(id), queryFn: () => api.submissionCertificates(id) });
export const useRegister = (year: number) =>
  useQuery({ queryKey: keys.register(year), queryFn: () => api.registerEntries(year) });
export const useUsers = () => useQuery({ queryKey: keys.users, queryFn: api.listUsers });
export const usePendingCertificates = () => useQuery({ queryKey: keys.pending, queryFn: api.pendingCertificates });
export const useSigningDevice = (enabled = true) =>
  useQuery({ queryKey: keys.signingDevice, queryFn: api.signingDevice, enabled, staleTime: Infinity });

/** How often the callbacks due are read again while the queue is open: a callback left to a
 * colleague, or a day that turns, shows within a minute. */
export const CALLBACKS_REFRESH_MS = 60_000;

/** The user's callbacks due today or overdue (and the office's unassigned ones). */
export const useCallbacksDue = () =>
  useQuery({
    queryKey: keys.callbacks,
    queryFn: api.callbacksDue,
    refetchInterval: (query) => (query.state.error?.code === 'forbidden' ? false : CALLBACKS_REFRESH_MS),
  });

/** The office's 10-bis notices and integration requests the citizen has not opened on the portal
 * (read again as often as the callbacks: the link records a reading at its next full run). */
export const useUnreadNotices = () =>
  useQuery({
    queryKey: keys.unreadNotices,
    queryFn: api.unreadNotices,
    refetchInterval: (query) => (query.state.error?.code === 'forbidden' ? false : CALLBACKS_REFRESH_MS),
  });

export const useAuditHead = () => useQuery({ queryKey: keys.auditHead, queryFn: api.auditHead });

/** How often the «Sincronizzazione» view reads the link again while open: every few seconds, every
 * second while a run is going on; never again once refused (not an administrator). */
export const SYNC_REFRESH_MS = 3_000;
const SYNC_RUNNING_REFRESH_MS = 1_000;

export const useSyncOverview = () =>
  useQuery({
    queryKey: keys.sync,
    queryFn: api.syncOverview,
    refetchInterval: (query) =>
      query.state.error?.code === 'forbidden'
        ? false
        : query.state.data?.progress
          ? SYNC_RUNNING_REFRESH_MS
          : SYNC_REFRESH_MS,
  });

/** The keyset-paged queue: the first page for each filter and sort, more pages on demand. */
export function useQueue(filter: QueueFilter, sort: SortKey, dir: SortDir) {
  const query = useInfiniteQuery({
    queryKey: keys.queue(filter, sort, dir),
    queryFn: ({ pageParam }) => api.queuePage({ filter, sort, dir, after: pageParam, limit: PAGE_SIZE }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next,
  });
  const { data, hasNextPage, isFetching, isFetchingNextPage, fetchNextPage, error } = query;
  const rows = useMemo(() => data?.pages.flatMap((p) => p.rows) ?? [], [data]);
  const loadMore = useMemo(
    () => () => {
      if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
    },
    [hasNextPage, isFetchingNextPage, fetchNextPage],
  );
  return { rows, done: data !== undefined && !hasNextPage, loading: isFetching, error, loadMore };
}
