import { useState, type FormEvent } from 'react';
import * as api from '../../api';
import type { Catalogue, Role, UserInfo } from '../../api';
import { hasDepartment, ROLE_LABELS } from '../../labels';
import { Dialog } from '../Dialog';
import { useUpdateUser } from '../../data';
import { DialogActions } from '../DialogActions';
import type { Shown } from '../ErrorAlert';

type Props = { user: UserInfo; catalogue: Catalogue; onClose: () => void; onDone: (user: UserInfo) => void };

/** Changes a user's role and office, and resets the password when a new one is typed. */
export function EditUserDialog({ user, catalogue, onClose, onDone }: Props) {
  const [role, setRole] = useState<Role>(user.role);
  const [department, setDepartment] = useState(user.department ?? '');
  const [password, setPassword] = useState('');
  const update = useUpdateUser();
  const [error, setError] = useState<Shown | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(
        await update.mutateAsync({
          id: user.id,
          change: {
            role,
            department: !hasDepartment(role) || !department ? null : department,
            password: password.trim() ? password : null,
          },
        }),
      );
    } catch (e) {
      setError(api.toApiError(e));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Modifica l'utente ${user.username}`} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <div className="mb-3">
          <label htmlFor="edit-role" className="form-label">
            Ruolo
          </label>
          <select id="edit-role" className="form-select" value={role} onChange={(e) => setRole(e.target.value as Role)} data-autofocus>
            {(Object.keys(ROLE_LABELS) as Role[]).map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        {hasDepartment(role) && (
          <div className="mb-3">
            <label htmlFor="edit-department" className="form-label">
              Ufficio
            </label>
            <select id="edit-department" className="form-select" value={department} onChange={(e) => setDepartment(e.target.value)}>
              <option value="">—</option>
              {catalogue.departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="mb-3">
          <label htmlFor="edit-password" className="form-label">
            Nuova password (lasciare vuoto per non cambiarla)
          </label>
          <input
            id="edit-password"
            type="password"
            className="form-control"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <DialogActions error={error} onCancel={onClose} testId="edit-user-confirm" label="Salva" busy={busy} />
      </form>
    </Dialog>
  );
}
