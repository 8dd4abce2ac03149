// Fixture data and a mocked Tauri IPC for the browser checks (tests/a11y.mjs).
// `installMockIpc` is serialised into the page by `page.addInitScript`: it must be self-contained.

const FIELDS = [
  { key: 'canone', label: 'Canone mensile (euro)', kind: 'number', required: true },
  { key: 'inizioContratto', label: 'Inizio del contratto', kind: 'date', required: true },
  { key: 'residente', label: 'Residente nel Comune', kind: 'checkbox', required: false },
  { key: 'iban', label: 'IBAN', kind: 'iban', required: true },
  { key: 'note', label: 'Note', kind: 'textarea', required: false },
].map((f) => ({ options: [], min: null, max: null, maxLength: null, rule: null, help: null, ...f }));

const SERVICE = {
  id: 'contributo-affitto',
  name: 'Contributo affitto',
  department: 'sociali',
  description: 'Contributo per il canone di locazione',
  deadlineDays: 30,
  notice10bis: true,
  silenceConsent: true,
  issuesCertificate: false,
  shiftHolidays: true,
  fields: FIELDS,
  attachments: [],
  reasonTemplates: [
    { action: 'approve', title: 'Accoglimento standard', text: 'Si accoglie la domanda {{protocollo}} di {{nome}} {{cognome}}.' },
    { action: 'approve', title: 'Accoglimento con ISEE', text: 'Accolta: ISEE pari a {{isee}} euro.' },
    { action: 'confirmRejection', title: 'Diniego definitivo', text: 'Si conferma il diniego della domanda {{protocollo}} del {{data}}.' },
  ],
};

// Issues certificates, so an approved one shows the certificates it produced.
const SERVICE_2 = { ...SERVICE, id: 'occupazione-suolo', name: 'Occupazione di suolo pubblico', department: 'tecnico', issuesCertificate: true, reasonTemplates: [] };

const USERS = [
  { id: 1, username: 'admin', fullName: 'Anna Amministratrice', role: 'amministratore', department: null, departmentName: null, active: true },
  { id: 2, username: 'mrossi', fullName: 'Mario Rossi', role: 'operatore', department: 'sociali', departmentName: 'Servizi sociali', active: true },
  { id: 3, username: 'lverdi', fullName: 'Lucia Verdi', role: 'responsabile', department: 'sociali', departmentName: 'Servizi sociali', active: true },
  { id: 4, username: 'gneri', fullName: 'Giorgio Neri', role: 'operatore', department: 'sociali', departmentName: 'Servizi sociali', active: false },
  { id: 5, username: 'e.conti', fullName: 'Elena Conti', role: 'protocollo', department: null, departmentName: null, active: true },
];

export const FIXTURES = {
  catalogue: {
    departments: [
      { id: 'sociali', name: 'Servizi sociali' },
      { id: 'tecnico', name: 'Ufficio tecnico' },
    ],
    services: [SERVICE, SERVICE_2],
  },
  users: USERS,
  sessions: {
    operatore: { user: USERS[1], demo: true, comune: 'Comune di Borgo Esempio' },
    responsabile: { user: USERS[2], demo: true, comune: 'Comune di Borgo Esempio' },
    amministratore: { user: USERS[0], demo: false, comune: 'Comune di Borgo Esempio' },
    protocollo: { user: USERS[4], demo: false, comune: 'Comune di Borgo Esempio' },
  },
};

