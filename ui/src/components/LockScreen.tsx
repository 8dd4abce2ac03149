import { useState, type FormEvent } from 'react';
import * as api from '../api';
import type { ApiError, Session } from '../api';
import { Dialog } from './Dialog';
import { ErrorAlert } from './ErrorAlert';

type Props = {
  session: Session;
  minutes: number;
  onUnlock: (session: Session) => void;
  onLogout: () => void;
};

/** The window locked after `minutes` without input: the session has ended in the shell; the same
 * user comes back with the password, or logs out. What was on screen stays underneath, inert. */
export function LockScreen({ session, minutes, onUnlock, onLogout }: Props) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function unlock(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onUnlock(await api.login({ username: session.user.username, password }));
    } catch (e) {
      setError(api.toApiError(e));
      setBusy(false);
      setPassword('');
    }
  }

  return (
    <Dialog title="Postazione bloccata" onClose={onLogout}>
      <form onSubmit={unlock} noValidate data-testid="lock-screen">
        <p>
          Dopo {minutes} minuti senza attività la postazione è stata bloccata per proteggere i dati dei cittadini.
          Per continuare, <strong>{session.user.fullName}</strong> inserisca la propria password.
        </p>
        <div className="mb-3">
          <label htmlFor="unlock-password" className="form-label">
            Password
          </label>
          <input
            id="unlock-password"
            type="password"
            className="form-control"
            autoComplete="current-password"
            data-autofocus
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <ErrorAlert error={error} />
        <div className="d-flex justify-content-end gap-2">
          <button type="button" className="btn btn-outline-secondary" onClick={onLogout}>
            Esci
          </button>
          <button type="submit" className="btn btn-primary" data-testid="unlock-submit" disabled={busy || password === ''}>
            {busy ? 'Verifica…' : 'Sblocca'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
