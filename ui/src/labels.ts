// Every Italian label the UI shows for a code of the contract.
import type { ActionKind, ClockStatus, ContactChannel, Delivery, DeliveryState, Role, SortKey, State, SuspensionKind } from './api/types';

export const STATES: readonly State[] = [
  'received',
  'inReview',
  'integrationRequested',
  'noticeSent',
  'approved',
  'approvedBySilence',
  'rejected',
  'inadmissible',
  'withdrawn',
  'annulled',
];

export const STATE_LABELS: Record<State, string> = {
  received: 'Ricevuta',
  inReview: 'In istruttoria',
  integrationRequested: 'Integrazione richiesta',
  noticeSent: 'Preavviso di diniego',
  approved: 'Accolta',
  approvedBySilence: 'Accolta per silenzio-assenso',
  rejected: 'Respinta',
  inadmissible: 'Inammissibile',
  withdrawn: 'Ritirata',
  annulled: "Annullata d'ufficio",
};

export const ACTION_LABELS: Record<ActionKind, string> = {
  takeInCharge: 'Prendi in carico',
  requestIntegration: 'Richiedi integrazione',
  recordIntegration: 'Registra integrazione ricevuta',
  approve: 'Accogli',
  sendNotice: 'Preavviso di diniego (art. 10-bis)',
  recordObservations: 'Registra osservazioni',
  recordNoticeReceipt: 'Registra ricevimento del preavviso',
  resumeReview: "Riprendi l'istruttoria",
  confirmRejection: 'Diniego definitivo',
  reject: 'Respingi',
  rejectInadmissible: 'Dichiara inammissibile',
  withdraw: 'Registra ritiro',
  annul: "Annulla d'ufficio (art. 21-nonies)",
};

/** Officers and heads belong to a department; the records manager and IT serve the whole Comune. */
export function hasDepartment(role: Role): boolean {
  return role === 'operatore' || role === 'responsabile';
}

export const ROLE_LABELS: Record<Role, string> = {
  operatore: 'Operatore',
  responsabile: 'Responsabile',
  protocollo: 'Responsabile della gestione documentale',
  amministratore: 'Amministratore',
};

export const CLOCK_LABELS: Record<ClockStatus, string> = {
  running: 'In corso',
  expiring: 'In scadenza',
  overdue: 'Scaduta',
  suspended: 'Sospesa',
  closed: 'Chiusa',
};

export const SUSPENSION_LABELS: Record<SuspensionKind, string> = {
  integration: 'Richiesta di integrazione',
  notice10bis: 'Preavviso di diniego (art. 10-bis)',
};

export const SORT_LABELS: Record<SortKey, string> = {
  receivedAt: 'Data di ricezione',
  deadline: 'Scadenza',
  applicant: 'Richiedente',
  protocol: 'Protocollo',
};

export const CHANNEL_LABELS: Record<string, string> = {
  portal: 'Portale',
  counter: 'Sportello fisico',
  demo: 'Dimostrativo',
};

/** How the citizen and the office were in touch (the contact log). */
export const CONTACT_CHANNEL_LABELS: Record<ContactChannel, string> = {
  phone: 'Telefono',
  email: 'E-mail',
  pec: 'PEC',
  visit: 'Di persona',
};

export const CONTACT_CHANNELS: readonly ContactChannel[] = ['phone', 'email', 'pec', 'visit'];

/** What each delivery tells the portal («Sincronizzazione»). */
export const DELIVERY_LABELS: Record<Delivery, string> = {
  register: 'Protocollazione della domanda',
  receipt: 'Ricevuta di presentazione (art. 18-bis)',
  assign: 'Presa in carico',
  accept: 'Accoglimento con lettera',
  reject: 'Diniego con lettera',
  requestIntegration: 'Richiesta di integrazione',
  acceptIntegration: 'Integrazione acquisita',
  notice: 'Preavviso di diniego (art. 10-bis)',
  startNotice: 'Avvio del procedimento (art. 8)',
  message: 'Messaggio al cittadino',
};

export const DELIVERY_STATE_LABELS: Record<DeliveryState, string> = {
  waiting: 'In attesa di invio',
  delivered: 'Consegnato',
  failed: 'Non riuscito',
};

/** The label of the text an action needs, or null when it needs none. */
export function actionTextLabel(kind: ActionKind): string | null {
  switch (kind) {
    case 'takeInCharge':
      return null;
    case 'recordIntegration':
    case 'withdraw':
      return 'Nota';
    case 'recordObservations':
      return 'Osservazioni del cittadino';
    case 'recordNoticeReceipt':
      return 'Nota (come risulta il ricevimento)';
    default:
      return 'Motivazione';
  }
}

/** Timeline event label fallback for non-action events. */
export const EVENT_LABELS: Record<string, string> = {
  received: 'Ricevuta',
  assigned: 'Assegnata',
  released: 'Rilasciata',
  ...ACTION_LABELS,
};
