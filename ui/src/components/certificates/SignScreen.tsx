import { useEffect, useRef, useState } from 'react';
import * as api from '../../api';
import type { ApiError, IssueOutcome, IssueProgress } from '../../api';
import { useIssueCertificates, usePendingCertificates, useSigningDevice } from '../../data';
import { formatDateTime } from '../../format';
import { useAnnounce } from '../Announcer';
import { ErrorAlert } from '../ErrorAlert';

// `protocols` keeps the batch's requests as they were when it started: the list reloads after it.
type Run = {
  id: number;
  total: number;
  done: number;
  outcomes: IssueOutcome[];
  finished: boolean;
  protocols: Map<number, string>;
};

/** The head's batch: approved certificate requests, signed and issued with one PIN. */
export function SignScreen() {
  const pendingQuery = usePendingCertificates();
  const pending = pendingQuery.data ?? null;
  const deviceQuery = useSigningDevice();
  const device = deviceQuery.data ?? null;
  const issueBatch = useIssueCertificates();
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [pin, setPin] = useState('');
  const [run, setRun] = useState<Run | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const announce = useAnnounce();
  // One batch at a time, whatever the clicks: the button is disabled only after the next render.
  const inFlight = useRef(false);
  const runs = useRef(0);

  // Every request of a fresh list starts selected.
  useEffect(() => {
    if (pendingQuery.data) setSelected(new Set(pendingQuery.data.map((p) => p.submissionId)));
  }, [pendingQuery.data]);

  const running = run !== null && !run.finished;
  const allSelected = pending !== null && pending.length > 0 && selected.size === pending.length;

  function toggle(id: number) {
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  async function issue(event: React.FormEvent) {
    event.preventDefault();
    if (inFlight.current) return;
    inFlight.current = true;
    setError(null);
    const id = ++runs.current;
    const chosen = pending?.filter((p) => selected.has(p.submissionId)) ?? [];
    const ids = chosen.map((p) => p.submissionId);
    const protocols = new Map(chosen.map((p) => [p.submissionId, `${p.protocol} (${p.applicant})`]));
    setRun({ id, total: ids.length, done: 0, outcomes: [], finished: false, protocols });
    try {
      const onProgress = (p: IssueProgress) => {
        if (p.event === 'document') {
          setRun((r) => (r && r.id === id && !r.finished ? { ...r, done: p.done, outcomes: [...r.outcomes, p.outcome] } : r));
        } else if (p.event === 'finished') {
          // The stream alone completes the run; the answer below then replaces it with the same outcomes.
          setRun((r) => (r && r.id === id ? { ...r, finished: true } : r));
        }
      };
      // The data layer reloads the pending list (and what the batch changed) once it ends.
      const outcomes = await issueBatch.mutateAsync({ request: { submissionIds: ids, pin }, onProgress });
      const issued = outcomes.filter((o) => o.status === 'issued').length;
      setRun({ id, total: ids.length, done: ids.length, outcomes, finished: true, protocols });
      announce(`${issued} certificati rilasciati, ${outcomes.length - issued} non rilasciati`);
      setPin('');
    } catch (e) {
      setRun(null);
      setError(api.toApiError(e));
    } finally {
      inFlight.current = false;
    }
  }

  return (
    <main className="container-fluid py-3 sign-screen" aria-labelledby="sign-title">
      <h1 id="sign-title" className="h3">
        Firma e rilascio dei certificati
      </h1>
      {device && (
        <p data-testid="signing-device">
          Dispositivo di firma: <strong>{device.label}</strong>
          {device.demo && <span className="badge bg-warning text-dark ms-2">DEMO — non valido</span>}
        </p>
      )}
      <ErrorAlert error={error ?? pendingQuery.error ?? deviceQuery.error} />
      <form onSubmit={issue}>
        <div className="table-responsive">
          <table className="table table-sm align-middle" data-testid="pending-table">
            <caption>
              {pending ? `${pending.length} richieste accolte in attesa del certificato` : 'Caricamento…'}
            </caption>
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    className="form-check-input"
                    aria-label="Seleziona tutte"
                    checked={allSelected}
                    disabled={running}
                    onChange={() =>
                      setSelected(allSelected ? new Set() : new Set(pending?.map((p) => p.submissionId)))
                    }
                  />
                </th>
                <th scope="col">Protocollo</th>
                <th scope="col">Richiedente</th>
                <th scope="col">Certificato</th>
                <th scope="col">Intestatario</th>
                <th scope="col">Uso</th>
                <th scope="col">Accolta il</th>
              </tr>
            </thead>
            <tbody>
              {pending?.map((p) => (
                <tr key={p.submissionId} data-testid="pending-row">
                  <td>
                    <input
                      type="checkbox"
                      className="form-check-input"
                      aria-label={`Seleziona ${p.protocol} di ${p.applicant}`}
                      checked={selected.has(p.submissionId)}
                      disabled={running}
                      onChange={() => toggle(p.submissionId)}
                    />
                  </td>
                  <td className="text-nowrap">{p.protocol}</td>
                  <td>{p.applicant}</td>
                  <td>{p.kind}</td>
                  <td>
                    <code>{p.subjectFiscalCode}</code>
                  </td>
                  <td>{p.declaredUse}</td>
                  <td className="text-nowrap">{formatDateTime(p.approvedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="d-flex gap-3 align-items-end flex-wrap">
          {device?.needsPin && (
            <div>
              <label htmlFor="sign-pin" className="form-label">
                PIN del dispositivo di firma
              </label>
              <input
                id="sign-pin"
                type="password"
                className="form-control"
                autoComplete="off"
                value={pin}
                disabled={running}
                onChange={(e) => setPin(e.target.value)}
              />
            </div>
          )}
          <button
            type="submit"
            className="btn btn-primary"
            data-testid="sign-submit"
            disabled={running || selected.size === 0 || (device?.needsPin && pin === '')}
          >
            Firma e rilascia {selected.size} certificati
          </button>
        </div>
      </form>
      {run && (
        <section className="mt-4" aria-labelledby="sign-progress-title">
          <h2 id="sign-progress-title" className="h5">
            {run.finished ? 'Esito del rilascio' : 'Rilascio in corso…'}
          </h2>
          <div
            className="progress"
            role="progressbar"
            aria-label="Avanzamento del rilascio"
            aria-valuemin={0}
            aria-valuemax={run.total}
            aria-valuenow={run.done}
          >
            <div className="progress-bar" style={{ width: `${run.total ? (100 * run.done) / run.total : 100}%` }} />
          </div>
          <p className="mt-2 mb-0" data-testid="issue-count">
            {run.done} di {run.total} documenti elaborati
          </p>
          <ul className="list-unstyled mt-3" data-testid="issue-results">
            {run.outcomes.map((o) => (
              <li key={o.submissionId} data-testid="issue-result" data-status={o.status}>
                {o.status === 'issued' ? (
                  <span>
                    <span aria-hidden="true">✓ </span>
                    Pratica {run.protocols.get(o.submissionId) ?? o.submissionId}: rilasciato il certificato{' '}
                    <code>{o.documentId}</code>, protocollo {o.protocol}
                  </span>
                ) : (
                  <span className="text-danger">
                    <span aria-hidden="true">✗ </span>
                    Pratica {run.protocols.get(o.submissionId) ?? o.submissionId}: non rilasciato. {o.message}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
