import { useState } from 'react';
import type { RegisterEntry } from '../../api';
import { useRegister } from '../../data';
import { formatDateTime } from '../../format';
import { useAnnounce } from '../Announcer';
import { ErrorAlert } from '../ErrorAlert';
import { AnnulDialog } from './AnnulDialog';

/** The protocol register of a year, for the records manager: registrations and annulments. */
export function RegisterScreen() {
  const [year, setYear] = useState(new Date().getFullYear());
  // One query per year: a reply for a year typed earlier never replaces the one asked last.
  const register = useRegister(year);
  const entries = register.data;
  const [annulling, setAnnulling] = useState<RegisterEntry | null>(null);
  const announce = useAnnounce();


  return (
    <main className="container-fluid py-3 register-screen" aria-labelledby="register-title">
      <h1 id="register-title" className="h3">
        Registro di protocollo
      </h1>
      <div className="mb-3 register-year">
        <label htmlFor="register-year" className="form-label">
          Anno
        </label>
        <input
          id="register-year"
          type="number"
          className="form-control"
          value={year}
          min={2000}
          max={2100}
          onChange={(e) => setYear(Number(e.target.value) || new Date().getFullYear())}
        />
      </div>
      <ErrorAlert error={register.error} />
      <div className="table-responsive">
        <table className="table table-sm align-middle" data-testid="register-table">
          <caption>{entries ? `${entries.length} registrazioni nel ${year}` : 'Caricamento…'}</caption>
          <thead>
            <tr>
              <th scope="col">Numero</th>
              <th scope="col">Data e ora</th>
              <th scope="col">E/U</th>
              <th scope="col">Corrispondente</th>
              <th scope="col">Oggetto</th>
              <th scope="col">Impronta SHA-256</th>
              <th scope="col">Stato</th>
            </tr>
          </thead>
          <tbody>
            {entries?.map((e) => (
              <tr key={e.id} data-testid="register-row" data-annulled={e.annulment ? 'true' : 'false'}>
                <td className="text-nowrap">{e.protocol}</td>
                <td className="text-nowrap">{formatDateTime(e.registeredAt)}</td>
                <td>{e.direction === 'incoming' ? 'Entrata' : 'Uscita'}</td>
                <td>{e.correspondent}</td>
                <td>{e.subject}</td>
                <td>
                  <code title={e.documentSha256}>{e.documentSha256.slice(0, 12)}…</code>
                </td>
                <td>
                  {e.annulment ? (
                    <span>
                      <strong>Annullata</strong> il {formatDateTime(e.annulment.annulledAt)} ({e.annulment.act}): {e.annulment.reason}
                    </span>
                  ) : (
                    <button type="button" className="btn btn-sm btn-outline-danger" onClick={() => setAnnulling(e)}>
                      Annulla <span className="visually-hidden">la registrazione {e.protocol}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {annulling && (
        <AnnulDialog
          entry={annulling}
          onClose={() => setAnnulling(null)}
          onDone={(updated) => {
            setAnnulling(null);
            announce(`Registrazione ${updated.protocol} annullata`);
          }}
        />
      )}
    </main>
  );
}
