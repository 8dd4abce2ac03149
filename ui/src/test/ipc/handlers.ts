// A stand-in for the Rust side, typed by the generated contract: every command has a handler (a
// command added in Rust fails the type check here until it has one) and every answer has the
// command's type. The component tests and the accessibility run both use it.
import type { Channel } from '@tauri-apps/api/core';
import type { ChangeEvent, ContactEntry, MessageEntry, Contract, CommandName, QueueFilter, QueueRow, State, SubmissionDetail, UserInfo, ActionKind } from '../../api';
import { SESSIONS, USERS, type RoleName } from '../people';
import { createAttachmentHandlers, mockAttachments } from './attachments';
import { CATALOGUE, realService } from './catalogue';
import { createContactHandlers } from './contacts';
import { createSyncHandlers } from './sync';

export type Handlers = {
  [K in CommandName]: (args: Contract[K]['args']) => Contract[K]['answer'] | Promise<Contract[K]['answer']>;
};

/** The window's change feed, as the mock receives it. */
export type ChangeFeed = Channel<ChangeEvent>;

export type MockOptions = {
  role: RoleName | null;
  total?: number;
  /** Minutes before an idle window locks (`sportello.toml`); 10 by default. */
  idleLockMinutes?: number;
  /** Receives the window's change feed, so a test can play another workstation. */
  onWatch?: (feed: Channel<ChangeEvent>) => void;
  /** The user logged in with a one-time password and must choose their own first. */
  passwordChangeDue?: boolean;
  /** A portal sync is reading applications (the «Sincronizzazione» view shows its bar). */
  syncRunning?: boolean;
};

/** A rejection as the Rust side sends it. */
export function fail(code: string, message: string): Promise<never> {
  return Promise.reject({ code, message });
}

const STATES: State[] = ['received', 'inReview', 'integrationRequested', 'noticeSent', 'approved', 'rejected', 'inadmissible', 'withdrawn'];
const NAMES = ['Maria Bianchi', 'Luca Esposito', 'Giulia Romano', 'Paolo Colombo', 'Sara Ricci', 'Marco Gallo'];
const ALLOWED: Partial<Record<State, ActionKind[]>> = {
  received: ['takeInCharge', 'rejectInadmissible'],
  inReview: ['approve', 'requestIntegration', 'sendNotice', 'reject'],
  integrationRequested: ['recordIntegration', 'withdraw'],
  noticeSent: ['recordObservations', 'confirmRejection', 'resumeReview'],
};
const SHA = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const HEAD_HASH = '3f5a'.repeat(16);
const CLOSED: State[] = ['approved', 'rejected', 'inadmissible', 'withdrawn'];

const pick = <T,>(list: T[], index: number): T => list[index % list.length] as T;

