import type { SyncProgress, SyncRun, SyncView } from '../../api';
import { formatDateTime, formatNumber } from '../../format';

/** "1 nuova pratica", "25 nuove pratiche". */
function plural(count: number, one: string, many: string): string {
  const n = Number(count);
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

/** What the last run did, in Italian. */
export function runSummary(run: SyncRun): string {
  const read = `${Number(run.seen) === 1 ? 'Letta' : 'Lette'} dal portale ${plural(run.seen, 'domanda', 'domande')}`;
  const intake = [
    plural(run.created, 'nuova pratica', 'nuove pratiche'),
    plural(run.updated, 'aggiornata', 'aggiornate'),
    `${formatNumber(Number(run.quarantined))} in quarantena`,
  ].join(', ');
  const sent = [plural(run.delivered, 'consegnato', 'consegnati'), plural(run.failed, 'non riuscito', 'non riusciti')].join(', ');
  return `${read}: ${intake}. Invii al portale: ${sent}.`;
}

function runOutcome(run: SyncRun): { label: string; tone: string } {
  if (run.error) return { label: 'interrotta', tone: 'text-danger' };
  if (!run.finishedAt) return { label: 'in corso', tone: '' };
  return { label: 'completata', tone: 'text-success' };
}

function LastRun({ run }: { run: SyncRun | null }) {
  if (!run) {
    return (
      <p data-testid="sync-last-run" data-created="0">
        Nessuna sincronizzazione eseguita finora.
      </p>
    );
  }
  const outcome = runOutcome(run);
  return (
    <div data-testid="sync-last-run" data-created={Number(run.created)} data-finished={run.finishedAt !== null}>
      <p className="mb-1">
        Ultima sincronizzazione: <strong>{formatDateTime(run.finishedAt ?? run.startedAt)}</strong> —{' '}
        <strong className={outcome.tone}>{outcome.label}</strong>
        {run.fullScan && ' (riconciliazione completa)'}
      </p>
      <p className="mb-1">{runSummary(run)}</p>
      {run.error && (
        <p className="mb-1">
          Motivo dell&apos;interruzione (per l&apos;assistenza tecnica): <span lang="en">{run.error}</span>
        </p>
      )}
    </div>
  );
}

/** The bar of a run going on: how many applications were read, or indeterminate while delivering. */
function RunProgress({ progress }: { progress: SyncProgress }) {
  const done = Number(progress.done);
  const total = progress.total === null ? null : Number(progress.total);
  const known = !progress.delivering && total !== null && total > 0;
  const text = known
    ? `Lettura delle domande dal portale: ${formatNumber(done)} di ${formatNumber(total)}`
    : `Invio al portale in corso: ${plural(done, 'invio consegnato', 'invii consegnati')}`;
  return (
    <div className="sync-progress mb-3" data-testid="sync-progress">
      <div
        className="progress"
        role="progressbar"
        aria-label="Avanzamento della sincronizzazione"
        aria-valuemin={known ? 0 : undefined}
        aria-valuemax={known ? total : undefined}
        aria-valuenow={known ? done : undefined}
        aria-valuetext={text}
      >
        <div
          className={known ? 'progress-bar' : 'progress-bar progress-bar-striped progress-bar-animated'}
          style={{ width: known ? `${(100 * done) / total}%` : '100%' }}
        />
      </div>
      <p className="mt-1 mb-0">{text}</p>
    </div>
  );
}

function Count({ kind, label, value }: { kind: string; label: string; value: number }) {
  return (
    <div className="sync-count" data-testid="sync-count" data-kind={kind}>
      <dt>{label}</dt>
      <dd>{formatNumber(Number(value))}</dd>
    </div>
  );
}

/** The link at a glance: which portal, the last run and its result, the counts, a run going on. */
export function SyncStatus({ view }: { view: SyncView }) {
  const { overview } = view;
  return (
    <section aria-labelledby="sync-status-title" className="sync-status">
      <h2 id="sync-status-title" className="h5">
        Stato del collegamento
      </h2>
      <p className="mb-1" data-testid="sync-portal">
        {view.portal ? (
          <>
            Portale: <code className="text-break">{view.portal}</code>
          </>
        ) : (
          'Questa postazione non sincronizza: la sincronizzazione con il portale è svolta dal server del Comune.'
        )}
        {view.simulated && (
          <span className="sync-simulated ms-2" data-testid="sync-simulated">
            Portale simulato (dati dimostrativi)
          </span>
        )}
      </p>
      <LastRun run={overview.lastRun} />
      <dl className="sync-counts">
        <Count kind="waiting" label="In attesa di invio" value={overview.waiting} />
        <Count kind="failed" label="Non riusciti" value={overview.failed} />
        <Count kind="quarantined" label="In quarantena" value={overview.quarantined} />
      </dl>
      {view.progress && <RunProgress progress={view.progress} />}
    </section>
  );
}
