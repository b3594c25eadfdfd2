// The repository's watchlists (watchlists/<Alias>.csv) as `_GetWatchlist` sees them: only the CSV
// header matters for analysis, so only the first record is read.
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Fields of the first CSV record (RFC 4180 quoting; a quoted field may span lines). */
export function csvHeader(text: string): string[] {
  const fields: string[] = [];
  let cur = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cur += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { fields.push(cur.trim()); cur = ''; }
    else if (ch === '\n' || ch === '\r') break;
    else cur += ch;
  }
  fields.push(cur.trim());
  return fields.filter((f) => f !== '');
}

/** Alias -> CSV header columns for every `<Alias>.csv` in `dir`; an absent directory has none. */
export function readWatchlistHeaders(dir: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.csv')).sort();
  } catch {
    return out;
  }
  for (const f of files) out.set(basename(f, f.slice(f.lastIndexOf('.'))), csvHeader(readFileSync(join(dir, f), 'utf8')));
  return out;
}
