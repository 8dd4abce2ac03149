import { render, screen, waitFor, within } from '../../test/render';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { UnreadNotice } from '../../api';
import { CATALOGUE } from '../../test/ipc/catalogue';
import { invoked, mockIpc } from '../../test/ipc/vitest';
import { SESSIONS } from '../../test/people';
import { Announcer } from '../Announcer';
import { Workspace } from '../Workspace';

// «Avvisi non letti dal cittadino» in the queue screen, through the data layer and the IPC mock.
const NOTICES: UnreadNotice[] = [
  { submissionId: 9, protocol: '2025/000009', applicant: 'Verdi Anna', phone: '+39 06 7654321', kind: 'notice', sentAt: '2026-03-02T09:15:00Z' },
  { submissionId: 4, protocol: '2025/000004', applicant: 'Neri Luca', phone: null, kind: 'integrationRequest', sentAt: '2026-03-03T11:00:00Z' },
];

function renderWorkspace() {
  render(
    <Announcer>
      <Workspace session={SESSIONS.operatore} catalogue={CATALOGUE} />
    </Announcer>,
  );
}

describe('notices the citizen never opened', () => {
  it('is not shown when every notice was opened', async () => {
    mockIpc({ role: 'operatore', total: 16 });
    renderWorkspace();
    await screen.findAllByTestId('queue-row');
    await waitFor(() => expect(invoked()).toContain('unread_notices'));
    expect(screen.queryByTestId('unread-notices')).toBeNull();
  });

  it('lists what was not opened, with whom to call, and opens the submission chosen', async () => {
    mockIpc({ role: 'operatore', total: 16 }, { unread_notices: () => NOTICES });
    renderWorkspace();
    const region = within(await screen.findByRole('region', { name: 'Avvisi non letti dal cittadino (2)' }));
    const [notice, request] = region.getAllByTestId('unread-notice') as [HTMLElement, HTMLElement];
    expect(notice).toHaveTextContent('2025/000009 · Verdi Anna · Tel. +39 06 7654321');
    expect(notice).toHaveTextContent('Preavviso di diniego (art. 10-bis), consegnato il 02/03/2026: non ancora aperto');
    expect(request).toHaveTextContent('Richiesta di integrazione, consegnato il 03/03/2026');
    expect(request).not.toHaveTextContent('Tel.');
    await userEvent.click(notice);
    const detail = await screen.findByTestId('detail');
    expect(within(detail).getByRole('heading', { level: 2 })).toHaveTextContent('2025/000009');
    expect(notice).toHaveAttribute('aria-current', 'true');
  });
});
