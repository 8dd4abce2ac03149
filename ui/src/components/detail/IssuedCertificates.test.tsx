import { render, screen } from '../../test/render';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../../api';
import type { IssuedCertificate } from '../../api';
import { IssuedCertificates } from './IssuedCertificates';

vi.mock('../../api', async (importOriginal) => ({ ...(await importOriginal<typeof api>()), submissionCertificates: vi.fn() }));

const issued: IssuedCertificate = {
  documentId: 'BE-2026-000001',
  submissionId: 1,
  kind: 'Residenza',
  protocol: '2026/0000042',
  issuedAt: '2026-03-05T09:30:00Z',
  validUntil: '2026-09-01',
  signer: 'Giovanna Verdi',
  demo: true,
  sha256: 'ab'.repeat(32),
  replaces: null,
  annulled: null,
};

describe('IssuedCertificates', () => {
  beforeEach(() => {
    vi.mocked(api.submissionCertificates).mockReset().mockResolvedValue([issued]);
  });

  it('offers re-issue and annulment to whom the policy allows them', async () => {
    render(<IssuedCertificates submissionId={1} canReissue canAnnul />);
    expect(await screen.findByRole('button', { name: /Riemetti/ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Annulla/ })).toBeInTheDocument();
  });

  it('offers only saving to whom the policy does not', async () => {
    render(<IssuedCertificates submissionId={1} canReissue={false} canAnnul={false} />);
    expect(await screen.findByRole('button', { name: /Salva PDF/ })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Riemetti/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Annulla/ })).not.toBeInTheDocument();
  });
});
