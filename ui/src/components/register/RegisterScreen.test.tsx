import { fireEvent, render, screen, waitFor, within } from '../../test/render';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../../api';
import type { RegisterEntry } from '../../api';
import { RegisterScreen } from './RegisterScreen';

vi.mock('../../api', async (importOriginal) => ({
  ...(await importOriginal<typeof api>()),
  registerEntries: vi.fn(),
  annulRegistration: vi.fn(),
}));

const entry: RegisterEntry = {
  id: 7,
  protocol: '2026/0000007',
  direction: 'incoming',
  registeredAt: '2026-03-02T09:30:00Z',
  correspondent: 'Rossi Mario (RSSMRA85T10A562S)',
  subject: 'Richiesta di certificato - Rossi Mario',
  documentSha256: 'a'.repeat(64),
  submissionId: 3,
  operator: 'Sportello',
  annulment: null,
};

describe('RegisterScreen', () => {
  beforeEach(() => {
    vi.mocked(api.registerEntries).mockResolvedValue([entry]);
    vi.mocked(api.annulRegistration).mockReset();
  });

  it('annuls a registration with its act and keeps it listed, marked as annulled', async () => {
    const annulled = { ...entry, annulment: { annulledAt: '2026-03-03T10:00:00Z', operator: 'Admin', act: 'Det. 12/2026', reason: 'Doppia' } };
    vi.mocked(api.annulRegistration).mockResolvedValue(annulled);
    render(<RegisterScreen />);
    const row = await screen.findByTestId('register-row');
    expect(row).toHaveTextContent('2026/0000007');
    await userEvent.click(within(row).getByRole('button', { name: /Annulla/ }));
    await userEvent.click(screen.getByTestId('annul-confirm'));
    expect(await screen.findByRole('alert')).toHaveTextContent("Indicare l'atto");
    expect(api.annulRegistration).not.toHaveBeenCalled();
    await userEvent.type(screen.getByLabelText(/Atto che autorizza/), 'Det. 12/2026');
    await userEvent.type(screen.getByLabelText(/^Motivo/), 'Doppia');
    await userEvent.click(screen.getByTestId('annul-confirm'));
    await waitFor(() => expect(screen.getByTestId('register-row')).toHaveAttribute('data-annulled', 'true'));
    expect(api.annulRegistration).toHaveBeenCalledWith({ number: '2026/0000007', act: 'Det. 12/2026', reason: 'Doppia' });
    expect(screen.getByTestId('register-row')).toHaveTextContent('Det. 12/2026');
  });

  it('shows the year asked last even when an earlier reply arrives after it', async () => {
    const replies = new Map<number, (list: RegisterEntry[]) => void>();
    vi.mocked(api.registerEntries).mockImplementation((year) => new Promise((resolve) => replies.set(year, resolve)));
    render(<RegisterScreen />);
    const input = screen.getByLabelText('Anno');
    fireEvent.change(input, { target: { value: '2025' } });
    await waitFor(() => expect(replies.has(2025)).toBe(true));
    fireEvent.change(input, { target: { value: '2024' } });
    await waitFor(() => expect(replies.has(2024)).toBe(true));
    replies.get(2024)?.([{ ...entry, id: 24, protocol: '2024/0000024' }]);
    expect(await screen.findByTestId('register-row')).toHaveTextContent('2024/0000024');
    // The reply for 2025 (asked while typing) comes last: the screen still shows 2024.
    replies.get(2025)?.([{ ...entry, id: 25, protocol: '2025/0000025' }]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.getAllByTestId('register-row')).toHaveLength(1);
    expect(screen.getByTestId('register-row')).toHaveTextContent('2024/0000024');
    expect(screen.getByText('1 registrazioni nel 2024')).toBeInTheDocument();
  });
});
