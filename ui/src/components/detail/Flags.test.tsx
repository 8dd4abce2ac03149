import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Flags } from './Flags';

const label = (key: string) => (key === 'scadenza_registrazione' ? 'Scadenza della registrazione' : key);

describe('Flags', () => {
  it('lists what needs a look, each with its field, as a note', () => {
    render(
      <Flags
        fieldLabel={label}
        flags={[
          { field: 'scadenza_registrazione', message: 'la data è già trascorsa.', raisedAt: '2026-11-20T09:00:00Z' },
          { field: '', message: 'Caratteri di controllo rimossi.', raisedAt: '2026-11-20T09:00:00Z' },
        ]}
      />,
    );
    const note = screen.getByRole('note');
    expect(within(note).getByRole('heading', { name: 'Da verificare (2)' })).toBeInTheDocument();
    const items = within(note).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('Scadenza della registrazione: la data è già trascorsa.');
    expect(items[1]).toHaveTextContent(/^Caratteri di controllo rimossi\.$/);
    expect(note).toHaveTextContent('il procedimento è avviato');
  });

  it('shows nothing when there is nothing to check', () => {
    const { container } = render(<Flags flags={[]} fieldLabel={label} />);
    expect(container).toBeEmptyDOMElement();
  });
});
