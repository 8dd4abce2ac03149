import { render, screen, waitFor, within } from '@testing-library/react';
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
});
