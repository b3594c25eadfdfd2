// Judging the engine against the real Kusto engine's verdicts (test/data/conformance/): our result is
// printed in the verdicts' row format and compared exactly, reals with a relative tolerance (.NET and
// JS print a double's last digits differently).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileQuery } from '../../src/kql/engine/index.js';
import { jsonText } from '../../src/kql/json.js';
import type { ColumnSchema, DataTable, WireValue } from '../../src/kql/table.js';

export interface Verdict {
  id: string;
  /** The id, made unique by `#n` (the n-th case of that id) where the data repeats an id. */
  key?: string;
  family: string;
  kql: string;
  status: 'ok' | 'error' | 'skip';
  columns?: string[];
  rowCount?: number;
  sampleRows?: string[];
}

export function loadVerdicts(): Verdict[] {
  const file = fileURLToPath(new URL('../data/conformance/kusto-emulator-verdicts.jsonl', import.meta.url));
  const seen = new Map<string, number>();
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => {
    const v = JSON.parse(l) as Verdict;
    const n = (seen.get(v.id) ?? 0) + 1;
    seen.set(v.id, n);
    return { ...v, key: `${v.id}#${n}` };
  });
}

const TYPE: Record<string, string> = {
  bool: 'Bool', int: 'Int', long: 'Int', real: 'Real', decimal: 'Real', string: 'String',
  datetime: 'DateTime', timespan: 'TimeSpan', guid: 'Guid', dynamic: 'Dynamic',
};

function fmtDatetime(s: string): string {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(s);
  if (!m) return s;
  return `${m[1]}.${(m[2] ?? '').padEnd(7, '0')}Z`;
}

function fmtValue(v: WireValue, c: ColumnSchema): string {
  if (v === null) return 'null';
  switch (c.type) {
    case 'string': case 'guid': return `'${String(v)}'`;
    case 'bool': return v ? 'True' : 'False';
    case 'datetime': return fmtDatetime(String(v));
    case 'timespan': return String(v);
    case 'dynamic': return jsonText(v, undefined, 2);
    default: return typeof v === 'number' ? String(v) : String(v);
  }
}

export function formatRow(row: WireValue[], cols: ColumnSchema[]): string {
  return '(' + row.map((v, i) => fmtValue(v, cols[i]!)).join(', ') + ')';
}

const NUM_TEXT = '-?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?';
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Our row as a pattern over the expected text: every character must match exactly, except the reals,
 * which are compared with a relative tolerance (.NET and JS print the last digits of a double
 * differently): a real column's value, and a number inside a dynamic value written as a real on both
 * sides (with a '.' or an exponent). Strings, integers, datetimes and timespans compare exactly.
 */
function rowPattern(row: WireValue[], cols: ColumnSchema[]): { re: RegExp; reals: number[] } {
  const reals: number[] = [];
  const cells = row.map((v, i) => {
    const c = cols[i]!;
    const text = fmtValue(v, c);
    if (c.type === 'real' && typeof v === 'number' && Number.isFinite(v)) {
      reals.push(v);
      return `(${NUM_TEXT})`;
    }
    if (c.type !== 'dynamic' || v === null) return escape(text);
    return text.split(/(?<=^|[\s[:])(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(?=[,\n\]}]|$)/).map((part, k) => {
      if (k % 2 === 0 || !/[.eE]/.test(part)) return escape(part);
      reals.push(Number(part));
      return `(-?(?:\\d+\\.\\d*|\\d+(?:\\.\\d*)?[eE][+-]?\\d+))`;
    }).join('');
  });
  return { re: new RegExp(`^\\(${cells.join(', ')}\\)$`), reals };
}

const near = (a: number, b: number): boolean =>
  a === b || Math.abs(a - b) <= Math.max(Math.max(Math.abs(a), Math.abs(b)) * 1e-9, 1e-12);

/** Equal, reals up to a relative tolerance of 1e-9 (1e-12 absolute near zero). */
export function rowMatches(expected: string, row: WireValue[], cols: ColumnSchema[]): boolean {
  if (expected === formatRow(row, cols)) return true;
  const { re, reals } = rowPattern(row, cols);
  const m = re.exec(expected);
  return m !== null && reals.every((r, i) => near(Number(m[i + 1]), r));
}

function sorts(kql: string): boolean {
  return /\|\s*(order|sort|top|serialize)\b/.test(kql) || /\b(row_number|prev|next)\s*\(/.test(kql);
}

export interface Judgement {
  verdict: Verdict;
  ok: boolean;
  reason?: string;
}

export function judge(v: Verdict, now = '2026-01-01T00:00:00Z'): Judgement {
  let result: DataTable;
  try {
    const { query, errors } = compileQuery(v.kql);
    if (!query) {
      return v.status === 'error' ? { verdict: v, ok: true } : { verdict: v, ok: false, reason: 'compile: ' + errors.map((e) => e.message).join('; ') };
    }
    result = query.run({ tables: {}, now });
  } catch (e) {
    return v.status === 'error' ? { verdict: v, ok: true } : { verdict: v, ok: false, reason: 'run: ' + (e as Error).message };
  }
  if (v.status === 'error') return { verdict: v, ok: false, reason: 'expected an error' };
  const cols = result.columns.map((c) => `${c.name}:${TYPE[c.type]}`);
  if (JSON.stringify(cols) !== JSON.stringify(v.columns)) {
    return { verdict: v, ok: false, reason: `columns ${cols.join(',')} != ${v.columns!.join(',')}` };
  }
  if (result.rows.length !== v.rowCount) return { verdict: v, ok: false, reason: `rowCount ${result.rows.length} != ${v.rowCount}` };
  const mine = result.rows.map((r) => formatRow(r, result.columns));
  const expected = v.sampleRows ?? [];
  const matches = (e: string, i: number): boolean => rowMatches(e, result.rows[i]!, result.columns);
  if (sorts(v.kql)) {
    for (let i = 0; i < expected.length; i++) {
      if (i >= mine.length || !matches(expected[i]!, i)) return { verdict: v, ok: false, reason: `row ${i}: ${mine[i]} != ${expected[i]}` };
    }
    return { verdict: v, ok: true };
  }
  const pool = mine.map((_, i) => i);
  for (const e of expected) {
    const k = pool.findIndex((i) => matches(e, i));
    if (k < 0) return { verdict: v, ok: false, reason: `missing row ${e}; have ${mine.slice(0, 3).join(' ')}` };
    pool.splice(k, 1);
  }
  return { verdict: v, ok: true };
}
