// Generated from src-tauri/src/commands/list.rs by `cargo test -p sportello-app`: do not edit.
import type { Channel } from '@tauri-apps/api/core';
import type { Action } from './bindings/Action';
import type { AnnulmentRequest } from './bindings/AnnulmentRequest';
import type { AppInfo } from './bindings/AppInfo';
import type { Assignment } from './bindings/Assignment';
import type { AuditHead } from './bindings/AuditHead';
import type { AuditReport } from './bindings/AuditReport';
import type { CallbackDue } from './bindings/CallbackDue';
import type { Catalogue } from './bindings/Catalogue';
import type { CertificateAnnulmentRequest } from './bindings/CertificateAnnulmentRequest';
import type { ChangeEvent } from './bindings/ChangeEvent';
import type { ContactEntry } from './bindings/ContactEntry';
import type { CounterSubmission } from './bindings/CounterSubmission';
import type { Credentials } from './bindings/Credentials';
import type { IssueOutcome } from './bindings/IssueOutcome';
import type { IssueProgress } from './bindings/IssueProgress';
import type { IssueRequest } from './bindings/IssueRequest';
import type { IssuedCertificate } from './bindings/IssuedCertificate';
import type { MessageEntry } from './bindings/MessageEntry';
import type { NewContact } from './bindings/NewContact';
import type { NewMessage } from './bindings/NewMessage';
import type { NewUser } from './bindings/NewUser';
import type { OutboxItem } from './bindings/OutboxItem';
import type { PasswordChange } from './bindings/PasswordChange';
import type { PendingCertificate } from './bindings/PendingCertificate';
import type { QueueFilter } from './bindings/QueueFilter';
import type { QueuePage } from './bindings/QueuePage';
import type { QueueQuery } from './bindings/QueueQuery';
import type { RegisterEntry } from './bindings/RegisterEntry';
import type { ReissueRequest } from './bindings/ReissueRequest';
import type { Session } from './bindings/Session';
import type { SigningDeviceInfo } from './bindings/SigningDeviceInfo';
import type { StateCounts } from './bindings/StateCounts';
import type { SubmissionDetail } from './bindings/SubmissionDetail';
import type { SyncView } from './bindings/SyncView';
import type { UnreadNotice } from './bindings/UnreadNotice';
import type { UserInfo } from './bindings/UserInfo';
import type { UserUpdate } from './bindings/UserUpdate';
import type { VerificationReport } from './bindings/VerificationReport';
import type { WorkstationInfo } from './bindings/WorkstationInfo';
import { call } from './call';

/** Every command the shell registers, as the list declares them. */
export interface Contract {
  app_info: { args: Record<string, never>; answer: AppInfo };
  workstation_info: { args: Record<string, never>; answer: WorkstationInfo };
  login: { args: { credentials: Credentials }; answer: Session };
  logout: { args: Record<string, never>; answer: null };
  change_password: { args: { change: PasswordChange }; answer: Session };
  current_session: { args: Record<string, never>; answer: Session | null };
  catalogue: { args: Record<string, never>; answer: Catalogue };
  watch_changes: { args: { feed: Channel<ChangeEvent> }; answer: null };
  queue_page: { args: { query: QueueQuery }; answer: QueuePage };
  queue_counts: { args: { filter: QueueFilter }; answer: StateCounts };
  submission_detail: { args: { id: number }; answer: SubmissionDetail };
  create_submission: { args: { submission: CounterSubmission }; answer: SubmissionDetail };
  apply_action: { args: { id: number; action: Action }; answer: SubmissionDetail };
  assign_submission: { args: { id: number; assignment: Assignment }; answer: SubmissionDetail };
  department_officers: { args: Record<string, never>; answer: Array<UserInfo> };
  register_entries: { args: { year: number }; answer: Array<RegisterEntry> };
  annul_registration: { args: { request: AnnulmentRequest }; answer: RegisterEntry };
  list_users: { args: Record<string, never>; answer: Array<UserInfo> };
  create_user: { args: { user: NewUser }; answer: UserInfo };
  set_user_active: { args: { id: number; active: boolean }; answer: UserInfo };
  update_user: { args: { id: number; change: UserUpdate }; answer: UserInfo };
  pending_certificates: { args: Record<string, never>; answer: Array<PendingCertificate> };
  signing_device: { args: Record<string, never>; answer: SigningDeviceInfo };
  issue_certificates: { args: { request: IssueRequest; progress: Channel<IssueProgress> }; answer: Array<IssueOutcome> };
  submission_certificates: { args: { id: number }; answer: Array<IssuedCertificate> };
  export_certificate: { args: { documentId: string }; answer: string | null };
  annul_certificate: { args: { request: CertificateAnnulmentRequest }; answer: IssuedCertificate };
  reissue_certificate: { args: { request: ReissueRequest }; answer: IssueOutcome };
  verify_document: { args: { pdf: Uint8Array }; answer: VerificationReport };
  audit_head: { args: Record<string, never>; answer: AuditHead };
  verify_audit: { args: { anchor: AuditHead | null }; answer: AuditReport };
  sync_overview: { args: Record<string, never>; answer: SyncView };
  retry_delivery: { args: { id: number }; answer: OutboxItem };
  sync_now: { args: Record<string, never>; answer: null };
  record_contact: { args: { id: number; contact: NewContact }; answer: Array<ContactEntry> };
  complete_callback: { args: { contactId: number }; answer: Array<ContactEntry> };
  callbacks_due: { args: Record<string, never>; answer: Array<CallbackDue> };
  export_attachment: { args: { id: number }; answer: string | null };
  read_attachment: { args: { id: number }; answer: ArrayBuffer };
  open_attachment: { args: { id: number }; answer: null };
  write_message: { args: { id: number; message: NewMessage }; answer: Array<MessageEntry> };
  unread_notices: { args: Record<string, never>; answer: Array<UnreadNotice> };
}

