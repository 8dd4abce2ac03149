import type { ClockView } from '../../api';
import { daysLeftText, formatDate, MISSING } from '../../format';
import { CLOCK_LABELS, SUSPENSION_LABELS } from '../../labels';

export function ClockPanel({ clock }: { clock: ClockView }) {
  return (
    <section className="detail-card" aria-labelledby="clock-title">
      <h3 id="clock-title" className="h6">
        Termini del procedimento
      </h3>
      {clock.silenceConsentWarning && (
        <div className="alert alert-warning py-2" role="note">
          <strong>Attenzione: silenzio-assenso imminente</strong>
        </div>
      )}
      <dl className="kv">
        <dt>Ricevuta il</dt>
        <dd>{formatDate(clock.receivedOn)}</dd>
        <dt>Termine</dt>
        <dd>{clock.termDays} giorni</dd>
        <dt>Scadenza</dt>
        <dd>{clock.deadline ? formatDate(clock.deadline) : MISSING}</dd>
        <dt>Giorni residui</dt>
        <dd>{clock.daysLeft === null ? MISSING : `${clock.daysLeft} (${daysLeftText(clock.daysLeft)})`}</dd>
        <dt>Stato</dt>
        <dd>
          <span className={`clock-status clock-${clock.status}`} data-testid="clock-status">
            {CLOCK_LABELS[clock.status]}
          </span>
        </dd>
        <dt>Giorni di sospensione</dt>
        <dd>{clock.suspendedDays}</dd>
      </dl>
      {clock.suspensions.length > 0 && (
        <>
          <h4 className="h6 mt-2">Sospensioni</h4>
          <ul className="suspensions">
            {clock.suspensions.map((s) => (
              <li key={`${s.kind}-${s.from}`}>
                {SUSPENSION_LABELS[s.kind]}: dal {formatDate(s.from)} {s.until ? `al ${formatDate(s.until)}` : '(in corso)'} —{' '}
                {s.days} {s.days === 1 ? 'giorno' : 'giorni'}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
