import { render, screen, waitFor } from '../../test/render';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import * as api from '../../api';
import type { UserInfo } from '../../api';
import { EditUserDialog } from './EditUserDialog';

vi.mock('../../api', async (importOriginal) => ({ ...(await importOriginal<typeof api>()), updateUser: vi.fn() }));

const user: UserInfo = { id: 5, username: 'm.rossi', fullName: 'Marco Rossi', role: 'operatore', department: 'demografici', departmentName: 'Servizi demografici', active: true, passwordChangeDue: false };
const catalogue = { departments: [{ id: 'demografici', name: 'Servizi demografici' }, { id: 'sociali', name: 'Servizi sociali' }], services: [] };

describe('EditUserDialog', () => {
  it('moves a user to another office and keeps the password when none is typed', async () => {
    vi.mocked(api.updateUser).mockResolvedValue({ ...user, role: 'responsabile', department: 'sociali' });
    const onDone = vi.fn();
    render(<EditUserDialog user={user} catalogue={catalogue} onClose={vi.fn()} onDone={onDone} />);
    await userEvent.selectOptions(screen.getByLabelText('Ruolo'), 'responsabile');
    await userEvent.selectOptions(screen.getByLabelText('Ufficio'), 'sociali');
    await userEvent.click(screen.getByTestId('edit-user-confirm'));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(api.updateUser).toHaveBeenCalledWith(5, { role: 'responsabile', department: 'sociali', password: null });
  });

  it('shows the Italian refusal and keeps the dialog open', async () => {
    vi.mocked(api.updateUser).mockRejectedValue(new api.ApiError('invalidInput', 'La password deve avere almeno 10 caratteri.'));
    render(<EditUserDialog user={user} catalogue={catalogue} onClose={vi.fn()} onDone={vi.fn()} />);
    await userEvent.type(screen.getByLabelText(/Nuova password/), 'corta');
    await userEvent.click(screen.getByTestId('edit-user-confirm'));
    expect(await screen.findByRole('alert')).toHaveTextContent('almeno 10 caratteri');
    expect(screen.getByLabelText(/Nuova password/)).toHaveValue('corta');
  });
});
