import { fireEvent, render, screen, waitFor, within } from '../test/render';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockIpc, invoked } from '../test/ipc/vitest';
import { CATALOGUE } from '../test/ipc/catalogue';
import { SESSIONS } from '../test/people';
import { Workspace } from './Workspace';

// The queue, the counts and the detail through the data layer and the shared IPC mock.
describe('Workspace with the data layer', () => {
  it('shows an action in the queue row and the counts without reloading the queue', async () => {
    mockIpc({ role: 'operatore', total: 16 });
    render(<Workspace session={SESSIONS.operatore} catalogue={CATALOGUE} />);
    const first = (await screen.findAllByTestId('queue-row'))[0]!;
    expect(first).toHaveAttribute('data-state', 'received');
    fireEvent.click(first);
    await userEvent.click(await screen.findByRole('button', { name: /^Prendi in carico/ }));
    await waitFor(() => expect(screen.getAllByTestId('queue-row')[0]).toHaveAttribute('data-state', 'inReview'));
    expect(within(screen.getByTestId('detail')).getByTestId('detail-state')).toHaveTextContent('In istruttoria');
    // The row changed in place (one page asked for); the counts were asked again.
    await waitFor(() => expect(invoked().filter((c) => c === 'queue_counts')).toHaveLength(2));
    expect(invoked().filter((c) => c === 'queue_page')).toHaveLength(1);
  });

  it('shows a refused action beside the buttons with its Italian message and code', async () => {
    mockIpc({ role: 'operatore', total: 16 }, {
      apply_action: () => Promise.reject({ code: 'illegalAction', message: 'Azione non consentita nello stato attuale.' }),
    });
    render(<Workspace session={SESSIONS.operatore} catalogue={CATALOGUE} />);
    fireEvent.click((await screen.findAllByTestId('queue-row'))[0]!);
    await userEvent.click(await screen.findByRole('button', { name: /^Prendi in carico/ }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Azione non consentita nello stato attuale.');
    expect(alert).toHaveAttribute('data-error-code', 'illegalAction');
    // The submission is read again: it may have changed under the officer.
    await waitFor(() => expect(invoked().filter((c) => c === 'submission_detail')).toHaveLength(2));
  });
});