export function createHandlers({ role, total = 450, onWatch, idleLockMinutes = 10, passwordChangeDue = false, syncRunning = false }: MockOptions): Handlers {
  const rent = realService('contributo-affitto');
  const certificates = realService('certificato-anagrafico');
  let session = role ? SESSIONS[role] : null;
  if (session && passwordChangeDue) session = { ...session, user: { ...session.user, passwordChangeDue: true } };
  const users: UserInfo[] = USERS.map((u) => ({ ...u }));
  const overrides = new Map<number, Partial<QueueRow>>();
  const contacts = new Map<number, ContactEntry[]>();
  const messages = new Map<number, MessageEntry[]>();
  const isHead = () => session?.user.role === 'responsabile';

  function makeRow(id: number): QueueRow {
    const state = pick(STATES, id - 1);
    const svc = id % 5 === 0 ? certificates : rent;
    const daysLeft = 25 - (id % 33);
    const clock = CLOSED.includes(state)
      ? 'closed'
      : state === 'integrationRequested' || state === 'noticeSent'
        ? 'suspended'
        : daysLeft < 0
          ? 'overdue'
          : daysLeft <= 7
            ? 'expiring'
            : 'running';
    const day = String(1 + (id % 28)).padStart(2, '0');
    const stopped = clock === 'suspended' || clock === 'closed';
    return {
      id,
      protocol: `2025/${String(id).padStart(6, '0')}`,
      service: svc.id,
      serviceName: svc.name,
      applicantName: pick(NAMES, id),
      fiscalCode: `RSSMRA80A${day}H501U`,
      state,
      assigneeName: id % 3 === 0 ? null : 'Mario Rossi',
      receivedAt: `2025-02-${day}T09:30:00Z`,
      deadline: stopped ? null : `2025-04-${day}`,
      daysLeft: stopped ? null : daysLeft,
      clock,
      demo: id % 4 === 0,
      ...(overrides.get(id) ?? {}),
    };
  }

  function rows(filter: QueueFilter): QueueRow[] {
    const all: QueueRow[] = [];
    for (let id = 1; id <= total; id++) {
      const r = makeRow(id);
      if (filter.service && r.service !== filter.service) continue;
      if (filter.states.length && !filter.states.includes(r.state)) continue;
      const text = `${r.applicantName} ${r.fiscalCode} ${r.protocol}`.toLowerCase();
      if (filter.search && !text.includes(filter.search.toLowerCase())) continue;
      all.push(r);
    }
    return all;
  }

  function detail(id: number): SubmissionDetail {
    const row = makeRow(id);
    const svc = row.service === rent.id ? rent : certificates;
    const suspended = row.clock === 'suspended';
    const [givenName = '', familyName = ''] = row.applicantName.split(' ');
    const history: SubmissionDetail['history'] = [
      { id: 1, at: row.receivedAt, actor: 'Portale del cittadino', event: 'received', label: 'Ricevuta', fromState: null, toState: 'received', text: null, protocol: row.protocol },
    ];
    if (row.state !== 'received') {
      history.push({ id: 2, at: '2025-03-03T10:15:00Z', actor: 'Mario Rossi', event: 'takeInCharge', label: 'Presa in carico', fromState: 'received', toState: 'inReview', text: null, protocol: null });
    }
    if (suspended) {
      history.push({ id: 3, at: '2025-03-10T11:00:00Z', actor: 'Mario Rossi', event: 'requestIntegration', label: 'Richiesta di integrazione', fromState: 'inReview', toState: row.state, text: 'Manca la copia del contratto registrato.', protocol: '2025/0000123' });
    }
    if (row.state === 'noticeSent') {
      history.push(
        { id: 4, at: '2025-03-12T09:00:00Z', actor: 'Mario Rossi', event: 'sendNotice', label: 'Preavviso di diniego', fromState: 'inReview', toState: 'noticeSent', text: 'ISEE oltre la soglia.', protocol: '2025/0000124' },
        { id: 5, at: '2025-03-15T09:00:00Z', actor: 'Mario Rossi', event: 'recordObservations', label: 'Osservazioni registrate', fromState: 'noticeSent', toState: 'noticeSent', text: 'Allego un ISEE aggiornato.', protocol: '2025/0000125' },
      );
    }
    return {
      id,
      protocol: row.protocol,
      service: svc,
      state: row.state,
      applicant: { fiscalCode: row.fiscalCode, givenName, familyName, birthDate: '1980-01-15', birthPlace: 'Roma' },
      contact: { email: 'cittadino@example.org', phone: '+39 06 1234567', address: 'Via Garibaldi 12, 00100 Borgo Esempio' },
      channel: 'portal',
      eligibility: [],
      // No `isee`: the approval template's {{isee}} stays to be filled by the officer.
      form:
        svc === rent
          ? { tipo_bando: 'ordinario', canone_mensile: 650, estremi_registrazione: 'TRX 1234 serie 3T', scadenza_registrazione: '2027-09-01', iban: 'IT60X0542811101000000123456', componenti_nucleo: 3 }
          : {},
      attachments: mockAttachments(row.protocol, row.receivedAt),
      history,
      clock: {
        receivedOn: row.receivedAt.slice(0, 10),
        termDays: svc.deadlineDays,
        deadline: row.deadline,
        daysLeft: suspended ? 12 : row.daysLeft,
        status: row.clock,
        suspendedDays: suspended ? 6 : 0,
        suspensions: suspended ? [{ kind: 'integration', from: '2025-03-10', until: null, days: 6 }] : [],
        silenceConsentWarning: row.clock === 'expiring' && svc.silenceConsent,
      },
      assignee: row.assigneeName ? (USERS[1] ?? null) : null,
      allowedActions: ALLOWED[row.state] ?? [],
      // The policy: a head assigns, re-issues and annuls in the own department.
      canAssign: isHead() && !CLOSED.includes(row.state),
      canReissueCertificates: isHead(),
      canAnnulCertificates: isHead(),
      otherSubmissions: [makeRow(id + 6), makeRow(id + 12)],
      receivedAt: row.receivedAt,
      demo: row.demo,
      caseFile: `2025/${String(id).padStart(6, '0')}`,
      portalId: `0b9c1f2e-0000-4000-8000-${String(id).padStart(12, '0')}`,
      // The rent contribution arrived with an expired contract registration: ingested, flagged.
      flags:
        svc === rent
          ? [{ field: 'scadenza_registrazione', message: '«Scadenza della registrazione del contratto»: la data 01/09/2024 è già trascorsa (scaduta).', raisedAt: row.receivedAt }]
          : [],
      contacts: contacts.get(id) ?? [],
      messages: messages.get(id) ?? [],
    };
  }

  const issued = (id: number): Contract['submission_certificates']['answer'] => [
    { documentId: '2026-0000010-AB', submissionId: id, kind: 'Residenza', protocol: '2026/0000010', issuedAt: '2026-03-02T09:30:00Z', validUntil: '2026-09-02', signer: 'SIGILLO DEMO - NON VALIDO', demo: true, sha256: 'a'.repeat(64), replaces: null, annulled: { annulledAt: '2026-03-03T10:00:00Z', operator: 'Lucia Verdi', act: 'Nuova emissione', reason: 'Copia smarrita' } },
    { documentId: '2026-0000011-CD', submissionId: id, kind: 'Residenza', protocol: '2026/0000011', issuedAt: '2026-03-03T10:00:00Z', validUntil: '2026-09-03', signer: 'SIGILLO DEMO - NON VALIDO', demo: true, sha256: 'b'.repeat(64), replaces: '2026-0000010-AB', annulled: null },
  ];

  return {
    workstation_info: () => ({ idleLockMinutes, server: false }),
    app_info: () => ({ comune: 'Comune di Borgo Esempio', demo: true, demoPassword: 'demo' }),
    current_session: () => session,
    login: ({ credentials }) => {
      if (credentials.password !== 'demo') return fail('badCredentials', 'Nome utente o password non validi.');
      session = SESSIONS.operatore;
      return session;
    },
    logout: () => {
      session = null;
      return null;
    },
    change_password: ({ change }) => {
      if (!session) return fail('unauthenticated', 'Sessione non attiva: accedere di nuovo.');
      if (change.newPassword.length < 10) return fail('invalidInput', 'La password deve avere almeno 10 caratteri.');
      session = { ...session, user: { ...session.user, passwordChangeDue: false } };
      return session;
    },
    catalogue: () => CATALOGUE,
    watch_changes: ({ feed }) => {
      onWatch?.(feed);
      return null;
    },
    queue_page: ({ query }) => {
      const all = rows(query.filter);
      const start = query.after ? Number(query.after) : 0;
      const end = Math.min(all.length, start + query.limit);
      return { rows: all.slice(start, end), next: end < all.length ? String(end) : null };
    },
    queue_counts: ({ filter }) => {
      const all = rows({ ...filter, states: [] });
      const byState = STATES.map((state) => ({ state, count: all.filter((r) => r.state === state).length }));
      return { total: rows(filter).length, byState };
    },
    submission_detail: ({ id }) => detail(id),
    create_submission: () => detail(total),
    apply_action: ({ id, action }) => {
      if (action.kind === 'approve') return fail('conflict', 'La pratica è stata modificata da un altro operatore. Ricaricarla.');
      overrides.set(id, { state: 'inReview', assigneeName: session?.user.fullName ?? null });
      return detail(id);
    },
    assign_submission: ({ id }) => detail(id),
    department_officers: () => users.filter((u) => u.department === 'sociali' && u.role !== 'amministratore'),
    list_users: () => users,
    update_user: ({ id, change }) => {
      const u = users.find((x) => x.id === id);
      if (!u) return fail('notFound', 'Utente non trovato.');
      Object.assign(u, { role: change.role, department: change.department });
      return { ...u };
    },
    create_user: ({ user }) => {
      const created: UserInfo = { id: users.length + 1, username: user.username, fullName: user.fullName, role: user.role, department: user.department, departmentName: null, active: true, passwordChangeDue: false };
      users.push(created);
      return created;
    },
    set_user_active: ({ id, active }) => {
      const u = users.find((x) => x.id === id);
      if (!u) return fail('notFound', 'Utente non trovato.');
      u.active = active;
      return { ...u };
    },
    register_entries: ({ year }) =>
      [1, 2, 3].map((n) => ({
        id: n,
        protocol: `${year}/${String(n).padStart(7, '0')}`,
        direction: n === 2 ? ('outgoing' as const) : ('incoming' as const),
        registeredAt: `${year}-03-0${n}T09:30:00Z`,
        correspondent: 'Rossi Mario (RSSMRA85T10A562S)',
        subject: 'Contributo affitto - Rossi Mario',
        documentSha256: SHA,
        submissionId: 1,
        operator: 'Sportello',
        annulment: n === 3 ? { annulledAt: `${year}-03-04T10:00:00Z`, operator: 'Elena Conti', act: 'Determina n. 12', reason: 'Registrazione doppia' } : null,
      })),
    annul_registration: ({ request }) => ({
      id: 1,
      protocol: request.number,
      direction: 'incoming',
      registeredAt: '2026-03-01T09:30:00Z',
      correspondent: 'Rossi Mario (RSSMRA85T10A562S)',
      subject: 'Contributo affitto - Rossi Mario',
      documentSha256: SHA,
      submissionId: 1,
      operator: 'Sportello',
      annulment: { annulledAt: '2026-03-04T10:00:00Z', operator: session?.user.fullName ?? '', act: request.act, reason: request.reason },
    }),
    pending_certificates: () =>
      [1, 2, 3].map((n) => ({
        submissionId: n,
        protocol: `2026/000000${n}`,
        applicant: pick(NAMES, n),
        subjectFiscalCode: 'RSSMRA85T10A562S',
        kind: n === 2 ? 'Stato di famiglia' : 'Residenza',
        declaredUse: n === 3 ? 'Esenzione: procedimento giudiziario' : 'Uso generico (in bollo)',
        approvedAt: '2026-03-02T09:30:00Z',
      })),
    signing_device: () => ({ label: 'Sigillo DEMO — non valido', demo: true, needsPin: true }),
    issue_certificates: ({ request }) =>
      request.submissionIds.map((id, n) => ({ status: 'issued' as const, submissionId: id, documentId: `2026-00000${20 + n}-EF`, protocol: `2026/00000${20 + n}` })),
    submission_certificates: ({ id }) => issued(id),
    export_certificate: ({ documentId }) => `/home/operatore/Documenti/Sportello/Certificato ${documentId}.pdf`,
    annul_certificate: ({ request }) => {
      const [first] = issued(1);
      if (!first) return fail('notFound', 'Certificato non trovato.');
      return { ...first, documentId: request.documentId, annulled: { annulledAt: '2026-03-04T10:00:00Z', operator: session?.user.fullName ?? '', act: request.act, reason: request.reason } };
    },
    reissue_certificate: () => ({ status: 'issued', submissionId: 1, documentId: '2026-0000012-GH', protocol: '2026/0000012' }),
    audit_head: () => ({ seq: 1204, hash: HEAD_HASH }),
    // A trail altered at entry 512 when the caller names an anchor; whole otherwise.
    verify_audit: ({ anchor }) => ({
      checked: 1204,
      fromSeq: 0,
      headSeq: 1204,
      headHash: HEAD_HASH,
      problems: anchor
        ? [{ seq: 512, kind: 'edited', message: 'Il contenuto della registrazione n. 512 è stato modificato.' }]
        : [],
    }),
    verify_document: () => ({
      verdict: 'valid',
      summary: 'Documento valido',
      fileSha256: SHA,
      expired: false,
      signatures: [{ signer: 'SIGILLO DEMO - NON VALIDO', organisation: 'Comune di Borgo Esempio', level: 'PAdES B-B', signedAt: '2026-03-02T09:30:00Z', intact: true, coversWholeFile: true, demo: true, problem: null }],
      certificate: { documentId: '2026-0000010-AB', submissionId: 1, kind: 'Residenza', protocol: '2026/0000010', issuedAt: '2026-03-02T09:30:00Z', validUntil: '2026-09-02', signer: 'Sigillo DEMO', demo: true, sha256: SHA, replaces: null, annulled: null },
    }),
    ...createSyncHandlers(() => session, syncRunning),
    ...createContactHandlers(() => session, contacts),
    ...createAttachmentHandlers(),
    write_message: ({ id, message }) => {
      if (!message.text.trim()) return fail('invalidInput', 'Scrivere il testo del messaggio.');
      const log = messages.get(id) ?? [];
      const files = message.attachments.map((a) => ({ name: a.name, size: Math.floor((a.content.length * 3) / 4), attachmentId: null }));
      const entry: MessageEntry = { id: log.length + 1, incoming: false, internal: message.internal, text: message.text.trim(), author: session?.user.fullName ?? '', createdAt: '2026-03-05T10:30:00Z', sentAt: null, readAt: null, kind: 'message', files };
      messages.set(id, [...log, entry]);
      return messages.get(id) ?? [];
    },
  };
}

/** Answers one invoke as the shell would: the command's handler, or `{code, message}`. */
export async function dispatch(handlers: Handlers, command: string, args: unknown): Promise<unknown> {
  if (!Object.prototype.hasOwnProperty.call(handlers, command)) {
    return fail('internal', `Comando sconosciuto: ${command}`);
  }
  const handler = handlers[command as CommandName] as (a: unknown) => unknown;
  // Answers cross the IPC as JSON: each call gets its own copy, as from the real shell.
  const answer = await handler(args ?? {});
  // A file crosses as the raw body, an ArrayBuffer of its own (from any realm: jsdom's or Node's).
  if (Object.prototype.toString.call(answer) === '[object ArrayBuffer]') return (answer as ArrayBuffer).slice(0);
  return answer === undefined ? null : JSON.parse(JSON.stringify(answer));
}
