// What the screens change. Each hook is one mutation that refreshes exactly what its answer changed,
// so no screen reloads by hand.
import { useMutation, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import * as api from '../api';
import type {
  Action,
  Assignment,
  CertificateAnnulmentRequest,
  ContactEntry,
  CounterSubmission,
  IssueProgress,
  IssueRequest,
  NewContact,
  NewMessage,
  NewUser,
  QueuePage,
  RegisterEntry,
  ReissueRequest,
  SubmissionDetail,
  UserInfo,
  UserUpdate,
  AnnulmentRequest,
  AuditHead,
  OutboxItem,
  SyncView,
} from '../api';
import { keys } from './client';

/** A submission's new state everywhere it shows: its detail, its queue row in place (the scroll
 * position stays), the counts, its certificates and the signing batch. */
export function submissionChanged(client: QueryClient, detail: SubmissionDetail) {
  client.setQueryData(keys.submission(detail.id), detail);
  client.setQueriesData<InfiniteData<QueuePage>>({ queryKey: keys.queues }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            rows: page.rows.map((row) =>
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
          })),
        }
      : data,
  );
  void client.invalidateQueries({ queryKey: keys.counts });
  void client.invalidateQueries({ queryKey: keys.certificatesOf(detail.id) });
  void client.invalidateQueries({ queryKey: keys.pending });
}

function replaceIn<T extends { id: number }>(list: T[] | undefined, item: T): T[] | undefined {
  return list?.map((x) => (x.id === item.id ? item : x));
}

/** A change to one submission: its answer is the submission as it now is; refused, the submission
 * is read again, since it may have changed under us (taken by a colleague, decided). */
function useSubmissionChange<A>(id: number, run: (args: A) => Promise<SubmissionDetail>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (detail) => submissionChanged(client, detail),
    onError: () => client.invalidateQueries({ queryKey: keys.submission(id) }),
  });
}

export const useApplyAction = (id: number) =>
  useSubmissionChange(id, (action: Action) => api.applyAction(id, action));
export const useAssign = (id: number) =>
  useSubmissionChange(id, (assignment: Assignment) => api.assignSubmission(id, assignment));

/** A contact recorded or a callback done: the submission's log changes at once; its history (a new
 * row) and the callbacks due are read again. */
function useContactChange<A>(id: number, run: (args: A) => Promise<ContactEntry[]>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (contacts) =>
      client.setQueryData<SubmissionDetail>(keys.submission(id), (detail) => (detail ? { ...detail, contacts } : detail)),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: keys.submission(id) });
      void client.invalidateQueries({ queryKey: keys.callbacks });
    },
  });
}

export const useRecordContact = (id: number) =>
  useContactChange(id, (contact: NewContact) => api.recordContact(id, contact));
/** Marks a callback of submission `id`'s log done. */
export const useCompleteCallback = (id: number) =>
  useContactChange(id, (contactId: number) => api.completeCallback(contactId));

/** A message written to the citizen through the portal: the detail's messages change at once, its
 * history is read again; the delivery date follows when the link has delivered it. */
export function useWriteMessage(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (message: NewMessage) => api.writeMessage(id, message),
    onSuccess: (messages) =>
      client.setQueryData<SubmissionDetail>(keys.submission(id), (detail) => (detail ? { ...detail, messages } : detail)),
    onSettled: () => void client.invalidateQueries({ queryKey: keys.submission(id) }),
  });
}

export function useCreateSubmission() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (submission: CounterSubmission) => api.createSubmission(submission),
    onSuccess: (detail) => {
      client.setQueryData(keys.submission(detail.id), detail);
      void client.invalidateQueries({ queryKey: keys.queues });
      void client.invalidateQueries({ queryKey: keys.counts });
    },
  });
}

export function useAnnulRegistration() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: AnnulmentRequest) => api.annulRegistration(request),
    onSuccess: (entry) => {
      client.setQueriesData<RegisterEntry[]>({ queryKey: keys.registers }, (list) => replaceIn(list, entry));
    },
  });
}

function useUserChange<A>(run: (args: A) => Promise<UserInfo>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (user) => {
      client.setQueryData<UserInfo[]>(keys.users, (list) =>
        list?.some((u) => u.id === user.id) ? replaceIn(list, user) : [...(list ?? []), user],
      );
      void client.invalidateQueries({ queryKey: keys.officers });
    },
  });
}

export const useCreateUser = () => useUserChange((user: NewUser) => api.createUser(user));
export const useUpdateUser = () =>
  useUserChange(({ id, change }: { id: number; change: UserUpdate }) => api.updateUser(id, change));
export const useSetUserActive = () =>
  useUserChange(({ id, active }: { id: number; active: boolean }) => api.setUserActive(id, active));

/** Annulling or re-issuing a certificate adds registrations and changes the submission's list. */
function useCertificateChange<A, T>(run: (args: A) => Promise<T>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSettled: () => {
      void client.invalidateQueries({ queryKey: keys.certificates });
      void client.invalidateQueries({ queryKey: keys.registers });
    },
  });
}

export const useAnnulCertificate = () =>
  useCertificateChange((request: CertificateAnnulmentRequest) => api.annulCertificate(request));
export const useReissueCertificate = () =>
  useCertificateChange((request: ReissueRequest) => api.reissueCertificate(request));

export function useIssueCertificates() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ request, onProgress }: { request: IssueRequest; onProgress: (e: IssueProgress) => void }) =>
      api.issueCertificates(request, onProgress),
    onSettled: () => {
      for (const key of [keys.pending, keys.certificates, keys.submissions, keys.registers]) {
        void client.invalidateQueries({ queryKey: key });
      }
    },
  });
}

/** Verifies a PDF; only the answer for the file chosen last is shown. */
export const useVerifyDocument = () => useMutation({ mutationFn: (pdf: Uint8Array) => api.verifyDocument(pdf) });

/** One pass over the audit trail; only the answer to the check asked last is shown. */
export function useVerifyAudit() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (anchor: AuditHead | null) => api.verifyAudit(anchor),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.auditHead }),
  });
}

/** The link with one delivery changed in its place; the counts come with the next read. */
function withItem(view: SyncView, item: OutboxItem): SyncView {
  const outbox = view.overview.outbox.map((i) => (i.id === item.id ? item : i));
  return { ...view, overview: { ...view.overview, outbox } };
}

/** An administrator sends a failed delivery again: the row shows it waiting at once. */
export function useRetryDelivery() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.retryDelivery(id),
    onSuccess: (item) => {
      client.setQueryData<SyncView>(keys.sync, (view) => (view ? withItem(view, item) : view));
      void client.invalidateQueries({ queryKey: keys.sync });
    },
  });
}

/** A run now; the view shows its progress as it reads again. */
export function useSyncNow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.syncNow(),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.sync }),
  });
}
