import { fireEvent, render, screen, waitFor, within } from '../test/render';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../api';
import { counts, detail, row, service, session } from '../test/fixtures';
import { Workspace } from './Workspace';

vi.mock('../api', async (importOriginal) => ({
  ...(await importOriginal<typeof api>()),
  queuePage: vi.fn(),
  queueCounts: vi.fn(),
  submissionDetail: vi.fn(),
  departmentOfficers: vi.fn(),
  callbacksDue: vi.fn(),
}));

const catalogue = { departments: [{ id: 'sociali', name: 'Servizi sociali' }], services: [service] };

describe('Workspace queue', () => {
  beforeEach(() => {
    vi.mocked(api.queuePage).mockReset().mockResolvedValue({
      rows: [row(1, { demo: true }), row(2, { state: 'inReview', assigneeName: 'Mario Rossi', clock: 'overdue', daysLeft: -3 })],
      next: null,
    });
    vi.mocked(api.queueCounts).mockReset().mockResolvedValue(counts);
    vi.mocked(api.submissionDetail).mockReset().mockResolvedValue(detail);
    vi.mocked(api.callbacksDue).mockReset().mockResolvedValue([]);
  });

  it('renders rows and counts per state', async () => {
    render(<Workspace session={session} catalogue={catalogue} />);
    const rows = await screen.findAllByTestId('queue-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveAttribute('data-id', '1');
    expect(within(rows[0]!).getByText('DEMO')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('Non assegnata')).toBeInTheDocument();
    expect(rows[1]).toHaveAttribute('data-state', 'inReview');
    expect(within(rows[1]!).getByText(/scaduta da 3 giorni/)).toHaveClass('deadline-overdue');

    const received = await screen.findByText('30');
    expect(received.closest('[data-testid="state-count"]')).toHaveAttribute('data-state', 'received');
    expect(screen.getByTestId('queue-total')).toHaveTextContent('42');
  });

  it('asks for the filtered queue when a filter changes', async () => {
    render(<Workspace session={session} catalogue={catalogue} />);
    await screen.findAllByTestId('queue-row');

    fireEvent.change(screen.getByLabelText('Stato'), { target: { value: 'inReview' } });
    await waitFor(() =>
      expect(api.queuePage).toHaveBeenLastCalledWith(
        expect.objectContaining({ filter: expect.objectContaining({ states: ['inReview'] }), after: null, limit: 200 }),
      ),
    );

    fireEvent.change(screen.getByLabelText('Assegnatario'), { target: { value: 'unassigned' } });
    await waitFor(() =>
      expect(api.queueCounts).toHaveBeenLastCalledWith(
        expect.objectContaining({ states: ['inReview'], assignee: { kind: 'unassigned' } }),
      ),
    );
  });

  it('filters by state when a count chip is clicked', async () => {
    render(<Workspace session={session} catalogue={catalogue} />);
    await screen.findAllByTestId('queue-row');
    const chip = screen.getAllByTestId('state-count').find((c) => c.dataset.state === 'inReview')!;
    fireEvent.click(chip);
    await waitFor(() =>
      expect(api.queuePage).toHaveBeenLastCalledWith(
        expect.objectContaining({ filter: expect.objectContaining({ states: ['inReview'] }) }),
      ),
    );
    expect(screen.getByLabelText('Stato')).toHaveValue('inReview');
  });

  it('fetches the next page with the keyset cursor', async () => {
    vi.mocked(api.queuePage)
      .mockResolvedValueOnce({ rows: [row(1)], next: 'cursor-1' })
      .mockResolvedValueOnce({ rows: [row(2)], next: null });
    render(<Workspace session={session} catalogue={catalogue} />);
    await waitFor(() => expect(screen.getAllByTestId('queue-row')).toHaveLength(2));
    expect(api.queuePage).toHaveBeenLastCalledWith(expect.objectContaining({ after: 'cursor-1' }));
  });

  it('selects a row with j and shows its detail', async () => {
    render(<Workspace session={session} catalogue={catalogue} />);
    await screen.findAllByTestId('queue-row');
    fireEvent.keyDown(window, { key: 'j' });
    expect(await screen.findByTestId('detail')).toBeInTheDocument();
    expect(api.submissionDetail).toHaveBeenCalledWith(1);
    expect(screen.getByTestId('detail-state')).toHaveTextContent('In istruttoria');
  });
});
