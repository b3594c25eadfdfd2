// Text functions: replace_strings, format_bytes, parse_version and parse_csv.
import type { Dyn, Val } from '../values.js';
import { type FnImpl, lift } from './lift.js';

/**
 * Earlier lookups take precedence: each lookup replaces its non-overlapping matches in the text the
 * earlier ones left unmatched; a match whose rewrite is not a string keeps its text.
 */
function replaceStrings(text: string, lookups: Dyn[], rewrites: Dyn[]): string {
  let parts: { text: string; done: boolean }[] = [{ text, done: false }];
  lookups.forEach((lookup, k) => {
    if (typeof lookup !== 'string' || lookup === '') return;
    const rewrite = rewrites[k];
    parts = parts.flatMap((p) => {
      if (p.done) return [p];
      const pieces = p.text.split(lookup);
      return pieces.flatMap((piece, i) => {
        const out = piece ? [{ text: piece, done: false }] : [];
        if (i < pieces.length - 1) out.push({ text: typeof rewrite === 'string' ? rewrite : lookup, done: true });
        return out;
      });
    });
  });
  return parts.map((p) => p.text).join('');
}

const UNITS = ['Bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];

function formatBytes(size: number, precision: number, units: string): string {
  let i = UNITS.findIndex((u) => u.toLowerCase() === units.toLowerCase());
  if (i < 0) {
    i = 0;
    while (i < UNITS.length - 1 && Math.abs(size) >= 1024 ** (i + 1)) i++;
  }
  const scale = 10 ** Math.max(0, precision);
  return `${Math.round((size / 1024 ** i) * scale) / scale} ${UNITS[i]}`;
}

/** One to four dot-separated parts of up to eight digits, as one decimal (each part 8 digits wide). */
function parseVersion(v: string): number | null {
  const parts = v.trim().split('.');
  if (parts.length > 4 || !parts.every((p) => /^\d{1,8}$/.test(p))) return null;
  return parts.reduce((acc, p, i) => acc + Number(p) * 10 ** (8 * (3 - i)), 0);
}

/** The fields of the first CSV record; quoted fields may hold commas, line feeds and doubled quotes. */
function parseCsv(s: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (s[i] === '"') {
      i++;
      while (i < s.length) {
        if (s[i] === '"' && s[i + 1] === '"') { field += '"'; i += 2; } else if (s[i] === '"') { i++; break; } else field += s[i++];
      }
    }
    while (i < s.length && s[i] !== ',' && s[i] !== '\n' && s[i] !== '\r') field += s[i++];
    fields.push(field);
    if (s[i] !== ',') return fields;
    i++;
  }
}

const str = (v: Val | undefined): string => (typeof v === 'string' ? v : '');

export const textFunctions: Record<string, FnImpl> = {
  replace_strings: (c) => lift(c, () => (text, lookups, rewrites) =>
    Array.isArray(lookups) && Array.isArray(rewrites) ? replaceStrings(str(text), lookups, rewrites) : str(text)),
  format_bytes: (c) => lift(c, () => (size, precision, units) =>
    typeof size === 'number' ? formatBytes(size, typeof precision === 'number' ? precision : 0, str(units)) : ''),
  parse_version: (c) => lift(c, () => (v) => parseVersion(str(v))),
  parse_csv: (c) => lift(c, () => (v) => parseCsv(str(v))),
};
