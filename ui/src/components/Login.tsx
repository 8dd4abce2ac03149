import { useState, type FormEvent } from 'react';
import * as api from '../api';
import type { ApiError, Session } from '../api';
import { useAppInfo } from '../data/queries';
import { ErrorAlert } from './ErrorAlert';

export function Login({ onLogin }: { onLogin: (session: Session) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  // The login works without it: a failure only hides the Comune's name and the demo hint.
  const info = useAppInfo().data;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLogin(await api.login({ username, password }));
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
          <h1 className="h3 mb-1">Accedi a Sportello</h1>
          <p className="mb-4">{info?.comune ?? '\u00a0'}</p>
          {info?.demo && (
            <div className="alert alert-warning small" data-testid="login-demo-hint">
              <strong>Ambiente dimostrativo</strong>: i dati sono inventati. Utenti di prova: <code>m.rossi</code>,{' '}
              <code>l.bianchi</code> (operatori), <code>g.verdi</code> (responsabile), <code>e.conti</code>{' '}
              (gestione documentale), <code>admin</code> (amministratore); password <code>{info.demoPassword}</code>.
            </div>
          )}
          <form onSubmit={submit} noValidate>
            <div className="mb-3">
              <label htmlFor="username" className="form-label">
                Nome utente
              </label>
              <input
                id="username"
                type="text"
                className="form-control"
                autoComplete="username"
                value={username}
                onChange={(e) => setUsername(e.target.value)}
                required
                autoFocus
              />
            </div>
            <div className="mb-3">
              <label htmlFor="password" className="form-label">
                Password
              </label>
              <input
                id="password"
                type="password"
                className="form-control"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                required
              />
            </div>
            <ErrorAlert error={error} />
            <button type="submit" className="btn btn-primary w-100" data-testid="login-submit" disabled={busy}>
              {busy ? 'Accesso in corso…' : 'Accedi'}
            </button>
          </form>
        </div>
      </div>
    </main>
  );
}
