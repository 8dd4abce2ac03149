import { fireEvent, render, screen, waitFor, within } from '../../test/render';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../../api';
import type { IssueOutcome, IssueProgress, PendingCertificate } from '../../api';
import { SignScreen } from './SignScreen';

vi.mock('../../api', async (importOriginal) => ({
  ...(await importOriginal<typeof api>()),
  pendingCertificates: vi.fn(),
  signingDevice: vi.fn(),
  issueCertificates: vi.fn(),
}));

const pending = (id: number, applicant: string): PendingCertificate => ({
  submissionId: id,
  protocol: `2026/000000${id}`,
  applicant,
  subjectFiscalCode: 'RSSMRA85T10A562S',
  kind: 'Residenza',
  declaredUse: 'Uso generico (in bollo)',
  approvedAt: '2026-03-02T09:30:00Z',
});

describe('SignScreen', () => {
  beforeEach(() => {
    vi.mocked(api.pendingCertificates).mockResolvedValueOnce([pending(1, 'Rossi Mario'), pending(2, 'Bianchi Anna')]).mockResolvedValue([]);
    vi.mocked(api.signingDevice).mockResolvedValue({ label: 'Smart card (PKCS#11)', demo: false, needsPin: true });
  });

  it('asks the PIN once, shows progress and a result per document, failures included', async () => {
    const outcomes: IssueOutcome[] = [
      { status: 'issued', submissionId: 1, documentId: '2026-0000010-AB', protocol: '2026/0000010' },
      { status: 'failed', submissionId: 2, message: 'Bianchi Anna non è certificabile: risulta emigrata il 01/10/2026.' },
    ];
    vi.mocked(api.issueCertificates).mockImplementation(async (_request, onProgress: (p: IssueProgress) => void) => {
      onProgress({ event: 'started', total: 2, signer: 'Smart card' });
      outcomes.forEach((outcome, i) => onProgress({ event: 'document', done: i + 1, outcome }));
      return outcomes;
    });
    render(<SignScreen />);
    await screen.findAllByTestId('pending-row');
    const submit = screen.getByTestId('sign-submit');
    expect(submit).toHaveTextContent('Firma e rilascia 2 certificati');
    expect(submit).toBeDisabled();
    await userEvent.click(screen.getByRole('checkbox', { name: /Seleziona 2026\/0000002/ }));
    expect(submit).toHaveTextContent('Firma e rilascia 1 certificati');
    await userEvent.click(screen.getByRole('checkbox', { name: /Seleziona 2026\/0000002/ }));
    await userEvent.type(screen.getByLabelText('PIN del dispositivo di firma'), '1234');
    await userEvent.click(submit);
    await waitFor(() => expect(screen.getAllByTestId('issue-result')).toHaveLength(2));
    expect(api.issueCertificates).toHaveBeenCalledWith({ submissionIds: [1, 2], pin: '1234' }, expect.any(Function));
    const results = screen.getByTestId('issue-results');
    expect(within(results).getAllByTestId('issue-result')[0]).toHaveAttribute('data-status', 'issued');
    // The list reloads empty after the batch; the results still name each request.
    expect(within(results).getAllByTestId('issue-result')[0]).toHaveTextContent('2026/0000001 (Rossi Mario)');
    expect(screen.getByTestId('issue-count')).toHaveTextContent('2 di 2 documenti elaborati');
    expect(within(results).getAllByTestId('issue-result')[1]).toHaveTextContent('risulta emigrata');
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '2');
    expect(screen.getByLabelText('PIN del dispositivo di firma')).toHaveValue('');
  });

  it('runs one batch at a time even when the form is submitted twice at once', async () => {
    vi.mocked(api.signingDevice).mockResolvedValue({ label: 'Sigillo DEMO', demo: true, needsPin: false });
    let finish: (v: IssueOutcome[]) => void = () => undefined;
    vi.mocked(api.issueCertificates).mockReset();
    vi.mocked(api.issueCertificates).mockImplementation(() => new Promise((resolve) => (finish = resolve)));
    render(<SignScreen />);
    await screen.findAllByTestId('pending-row');
    const form = screen.getByTestId('sign-submit').closest('form') as HTMLFormElement;
    fireEvent.submit(form);
    fireEvent.submit(form);
    await waitFor(() => expect(api.issueCertificates).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(api.issueCertificates).toHaveBeenCalledTimes(1);
    finish([
      { status: 'issued', submissionId: 1, documentId: 'A', protocol: '2026/0000010' },
      { status: 'issued', submissionId: 2, documentId: 'B', protocol: '2026/0000011' },
    ]);
    await waitFor(() => expect(screen.getAllByTestId('issue-result')).toHaveLength(2));
  });
});
