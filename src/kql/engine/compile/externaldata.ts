// externaldata(schema)[uris] with (format=...): the host supplies each URI's text (tripline maps URLs
// to local files; the engine never reaches the network) and the engine reads it in the declared format
// into the declared schema.
import { convert, toDynamic } from '../convert.js';
import { LocatedError, type Span } from '../errors.js';
import type { OutColumn, TabularNode } from '../plan/nodes.js';
import type { Column, Table } from '../table.js';
import type { Dyn, Val } from '../values.js';
import { type Cx, type Plan, fail } from './context.js';
import { compileExpr } from './expressions.js';

const FORMATS = new Set(['csv', 'tsv', 'txt', 'json', 'multijson']);

export function compileExternalData(node: Extract<TabularNode, { kind: 'externaldata' }>, cx: Cx): Plan {
  const { schema, format, ignoreFirstRecord, at } = node;
  if (!FORMATS.has(format)) return fail(at, `externaldata: format '${format}' is not supported (csv, tsv, txt, json, multijson)`);
  const uris = node.uris.map((u) => compileExpr(u, cx));
  return (rt) => {
    const parts = uris.map((u) => {
      const url = String(u.constant ? u.constant(rt) : '');
      const text = rt.externalData?.(url);
      if (text === undefined) {
        throw new LocatedError(`externaldata: no local file for ${url}; the engine makes no network calls: map the URL (or a pattern matching it) to a file under externaldata: in the test case or in tripline.config.yaml`, at);
      }
      return readRecords(text, format, ignoreFirstRecord, url, at);
    });
    return toTable(parts.flat(), schema, format);
  };
}

type Rec = string[] | Record<string, Dyn>;

function readRecords(text: string, format: string, ignoreFirst: boolean, url: string, at: Span): Rec[] {
  let recs: Rec[];
  switch (format) {
    case 'csv': recs = csvRecords(text); break;
    case 'tsv': recs = lines(text).map((l) => l.split('\t')); break;
    case 'txt': recs = lines(text).map((l) => [l]); break;
    default: recs = jsonRecords(text, format === 'json', url, at);
  }
  return ignoreFirst ? recs.slice(1) : recs;
}

function lines(text: string): string[] {
  const ls = text.split(/\r?\n/);
  if (ls.length && ls[ls.length - 1] === '') ls.pop();
  return ls;
}

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
function csvRecords(text: string): string[][] {
  const out: string[][] = [];
  let rec: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') { rec.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      rec.push(field);
      out.push(rec);
      rec = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || rec.length) { rec.push(field); out.push(rec); }
  return out;
}

/** json: one record per line; multijson: records may span lines. A top-level array holds records. */
function jsonRecords(text: string, perLine: boolean, url: string, at: Span): Record<string, Dyn>[] {
  const values: unknown[] = [];
  const whole = text.trim();
  try {
    if (whole.startsWith('[')) values.push(...(JSON.parse(whole) as unknown[]));
    else if (perLine) for (const l of lines(text)) { if (l.trim()) values.push(JSON.parse(l)); }
    else values.push(...jsonStream(whole));
  } catch (e) {
    throw new LocatedError(`externaldata: ${url} is not ${perLine ? 'JSON lines' : 'JSON'}: ${(e as Error).message}`, at);
  }
  return values.map((v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, Dyn>) : {}));
}

/** Concatenated JSON values (whitespace between them). */
function jsonStream(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') { if (depth++ === 0) start = i; }
    else if (ch === '}' || ch === ']') { if (--depth === 0) out.push(JSON.parse(text.slice(start, i + 1))); }
  }
  if (depth !== 0) JSON.parse(text.slice(start));
  return out;
}

function toTable(recs: Rec[], schema: OutColumn[], format: string): Table {
  const cols: Column[] = schema.map((c) => ({ name: c.name, type: c.type, data: new Array<Val>(recs.length) }));
  const textual = format === 'csv' || format === 'tsv' || format === 'txt';
  recs.forEach((r, i) => {
    schema.forEach((c, j) => {
      if (textual) {
        const s = (r as string[])[j] ?? '';
        cols[j]!.data[i] = c.type === 'string' ? s : s === '' ? null : c.type === 'dynamic' ? toDynamic(s, 'string') : convert(s, 'string', c.type);
      } else {
        const v = (r as Record<string, Dyn>)[c.name];
        cols[j]!.data[i] = v === undefined ? (c.type === 'string' ? '' : null) : convert(v as Val, 'dynamic', c.type);
      }
    });
  });
  return { n: recs.length, cols };
}
