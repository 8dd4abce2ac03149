import { useState, type FormEvent } from 'react';
import * as api from '../../api';
import type { Catalogue, SubmissionDetail } from '../../api';
import { Dialog } from '../Dialog';
import { useCreateSubmission } from '../../data';
import { DialogActions } from '../DialogActions';
import type { Shown } from '../ErrorAlert';
import { DocumentInputs, documentInputId, readAsBase64 } from './DocumentInputs';
import { FieldInput, fieldId, formPayload, type FieldValue } from './FieldInput';

type Props = { catalogue: Catalogue; onClose: () => void; onDone: (detail: SubmissionDetail) => void };

const PERSON = [
  ['fiscalCode', 'Codice fiscale', 'text'],
  ['familyName', 'Cognome', 'text'],
  ['givenName', 'Nome', 'text'],
  ['birthDate', 'Data di nascita', 'date'],
  ['birthPlace', 'Luogo di nascita', 'text'],
  ['phone', 'Telefono', 'tel'],
  ['email', 'E-mail', 'email'],
  ['address', 'Indirizzo', 'text'],
] as const;
type PersonKey = (typeof PERSON)[number][0];
const REQUIRED: PersonKey[] = ['fiscalCode', 'familyName', 'givenName'];

/** The input a refused field names: `applicant.KEY` is the applicant's, anything else the service's. */
function inputId(field: string): string {
  if (field.startsWith('attachment.')) return documentInputId(field.slice('attachment.'.length));
  return field.startsWith('applicant.') ? `counter-${field.slice('applicant.'.length)}` : fieldId(field);
}

/** A submission entered at the counter for a citizen who came in person (or phoned). */
export function CounterDialog({ catalogue, onClose, onDone }: Props) {
  const [serviceId, setServiceId] = useState(catalogue.services[0]?.id ?? '');
  const [person, setPerson] = useState<Record<PersonKey, string>>(
    Object.fromEntries(PERSON.map(([k]) => [k, ''])) as Record<PersonKey, string>,
  );
  const [values, setValues] = useState<Record<string, FieldValue>>({});
  const [files, setFiles] = useState<Record<string, File | undefined>>({});
  const create = useCreateSubmission();
  const [error, setError] = useState<Shown | string | null>(null);
  // The core's message for each refused field: `applicant.KEY` for the applicant, a form field's key.
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const service = catalogue.services.find((s) => s.id === serviceId);
  const blankToNull = (s: string) => (s.trim() ? s.trim() : null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!service) return;
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      const attachments = await Promise.all(
        service.attachments
          .filter((r) => files[r.key])
          .map(async (r) => {
            const file = files[r.key] as File;
            return { requirement: r.key, name: file.name, content: await readAsBase64(file) };
          }),
      );
      onDone(
        await create.mutateAsync({
          service: service.id,
          fiscalCode: person.fiscalCode,
          givenName: person.givenName,
          familyName: person.familyName,
          birthDate: blankToNull(person.birthDate),
          birthPlace: blankToNull(person.birthPlace),
          contact: { email: blankToNull(person.email), phone: blankToNull(person.phone), address: blankToNull(person.address) },
          form: formPayload(service.fields, values),
          attachments,
        }),
      );
    } catch (e) {
      const failure = api.toApiError(e);
      const byField = Object.fromEntries(failure.fields.map((f) => [f.field, f.message]));
      setFieldErrors(byField);
      setBusy(false);
      // Each message stands beside its field; the first one wrong takes the focus (WCAG 3.3.1).
      const first = failure.fields.map((f) => document.getElementById(inputId(f.field))).find((el) => el !== null);
      if (first) {
        setError(`Correggere i campi indicati (${failure.fields.length}).`);
        first.focus();
      } else {
        setError(failure);
      }
    }
  }

  return (
    <Dialog title="Nuova pratica allo sportello" onClose={onClose}>
      <form onSubmit={submit} noValidate className="counter-form">
        <div className="mb-3">
          <label htmlFor="counter-service" className="form-label">
            Servizio
          </label>
          <select id="counter-service" className="form-select" value={serviceId} onChange={(e) => setServiceId(e.target.value)} data-autofocus>
            {catalogue.services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="mb-2">
          <legend className="h6">Richiedente</legend>
          {PERSON.map(([key, label, type]) => (
            <div className="mb-3" key={key}>
              <label htmlFor={`counter-${key}`} className="form-label">
                {label} {REQUIRED.includes(key) && <span aria-hidden="true">*</span>}
              </label>
              <input
                id={`counter-${key}`}
                type={type}
                className={`form-control${fieldErrors[`applicant.${key}`] ? ' is-invalid' : ''}`}
                value={person[key]}
                required={REQUIRED.includes(key)}
                aria-invalid={fieldErrors[`applicant.${key}`] ? true : undefined}
                aria-describedby={fieldErrors[`applicant.${key}`] ? `counter-${key}-error` : undefined}
                onChange={(e) => setPerson((p) => ({ ...p, [key]: e.target.value }))}
              />
              {fieldErrors[`applicant.${key}`] && (
                <div id={`counter-${key}-error`} className="invalid-feedback d-block">
                  {fieldErrors[`applicant.${key}`]}
                </div>
              )}
            </div>
          ))}
        </fieldset>
        {service && (
          <fieldset className="mb-2">
            <legend className="h6">Dati della domanda</legend>
            {service.fields.map((f) => (
              <FieldInput
                key={`${service.id}-${f.key}`}
                field={f}
                value={values[f.key]}
                error={fieldErrors[f.key]}
                onChange={(v) => setValues((vs) => ({ ...vs, [f.key]: v }))}
              />
            ))}
          </fieldset>
        )}
        {service && (
          <DocumentInputs
            key={service.id}
            requirements={service.attachments}
            files={files}
            errors={fieldErrors}
            onChange={(key, file) => setFiles((fs) => ({ ...fs, [key]: file }))}
          />
        )}
        <DialogActions error={error} onCancel={onClose} testId="counter-confirm" label="Registra la pratica" busy={busy} />
      </form>
    </Dialog>
  );
}
