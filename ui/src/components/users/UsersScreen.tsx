import { useState } from 'react';
import * as api from '../../api';
import type { ApiError, Catalogue, UserInfo } from '../../api';
import { useSetUserActive, useUsers } from '../../data';
import { ROLE_LABELS } from '../../labels';
import { useAnnounce } from '../Announcer';
import { ErrorAlert } from '../ErrorAlert';
import { EditUserDialog } from './EditUserDialog';
import { NewUserForm } from './NewUserForm';

/** Administrator's screen: list users, create one, activate or deactivate. */
export function UsersScreen({ catalogue }: { catalogue: Catalogue }) {
  const list = useUsers();
  const users = list.data ?? null;
  const setActive = useSetUserActive();
  const [error, setError] = useState<ApiError | null>(null);
  const [editing, setEditing] = useState<UserInfo | null>(null);
  const announce = useAnnounce();


  async function toggle(user: UserInfo) {
    setError(null);
    try {
      const updated = await setActive.mutateAsync({ id: user.id, active: !user.active });
      announce(`${updated.fullName}: utente ${updated.active ? 'attivato' : 'disattivato'}`);
    } catch (e) {
      setError(api.toApiError(e));
    }
  }

  return (
    <main className="container-fluid py-3 users-screen" aria-labelledby="users-title">
      <h1 id="users-title" className="h3">
        Utenti
      </h1>
      <ErrorAlert error={error ?? list.error} />
      <div className="table-responsive">
        <table className="table table-sm align-middle" data-testid="users-table">
          <caption className="visually-hidden">Utenti di Sportello</caption>
          <thead>
            <tr>
              <th scope="col">Nome utente</th>
              <th scope="col">Nome e cognome</th>
              <th scope="col">Ruolo</th>
              <th scope="col">Ufficio</th>
              <th scope="col">Stato</th>
              <th scope="col">Azioni</th>
            </tr>
          </thead>
          <tbody>
            {users === null && (
              <tr>
                <td colSpan={6}>Caricamento…</td>
              </tr>
            )}
            {users?.map((u) => (
              <tr key={u.id} data-testid="user-row" data-id={u.id}>
                <td className="mono">{u.username}</td>
                <td>{u.fullName}</td>
                <td>{ROLE_LABELS[u.role]}</td>
                <td>{u.departmentName ?? '—'}</td>
                <td>{u.active ? 'Attivo' : 'Disattivato'}</td>
                <td>
                  <button
                    type="button"
                    className="btn btn-sm btn-outline-primary"
                    data-testid="user-toggle"
                    onClick={() => toggle(u)}
                  >
                    {u.active ? 'Disattiva' : 'Attiva'}
                    <span className="visually-hidden"> {u.username}</span>
                  </button>{' '}
                  <button type="button" className="btn btn-sm btn-outline-secondary" data-testid="user-edit" onClick={() => setEditing(u)}>
                    Modifica<span className="visually-hidden"> {u.username}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing && (
        <EditUserDialog
          user={editing}
          catalogue={catalogue}
          onClose={() => setEditing(null)}
          onDone={(updated) => {
            setEditing(null);
            announce(`Utente ${updated.username} aggiornato`);
          }}
        />
      )}
      <NewUserForm
        catalogue={catalogue}
        onCreated={(user) => {
          announce(`Utente ${user.username} creato`);
        }}
      />
    </main>
  );
}
