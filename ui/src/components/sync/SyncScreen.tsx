import { useEffect, useRef, useState } from 'react';
import * as api from '../../api';
import type { ApiError, OutboxItem } from '../../api';
import { useRetryDelivery, useSyncNow, useSyncOverview } from '../../data';
import { DELIVERY_LABELS } from '../../labels';
import { useAnnounce } from '../Announcer';
import { ErrorAlert } from '../ErrorAlert';
import { OutboxTable } from './OutboxTable';
import { QuarantineTable } from './QuarantineTable';
import { runSummary, SyncStatus } from './SyncStatus';

/** «Sincronizzazione» (administrators): the link with the citizens' portal — the last run, what
 * waits to be delivered, what failed, the quarantine. It reads itself again every few seconds. */
export function SyncScreen() {
  const overview = useSyncOverview();
  const retry = useRetryDelivery();
  const syncNow = useSyncNow();
  const announce = useAnnounce();
  const [error, setError] = useState<ApiError | null>(null);
  const [retrying, setRetrying] = useState<number | null>(null);
  const view = overview.data;

  // After «Sincronizza ora», say when the run asked for has finished (the bar is not read aloud).
  const waitingAfter = useRef<number | null | undefined>(undefined);
  const lastRun = view?.overview.lastRun ?? null;
  useEffect(() => {
    if (waitingAfter.current === undefined || !lastRun?.finishedAt) return;
    if (waitingAfter.current !== null && Number(lastRun.id) === Number(waitingAfter.current)) return;
    waitingAfter.current = undefined;
    announce(`Sincronizzazione terminata. ${runSummary(lastRun)}`);
  }, [lastRun, announce]);

  async function runNow() {
    setError(null);
    try {
      await syncNow.mutateAsync();
      waitingAfter.current = lastRun?.id ?? null;
      announce('Sincronizzazione avviata');
    } catch (e) {
      setError(api.toApiError(e));
    }
  }

  async function sendAgain(item: OutboxItem) {
    setError(null);
    setRetrying(Number(item.id));
    try {
      const updated = await retry.mutateAsync(Number(item.id));
      // The button goes with the failure: keep the keyboard in the table's section.
      document.getElementById('sync-outbox-title')?.focus();
      announce(`${DELIVERY_LABELS[updated.delivery]} della pratica n. ${Number(updated.submissionId)}: di nuovo in attesa di invio`);
    } catch (e) {
      setError(api.toApiError(e));
    } finally {
      setRetrying(null);
    }
  }

  return (
    <main className="container-fluid py-3 sync-screen" aria-labelledby="sync-title">
      <div className="sync-title-row">
        <h1 id="sync-title" className="h3 mb-0">
          Sincronizzazione
        </h1>
        <button
          type="button"
          className="btn btn-primary"
          data-testid="sync-now"
          disabled={syncNow.isPending || !view}
          onClick={runNow}
        >
          {syncNow.isPending ? 'Avvio in corso…' : 'Sincronizza ora'}
        </button>
      </div>
      <p>Il collegamento con il portale dei cittadini: domande ricevute, comunicazioni da consegnare, errori e quarantena.</p>
      <ErrorAlert error={error ?? overview.error} />
      {!view ? (
        !overview.error && <p aria-busy="true">Caricamento…</p>
      ) : (
        <>
          <SyncStatus view={view} />
          <OutboxTable items={view.overview.outbox} retrying={retrying} onRetry={sendAgain} />
          <QuarantineTable items={view.overview.quarantine} />
        </>
      )}
    </main>
  );
}