/** Runs in the page before the app: defines `window.__TAURI_INTERNALS__` like `mockIPC` does. */
export function installMockIpc({ fixtures, role, total = 450 }) {
  const STATES = ['received', 'inReview', 'integrationRequested', 'noticeSent', 'approved', 'rejected', 'inadmissible', 'withdrawn'];
  const NAMES = ['Maria Bianchi', 'Luca Esposito', 'Giulia Romano', 'Paolo Colombo', 'Sara Ricci', 'Marco Gallo'];
  const TOTAL = total;
  const calls = (window.__ipcCalls = []);
  const ALLOWED = {
    received: ['takeInCharge', 'rejectInadmissible'],
    inReview: ['approve', 'requestIntegration', 'sendNotice', 'reject'],
    integrationRequested: ['recordIntegration', 'withdraw'],
    noticeSent: ['recordObservations', 'confirmRejection', 'resumeReview'],
  };
  const [service, service2] = fixtures.catalogue.services;
  let session = role ? fixtures.sessions[role] : null;
  const users = fixtures.users.map((u) => ({ ...u }));
  const overrides = new Map();

  function makeRow(id) {
    const state = STATES[(id - 1) % STATES.length];
    const svc = id % 5 === 0 ? service2 : service;
    const daysLeft = 25 - (id % 33);
    const clock = ['approved', 'rejected', 'inadmissible', 'withdrawn'].includes(state)
      ? 'closed'
      : state === 'integrationRequested' || state === 'noticeSent'
        ? 'suspended'
        : daysLeft < 0 ? 'overdue' : daysLeft <= 7 ? 'expiring' : 'running';
    const day = String(1 + (id % 28)).padStart(2, '0');
    return {
      id,
      protocol: `2025/${String(id).padStart(6, '0')}`,
      service: svc.id,
      serviceName: svc.name,
      applicantName: NAMES[id % NAMES.length],
      fiscalCode: `RSSMRA80A${day}H501U`,
      state,
      assigneeName: id % 3 === 0 ? null : 'Mario Rossi',
      receivedAt: `2025-02-${day}T09:30:00Z`,
      deadline: clock === 'suspended' || clock === 'closed' ? null : `2025-04-${day}`,
      daysLeft: clock === 'suspended' || clock === 'closed' ? null : daysLeft,
      clock,
      demo: id % 4 === 0,
      ...(overrides.get(id) ?? {}),
    };
  }

  function rows(filter) {
    const all = [];
    for (let id = 1; id <= TOTAL; id++) {
      const r = makeRow(id);
      if (filter.service && r.service !== filter.service) continue;
      if (filter.states.length && !filter.states.includes(r.state)) continue;
      if (filter.search && !`${r.applicantName} ${r.fiscalCode} ${r.protocol}`.toLowerCase().includes(filter.search.toLowerCase())) continue;
      all.push(r);
    }
    return all;
  }

  function detail(id) {
    const row = makeRow(id);
    const svc = row.service === service.id ? service : service2;
    const suspended = row.clock === 'suspended';
    return {
      id,
      protocol: row.protocol,
      service: svc,
      state: row.state,
      applicant: { fiscalCode: row.fiscalCode, givenName: row.applicantName.split(' ')[0], familyName: row.applicantName.split(' ')[1], birthDate: '1980-01-15', birthPlace: 'Roma' },
      contact: { email: 'cittadino@example.org', phone: '+39 06 1234567', address: 'Via Garibaldi 12, 00100 Borgo Esempio' },
      channel: 'portal',
      form: { canone: 1250.5, inizioContratto: '2024-09-01', residente: true, iban: 'IT60X0542811101000000123456' },
      attachments: [
        { id: 1, requirement: 'contratto', name: 'contratto-locazione.pdf', mediaType: 'application/pdf', size: 2_457_600, sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' },
        { id: 2, requirement: null, name: 'documento-identita.jpg', mediaType: 'image/jpeg', size: 348_160, sha256: '60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752' },
      ],
      history: [
        { id: 1, at: row.receivedAt, actor: 'Portale del cittadino', event: 'received', label: 'Ricevuta', fromState: null, toState: 'received', text: null, protocol: row.protocol },
        ...(row.state !== 'received'
          ? [{ id: 2, at: '2025-03-03T10:15:00Z', actor: 'Mario Rossi', event: 'takeInCharge', label: 'Presa in carico', fromState: 'received', toState: 'inReview', text: null, protocol: null }]
          : []),
        ...(suspended
          ? [{ id: 3, at: '2025-03-10T11:00:00Z', actor: 'Mario Rossi', event: 'requestIntegration', label: 'Richiesta di integrazione', fromState: 'inReview', toState: row.state, text: 'Manca la copia del contratto registrato.', protocol: '2025/U/000123' }]
          : []),
        ...(row.state === 'noticeSent'
          ? [
              { id: 4, at: '2025-03-12T09:00:00Z', actor: 'Mario Rossi', event: 'sendNotice', label: 'Preavviso di diniego', fromState: 'inReview', toState: 'noticeSent', text: 'ISEE oltre la soglia.', protocol: '2025/0000124' },
              { id: 5, at: '2025-03-15T09:00:00Z', actor: 'Mario Rossi', event: 'recordObservations', label: 'Osservazioni registrate', fromState: 'noticeSent', toState: 'noticeSent', text: 'Allego un ISEE aggiornato.', protocol: '2025/0000125' },
            ]
          : []),
      ],
      clock: {
        receivedOn: row.receivedAt.slice(0, 10),
        termDays: 30,
        deadline: row.deadline,
        daysLeft: suspended ? 12 : row.daysLeft,
        status: row.clock,
        suspendedDays: suspended ? 6 : 0,
        suspensions: suspended ? [{ kind: 'integration', from: '2025-03-10', until: null, days: 6 }] : [],
        silenceConsentWarning: row.clock === 'expiring',
      },
      assignee: row.assigneeName ? fixtures.users[1] : null,
      allowedActions: ALLOWED[row.state] ?? [],
      canAssign: session?.user.role === 'responsabile',
      // The policy: a head re-issues and annuls the certificates of the own department.
      canReissueCertificates: session?.user.role === 'responsabile',
      canAnnulCertificates: session?.user.role === 'responsabile',
      otherSubmissions: [makeRow(id + 6), makeRow(id + 12)],
      receivedAt: row.receivedAt,
      demo: row.demo,
    };
  }

  function fail(code, message) {
    return Promise.reject({ code, message });
  }

  async function handle(cmd, args) {
    switch (cmd) {
      case 'app_info':
        return { comune: 'Comune di Borgo Esempio', demo: true, demoPassword: 'demo' };
      case 'current_session':
        return session;
      case 'login':
        if (args.credentials.password !== 'demo') return fail('badCredentials', 'Nome utente o password non validi.');
        session = fixtures.sessions.operatore;
        return session;
      case 'logout':
        session = null;
        return null;
      case 'catalogue':
        return fixtures.catalogue;
      case 'queue_page': {
        const { filter, after, limit } = args.query;
        const plain = !filter.service && !filter.states.length && !filter.search;
        const start = after ? Number(after) : 0;
        if (plain) {
          const end = Math.min(TOTAL, start + limit);
          const page = [];
          for (let id = start + 1; id <= end; id++) page.push(makeRow(id));
          return { rows: page, next: end < TOTAL ? String(end) : null };
        }
        const all = rows(filter);
        const end = Math.min(all.length, start + limit);
        return { rows: all.slice(start, end), next: end < all.length ? String(end) : null };
      }
      case 'queue_counts': {
        const all = rows({ ...args.filter, states: [] });
        const byState = STATES.map((state) => ({ state, count: all.filter((r) => r.state === state).length }));
        return { total: rows(args.filter).length, byState };
      }
      case 'submission_detail':
        return detail(args.id);
      case 'apply_action':
        if (args.action.kind === 'approve') return fail('conflict', 'La pratica è stata modificata da un altro operatore. Ricaricarla.');
        overrides.set(args.id, { state: 'inReview', assigneeName: session.user.fullName });
        return detail(args.id);
      case 'assign_submission':
        return detail(args.id);
      case 'department_officers':
        return fixtures.users.filter((u) => u.department === 'sociali' && u.role !== 'amministratore');
      case 'list_users':
        return users;
      case 'update_user':
        return { ...users.find((u) => u.id === args.id), ...args.change };
      case 'register_entries':
        return [1, 2, 3].map((n) => ({
          id: n,
          protocol: `${args.year}/${String(n).padStart(7, '0')}`,
          direction: n === 2 ? 'outgoing' : 'incoming',
          registeredAt: `${args.year}-03-0${n}T09:30:00Z`,
          correspondent: 'Rossi Mario (RSSMRA85T10A562S)',
          subject: 'Contributo affitto - Rossi Mario',
          documentSha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
          submissionId: 1,
          operator: 'Sportello',
          annulment: n === 3 ? { annulledAt: `${args.year}-03-04T10:00:00Z`, operator: 'Anna Amministratrice', act: 'Determina n. 12', reason: 'Registrazione doppia' } : null,
        }));
      case 'create_user':
        return { id: users.length + 1, ...args.user, departmentName: null, active: true };
      case 'set_user_active': {
        const u = users.find((x) => x.id === args.id);
        u.active = args.active;
        return u;
      }
      case 'pending_certificates':
        return [1, 2, 3].map((n) => ({
          submissionId: n,
          protocol: `2026/000000${n}`,
          applicant: NAMES[n],
          subjectFiscalCode: 'RSSMRA85T10A562S',
          kind: n === 2 ? 'Stato di famiglia' : 'Residenza',
          declaredUse: n === 3 ? 'Esenzione: procedimento giudiziario' : 'Uso generico (in bollo)',
          approvedAt: '2026-03-02T09:30:00Z',
        }));
      case 'signing_device':
        return { label: 'Sigillo DEMO — non valido', demo: true, needsPin: true };
      case 'submission_certificates':
        return [
          { documentId: '2026-0000010-AB', submissionId: args.id, kind: 'Residenza', protocol: '2026/0000010', issuedAt: '2026-03-02T09:30:00Z', validUntil: '2026-09-02', signer: 'SIGILLO DEMO - NON VALIDO', demo: true, sha256: 'a'.repeat(64), replaces: null, annulled: { annulledAt: '2026-03-03T10:00:00Z', operator: 'Lucia Verdi', act: 'Nuova emissione', reason: 'Copia smarrita' } },
          { documentId: '2026-0000011-CD', submissionId: args.id, kind: 'Residenza', protocol: '2026/0000011', issuedAt: '2026-03-03T10:00:00Z', validUntil: '2026-09-03', signer: 'SIGILLO DEMO - NON VALIDO', demo: true, sha256: 'b'.repeat(64), replaces: '2026-0000010-AB', annulled: null },
        ];
      case 'verify_document':
        return {
          verdict: 'valid',
          summary: 'Documento valido',
          fileSha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
          expired: false,
          signatures: [{ signer: 'SIGILLO DEMO - NON VALIDO', organisation: 'Comune di Borgo Esempio', level: 'PAdES B-B', signedAt: '2026-03-02T09:30:00Z', intact: true, coversWholeFile: true, demo: true, problem: null }],
          certificate: { documentId: '2026-0000010-AB', submissionId: 1, kind: 'Residenza', protocol: '2026/0000010', issuedAt: '2026-03-02T09:30:00Z', validUntil: '2026-09-02', signer: 'Sigillo DEMO', demo: true, sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', replaces: null, annulled: null },
        };
      default:
        return fail('internal', `Comando sconosciuto: ${cmd}`);
    }
  }

  const callbacks = new Map();
  window.__TAURI_INTERNALS__ = {
    invoke: (cmd, args) => {
      calls.push({ cmd, args });
      return handle(cmd, args ?? {});
    },
    transformCallback: (callback, once) => {
      const id = window.crypto.getRandomValues(new Uint32Array(1))[0];
      callbacks.set(id, (data) => {
        if (once) callbacks.delete(id);
        return callback && callback(data);
      });
      return id;
    },
    unregisterCallback: (id) => callbacks.delete(id),
    runCallback: (id, data) => callbacks.get(id)?.(data),
    callbacks,
    metadata: { currentWindow: { label: 'main' }, currentWebview: { windowLabel: 'main', label: 'main' } },
  };
  window.__TAURI_EVENT_PLUGIN_INTERNALS__ = { unregisterListener: () => undefined };
}
