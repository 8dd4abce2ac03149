import { render, screen } from '../test/render';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../api';
import { Login } from './Login';

vi.mock('../api', async (importOriginal) => ({
  ...(await importOriginal<typeof api>()),
  login: vi.fn(),
  appInfo: vi.fn(),
}));

describe('Login', () => {
  beforeEach(() => {
    vi.mocked(api.login).mockReset();
    vi.mocked(api.appInfo).mockResolvedValue({ comune: 'Comune di Prova', demo: false, demoPassword: null });
  });

  it('tells a demo database apart and shows the demo users', async () => {
    vi.mocked(api.appInfo).mockResolvedValue({ comune: 'Comune di Prova', demo: true, demoPassword: 'sportello-demo' });
    render(<Login onLogin={vi.fn()} />);
    const hint = await screen.findByTestId('login-demo-hint');
    expect(hint).toHaveTextContent('Ambiente dimostrativo');
    expect(hint).toHaveTextContent('sportello-demo');
    expect(screen.getByText('Comune di Prova')).toBeInTheDocument();
  });

  it('shows no demo hint on a real database', async () => {
    render(<Login onLogin={vi.fn()} />);
    expect(await screen.findByText('Comune di Prova')).toBeInTheDocument();
    expect(screen.queryByTestId('login-demo-hint')).toBeNull();
  });

  it('shows the Italian message of a bad-credentials error and stays on the form', async () => {
    vi.mocked(api.login).mockImplementation(async () => {
      throw new api.ApiError('badCredentials', 'Nome utente o password errati.');
    });
    const onLogin = vi.fn();
    render(<Login onLogin={onLogin} />);

    await userEvent.type(screen.getByLabelText('Nome utente'), 'mrossi');
    await userEvent.type(screen.getByLabelText('Password'), 'sbagliata');
    await userEvent.click(screen.getByTestId('login-submit'));

    expect(await screen.findByRole('alert')).toHaveTextContent('Nome utente o password errati.');
    expect(api.login).toHaveBeenCalledWith({ username: 'mrossi', password: 'sbagliata' });
    expect(onLogin).not.toHaveBeenCalled();
  });

  it('hands the session over on success', async () => {
    const session = { user: { id: 1, username: 'a', fullName: 'A', role: 'operatore', department: null, departmentName: null, active: true, passwordChangeDue: false }, demo: false, comune: 'X' } as const;
    vi.mocked(api.login).mockResolvedValue(session);
    const onLogin = vi.fn();
    render(<Login onLogin={onLogin} />);
    await userEvent.type(screen.getByLabelText('Nome utente'), 'a');
    await userEvent.type(screen.getByLabelText('Password'), 'b');
    await userEvent.click(screen.getByTestId('login-submit'));
    expect(onLogin).toHaveBeenCalledWith(session);
  });
});
