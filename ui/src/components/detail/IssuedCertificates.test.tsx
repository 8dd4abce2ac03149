import { render, screen } from '../../test/render';
import { describe, expect, it } from 'vitest';
import { mockIpc } from '../../test/ipc/vitest';
import { Detail } from './Detail';

// Submission 5 of the shared mock: an approved request of the real certificate service, with an
// annulled certificate and the one that replaced it. What the detail offers comes from the
// policy's answer in the detail (`canReissueCertificates`, `canAnnulCertificates`).
describe('the certificates of an approved request', () => {
  it('offers re-issue and annulment to the head of the department', async () => {
    mockIpc({ role: 'responsabile' });
    render(<Detail id={5} onSelect={() => undefined} />);
    expect(await screen.findByRole('button', { name: /Riemetti il certificato 2026-0000011-CD/ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Annulla il certificato 2026-0000011-CD/ })).toBeInTheDocument();
    // The annulled one can only be saved.
    expect(screen.queryByRole('button', { name: /Riemetti il certificato 2026-0000010-AB/ })).not.toBeInTheDocument();
  });

  it('offers only saving to an officer', async () => {
    mockIpc({ role: 'operatore' });
    render(<Detail id={5} onSelect={() => undefined} />);
    expect(await screen.findByRole('button', { name: /Salva PDF del certificato 2026-0000011-CD/ })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Riemetti/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Annulla il certificato/ })).not.toBeInTheDocument();
  });
});
