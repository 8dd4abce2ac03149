import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SyncProgress, SyncView } from '../../api';
import { App } from '../../App';
import { SYNC_REFRESH_MS } from '../../data';
import { invoked, mockIpc } from '../../test/ipc/vitest';
import { act, render, screen, waitFor, within } from '../../test/render';
import { SyncScreen } from './SyncScreen';

const count = (kind: string) => screen.getAllByTestId('sync-count').find((c) => c.dataset.kind === kind);

/** The mock's view with `change` applied to it. */
function viewWith(change: (view: SyncView) => SyncView) {
  const handlers = mockIpc({ role: 'amministratore' });
  const original = handlers.sync_overview;
  handlers.sync_overview = async (args) => change(await original(args));
  return handlers;
}

const progress = (p: { delivering: boolean; done: number; total: number | null }) => p as unknown as SyncProgress;

describe('SyncScreen', () => {
  afterEach(() => vi.useRealTimers());

  it('shows the portal, the simulated badge, the last run and the counts', async () => {
    mockIpc({ role: 'amministratore' });
    render(<SyncScreen />);
    expect(await screen.findByTestId('sync-simulated')).toHaveTextContent('Portale simulato (dati dimostrativi)');
    expect(screen.getByTestId('sync-portal')).toHaveTextContent(/http:\/\/127\.0\.0\.1:\d+\/lang\/api/);
    const last = screen.getByTestId('sync-last-run');
    expect(last).toHaveTextContent('Ultima sincronizzazione: 05/03/2026');
    expect(last).toHaveTextContent('completata');
    expect(last).toHaveTextContent('Lette dal portale 27 domande: 25 nuove pratiche, 0 aggiornate, 2 in quarantena.');
    expect(last).toHaveAttribute('data-created', '25');
    expect(count('waiting')).toHaveTextContent('In attesa di invio3');
    expect(count('failed')).toHaveTextContent('Non riusciti1');
    expect(count('quarantined')).toHaveTextContent('In quarantena2');
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('lists the deliveries with Italian labels and the quarantine with its reasons', async () => {
    mockIpc({ role: 'amministratore' });
    render(<SyncScreen />);
    const rows = await screen.findAllByTestId('outbox-row');
    expect(rows).toHaveLength(4);
    expect(rows[0]).toHaveTextContent('Ricevuta di presentazione (art. 18-bis)');
    const failed = rows.find((r) => r.dataset.state === 'failed')!;
    expect(failed).toHaveTextContent('Diniego con lettera');
    expect(failed).toHaveTextContent('Non riuscito');
    expect(within(failed).getByText(/409 Conflict/)).toHaveAttribute('lang', 'en');
    // Only a failed delivery can be sent again.
    expect(screen.getAllByTestId('outbox-retry')).toHaveLength(1);
    const quarantine = screen.getAllByTestId('quarantine-row');
    expect(quarantine).toHaveLength(2);
    expect(quarantine[0]).toHaveTextContent('servizio-dismesso-2019');
    expect(quarantine[0]).toHaveTextContent('3 volte');
    expect(quarantine[1]).toHaveTextContent('"XXX" is not valid');
    expect(quarantine[1]).toHaveTextContent('1 volta');
  });

  it('sends a failed delivery again: the row waits and the counts follow', async () => {
    mockIpc({ role: 'amministratore' });
    render(<SyncScreen />);
    const button = await screen.findByRole('button', { name: 'Riprova diniego con lettera della pratica n. 21' });
    await userEvent.click(button);
    await waitFor(() => expect(screen.queryByTestId('outbox-retry')).toBeNull());
    const row = screen.getAllByTestId('outbox-row').find((r) => r.dataset.id === '104')!;
    expect(row).toHaveAttribute('data-state', 'waiting');
    expect(row).toHaveTextContent('In attesa di invio');
    expect(invoked()).toContain('retry_delivery');
    await waitFor(() => expect(count('failed')).toHaveTextContent('Non riusciti0'));
    expect(count('waiting')).toHaveTextContent('In attesa di invio4');
    expect(screen.getByRole('heading', { name: 'Invii al portale non ancora consegnati' })).toHaveFocus();
  });

  it('shows how far a run has read, and an indeterminate bar while delivering', async () => {
    let current = progress({ delivering: false, done: 10, total: 25 });
    viewWith((view) => ({ ...view, progress: current }));
    vi.useFakeTimers({ shouldAdvanceTime: true });
    render(<SyncScreen />);
    const bar = await screen.findByRole('progressbar', { name: 'Avanzamento della sincronizzazione' });
    expect(bar).toHaveAttribute('aria-valuenow', '10');
    expect(bar).toHaveAttribute('aria-valuemax', '25');
    expect(screen.getByTestId('sync-progress')).toHaveTextContent('Lettura delle domande dal portale: 10 di 25');
    current = progress({ delivering: true, done: 2, total: null });
    await act(() => vi.advanceTimersByTimeAsync(SYNC_REFRESH_MS));
    await waitFor(() => expect(screen.getByTestId('sync-progress')).toHaveTextContent('Invio al portale in corso: 2 invii consegnati'));
    expect(screen.getByRole('progressbar')).not.toHaveAttribute('aria-valuenow');
  });

  it('reads the link again every few seconds while open', async () => {
    mockIpc({ role: 'amministratore' });
    vi.useFakeTimers({ shouldAdvanceTime: true });
    render(<SyncScreen />);
    await screen.findByTestId('sync-last-run');
    const reads = () => invoked().filter((c) => c === 'sync_overview').length;
    const before = reads();
    await act(() => vi.advanceTimersByTimeAsync(SYNC_REFRESH_MS + 100));
    await waitFor(() => expect(reads()).toBe(before + 1));
  });

  it('asks for a run now', async () => {
    mockIpc({ role: 'amministratore' });
    render(<SyncScreen />);
    await userEvent.click(await screen.findByRole('button', { name: 'Sincronizza ora' }));
    await waitFor(() => expect(invoked()).toContain('sync_now'));
  });

  it('says so in Italian when nothing waits and nothing is quarantined', async () => {
    viewWith((view) => ({
      ...view,
      overview: { ...view.overview, lastRun: null, outbox: [], quarantine: [] },
      simulated: false,
      portal: null,
    }));
    render(<SyncScreen />);
    expect(await screen.findByTestId('sync-outbox-empty')).toHaveTextContent('Nessun invio in attesa');
    expect(screen.getByTestId('sync-quarantine-empty')).toHaveTextContent('Nessuna domanda in quarantena');
    expect(screen.getByTestId('sync-last-run')).toHaveTextContent('Nessuna sincronizzazione eseguita finora.');
    expect(screen.queryByTestId('sync-simulated')).toBeNull();
  });

  it('shows a refusal the way the app shows errors', async () => {
    mockIpc({ role: 'operatore' });
    render(<SyncScreen />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveAttribute('data-error-code', 'forbidden');
    expect(alert).toHaveTextContent('Operazione riservata agli amministratori.');
  });
});

describe('«Sincronizzazione» in the navigation', () => {
  it('is offered to an administrator and opens the screen', async () => {
    mockIpc({ role: 'amministratore' });
    render(<App />);
    const nav = await screen.findByRole('navigation', { name: 'Navigazione principale' });
    await userEvent.click(within(nav).getByRole('button', { name: 'Sincronizzazione' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sincronizzazione' })).toBeInTheDocument();
    expect(await screen.findByTestId('sync-simulated')).toBeInTheDocument();
  });

  it.each(['operatore', 'responsabile', 'protocollo'] as const)('is not offered to the role %s', async (role) => {
    mockIpc({ role });
    render(<App />);
    const nav = await screen.findByRole('navigation', { name: 'Navigazione principale' });
    expect(within(nav).queryByRole('button', { name: 'Sincronizzazione' })).toBeNull();
    expect(invoked()).not.toContain('sync_overview');
  });
});
