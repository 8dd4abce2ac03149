import { render, screen, waitFor, within } from '../../test/render';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { NewContact } from '../../api';
import { todayIso } from '../../format';
import { CATALOGUE } from '../../test/ipc/catalogue';
import type { Handlers } from '../../test/ipc/handlers';
import { invoked, mockIpc } from '../../test/ipc/vitest';
import { SESSIONS, type RoleName } from '../../test/people';
import { Announcer } from '../Announcer';
import { Workspace } from '../Workspace';

// «Richiami da fare» in the queue screen, through the data layer and the shared IPC mock.
const call = (summary: string, callbackDue: string | null): NewContact => ({
  channel: 'phone',
  incoming: true,
  summary,
  outcome: '',
  callbackDue,
  callbackBy: null,
});

async function seed(handlers: Handlers, id: number, contact: NewContact) {
  await handlers.record_contact({ id, contact });
}

function renderWorkspace(role: RoleName) {
  render(
    <Announcer>
      <Workspace session={SESSIONS[role]} catalogue={CATALOGUE} />
    </Announcer>,
  );
}

const list = () => within(screen.getByRole('region', { name: /^Richiami da fare/ }));

describe('callbacks due in the queue', () => {
  it('is not shown when there is nothing to call back', async () => {
    const handlers = mockIpc({ role: 'operatore', total: 16 });
    await seed(handlers, 3, call('Nessun richiamo', null));
    renderWorkspace('operatore');
    await screen.findAllByTestId('queue-row');
    await waitFor(() => expect(invoked()).toContain('callbacks_due'));
    expect(screen.queryByTestId('callbacks-due')).toBeNull();
  });

  it('lists the callbacks, late ones said in words, and opens the submission chosen', async () => {
    const handlers = mockIpc({ role: 'operatore', total: 16 });
    await seed(handlers, 7, call('Chiede a che punto è la domanda.', todayIso()));
    await seed(handlers, 9, call('Non trova il modulo ISEE.', '2020-01-02'));
    renderWorkspace('operatore');

    const items = await screen.findAllByTestId('callback-item');
    expect(screen.getByRole('heading', { name: 'Richiami da fare (2)' })).toBeInTheDocument();
    const [today, late] = items as [HTMLElement, HTMLElement];
    expect(today).toHaveTextContent('2025/000007');
    expect(today).toHaveTextContent('Bianchi Maria');
    expect(today).toHaveTextContent('Tel. +39 06 1234567');
    expect(today).toHaveTextContent('Entro oggi · Chiunque dell’ufficio');
    expect(today).toHaveTextContent('Chiede a che punto è la domanda.');
    expect(today).not.toHaveTextContent('In ritardo');
    expect(late).toHaveTextContent('In ritardo, entro il 02/01/2020');

    await userEvent.click(late);
    const detail = await screen.findByTestId('detail');
    expect(within(detail).getByRole('heading', { level: 2 })).toHaveTextContent('2025/000009');
    expect(late).toHaveAttribute('aria-current', 'true');
  });

  it('is read again when a contact is recorded and when a callback is done', async () => {
    const handlers = mockIpc({ role: 'operatore', total: 16 });
    await seed(handlers, 7, call('Chiede a che punto è la domanda.', todayIso()));
    renderWorkspace('operatore');
    await userEvent.click(await screen.findByTestId('callback-item'));

    const detail = within(await screen.findByTestId('detail'));
    await userEvent.click(await detail.findByRole('button', { name: 'Registra contatto' }));
    const dialog = within(screen.getByRole('dialog'));
    await userEvent.type(dialog.getByLabelText(/Contenuto del contatto/), 'Richiamato, non risponde.');
    await userEvent.type(dialog.getByLabelText('Richiamare entro'), todayIso());
    await userEvent.click(dialog.getByTestId('contact-confirm'));
    await waitFor(() => expect(list().getAllByTestId('callback-item')).toHaveLength(2));

    const markDone = () => detail.getAllByRole('button', { name: 'Segna come fatto' });
    await userEvent.click(markDone()[0]!);
    await waitFor(() => expect(list().getAllByTestId('callback-item')).toHaveLength(1));
    await waitFor(() => expect(markDone()[0]).toBeEnabled());
    await userEvent.click(markDone()[0]!);
    await waitFor(() => expect(screen.queryByTestId('callbacks-due')).toBeNull());
  });

  it('is not asked for by a role without an office (amministratore)', async () => {
    // Even a shell that answered would not be asked.
    mockIpc({ role: 'amministratore', total: 16 }, {
      callbacks_due: () => [
        { contactId: 1, submissionId: 7, protocol: '2025/000007', applicant: 'Bianchi Maria', phone: null, due: todayIso(), summary: 'Richiamare', callbackBy: null },
      ],
    });
    renderWorkspace('amministratore');
    await screen.findAllByTestId('queue-row');
    expect(invoked()).not.toContain('callbacks_due');
    expect(screen.queryByRole('region', { name: /Richiami da fare/ })).toBeNull();
  });
});