export type CommandName = keyof Contract;

export const COMMAND_NAMES: readonly CommandName[] = [
  'app_info',
  'workstation_info',
  'login',
  'logout',
  'change_password',
  'current_session',
  'catalogue',
  'watch_changes',
  'queue_page',
  'queue_counts',
  'submission_detail',
  'create_submission',
  'apply_action',
  'assign_submission',
  'department_officers',
  'register_entries',
  'annul_registration',
  'list_users',
  'create_user',
  'set_user_active',
  'update_user',
  'pending_certificates',
  'signing_device',
  'issue_certificates',
  'submission_certificates',
  'export_certificate',
  'annul_certificate',
  'reissue_certificate',
  'verify_document',
  'audit_head',
  'verify_audit',
  'sync_overview',
  'retry_delivery',
  'sync_now',
  'record_contact',
  'complete_callback',
  'callbacks_due',
  'export_attachment',
  'read_attachment',
  'open_attachment',
  'write_message',
  'unread_notices',
];

export const appInfo = (): Promise<AppInfo> =>
  call('app_info');

export const workstationInfo = (): Promise<WorkstationInfo> =>
  call('workstation_info');

export const login = (credentials: Credentials): Promise<Session> =>
  call('login', { credentials });

export const logout = (): Promise<null> =>
  call('logout');

export const changePassword = (change: PasswordChange): Promise<Session> =>
  call('change_password', { change });

export const currentSession = (): Promise<Session | null> =>
  call('current_session');

export const catalogue = (): Promise<Catalogue> =>
  call('catalogue');

export const watchChanges = (feed: Channel<ChangeEvent>): Promise<null> =>
  call('watch_changes', { feed });

export const queuePage = (query: QueueQuery): Promise<QueuePage> =>
  call('queue_page', { query });

export const queueCounts = (filter: QueueFilter): Promise<StateCounts> =>
  call('queue_counts', { filter });

export const submissionDetail = (id: number): Promise<SubmissionDetail> =>
  call('submission_detail', { id });

export const createSubmission = (submission: CounterSubmission): Promise<SubmissionDetail> =>
  call('create_submission', { submission });

export const applyAction = (id: number, action: Action): Promise<SubmissionDetail> =>
  call('apply_action', { id, action });

export const assignSubmission = (id: number, assignment: Assignment): Promise<SubmissionDetail> =>
  call('assign_submission', { id, assignment });

export const departmentOfficers = (): Promise<Array<UserInfo>> =>
  call('department_officers');

export const registerEntries = (year: number): Promise<Array<RegisterEntry>> =>
  call('register_entries', { year });

export const annulRegistration = (request: AnnulmentRequest): Promise<RegisterEntry> =>
  call('annul_registration', { request });

export const listUsers = (): Promise<Array<UserInfo>> =>
  call('list_users');

export const createUser = (user: NewUser): Promise<UserInfo> =>
  call('create_user', { user });

export const setUserActive = (id: number, active: boolean): Promise<UserInfo> =>
  call('set_user_active', { id, active });

export const updateUser = (id: number, change: UserUpdate): Promise<UserInfo> =>
  call('update_user', { id, change });

export const pendingCertificates = (): Promise<Array<PendingCertificate>> =>
  call('pending_certificates');

export const signingDevice = (): Promise<SigningDeviceInfo> =>
  call('signing_device');

export const issueCertificates = (request: IssueRequest, progress: Channel<IssueProgress>): Promise<Array<IssueOutcome>> =>
  call('issue_certificates', { request, progress });

export const submissionCertificates = (id: number): Promise<Array<IssuedCertificate>> =>
  call('submission_certificates', { id });

export const exportCertificate = (documentId: string): Promise<string | null> =>
  call('export_certificate', { documentId });

export const annulCertificate = (request: CertificateAnnulmentRequest): Promise<IssuedCertificate> =>
  call('annul_certificate', { request });

export const reissueCertificate = (request: ReissueRequest): Promise<IssueOutcome> =>
  call('reissue_certificate', { request });

export const verifyDocument = (pdf: Uint8Array): Promise<VerificationReport> =>
  call('verify_document', pdf);

export const auditHead = (): Promise<AuditHead> =>
  call('audit_head');

export const verifyAudit = (anchor: AuditHead | null): Promise<AuditReport> =>
  call('verify_audit', { anchor });

export const syncOverview = (): Promise<SyncView> =>
  call('sync_overview');

export const retryDelivery = (id: number): Promise<OutboxItem> =>
  call('retry_delivery', { id });

export const syncNow = (): Promise<null> =>
  call('sync_now');

export const recordContact = (id: number, contact: NewContact): Promise<Array<ContactEntry>> =>
  call('record_contact', { id, contact });

export const completeCallback = (contactId: number): Promise<Array<ContactEntry>> =>
  call('complete_callback', { contactId });

export const callbacksDue = (): Promise<Array<CallbackDue>> =>
  call('callbacks_due');

export const exportAttachment = (id: number): Promise<string | null> =>
  call('export_attachment', { id });

export const readAttachment = (id: number): Promise<ArrayBuffer> =>
  call('read_attachment', { id });

export const openAttachment = (id: number): Promise<null> =>
  call('open_attachment', { id });

export const writeMessage = (id: number, message: NewMessage): Promise<Array<MessageEntry>> =>
  call('write_message', { id, message });

export const unreadNotices = (): Promise<Array<UnreadNotice>> =>
  call('unread_notices');
