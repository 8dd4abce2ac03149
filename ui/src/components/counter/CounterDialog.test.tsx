import { render, screen, waitFor } from '../../test/render';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../../api';
import { detail, service } from '../../test/fixtures';
import { CounterDialog } from './CounterDialog';

vi.mock('../../api', async (importOriginal) => ({ ...(await importOriginal<typeof api>()), createSubmission: vi.fn() }));

const catalogue = { departments: [{ id: 'sociali', name: 'Servizi sociali' }], services: [service] };

describe('CounterDialog', () => {
  beforeEach(() => vi.mocked(api.createSubmission).mockReset());

  it("renders the service's fields and sends typed values, keeping them after a refusal", async () => {
    vi.mocked(api.createSubmission)
      .mockRejectedValueOnce(new api.ApiError('invalidInput', 'Codice fiscale del richiedente: carattere di controllo errato.'))
      .mockResolvedValueOnce(detail);
    const onDone = vi.fn();
    render(<CounterDialog catalogue={catalogue} onClose={vi.fn()} onDone={onDone} />);
    for (const f of service.fields) expect(screen.getByLabelText(new RegExp(f.label.replace(/[()]/g, '.')))).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/Codice fiscale/), 'RSSMRA85T10A562X');
    await userEvent.type(screen.getByLabelText(/^Cognome/), 'Rossi');
    await userEvent.type(screen.getByLabelText(/^Nome/), 'Mario');
    await userEvent.click(screen.getByTestId('counter-confirm'));
    expect(await screen.findByRole('alert')).toHaveTextContent('Codice fiscale del richiedente');
    expect(screen.getByLabelText(/Codice fiscale/)).toHaveValue('RSSMRA85T10A562X');
    await userEvent.click(screen.getByTestId('counter-confirm'));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(detail));
    const sent = vi.mocked(api.createSubmission).mock.calls[1]?.[0];
    expect(sent).toMatchObject({ service: service.id, fiscalCode: 'RSSMRA85T10A562X', familyName: 'Rossi', givenName: 'Mario', birthDate: null });
  });

  it('shows each refused field beside it and moves the focus to the first one', async () => {
    const [first, second] = service.fields;
    if (!first || !second) throw new Error('the fixture service needs two fields');
    vi.mocked(api.createSubmission).mockRejectedValueOnce(
      new api.ApiError('invalidInput', 'Tre problemi.', [
        { field: 'applicant.fiscalCode', message: 'Codice fiscale del richiedente: carattere di controllo errato.' },
        { field: first.key, message: `Il campo «${first.label}» è obbligatorio.` },
        { field: second.key, message: `Il campo «${second.label}» è obbligatorio.` },
      ]),
    );
    render(<CounterDialog catalogue={catalogue} onClose={vi.fn()} onDone={vi.fn()} />);
    await userEvent.click(screen.getByTestId('counter-confirm'));

    const fiscalCode = screen.getByLabelText(/Codice fiscale/);
    await waitFor(() => expect(fiscalCode).toHaveFocus());
    expect(fiscalCode).toHaveAttribute('aria-invalid', 'true');
    expect(fiscalCode).toHaveAccessibleDescription('Codice fiscale del richiedente: carattere di controllo errato.');
    const firstInput = document.getElementById(`field-${first.key}`);
    expect(firstInput).toHaveAttribute('aria-invalid', 'true');
    expect(firstInput).toHaveAccessibleDescription(expect.stringContaining(`Il campo «${first.label}» è obbligatorio.`));
    expect(screen.getByRole('alert')).toHaveTextContent('Correggere i campi indicati (3).');
    expect(screen.getByLabelText(/^Cognome/)).not.toHaveAttribute('aria-invalid');
  });

  it("sends the documents the citizen brought, and a refused one takes the focus", async () => {
    const requirement = { key: 'contratto', label: 'Contratto di locazione registrato', required: true, mediaTypes: ['application/pdf'], maxMb: 20 };
    const withDocuments = { ...catalogue, services: [{ ...service, attachments: [requirement] }] };
    vi.mocked(api.createSubmission)
      .mockRejectedValueOnce(
        new api.ApiError('invalidInput', 'Un problema.', [
          { field: `attachment.${requirement.key}`, message: 'Il file «x.pdf» non è un PDF né un\'immagine JPEG o PNG.' },
        ]),
      )
      .mockResolvedValueOnce(detail);
    render(<CounterDialog catalogue={withDocuments} onClose={vi.fn()} onDone={vi.fn()} />);
    const input = screen.getByLabelText(new RegExp(requirement.label));
    await userEvent.upload(input, new File(['%PDF-1.7 scansione'], 'contratto.pdf', { type: 'application/pdf' }));
    expect(screen.getByText('Scelto: contratto.pdf')).toBeInTheDocument();
    await userEvent.click(screen.getByTestId('counter-confirm'));
    await waitFor(() => expect(input).toHaveFocus());
    expect(input).toHaveAttribute('aria-invalid', 'true');
    const sent = vi.mocked(api.createSubmission).mock.calls[0]?.[0];
    expect(sent?.attachments).toEqual([{ requirement: requirement.key, name: 'contratto.pdf', content: btoa('%PDF-1.7 scansione') }]);
  });
});
