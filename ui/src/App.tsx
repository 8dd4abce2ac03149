import { useCallback, useEffect, useState } from 'react';
import * as api from './api';
import type { Catalogue, Session } from './api';
import { Announcer } from './components/Announcer';
import { Header, type Screen } from './components/Header';
import { Login } from './components/Login';
import { Workspace } from './components/Workspace';
import { hasDepartment } from './labels';
import { SignScreen } from './components/certificates/SignScreen';
import { VerifyScreen } from './components/certificates/VerifyScreen';
import { RegisterScreen } from './components/register/RegisterScreen';
import { UsersScreen } from './components/users/UsersScreen';

type Boot = { kind: 'loading' } | { kind: 'out' } | { kind: 'in'; session: Session };

export function App() {
  const [boot, setBoot] = useState<Boot>({ kind: 'loading' });

  useEffect(() => {
    let live = true;
    api
      .currentSession()
      .then((session) => live && setBoot(session ? { kind: 'in', session } : { kind: 'out' }))
      .catch(() => live && setBoot({ kind: 'out' }));
    return () => {
      live = false;
    };
  }, []);

  // A session that ends elsewhere (user deactivated, app restarted) brings the login back.
  useEffect(() => api.onSessionLost(() => setBoot({ kind: 'out' })), []);

  const onLogout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setBoot({ kind: 'out' });
    }
  }, []);

  return (
    <Announcer>
      {boot.kind === 'loading' && (
        <main className="container py-5" aria-busy="true">
          <p>Caricamento…</p>
        </main>
      )}
      {boot.kind === 'out' && <Login onLogin={(session) => setBoot({ kind: 'in', session })} />}
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
  const [catalogue, setCatalogue] = useState<Catalogue>({ departments: [], services: [] });

  useEffect(() => {
    api.catalogue().then(setCatalogue, () => undefined);
  }, []);

  return (
    <div className="app-shell">
      <Header session={session} screen={screen} onNavigate={setScreen} onLogout={onLogout} />
      {screen === 'verify' ? (
        <VerifyScreen />
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
