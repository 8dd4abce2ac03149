import type { Applicant, Contact } from '../../api';
import { formatDate, MISSING } from '../../format';

export function ApplicantCard({ applicant, contact }: { applicant: Applicant; contact: Contact }) {
  const birth = applicant.birthDate
    ? `${formatDate(applicant.birthDate)}${applicant.birthPlace ? `, ${applicant.birthPlace}` : ''}`
    : (applicant.birthPlace ?? MISSING);
  return (
    <section className="detail-card" aria-labelledby="applicant-title">
      <h3 id="applicant-title" className="h6">
        Richiedente
      </h3>
      <dl className="kv">
        <dt>Nome</dt>
        <dd>
          {applicant.givenName} {applicant.familyName}
        </dd>
        <dt>Codice fiscale</dt>
        <dd className="mono">{applicant.fiscalCode}</dd>
        <dt>Nascita</dt>
        <dd>{birth}</dd>
        <dt>Telefono</dt>
        <dd>{contact.phone ? <a href={`tel:${contact.phone}`}>{contact.phone}</a> : MISSING}</dd>
        <dt>E-mail</dt>
        <dd>{contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : MISSING}</dd>
        <dt>Indirizzo</dt>
        <dd>{contact.address ?? MISSING}</dd>
      </dl>
    </section>
  );
}
