import type { QueueRow, ServiceDefinition, Session, StateCounts, SubmissionDetail } from '../api';
import { SESSIONS } from './people';

export const service: ServiceDefinition = {
  id: 'contributo-affitto',
  name: 'Contributo affitto',
  department: 'sociali',
  description: 'Contributo per il canone di locazione',
  deadlineDays: 30,
  notice10bis: true,
  silenceConsent: false,
  issuesCertificate: false,
  shiftHolidays: true,
  appealToPrefetto: false,
  legalBasis: 'L. 431/1998, art. 11; bando comunale',
  eligibility: [{ label: 'ISEE non superiore alla soglia del bando', field: 'isee', min: null, max: 26000, basis: 'bando comunale' }],
  fields: [
    { key: 'canone', label: 'Canone mensile', kind: 'number', required: true, options: [], min: 0, max: null, maxLength: null, rule: null, help: null },
    { key: 'inizioContratto', label: 'Inizio del contratto', kind: 'date', required: true, options: [], min: null, max: null, maxLength: null, rule: null, help: null },
    { key: 'residente', label: 'Residente nel Comune', kind: 'checkbox', required: false, options: [], min: null, max: null, maxLength: null, rule: null, help: null },
    { key: 'iban', label: 'IBAN', kind: 'iban', required: true, options: [], min: null, max: null, maxLength: null, rule: null, help: null },
    { key: 'note', label: 'Note', kind: 'textarea', required: false, options: [], min: null, max: null, maxLength: null, rule: null, help: null },
  ],
  attachments: [],
  reasonTemplates: [
    { action: 'approve', title: 'Accoglimento standard', text: 'Si accoglie la domanda {{protocollo}} di {{nome}} {{cognome}} per un canone di {{canone}} euro.' },
    { action: 'approve', title: 'Accoglimento con ISEE', text: 'Accolta: ISEE pari a {{isee}} euro, contratto dal {{inizioContratto}}.' },
    { action: 'reject', title: 'Diniego', text: 'Respinta il {{data}}.' },
  ],
};

// The people are the shared ones (the IPC mock's); this service is made up to cover every field kind.
export const session: Session = SESSIONS.operatore;

export function row(id: number, overrides: Partial<QueueRow> = {}): QueueRow {
  return {
    id,
    protocol: `2025/${String(id).padStart(6, '0')}`,
    service: service.id,
    serviceName: service.name,
    applicantName: `Cittadino ${id}`,
    fiscalCode: 'RSSMRA80A01H501U',
    state: 'received',
    assigneeName: null,
    receivedAt: '2025-03-01T09:00:00Z',
    deadline: '2025-03-31',
    daysLeft: 10,
    clock: 'running',
    demo: false,
    ...overrides,
  };
}

export const counts: StateCounts = {
  total: 42,
  byState: [
    { state: 'received', count: 30 },
    { state: 'inReview', count: 12 },
  ],
};

export const detail: SubmissionDetail = {
  id: 1,
  protocol: '2025/000001',
  service,
  state: 'inReview',
  applicant: { fiscalCode: 'RSSMRA80A01H501U', givenName: 'Maria', familyName: 'Bianchi', birthDate: '1980-01-01', birthPlace: 'Roma' },
  contact: { email: 'maria@example.org', phone: '+39 06 1234567', address: 'Via Roma 1' },
  channel: 'portal',
  form: { canone: 1234.5, inizioContratto: '2024-02-15', residente: true, iban: 'IT60X0542811101000000123456' },
  eligibility: [],
  attachments: [{ id: 1, requirement: null, name: 'contratto.pdf', mediaType: 'application/pdf', size: 2_621_440, sha256: 'a'.repeat(64), protocol: '2025/000001', registeredAt: '2025-03-01T09:00:00Z', warning: null }],
  history: [
    { id: 1, at: '2025-03-01T09:00:00Z', actor: 'Portale', event: 'received', label: 'Ricevuta', fromState: null, toState: 'received', text: null, protocol: '2025/000001' },
  ],
  clock: { receivedOn: '2025-03-01', termDays: 30, deadline: '2025-03-31', daysLeft: 10, status: 'running', suspendedDays: 0, suspensions: [], silenceConsentWarning: false },
  assignee: session.user,
  allowedActions: ['approve', 'requestIntegration', 'sendNotice'],
  canAssign: false,
  canReissueCertificates: false,
  canAnnulCertificates: false,
  otherSubmissions: [],
  receivedAt: '2025-03-01T09:00:00Z',
  demo: false,
  caseFile: '2025/000001',
  portalId: '0b9c1f2e-0000-4000-8000-000000000001',
  flags: [],
  contacts: [],
  messages: [],
};
