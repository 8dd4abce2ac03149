import type { FieldDef } from '../../api';

export type FieldValue = string | boolean;

const INPUT_TYPES: Partial<Record<FieldDef['kind'], string>> = {
  date: 'date',
  number: 'number',
  email: 'email',
  phone: 'tel',
};

/** One form field of a service, rendered from its definition in the catalogue. */
export function FieldInput({
  field,
  value,
  error,
  onChange,
}: {
  field: FieldDef;
  value: FieldValue | undefined;
  /** The core's message for this field, shown beside it. */
  error?: string;
  onChange: (value: FieldValue) => void;
}) {
  const id = fieldId(field.key);
  const help = field.help ? `${id}-help` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, help].filter(Boolean).join(' ') || undefined;
  const feedback = error && (
    <div id={errorId} className="invalid-feedback d-block">
      {error}
    </div>
  );
  const label = (
    <>
      {field.label} {field.required && <span aria-hidden="true">*</span>}
    </>
  );
  if (field.kind === 'checkbox') {
    return (
      <div className="form-check mb-3">
        <input
          id={id}
          type="checkbox"
          className={`form-check-input${error ? ' is-invalid' : ''}`}
          checked={value === true}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.checked)}
        />
        <label htmlFor={id} className="form-check-label">
          {label}
        </label>
        {feedback}
      </div>
    );
  }
  const text = typeof value === 'string' ? value : '';
  const common = {
    id,
    className: `${field.kind === 'select' ? 'form-select' : 'form-control'}${error ? ' is-invalid' : ''}`,
    value: text,
    required: field.required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
  };
  return (
    <div className="mb-3">
      <label htmlFor={id} className="form-label">
        {label}
      </label>
      {field.kind === 'select' ? (
        <select {...common} onChange={(e) => onChange(e.target.value)}>
          <option value="">—</option>
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : field.kind === 'textarea' ? (
        <textarea {...common} rows={3} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          type={INPUT_TYPES[field.kind] ?? 'text'}
          min={field.min ?? undefined}
          max={field.max ?? undefined}
          maxLength={field.maxLength ?? undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {feedback}
      {help && (
        <div id={help} className="form-text">
          {field.help}
        </div>
      )}
    </div>
  );
}

/** The id of a service field's input, as the counter form focuses it. */
export function fieldId(key: string): string {
  return `field-${key}`;
}

/** The form values as the service expects them: numbers as numbers, empty fields left out. */
export function formPayload(fields: FieldDef[], values: Record<string, FieldValue>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const f of fields) {
    const v = values[f.key];
    if (v === undefined || v === '') continue;
    if (f.kind === 'number' && typeof v === 'string') {
      const n = Number(v.replace(',', '.'));
      out[f.key] = Number.isFinite(n) ? n : v;
    } else {
      out[f.key] = v;
    }
  }
  return out;
}
