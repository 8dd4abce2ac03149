import type { EligibilityCheck } from '../../api';

const VERDICT: Record<'met' | 'unmet' | 'unknown', string> = {
  met: 'Soddisfatto',
  unmet: 'Non soddisfatto',
  unknown: 'Da verificare',
};

/** «Requisiti del bando»: each requirement of the call as the form answers it, explained. The
 * application was received whatever they say: meeting them is the officer's finding. */
export function Eligibility({ checks }: { checks: EligibilityCheck[] }) {
  if (checks.length === 0) return null;
  return (
    <section className="detail-card" aria-labelledby="eligibility-title" data-testid="eligibility">
      <h3 id="eligibility-title" className="h6">
        Requisiti del bando
      </h3>
      <ul className="list-unstyled mb-0">
        {checks.map((c) => {
          const verdict = c.met === null ? 'unknown' : c.met ? 'met' : 'unmet';
          return (
            <li key={c.label} className="mb-2">
              <strong>{c.label}</strong>: <span className={`eligibility-${verdict}`}>{VERDICT[verdict]}</span>
              <div className="small">{c.explanation}</div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
