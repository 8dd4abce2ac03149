import { render, screen, waitFor } from '../test/render';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import { invoked, mockIpc } from '../test/ipc/vitest';

// The workstation's idle lock, shortened to 300 ms (`sportello.toml` counts in minutes).
const SHORT = 0.005;

describe('an idle window', () => {
  it('locks, ends the session in the shell, and opens again for the same user with the password', async () => {
    mockIpc({ role: 'operatore', total: 16, idleLockMinutes: SHORT });
    render(<App />);
    expect((await screen.findAllByTestId('queue-row')).length).toBeGreaterThan(0);
    const lock = await screen.findByTestId('lock-screen');
    expect(lock).toHaveTextContent('Mario Rossi');
    expect(invoked()).toContain('logout');
    // What was on screen stays underneath, out of reach.
    expect(screen.getAllByTestId('queue-row')[0]!.closest('[inert]')).not.toBeNull();

    await userEvent.type(screen.getByLabelText('Password'), 'sbagliata');
    await userEvent.click(screen.getByTestId('unlock-submit'));
    expect(await screen.findByRole('alert')).toHaveTextContent('Nome utente o password non validi.');

    await userEvent.type(screen.getByLabelText('Password'), 'demo');
    await userEvent.click(screen.getByTestId('unlock-submit'));
    await waitFor(() => expect(screen.queryByTestId('lock-screen')).toBeNull());
    expect(screen.getAllByTestId('queue-row')[0]!.closest('[inert]')).toBeNull();
    // Live updates start again for the unlocked session (the shell stopped them at the lock).
    expect(invoked().filter((c) => c === 'watch_changes')).toHaveLength(2);
  });

  it('never locks when the workstation says 0', async () => {
    mockIpc({ role: 'operatore', total: 16, idleLockMinutes: 0 });
    render(<App />);
    await screen.findAllByTestId('queue-row');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(screen.queryByTestId('lock-screen')).toBeNull();
    expect(invoked()).not.toContain('logout');
  });
});
