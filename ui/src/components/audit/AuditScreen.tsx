import { useState, type FormEvent } from 'react';
import type { AuditHead } from '../../api';
import { useAuditHead, useVerifyAudit } from '../../data';
import { useAnnounce } from '../Announcer';
import { ErrorAlert } from '../ErrorAlert';

const KIND_LABELS = {
  edited: 'Modificata',
  missing: 'Cancellate',
  broken: 'Fuori catena',
  head: 'Testa della catena',
} as const;

/** «Registro di controllo»: the audit trail's head, and a check of the whole chain that says where
 * it was touched. For administrators and the records manager. */
export function AuditScreen() {
  const head = useAuditHead();
  const verify = useVerifyAudit();
  const announce = useAnnounce();
  const [anchorSeq, setAnchorSeq] = useState('');
  const [anchorHash, setAnchorHash] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const report = verify.data;

  function check(event: FormEvent) {
    event.preventDefault();
    setInvalid(null);
    let anchor: AuditHead | null = null;
    if (anchorSeq.trim() || anchorHash.trim()) {
      const seq = Number(anchorSeq);
      const hash = anchorHash.trim().toLowerCase();
      if (!Number.isInteger(seq) || seq < 1 || !/^[0-9a-f]{64}$/.test(hash)) {
        setInvalid("Indicare il numero e l'impronta (64 cifre esadecimali) stampati in precedenza, oppure lasciarli vuoti.");
        return;
      }
      anchor = { seq, hash };
    }
    verify.mutate(anchor, {
      onSuccess: (r) =>
        announce(r.problems.length === 0 ? 'Registro di controllo integro' : `Registro di controllo alterato: ${r.problems.length} problemi`),
    });
  }

  return (
    <main className="container-fluid py-3 audit-screen" aria-labelledby="audit-title">
      <h1 id="audit-title" className="h3">
        Registro di controllo
      </h1>
      <p>
        Ogni modifica, decisione, assegnazione, operazione degli amministratori e ogni apertura di una pratica è registrata
        in una catena di impronte SHA-256: ciascuna registrazione dipende dalla precedente.
      </p>
      <ErrorAlert error={head.error} />
      {head.data && (
        <p data-testid="audit-head">
          Ultima registrazione: n. <strong>{head.data.seq}</strong>, impronta <code className="text-break">{head.data.hash}</code>
        </p>
      )}
      <form onSubmit={check} noValidate className="mb-3">
        <fieldset className="mb-3">
          <legend className="h6">Impronta stampata in precedenza (facoltativa)</legend>
          <div className="row g-2">
            <div className="col-sm-3">
              <label htmlFor="anchor-seq" className="form-label">
                Numero
              </label>
              <input id="anchor-seq" className="form-control" inputMode="numeric" value={anchorSeq} onChange={(e) => setAnchorSeq(e.target.value)} />
            </div>
            <div className="col-sm-9">
              <label htmlFor="anchor-hash" className="form-label">
                Impronta
              </label>
              <input id="anchor-hash" className="form-control mono" value={anchorHash} onChange={(e) => setAnchorHash(e.target.value)} />
            </div>
          </div>
        </fieldset>
        <ErrorAlert error={invalid ?? verify.error} />
        <button type="submit" className="btn btn-primary" data-testid="audit-verify" disabled={verify.isPending}>
          {verify.isPending ? 'Verifica in corso…' : 'Verifica la catena'}
        </button>
      </form>
      {report && (
        <section aria-labelledby="audit-result-title" data-testid="audit-report" data-whole={report.problems.length === 0}>
          <h2 id="audit-result-title" className="h5">
            {report.problems.length === 0 ? 'Registro integro' : 'Registro alterato'}
          </h2>
          <p>
            Verificate {report.checked} registrazioni, dalla n. {report.fromSeq + 1} alla n. {report.headSeq}.
          </p>
          {report.problems.length > 0 && (
            <table className="table table-sm">
              <caption>Dove la catena è stata alterata</caption>
              <thead>
                <tr>
                  <th scope="col">Registrazione</th>
                  <th scope="col">Tipo</th>
                  <th scope="col">Descrizione</th>
                </tr>
              </thead>
              <tbody>
                {report.problems.map((p) => (
                  <tr key={`${p.seq}-${p.kind}`} data-testid="audit-problem">
                    <td>n. {p.seq}</td>
                    <td>{KIND_LABELS[p.kind]}</td>
                    <td>{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </main>
  );
}
