import type { AttachmentRequirement } from '../../api';

/** The input of a scanned document, by its requirement: where a refused `attachment.KEY` goes. */
export function documentInputId(requirement: string): string {
  return `counter-attachment-${requirement}`;
}

/** A file as base64, the way the command takes it. */
export async function readAsBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

type Props = {
  requirements: AttachmentRequirement[];
  files: Record<string, File | undefined>;
  errors: Record<string, string>;
  onChange: (requirement: string, file: File | undefined) => void;
};

/** The documents the citizen brought, one input per requirement of the service (issue 12, point 5). */
export function DocumentInputs({ requirements, files, errors, onChange }: Props) {
  if (requirements.length === 0) return null;
  return (
    <fieldset className="mb-2">
      <legend className="h6">Documenti presentati dal cittadino</legend>
      <p className="small text-body-secondary">
        Scansioni in PDF o immagini JPEG/PNG: sono protocollate con la pratica e conservate con la loro impronta SHA-256.
      </p>
      {requirements.map((r) => {
        const id = documentInputId(r.key);
        const error = errors[`attachment.${r.key}`];
        const chosen = files[r.key];
        return (
          <div className="mb-3" key={r.key}>
            <label htmlFor={id} className="form-label">
              {r.label} {r.required && <span aria-hidden="true">*</span>}
              <span className="visually-hidden">{r.required ? ' (obbligatorio)' : ' (facoltativo)'}</span>
            </label>
            <input
              id={id}
              type="file"
              className={`form-control${error ? ' is-invalid' : ''}`}
              accept={r.mediaTypes.join(',')}
              aria-invalid={error ? true : undefined}
              aria-describedby={`${id}-help${error ? ` ${id}-error` : ''}`}
              onChange={(e) => onChange(r.key, e.target.files?.[0])}
            />
            <div id={`${id}-help`} className="form-text">
              {chosen ? `Scelto: ${chosen.name}` : `Al massimo ${r.maxMb} MB.`}
            </div>
            {error && (
              <div id={`${id}-error`} className="invalid-feedback d-block">
                {error}
              </div>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
