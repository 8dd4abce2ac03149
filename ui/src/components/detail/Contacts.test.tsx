import { render, screen, waitFor, within } from '../../test/render';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { formatDate, todayIso } from '../../format';
import { argsOf, invoked, mockIpc } from '../../test/ipc/vitest';
import { Announcer } from '../Announcer';
import { Detail } from './Detail';

// The contact log in the submission's detail, through the data layer and the shared IPC mock.
function renderDetail(id = 2) {
  mockIpc({ role: 'operatore', total: 16 });
  render(
    <Announcer>
      <Detail id={id} onSelect={vi.fn()} />
    </Announcer>,
  );
}

const contacts = () => within(screen.getByTestId('contacts'));

async function openDialog() {
  await userEvent.click(await screen.findByRole('button', { name: 'Registra contatto' }));
  return within(screen.getByRole('dialog', { name: /^Registra contatto/ }));
}

describe('contact log', () => {
  it('starts empty, with a button to record a contact', async () => {
    renderDetail();
    const section = await screen.findByRole('region', { name: 'Contatti con il cittadino' });
    expect(section).toHaveTextContent('Nessun contatto registrato.');
  });

  it('refuses an empty summary with the Italian message and keeps the dialog open', async () => {
    renderDetail();
    const dialog = await openDialog();
    expect(dialog.getByRole('radio', { name: 'Telefono' })).toHaveFocus();
    await userEvent.click(dialog.getByTestId('contact-confirm'));
    expect(await dialog.findByRole('alert')).toHaveTextContent('Indicare in breve il contenuto del contatto.');
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(contacts().getByText('Nessun contatto registrato.')).toBeInTheDocument();
  });

  it('records a call with a callback: the log shows it and a screen reader hears it', async () => {
    renderDetail();
    const dialog = await openDialog();
    await userEvent.click(dialog.getByRole('radio', { name: 'E-mail' }));
    await userEvent.click(dialog.getByRole('radio', { name: 'L’ufficio ha contattato il cittadino' }));
    await userEvent.type(dialog.getByLabelText(/Contenuto del contatto/), 'Chiesto il contratto registrato.');
    await userEvent.type(dialog.getByLabelText('Esito'), 'Lo manderà entro venerdì.');
    const who = dialog.getByLabelText('Chi richiama');
    expect(who).toBeDisabled();
    await userEvent.type(dialog.getByLabelText('Richiamare entro'), todayIso());
    await userEvent.selectOptions(who, 'Mario Rossi');
    await userEvent.click(dialog.getByTestId('contact-confirm'));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(argsOf('record_contact')).toEqual([{
      id: 2,
      contact: {
        channel: 'email',
        incoming: false,
        summary: 'Chiesto il contratto registrato.',
        outcome: 'Lo manderà entro venerdì.',
        callbackDue: todayIso(),
        callbackBy: 2,
      },
    }]);
    const entry = await contacts().findByTestId('contact-entry');
    expect(entry).toHaveTextContent('E-mail, al cittadino');
    expect(entry).toHaveTextContent('registrato da Mario Rossi');
    expect(entry).toHaveTextContent('Chiesto il contratto registrato.');
    expect(entry).toHaveTextContent('Esito: Lo manderà entro venerdì.');
    expect(entry).toHaveTextContent(`Richiamare entro ${formatDate(todayIso())} (Mario Rossi)`);
    await waitFor(() =>
      expect(screen.getByTestId('live-status')).toHaveTextContent(
        `Contatto registrato: E-mail, da richiamare entro il ${formatDate(todayIso())}`,
      ),
    );
    // The detail is read again: its history has the new row.
    await waitFor(() => expect(invoked().filter((c) => c === 'submission_detail')).toHaveLength(2));
  });

  it('marks a callback done: the button goes, the line says when, focus stays on it', async () => {
    renderDetail();
    const dialog = await openDialog();
    await userEvent.type(dialog.getByLabelText(/Contenuto del contatto/), 'Non riesce ad allegare il PDF.');
    await userEvent.type(dialog.getByLabelText('Richiamare entro'), todayIso());
    await userEvent.click(dialog.getByTestId('contact-confirm'));
    const entry = await contacts().findByTestId('contact-entry');
    expect(entry).toHaveTextContent(`Richiamare entro ${formatDate(todayIso())} (chiunque dell’ufficio)`);

    await userEvent.click(within(entry).getByRole('button', { name: 'Segna come fatto' }));
    await waitFor(() => expect(entry).toHaveTextContent('Richiamo fatto il 06/03/2026'));
    expect(within(entry).queryByRole('button', { name: 'Segna come fatto' })).toBeNull();
    expect(within(entry).getByText('Richiamo fatto il 06/03/2026')).toHaveFocus();
    await waitFor(() =>
      expect(screen.getByTestId('live-status')).toHaveTextContent('Richiamo segnato come fatto: Non riesce ad allegare il PDF.'),
    );
  });
});
