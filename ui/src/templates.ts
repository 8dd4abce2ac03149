// Reason templates: fill `{{placeholder}}` from the submission, report what stays unfilled.
import type { SubmissionDetail } from './api/types';
import { formatFieldValue, formatDate, today } from './format';

const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;

/** The values a template may use: form fields by key, then applicant and submission facts. */
export function templateContext(detail: SubmissionDetail): Record<string, string> {
  const ctx: Record<string, string> = {};
  const form = detail.form;
  if (form && typeof form === 'object' && !Array.isArray(form)) {
    for (const field of detail.service.fields) {
      const value = form[field.key];
      if (value !== undefined && value !== null && value !== '') {
        ctx[field.key] = formatFieldValue(field, value);
      }
    }
  }
  ctx.nome = detail.applicant.givenName;
  ctx.cognome = detail.applicant.familyName;
  ctx.codiceFiscale = detail.applicant.fiscalCode;
  if (detail.applicant.birthDate) ctx.dataNascita = formatDate(detail.applicant.birthDate);
  ctx.data = today();
  ctx.protocollo = detail.protocol;
  ctx.servizio = detail.service.name;
  return ctx;
}

/** Replaces every known placeholder; unknown ones stay as they are. */
export function fillTemplate(text: string, ctx: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, key: string) => ctx[key] ?? whole);
}

/** The placeholders still present in a text, in order, without duplicates. */
export function unfilledPlaceholders(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m[1]) found.add(m[1]);
  }
  return [...found];
}
