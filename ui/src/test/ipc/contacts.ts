// The contact log as the mock keeps it: calls and e-mails recorded on a submission, with the
// callbacks due. Anyone of the office may record; the administrator and the records manager may
// not (no citizens' data), as in the shell.
import type { CallbackDue, ContactEntry, Contract, Session, UnreadNotice } from '../../api';
import { todayIso } from '../../format';
import { USERS } from '../people';
import { fail } from './handlers';

type ContactHandlers = {
  record_contact: (args: Contract['record_contact']['args']) => ContactEntry[] | Promise<never>;
  complete_callback: (args: Contract['complete_callback']['args']) => ContactEntry[] | Promise<never>;
  callbacks_due: () => CallbackDue[] | Promise<never>;
  unread_notices: () => UnreadNotice[] | Promise<never>;
};

const OFFICE_ROLES = ['operatore', 'responsabile'];

/** The log, by submission, shared with the detail the mock serves. */
export function createContactHandlers(
  session: () => Session | null,
  contacts: Map<number, ContactEntry[]>,
): ContactHandlers {
  let next = 1;
  const refuse = () => {
    const s = session();
    if (!s) return fail('unauthenticated', 'Sessione non attiva: accedere di nuovo.');
    if (!OFFICE_ROLES.includes(s.user.role)) return fail('forbidden', 'Il proprio profilo non dà accesso alle pratiche dei cittadini.');
    return null;
  };
  return {
    record_contact: ({ id, contact }) => {
      const refused = refuse();
      if (refused) return refused;
      if (!contact.summary.trim()) return fail('invalidInput', 'Indicare in breve il contenuto del contatto.');
      const entry: ContactEntry = {
        id: next++,
        at: '2026-03-05T10:30:00Z',
        channel: contact.channel,
        incoming: contact.incoming,
        summary: contact.summary.trim(),
        outcome: contact.outcome.trim(),
        recordedBy: session()?.user.fullName ?? '',
        callbackDue: contact.callbackDue,
        callbackBy: contact.callbackBy === null ? null : (USERS.find((u) => u.id === contact.callbackBy)?.fullName ?? null),
        callbackDoneAt: null,
      };
      const log = [...(contacts.get(id) ?? []), entry];
      contacts.set(id, log);
      return log;
    },
    complete_callback: ({ contactId }) => {
      const refused = refuse();
      if (refused) return refused;
      for (const [id, log] of contacts) {
        const i = log.findIndex((c) => c.id === contactId);
        if (i < 0) continue;
        if (log[i]?.callbackDoneAt) return fail('invalidInput', 'Il richiamo è già stato fatto, o non c\u2019era.');
        const updated = log.map((c, j) => (j === i ? { ...c, callbackDoneAt: '2026-03-06T09:00:00Z' } : c));
        contacts.set(id, updated);
        return updated;
      }
      return fail('notFound', 'La pratica richiesta non esiste o non è visibile per il proprio ufficio.');
    },
    callbacks_due: () => {
      const refused = refuse();
      if (refused) return refused;
      const due: CallbackDue[] = [];
      const today = todayIso();
      for (const [id, log] of contacts) {
        for (const c of log) {
          if (c.callbackDue && c.callbackDue <= today && !c.callbackDoneAt) {
            due.push({ contactId: c.id, submissionId: id, protocol: `2025/${String(id).padStart(6, '0')}`, applicant: 'Bianchi Maria', phone: '+39 06 1234567', due: c.callbackDue, summary: c.summary, callbackBy: c.callbackBy });
          }
        }
      }
      return due;
    },
    // The mock's letters are never delivered: nothing is unread until a test says so.
    unread_notices: () => refuse() ?? [],
  };
}
