import { useState, type FormEvent } from 'react';
import * as api from '../api';
import type { ApiError, Session } from '../api';
import { ErrorAlert } from './ErrorAlert';

/** A user who logged in with a one-time password (after the move to the Comune's server, or an
 * administrator's reset) chooses their own before anything else. */
export function PasswordChange({
  session,
  onChanged,
  onLogout,
}: {
  session: Session;
  onChanged: (session: Session) => void;
  onLogout: () => void;
}) {
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (password !== again) {
      setError(new api.ApiError('invalidInput', 'Le due password non coincidono.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onChanged(await api.changePassword({ newPassword: password }));
    } catch (e) {
      setError(api.toApiError(e));
      setBusy(false);
    }
  }

  return (
    <main className="login-page">
      <div className="login-card card shadow-sm">
        <div className="card-body p-4">
          <p className="login-brand mb-1">Sportello</p>
          <h1 className="h3 mb-2">Scegliere una nuova password</h1>
          <p className="mb-4">
            {session.user.fullName}, la password usata per questo accesso è provvisoria: sceglierne una personale (almeno 10
            caratteri) prima di continuare.
          </p>
          <form onSubmit={submit} noValidate>
            <div className="mb-3">
              <label htmlFor="new-password" className="form-label">
                Nuova password
              </label>
              <input
                id="new-password"
                type="password"
                className="form-control"
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                required
                autoFocus
              />
            </div>
            <div className="mb-3">
              <label htmlFor="new-password-again" className="form-label">
                Ripetere la nuova password
              </label>
              <input
                id="new-password-again"
                type="password"
                className="form-control"
                autoComplete="new-password"
                value={again}
                onChange={(e) => setAgain(e.target.value)}
                required
              />
            </div>
            <ErrorAlert error={error} />
            <button type="submit" className="btn btn-primary w-100 mb-2" data-testid="password-change-submit" disabled={busy}>
              {busy ? 'Salvataggio…' : 'Salva e continua'}
            </button>
            <button type="button" className="btn btn-link w-100" onClick={onLogout}>
              Esci
            </button>
          </form>
        </div>
      </div>
    </main>
  );
}
