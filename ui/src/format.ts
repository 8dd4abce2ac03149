// Italian formatting of dates, numbers, sizes and form values.
import type { FieldDef, JsonValue } from './api/types';

export const MISSING = '—';

// Always group thousands (1.234,5), as Italian administrative documents do.
const numberFormat = new Intl.NumberFormat('it-IT', { useGrouping: 'always', maximumFractionDigits: 6 });

/** `YYYY-MM-DD` (or an ISO date-time) as dd/mm/yyyy; anything else unchanged. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return MISSING;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  if (value.length > 10) {
    const d = new Date(value);
    if (!Number.isNaN(d.getTime())) return d.toLocaleDateString('it-IT', { day: '2-digit', month: '2-digit', year: 'numeric' });
  }
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/** An ISO date-time in it-IT, e.g. 05/03/2025, 14:30. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return MISSING;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return d.toLocaleString('it-IT', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
}

/** Today on this workstation as YYYY-MM-DD (a date input's value, a `NaiveDate` on the wire). */
export function todayIso(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

export function formatSize(bytes: number): string {
  const kb = bytes / 1024;
  if (kb < 1024) return `${new Intl.NumberFormat('it-IT', { maximumFractionDigits: 1 }).format(kb)} KB`;
  return `${new Intl.NumberFormat('it-IT', { maximumFractionDigits: 1 }).format(kb / 1024)} MB`;
}

export function shortHash(sha: string): string {
  return sha.length > 12 ? `${sha.slice(0, 12)}…` : sha;
}

/** "mancano 3 giorni", "scaduta da 2 giorni", "scade oggi". */
export function daysLeftText(days: number): string {
  if (days === 0) return 'scade oggi';
  if (days > 0) return days === 1 ? 'manca 1 giorno' : `mancano ${days} giorni`;
  const late = -days;
  return late === 1 ? 'scaduta da 1 giorno' : `scaduta da ${late} giorni`;
}

/** A form value formatted according to its field definition. */
export function formatFieldValue(field: FieldDef, value: JsonValue | undefined): string {
  if (value === null || value === undefined || value === '') return MISSING;
  if (Array.isArray(value)) {
    return value.length === 0 ? MISSING : value.map((v) => formatFieldValue(field, v)).join(', ');
  }
  switch (field.kind) {
    case 'checkbox':
      return value === true || value === 'true' ? 'Sì' : 'No';
    case 'date':
      return typeof value === 'string' ? formatDate(value) : String(value);
    case 'number': {
      const n = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(n) ? formatNumber(n) : String(value);
    }
    default:
      if (typeof value === 'object') return JSON.stringify(value);
      if (typeof value === 'boolean') return value ? 'Sì' : 'No';
      return String(value);
  }
}
