import { render, screen } from '../../test/render';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../../api';
import type { VerificationReport } from '../../api';
import { VerifyScreen } from './VerifyScreen';

vi.mock('../../api', async (importOriginal) => ({
  ...(await importOriginal<typeof api>()),
  verifyDocument: vi.fn(),
}));

const annulled: VerificationReport = {
  verdict: 'annulled',
  summary: 'Documento annullato',
  fileSha256: 'b'.repeat(64),
  expired: false,
  signatures: [
    { signer: 'Sigillo', organisation: 'Comune di Borgo Esempio', level: 'PAdES B-B', signedAt: '2026-03-02T09:30:00Z', intact: true, coversWholeFile: true, demo: true, problem: null },
  ],
  certificate: {
    documentId: '2026-0000010-AB',
    submissionId: 1,
    kind: 'Residenza',
    protocol: '2026/0000010',
    issuedAt: '2026-03-02T09:30:00Z',
    validUntil: '2026-09-02',
    signer: 'Sigillo',
    demo: true,
    sha256: 'b'.repeat(64),
    replaces: null,
    annulled: { annulledAt: '2026-03-03T10:00:00Z', operator: 'Lucia Verdi', act: 'Det. 12/2026', reason: 'Dati errati' },
  },
};

describe('VerifyScreen', () => {
  beforeEach(() => vi.mocked(api.verifyDocument).mockReset());

  it('sends the chosen file and shows the verdict with the annulment', async () => {
    vi.mocked(api.verifyDocument).mockResolvedValue(annulled);
    render(<VerifyScreen />);
    const file = new File([new Uint8Array([37, 80, 68, 70])], 'certificato.pdf', { type: 'application/pdf' });
    await userEvent.upload(screen.getByLabelText('File PDF da verificare'), file);
    const report = await screen.findByTestId('verify-report');
    expect(report).toHaveAttribute('data-verdict', 'annulled');
    expect(report).toHaveTextContent('Documento annullato');
    expect(report).toHaveTextContent('Det. 12/2026');
    expect(report).toHaveTextContent('sigillo DEMO');
    expect(vi.mocked(api.verifyDocument).mock.calls[0]?.[0]).toEqual(new Uint8Array([37, 80, 68, 70]));
  });

  it('refuses a huge file without sending it', async () => {
    render(<VerifyScreen />);
    const big = new File(['x'], 'enorme.pdf', { type: 'application/pdf' });
    Object.defineProperty(big, 'size', { value: 50 * 1024 * 1024 });
    await userEvent.upload(screen.getByLabelText('File PDF da verificare'), big);
    expect(await screen.findByRole('alert')).toHaveTextContent('supera i 20 MB');
    expect(api.verifyDocument).not.toHaveBeenCalled();
  });
});
