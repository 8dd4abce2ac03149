import { useState, type FormEvent } from 'react';
import * as api from '../../api';
import type { Catalogue, NewUser, Role, UserInfo } from '../../api';
import { useCreateUser } from '../../data';
import { ROLE_LABELS } from '../../labels';
import { ErrorAlert } from '../ErrorAlert';

const EMPTY: NewUser = { username: '', fullName: '', role: 'operatore', department: null, password: '' };

export function NewUserForm({ catalogue, onCreated }: { catalogue: Catalogue; onCreated: (user: UserInfo) => void }) {
  const [user, setUser] = useState<NewUser>(EMPTY);
  const create = useCreateUser();
  const [error, setError] = useState<api.ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<NewUser>) => setUser((u) => ({ ...u, ...patch }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onCreated(await create.mutateAsync(user));
      setUser(EMPTY);
    } catch (e) {
      setError(api.toApiError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="detail-card mt-3" aria-labelledby="new-user-title">
      <h2 id="new-user-title" className="h5">
        Nuovo utente
      </h2>
      <form onSubmit={submit} className="row g-3" noValidate>
        <div className="col-md-4">
          <label htmlFor="new-username" className="form-label">
            Nome utente
          </label>
          <input id="new-username" type="text" className="form-control" required autoComplete="off" value={user.username} onChange={(e) => set({ username: e.target.value })} />
        </div>
        <div className="col-md-4">
          <label htmlFor="new-fullname" className="form-label">
            Nome e cognome
          </label>
          <input id="new-fullname" type="text" className="form-control" required value={user.fullName} onChange={(e) => set({ fullName: e.target.value })} />
        </div>
        <div className="col-md-4">
          <label htmlFor="new-password" className="form-label">
            Password iniziale
          </label>
          <input id="new-password" type="password" className="form-control" required autoComplete="new-password" value={user.password} onChange={(e) => set({ password: e.target.value })} />
        </div>
        <div className="col-md-4">
          <label htmlFor="new-role" className="form-label">
            Ruolo
          </label>
          <select id="new-role" className="form-select" value={user.role} onChange={(e) => set({ role: e.target.value as Role })}>
            {(Object.keys(ROLE_LABELS) as Role[]).map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="col-md-4">
          <label htmlFor="new-department" className="form-label">
            Ufficio
          </label>
          <select id="new-department" className="form-select" value={user.department ?? ''} onChange={(e) => set({ department: e.target.value || null })}>
            <option value="">Nessun ufficio</option>
            {catalogue.departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <div className="col-md-4 d-flex align-items-end">
          <button type="submit" className="btn btn-primary" data-testid="user-create" disabled={busy}>
            Crea utente
          </button>
        </div>
        {error && (
          <div className="col-12">
            <ErrorAlert error={error} className="mb-0" />
          </div>
        )}
      </form>
    </section>
  );
}
