import { render, screen, waitFor, within } from '../../test/render';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { argsOf, mockIpc } from '../../test/ipc/vitest';
import { Announcer } from '../Announcer';
import { Detail } from './Detail';

// Messages on the portal, in the detail of a submission that came from it (the mock's all do).
function renderDetail() {
  mockIpc({ role: 'operatore', total: 16 });
  render(
    <Announcer>
      <Detail id={2} onSelect={vi.fn()} />
    </Announcer>,
  );
}

describe('messages on the portal', () => {
  it('writes to the citizen: the message waits for delivery and is announced', async () => {
    renderDetail();
    const section = within(await screen.findByRole('region', { name: 'Messaggi sul portale' }));
    expect(section.getByText('Nessun messaggio.')).toBeInTheDocument();
    await userEvent.type(section.getByLabelText('Scrivi al cittadino'), 'Manca la copia del contratto.');
    await userEvent.click(section.getByRole('button', { name: 'Invia' }));
    expect(await section.findByText('Manca la copia del contratto.')).toBeInTheDocument();
    expect(section.getByText(/in attesa di consegna al portale/)).toBeInTheDocument();
    expect(argsOf('write_message')).toEqual([{ id: 2, message: { text: 'Manca la copia del contratto.', internal: false, attachments: [] } }]);
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('sarà consegnato al cittadino'));
    expect(section.getByLabelText('Scrivi al cittadino')).toHaveValue('');
  });

  it('marks an internal note as such', async () => {
    renderDetail();
    const section = within(await screen.findByRole('region', { name: 'Messaggi sul portale' }));
    await userEvent.type(section.getByLabelText('Scrivi al cittadino'), 'Verificare in anagrafe.');
    await userEvent.click(section.getByLabelText('Nota interna (non visibile al cittadino)'));
    await userEvent.click(section.getByRole('button', { name: 'Invia' }));
    expect(await section.findByText('Nota interna')).toBeInTheDocument();
    expect(argsOf('write_message')).toEqual([{ id: 2, message: { text: 'Verificare in anagrafe.', internal: true, attachments: [] } }]);
  });

  it('sends the chosen files with the message, as base64, and lists them', async () => {
    renderDetail();
    const section = within(await screen.findByRole('region', { name: 'Messaggi sul portale' }));
    await userEvent.type(section.getByLabelText('Scrivi al cittadino'), 'In allegato il modulo.');
    const pdf = new File(['%PDF-1.4 modulo'], 'modulo.pdf', { type: 'application/pdf' });
    await userEvent.upload(section.getByLabelText(/^Allegati/), pdf);
    await userEvent.click(section.getByRole('button', { name: 'Invia' }));
    expect(await section.findByTestId('message-files')).toHaveTextContent('Allegati: modulo.pdf');
    expect(argsOf('write_message')).toEqual([
      { id: 2, message: { text: 'In allegato il modulo.', internal: false, attachments: [{ requirement: null, name: 'modulo.pdf', content: btoa('%PDF-1.4 modulo') }] } },
    ]);
    expect(section.getByLabelText(/^Allegati/)).toHaveValue('');
  });
});
