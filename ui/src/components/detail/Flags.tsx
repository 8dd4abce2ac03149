import type { SubmissionFlag } from '../../api';

/**
 * What the intake noticed: rules the submission breaks, files not fetched, text that had to be
 * cleaned. The submission was registered all the same (its procedure has legally started): the
 * officer checks these before deciding.
 */
export function Flags({ flags, fieldLabel }: { flags: SubmissionFlag[]; fieldLabel: (key: string) => string }) {
  if (flags.length === 0) return null;
  return (
    <section className="detail-section" aria-labelledby="flags-title" data-testid="flags">
      <div className="alert alert-warning mb-0" role="note">
        <h3 id="flags-title" className="h6">
          Da verificare ({flags.length})
        </h3>
        <p className="small mb-2">
          La domanda è stata acquisita e protocollata così com&apos;è: il procedimento è avviato. Controllare questi
          punti prima di decidere.
        </p>
        <ul className="mb-0">
          {flags.map((f, i) => (
            <li key={i}>
              {f.field && <strong>{fieldLabel(f.field)}: </strong>}
              {f.message}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
