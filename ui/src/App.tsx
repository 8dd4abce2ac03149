import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import * as api from './api';
import type { Catalogue, Session } from './api';
import { useCatalogue, useCurrentSession } from './data/queries';
import { useLiveUpdates } from './data/live';
import { Announcer } from './components/Announcer';
import { Header, type Screen } from './components/Header';
import { Login } from './components/Login';
import { Workspace } from './components/Workspace';
import { hasDepartment } from './labels';
import { SignScreen } from './components/certificates/SignScreen';
import { VerifyScreen } from './components/certificates/VerifyScreen';
import { RegisterScreen } from './components/register/RegisterScreen';
import { UsersScreen } from './components/users/UsersScreen';
import { AuditScreen } from './components/audit/AuditScreen';

type Boot = { kind: 'loading' } | { kind: 'out' } | { kind: 'in'; session: Session };

const EMPTY_CATALOGUE: Catalogue = { departments: [], services: [] };

export function App() {
  const client = useQueryClient();
  const current = useCurrentSession();
  // What the officer did in this window (logged in or out) wins over the session found at start.
  const [chosen, setChosen] = useState<Boot | null>(null);
  const started: Boot = current.isPending
    ? { kind: 'loading' }
    : current.data
      ? { kind: 'in', session: current.data }
      : { kind: 'out' };
  const boot = chosen ?? started;

  // Nothing the last user saw survives a logout: the next user starts from an empty cache.
  const signOut = useCallback(() => {
    client.clear();
    setChosen({ kind: 'out' });
  }, [client]);

  // A session that ends elsewhere (user deactivated, app restarted) brings the login back.
  useEffect(() => api.onSessionLost(signOut), [signOut]);

  const onLogout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      signOut();
    }
  }, [signOut]);

  return (
    <Announcer>
      {boot.kind === 'loading' && (
        <main className="container py-5" aria-busy="true">
          <p>Caricamento…</p>
        </main>
      )}
      {boot.kind === 'out' && <Login onLogin={(session) => setChosen({ kind: 'in', session })} />}
      {boot.kind === 'in' && <Shell session={boot.session} onLogout={onLogout} />}
    </Announcer>
  );
}

function Shell({ session, onLogout }: { session: Session; onLogout: () => void }) {
  // Administrators manage users and see no citizen data: they start (and stay) on "Utenti". The
  // records manager works on the protocol register.
  const role = session.user.role;
  const isAdmin = role === 'amministratore';
  const worksOnSubmissions = hasDepartment(role);
  const [screen, setScreen] = useState<Screen>(isAdmin ? 'users' : worksOnSubmissions ? 'queue' : 'register');
  const catalogue = useCatalogue().data ?? EMPTY_CATALOGUE;
  const live = useLiveUpdates(worksOnSubmissions);

  return (
    <div className="app-shell">
      <Header session={session} screen={screen} onNavigate={setScreen} onLogout={onLogout} />
      {!live.connected && (
        <div role="status" className="alert alert-warning rounded-0 mb-0" data-testid="connection-lost">
          Connessione al server interrotta: i dati mostrati potrebbero non essere aggiornati. Nuovo tentativo in corso…
        </div>
      )}
      {screen === 'verify' ? (
        <VerifyScreen />
      ) : screen === 'audit' ? (
        <AuditScreen />
      ) : screen === 'sign' ? (
        <SignScreen />
      ) : worksOnSubmissions ? (
        <Workspace session={session} catalogue={catalogue} />
      ) : !isAdmin ? (
        <RegisterScreen />
      ) : (
        <UsersScreen catalogue={catalogue} />
      )}
    </div>
  );
}
