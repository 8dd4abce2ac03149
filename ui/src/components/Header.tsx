import type { Session } from '../api';
import { ROLE_LABELS } from '../labels';

export type Screen = 'queue' | 'users' | 'register' | 'sign' | 'verify' | 'audit' | 'sync';

type Props = {
  session: Session;
  screen: Screen;
  onNavigate: (screen: Screen) => void;
  onLogout: () => void;
};

export function Header({ session, screen, onNavigate, onLogout }: Props) {
  const { user } = session;
  // Administrators see no citizen data: their screen is users. The records manager keeps the register.
  const links: [Screen, string][] =
    user.role === 'amministratore'
      ? [
          ['users', 'Utenti'],
          ['sync', 'Sincronizzazione'],
          ['audit', 'Registro di controllo'],
          ['verify', 'Verifica'],
        ]
      : user.role === 'protocollo'
        ? [
            ['register', 'Registro di protocollo'],
            ['audit', 'Registro di controllo'],
            ['verify', 'Verifica'],
          ]
        : user.role === 'responsabile'
      ? [
          ['queue', 'Coda'],
          ['sign', 'Firma certificati'],
          ['verify', 'Verifica'],
        ]
      : [
          ['queue', 'Coda'],
          ['verify', 'Verifica'],
        ];
  return (
    <header className="app-header">
      {session.demo && (
        <div className="demo-banner" data-testid="demo-banner">
          <strong>Dati dimostrativi — ambiente di prova</strong>
        </div>
      )}
      <div className="app-header-bar">
        <div className="app-brand">
          <span className="app-name">Sportello</span>
          <span className="app-comune">{session.comune}</span>
        </div>
        <nav aria-label="Navigazione principale" className="app-nav">
          <ul>
            {links.map(([target, label]) => (
              <li key={target}>
                <button
                  type="button"
                  className="btn btn-link app-nav-link"
                  aria-current={screen === target ? 'page' : undefined}
                  onClick={() => onNavigate(target)}
                >
                  {label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className="app-user">
          <span className="app-user-name">{user.fullName}</span>
          <span className="app-user-role">
            {ROLE_LABELS[user.role]}
            {user.departmentName ? ` · ${user.departmentName}` : ''}
          </span>
        </div>
        <button type="button" className="btn btn-outline-light btn-sm" data-testid="logout" onClick={onLogout}>
          Esci
        </button>
      </div>
    </header>
  );
}
