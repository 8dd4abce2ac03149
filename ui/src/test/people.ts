// The users and sessions every UI test and the accessibility run share.
import type { Session, UserInfo } from '../api';

export const USERS: UserInfo[] = [
  { id: 1, username: 'admin', fullName: 'Anna Amministratrice', role: 'amministratore', department: null, departmentName: null, active: true, passwordChangeDue: false },
  { id: 2, username: 'mrossi', fullName: 'Mario Rossi', role: 'operatore', department: 'sociali', departmentName: 'Servizi sociali', active: true, passwordChangeDue: false },
  { id: 3, username: 'lverdi', fullName: 'Lucia Verdi', role: 'responsabile', department: 'sociali', departmentName: 'Servizi sociali', active: true, passwordChangeDue: false },
  { id: 4, username: 'gneri', fullName: 'Giorgio Neri', role: 'operatore', department: 'sociali', departmentName: 'Servizi sociali', active: false, passwordChangeDue: false },
  { id: 5, username: 'e.conti', fullName: 'Elena Conti', role: 'protocollo', department: null, departmentName: null, active: true, passwordChangeDue: false },
];

function user(index: number): UserInfo {
  const found = USERS[index];
  if (!found) throw new Error(`no fixture user ${index}`);
  return found;
}

export type RoleName = 'operatore' | 'responsabile' | 'amministratore' | 'protocollo';

const COMUNE = 'Comune di Borgo Esempio';
export const SESSIONS: Record<RoleName, Session> = {
  operatore: { user: user(1), demo: true, comune: COMUNE },
  responsabile: { user: user(2), demo: true, comune: COMUNE },
  amministratore: { user: user(0), demo: false, comune: COMUNE },
  protocollo: { user: user(4), demo: false, comune: COMUNE },
};
