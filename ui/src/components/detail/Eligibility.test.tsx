import { render, screen } from '../../test/render';
import { describe, expect, it } from 'vitest';
import { Eligibility } from './Eligibility';

describe('Eligibility', () => {
  it('says in words whether each requirement is met, with its explanation', () => {
    render(
      <Eligibility
        checks={[
          { label: 'ISEE non superiore alla soglia del bando', met: false, explanation: 'Valore dichiarato 31.000,00 supera la soglia di 26.000,00 (bando).' },
          { label: 'Canone minimo', met: true, explanation: 'Valore dichiarato 550,00 è non inferiore a 150,00 (bando).' },
          { label: 'Nucleo', met: null, explanation: 'Il modulo non indica il valore.' },
        ]}
      />,
    );
    const section = screen.getByRole('region', { name: 'Requisiti del bando' });
    expect(section).toHaveTextContent('ISEE non superiore alla soglia del bando: Non soddisfatto');
    expect(section).toHaveTextContent('supera la soglia di 26.000,00');
    expect(section).toHaveTextContent('Canone minimo: Soddisfatto');
    expect(section).toHaveTextContent('Nucleo: Da verificare');
  });

  it('shows nothing for a service without requirements', () => {
    const { container } = render(<Eligibility checks={[]} />);
    expect(container).toBeEmptyDOMElement();
  });
});
