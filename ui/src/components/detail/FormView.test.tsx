import { render, screen } from '../../test/render';
import { describe, expect, it } from 'vitest';
import { service } from '../../test/fixtures';
import { FormView } from './FormView';

function valueOf(label: string): string | null {
  return screen.getByText(label).nextElementSibling?.textContent ?? null;
}

describe('FormView', () => {
  it('renders every schema field with its value formatted per kind', () => {
    render(
      <FormView
        fields={service.fields}
        form={{ canone: 1234.5, inizioContratto: '2024-02-15', residente: false, iban: 'IT60X0542811101000000123456' }}
      />,
    );
    expect(valueOf('Canone mensile')).toBe('1.234,5');
    expect(valueOf('Inizio del contratto')).toBe('15/02/2024');
    expect(valueOf('Residente nel Comune')).toBe('No');
    expect(valueOf('IBAN')).toBe('IT60X0542811101000000123456');
    expect(valueOf('Note')).toBe('—');
  });

  it('shows Sì for a ticked checkbox', () => {
    render(<FormView fields={service.fields} form={{ residente: true }} />);
    expect(valueOf('Residente nel Comune')).toBe('Sì');
  });
});
