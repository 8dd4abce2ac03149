import { Fragment, useState } from 'react';
import { formatDate, formatDateTime } from '../../format';
import { useVerifyDocument } from '../../data';
import { ErrorAlert } from '../ErrorAlert';

const MAX_MB = 20;

/** «Verifica»: anyone checks a PDF certificate — signature, register, annulment, validity. */
export function VerifyScreen() {
  const verify = useVerifyDocument();
  const [refused, setRefused] = useState<string | null>(null);
  const report = refused ? undefined : verify.data;
  const error = refused ?? verify.error;
  const busy = verify.isPending;

  async function check(file: File | undefined) {
    verify.reset();
    setRefused(null);
    if (!file) return;
    // Checked before reading the file: a huge one is never loaded into the window.
    if (file.size > MAX_MB * 1024 * 1024) {
      setRefused(`Il file supera i ${MAX_MB} MB: non è un certificato emesso da Sportello.`);
      return;
    }
    verify.mutate(new Uint8Array(await file.arrayBuffer()));
  }

  const ok = report?.verdict === 'valid';
  return (
    <main className="container py-3 verify-screen" aria-labelledby="verify-title">
      <h1 id="verify-title" className="h3">
        Verifica di un documento
      </h1>
      <p>
        Scegliere il file PDF del certificato: si controllano la firma, la presenza nel registro di protocollo,
        l’eventuale annullamento e la validità.
      </p>
      <div className="mb-3">
        <label htmlFor="verify-file" className="form-label">
          File PDF da verificare
        </label>
        <input
          id="verify-file"
          type="file"
          accept="application/pdf,.pdf"
          className="form-control"
          data-testid="verify-file"
          onChange={(e) => check(e.target.files?.[0])}
        />
      </div>
      <div aria-live="polite" aria-busy={busy}>
        {busy && <p>Verifica in corso…</p>}
        <ErrorAlert error={error} />
        {report && (
          <section
            data-testid="verify-report"
            data-verdict={report.verdict}
            className={`alert ${ok ? 'alert-success' : 'alert-danger'}`}
            aria-labelledby="verify-verdict"
          >
            <h2 id="verify-verdict" className="h5">
              {report.summary}
            </h2>
            <dl className="row mb-0">
              {report.signatures.map((s, i) => (
                <Fragment key={i}>
                  <dt className="col-sm-4">Firma {i + 1}</dt>
                  <dd className="col-sm-8">
                    {s.signer}
                    {s.organisation ? ` (${s.organisation})` : ''} — {s.level}
                    {s.signedAt ? `, il ${formatDateTime(s.signedAt)}` : ''} —{' '}
                    {s.intact ? 'integra' : `non integra: ${s.problem ?? 'contenuto modificato'}`}
                    {s.demo ? ' — sigillo DEMO, senza valore legale' : ''}
                  </dd>
                </Fragment>
              ))}
              {report.certificate && (
                <>
                  <dt className="col-sm-4">Documento</dt>
                  <dd className="col-sm-8">
                    <code>{report.certificate.documentId}</code> — {report.certificate.kind}
                  </dd>
                  <dt className="col-sm-4">Protocollo</dt>
                  <dd className="col-sm-8">
                    {report.certificate.protocol} del {formatDateTime(report.certificate.issuedAt)}
                  </dd>
                  <dt className="col-sm-4">Validità</dt>
                  <dd className="col-sm-8">
                    {report.certificate.validUntil
                      ? `fino al ${formatDate(report.certificate.validUntil)}${report.expired ? ' (scaduto)' : ''}`
                      : 'illimitata'}
                  </dd>
                  {report.certificate.annulled && (
                    <>
                      <dt className="col-sm-4">Annullato</dt>
                      <dd className="col-sm-8">
                        il {formatDateTime(report.certificate.annulled.annulledAt)} con {report.certificate.annulled.act}:{' '}
                        {report.certificate.annulled.reason}
                      </dd>
                    </>
                  )}
                </>
              )}
              <dt className="col-sm-4">Impronta SHA-256</dt>
              <dd className="col-sm-8">
                <code className="text-break">{report.fileSha256}</code>
              </dd>
            </dl>
          </section>
        )}
      </div>
    </main>
  );
}
