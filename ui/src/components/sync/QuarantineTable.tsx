import type { QuarantineItem } from '../../api';
import { formatDateTime, formatNumber } from '../../format';

/** Applications read from the portal that could not become submissions, with the reason (in English,
 * for IT: the mapping or the ingest gave it). */
export function QuarantineTable({ items }: { items: QuarantineItem[] }) {
  return (
    <section aria-labelledby="sync-quarantine-title" className="mt-4">
      <h2 id="sync-quarantine-title" className="h5">
        Domande in quarantena
      </h2>
      {items.length === 0 ? (
        <p data-testid="sync-quarantine-empty">Nessuna domanda in quarantena: tutte le domande lette dal portale sono state acquisite.</p>
      ) : (
        <>
          <p>
            Domande del portale che non è stato possibile acquisire. Il motivo è indicato in inglese per l&apos;assistenza
            tecnica; a ogni sincronizzazione la domanda viene letta di nuovo.
          </p>
          <div className="table-responsive">
            <table className="table table-sm align-middle" data-testid="sync-quarantine">
              <caption className="visually-hidden">Domande in quarantena, dalla più recente</caption>
              <thead>
                <tr>
                  <th scope="col">Domanda sul portale</th>
                  <th scope="col">Motivo</th>
                  <th scope="col">Vista</th>
                  <th scope="col">Prima volta</th>
                  <th scope="col">Ultima volta</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => {
                  const seen = Number(item.attempts);
                  return (
                    <tr key={Number(item.id)} data-testid="quarantine-row">
                      <th scope="row" className="mono">
                        {item.externalId}
                      </th>
                      <td className="sync-error">
                        <span lang="en">{item.reason}</span>
                      </td>
                      <td>{seen === 1 ? '1 volta' : `${formatNumber(seen)} volte`}</td>
                      <td>{formatDateTime(item.firstSeenAt)}</td>
                      <td>{formatDateTime(item.lastSeenAt)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
