import { render, screen } from '../test/render';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { invoked, mockIpc } from '../test/ipc/vitest';
import { SESSIONS } from '../test/people';
import { PasswordChange } from './PasswordChange';

const due = { ...SESSIONS.operatore, user: { ...SESSIONS.operatore.user, passwordChangeDue: true } };

describe('PasswordChange', () => {
  it('refuses two different passwords without calling the core', async () => {
    mockIpc({ role: 'operatore' });
    const onChanged = vi.fn();
    render(<PasswordChange session={due} onChanged={onChanged} onLogout={vi.fn()} />);
    await userEvent.type(screen.getByLabelText('Nuova password'), 'una-password-lunga');
    await userEvent.type(screen.getByLabelText('Ripetere la nuova password'), 'un-altra-password');
    await userEvent.click(screen.getByTestId('password-change-submit'));
    expect(await screen.findByRole('alert')).toHaveTextContent('Le due password non coincidono.');
    expect(invoked()).not.toContain('change_password');
    expect(onChanged).not.toHaveBeenCalled();
  });

  it("shows the core's refusal of a short password, then continues with a good one", async () => {
    mockIpc({ role: 'operatore' });
    const onChanged = vi.fn();
    render(<PasswordChange session={due} onChanged={onChanged} onLogout={vi.fn()} />);
    await userEvent.type(screen.getByLabelText('Nuova password'), 'corta');
    await userEvent.type(screen.getByLabelText('Ripetere la nuova password'), 'corta');
    await userEvent.click(screen.getByTestId('password-change-submit'));
    expect(await screen.findByRole('alert')).toHaveTextContent('almeno 10 caratteri');
    await userEvent.clear(screen.getByLabelText('Nuova password'));
    await userEvent.clear(screen.getByLabelText('Ripetere la nuova password'));
    await userEvent.type(screen.getByLabelText('Nuova password'), 'una-password-lunga');
    await userEvent.type(screen.getByLabelText('Ripetere la nuova password'), 'una-password-lunga');
    await userEvent.click(screen.getByTestId('password-change-submit'));
    await vi.waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect(onChanged.mock.calls[0]?.[0].user.passwordChangeDue).toBe(false);
  });
});
