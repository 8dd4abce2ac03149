import { act, render, screen, waitFor } from '../test/render';
import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../api';
import { App } from '../App';
import type { ChangeFeed } from '../test/ipc/handlers';
import { invoked, mockIpc } from '../test/ipc/vitest';

/** The window's change feed as the mock received it: the test plays another workstation. */
async function feedOf(feeds: ChangeFeed[]) {
  await waitFor(() => expect(feeds).toHaveLength(1));
  return (event: ChangeEvent) => act(() => feeds[0]!.onmessage(event));
}

describe('live updates from other workstations', () => {
  it('reads the queue and counts again when another workstation changes a submission', async () => {
    const feeds: ChangeFeed[] = [];
    mockIpc({ role: 'operatore', total: 16, onWatch: (f) => feeds.push(f) });
    render(<App />);
    await screen.findAllByTestId('queue-row');
    const send = await feedOf(feeds);
    const pages = () => invoked().filter((c) => c === 'queue_page').length;
    const before = pages();
    send({ kind: 'submissions', ids: [3, 4] });
    await waitFor(() => expect(pages()).toBe(before + 1));
    expect(invoked().filter((c) => c === 'queue_counts').length).toBeGreaterThanOrEqual(2);
  });

  it('says when the connection is lost and reads everything again once it is back', async () => {
    const feeds: ChangeFeed[] = [];
    mockIpc({ role: 'operatore', total: 16, onWatch: (f) => feeds.push(f) });
    render(<App />);
    await screen.findAllByTestId('queue-row');
    const send = await feedOf(feeds);
    send({ kind: 'lost' });
    expect(await screen.findByTestId('connection-lost')).toHaveTextContent('Connessione al server interrotta');
    const catalogueReads = invoked().filter((c) => c === 'catalogue').length;
    send({ kind: 'everything' });
    await waitFor(() => expect(screen.queryByTestId('connection-lost')).toBeNull());
    await waitFor(() => expect(invoked().filter((c) => c === 'catalogue').length).toBe(catalogueReads + 1));
  });

  it('does not listen for an administrator, who works on no queue', async () => {
    const feeds: ChangeFeed[] = [];
    mockIpc({ role: 'amministratore', onWatch: (f) => feeds.push(f) });
    render(<App />);
    await screen.findByRole('heading', { name: 'Utenti' });
    expect(invoked()).not.toContain('watch_changes');
  });
});
