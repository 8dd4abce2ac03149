import type { FieldDef, JsonValue } from '../../api';
import { formatFieldValue } from '../../format';

/** The citizen's form, rendered from the service schema: one label and formatted value per field. */
export function FormView({ fields, form }: { fields: FieldDef[]; form: JsonValue }) {
  const values = form && typeof form === 'object' && !Array.isArray(form) ? form : {};
  return (
    <section className="detail-section" aria-labelledby="form-title">
      <h3 id="form-title" className="h6">
        Dati della domanda
      </h3>
      {fields.length === 0 ? (
        <p>Il servizio non prevede campi.</p>
      ) : (
        <dl className="kv form-view" data-testid="form-view">
          {fields.map((field) => (
            <div key={field.key} className="kv-row" data-field={field.key}>
              <dt>{field.label}</dt>
              <dd>{formatFieldValue(field, values[field.key])}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
