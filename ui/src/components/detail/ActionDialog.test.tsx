import { fireEvent, render, screen, waitFor } from '../../test/render';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../../api';
import { today } from '../../format';
import { detail } from '../../test/fixtures';
import { ActionDialog } from './ActionDialog';

vi.mock('../../api', async (importOriginal) => ({ ...(await importOriginal<typeof api>()), applyAction: vi.fn() }));

function text(): HTMLTextAreaElement {
  return document.getElementById('action-text') as HTMLTextAreaElement;
}

describe('ActionDialog', () => {
  beforeEach(() => {
    vi.mocked(api.applyAction).mockReset();
  });

  it('fills placeholders from the form and the applicant', () => {
    render(<ActionDialog detail={detail} kind="approve" onClose={vi.fn()} onDone={vi.fn()} />);
    fireEvent.change(screen.getByLabelText('Modello di testo'), { target: { value: '0' } });
    expect(text().value).toBe('Si accoglie la domanda 2025/000001 di Maria Bianchi per un canone di 1.234,5 euro.');
    expect(screen.queryByText('Completare i campi tra doppie parentesi graffe')).not.toBeInTheDocument();
    expect(screen.getByTestId('action-confirm')).toBeEnabled();
  });

  it('warns about an unfilled placeholder and blocks confirmation until it is completed', async () => {
    render(<ActionDialog detail={detail} kind="approve" onClose={vi.fn()} onDone={vi.fn()} />);
    fireEvent.change(screen.getByLabelText('Modello di testo'), { target: { value: '1' } });
    expect(text().value).toBe('Accolta: ISEE pari a {{isee}} euro, contratto dal 15/02/2024.');
    expect(screen.getByText('Completare i campi tra doppie parentesi graffe')).toBeInTheDocument();
    expect(screen.getByText('{{isee}}')).toBeInTheDocument();
    expect(text()).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('action-confirm')).toBeDisabled();

    fireEvent.change(text(), { target: { value: text().value.replace('{{isee}}', '9.000') } });
    expect(screen.queryByText('Completare i campi tra doppie parentesi graffe')).not.toBeInTheDocument();
    expect(screen.getByTestId('action-confirm')).toBeEnabled();
  });

  it('asks for the day the citizen received the 10-bis notice and sends it with the note', async () => {
    vi.mocked(api.applyAction).mockResolvedValue(detail);
    const onDone = vi.fn();
    render(<ActionDialog detail={detail} kind="recordNoticeReceipt" onClose={vi.fn()} onDone={onDone} />);
    await userEvent.type(text(), 'Ricevuta di consegna PEC');
    await userEvent.click(screen.getByTestId('action-confirm'));
    expect(await screen.findByRole('alert')).toHaveTextContent('Indicare la data in cui il cittadino ha ricevuto il preavviso.');
    expect(api.applyAction).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText(/Data di ricevimento/), { target: { value: '2026-03-06' } });
    await userEvent.click(screen.getByTestId('action-confirm'));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(api.applyAction).toHaveBeenCalledWith(1, { kind: 'recordNoticeReceipt', on: '2026-03-06', note: 'Ricevuta di consegna PEC' });
  });

  it('fills {{data}} with today', () => {
    render(<ActionDialog detail={detail} kind="reject" onClose={vi.fn()} onDone={vi.fn()} />);
    fireEvent.change(screen.getByLabelText('Modello di testo'), { target: { value: '0' } });
    expect(text().value).toBe(`Respinta il ${today()}.`);
  });

  it('keeps the text and shows the Italian message when the action fails', async () => {
    vi.mocked(api.applyAction).mockRejectedValue(
      new api.ApiError('illegalAction', 'La pratica è già stata decisa da un altro operatore.'),
    );
    const onDone = vi.fn();
    render(<ActionDialog detail={detail} kind="approve" onClose={vi.fn()} onDone={onDone} />);
    await userEvent.type(text(), 'Requisiti verificati.');
    await userEvent.click(screen.getByTestId('action-confirm'));

    expect(await screen.findByRole('alert')).toHaveTextContent('La pratica è già stata decisa da un altro operatore.');
    expect(text().value).toBe('Requisiti verificati.');
    expect(onDone).not.toHaveBeenCalled();
    expect(api.applyAction).toHaveBeenCalledWith(1, { kind: 'approve', reason: 'Requisiti verificati.' });
  });

  const event = (id: number, name: string) => ({
    id,
    at: '2026-03-01T10:00:00Z',
    actor: 'Marco Rossi',
    event: name,
    label: name,
    fromState: null,
    toState: null,
    text: null,
    protocol: null,
  });

  it('asks for no answer when the citizen sent no observations', () => {
    const noticeOnly = { ...detail, history: [...detail.history, event(90, 'sendNotice')] };
    render(<ActionDialog detail={noticeOnly} kind="confirmRejection" onClose={vi.fn()} onDone={vi.fn()} />);
    expect(screen.queryByLabelText(/Risposta alle osservazioni/)).toBeNull();
  });

  it('sends the answer to the observations with a final rejection', async () => {
    vi.mocked(api.applyAction).mockResolvedValue({ ...detail, state: 'rejected' });
    const onDone = vi.fn();
    const answered = { ...detail, history: [...detail.history, event(90, 'sendNotice'), event(91, 'recordObservations')] };
    render(<ActionDialog detail={answered} kind="confirmRejection" onClose={vi.fn()} onDone={onDone} />);
    await userEvent.type(text(), 'Requisito mancante.');
    await userEvent.click(screen.getByTestId('action-confirm'));
    expect(await screen.findByRole('alert')).toHaveTextContent('risposta alle osservazioni');
    await userEvent.type(screen.getByLabelText(/Risposta alle osservazioni/), 'Le osservazioni non superano il motivo.');
    await userEvent.click(screen.getByTestId('action-confirm'));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(api.applyAction).toHaveBeenCalledWith(1, {
      kind: 'confirmRejection',
      reason: 'Requisito mancante.',
      answer: 'Le osservazioni non superano il motivo.',
    });
  });

  it('sends the scanned documents the citizen brought with the integration, as base64', async () => {
    vi.mocked(api.applyAction).mockResolvedValue({ ...detail, state: 'inReview' });
    const onDone = vi.fn();
    render(<ActionDialog detail={detail} kind="recordIntegration" onClose={vi.fn()} onDone={onDone} />);
    await userEvent.type(text(), 'Consegnato allo sportello.');
    const scan = new File(['%PDF-1.4 contratto'], 'contratto.pdf', { type: 'application/pdf' });
    await userEvent.upload(screen.getByLabelText('Documenti presentati dal cittadino (scansioni)'), scan);
    await userEvent.click(screen.getByTestId('action-confirm'));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(api.applyAction).toHaveBeenCalledWith(1, {
      kind: 'recordIntegration',
      note: 'Consegnato allo sportello.',
      documents: [{ requirement: null, name: 'contratto.pdf', content: btoa('%PDF-1.4 contratto') }],
    });
  });

  it('asks for documents only where the citizen brings them', () => {
    render(<ActionDialog detail={detail} kind="approve" onClose={vi.fn()} onDone={vi.fn()} />);
    expect(screen.queryByLabelText(/Documenti presentati/)).toBeNull();
  });

  it('closes on Escape', () => {
    const onClose = vi.fn();
    render(<ActionDialog detail={detail} kind="approve" onClose={onClose} onDone={vi.fn()} />);
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(onClose).toHaveBeenCalled();
  });
});
