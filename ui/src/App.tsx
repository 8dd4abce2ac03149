import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import * as api from './api';
import type { Catalogue, Session } from './api';
import { useCatalogue, useCurrentSession, useWorkstation } from './data/queries';
import { useLiveUpdates } from './data/live';
import { Announcer } from './components/Announcer';
import { Header, type Screen } from './components/Header';
import { Login } from './components/Login';
import { LockScreen } from './components/LockScreen';
import { PasswordChange } from './components/PasswordChange';
import { useIdle } from './components/useIdle';
import { Workspace } from './components/Workspace';
import { hasDepartment } from './labels';
import { SignScreen } from './components/certificates/SignScreen';
import { VerifyScreen } from './components/certificates/VerifyScreen';
import { RegisterScreen } from './components/register/RegisterScreen';
import { UsersScreen } from './components/users/UsersScreen';
import { AuditScreen } from './components/audit/AuditScreen';
import { SyncScreen } from './components/sync/SyncScreen';

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

  // An idle window locks (`sportello.toml`, 10 minutes by default): the shell's session ends, what
  // was on screen stays underneath, inert, until the same user unlocks or logs out.
  const lockAfter = useWorkstation().data?.idleLockMinutes ?? 0;
  const [locked, setLocked] = useState(false);
  const lockedRef = useRef(false);
  lockedRef.current = locked;
  const idle = useIdle(boot.kind === 'in' ? lockAfter : 0, locked);
  useEffect(() => {
    if (!idle) return;
    setLocked(true);
    api.logout().catch(() => undefined);
  }, [idle]);

  // Nothing the last user saw survives a logout: the next user starts from an empty cache.
  const signOut = useCallback(() => {
    client.clear();
    setLocked(false);
    setChosen({ kind: 'out' });
  }, [client]);

  // A session that ends elsewhere (user deactivated, app restarted) brings the login back; while
  // locked the session has ended on purpose, and the lock screen stays.
  useEffect(
    () =>
      api.onSessionLost(() => {
        if (!lockedRef.current) signOut();
      }),
    [signOut],
  );

  const onUnlock = useCallback(
    (session: Session) => {
      // Someone else unlocking starts afresh: nothing of the locked user's screen is kept. The same
      // user finds the screen as left, read again (others worked meanwhile).
      if (boot.kind !== 'in' || boot.session.user.id !== session.user.id) client.clear();
      else void client.invalidateQueries();
      setChosen({ kind: 'in', session });
      setLocked(false);
    },
    [boot, client],
  );

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
      {boot.kind === 'in' && boot.session.user.passwordChangeDue && (
        <PasswordChange session={boot.session} onChanged={(session) => setChosen({ kind: 'in', session })} onLogout={onLogout} />
      )}
      {boot.kind === 'in' && !boot.session.user.passwordChangeDue && (
        <>
          <Inert when={locked}>
            <Shell session={boot.session} onLogout={onLogout} />
          </Inert>
          {locked && <LockScreen session={boot.session} minutes={lockAfter} onUnlock={onUnlock} onLogout={signOut} />}
        </>
      )}
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
  const live = useLiveUpdates(worksOnSubmissions, session);

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
      ) : screen === 'sync' && isAdmin ? (
        <SyncScreen />
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

/** While `when`, its children can be neither seen, focused, clicked nor read by a screen reader
 * (a locked window shows no citizen's data); they stay mounted, so unlocking finds them as left. */
function Inert({ when, children }: { when: boolean; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  // A layout effect: set in the same commit that shows the lock, so there is no frame in which the
  // locked screen can be focused or clicked.
  useLayoutEffect(() => {
    const node = ref.current;
    if (!node) return;
    if (when) node.setAttribute('inert', '');
    else node.removeAttribute('inert');
  }, [when]);
  // No box of its own: the shell's layout stays as if the wrapper were not there.
  return (
    <div ref={ref} style={{ display: 'contents', visibility: when ? 'hidden' : undefined }}>
      {children}
    </div>
  );
}
