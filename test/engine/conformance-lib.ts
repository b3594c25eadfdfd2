// Judging the engine against the real Kusto engine's verdicts (test/data/conformance/): our result is
// printed in the verdicts' row format and compared, with numeric tolerance (Kusto's dcount and
// percentiles are approximate; reals are printed by .NET, longs beyond 2^53 pass through JS numbers).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileQuery } from '../../src/kql/engine/index.js';
import type { ColumnSchema, DataTable, WireValue } from '../../src/kql/table.js';

export interface Verdict {
  id: string;
  family: string;
  kql: string;
  status: 'ok' | 'error' | 'skip';
  columns?: string[];
  rowCount?: number;
  sampleRows?: string[];
}

export function loadVerdicts(): Verdict[] {
  const file = fileURLToPath(new URL('../data/conformance/kusto-emulator-verdicts.jsonl', import.meta.url));
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Verdict);
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
    case 'dynamic': return JSON.stringify(v, null, 2);
    default: return typeof v === 'number' ? String(v) : String(v);
  }
}

export function formatRow(row: WireValue[], cols: ColumnSchema[]): string {
  return '(' + row.map((v, i) => fmtValue(v, cols[i]!)).join(', ') + ')';
}

const NUM = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/g;

/** Equal up to numeric tolerance: non-numeric text must match exactly. */
export function rowsMatch(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  const et = expected.split(NUM);
  const at = actual.split(NUM);
  if (et.length !== at.length || et.some((t, i) => t !== at[i])) return false;
  const en = expected.match(NUM) ?? [];
  const an = actual.match(NUM) ?? [];
  return en.every((x, i) => {
    const a = Number(x);
    const b = Number(an[i]);
    if (a === b) return true;
    const tol = Math.max(Math.abs(a), Math.abs(b)) * 1e-9;
    return Math.abs(a - b) <= Math.max(tol, 1e-12);
  });
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
  if (sorts(v.kql)) {
    for (let i = 0; i < expected.length; i++) {
      if (!rowsMatch(expected[i]!, mine[i] ?? '')) return { verdict: v, ok: false, reason: `row ${i}: ${mine[i]} != ${expected[i]}` };
    }
    return { verdict: v, ok: true };
  }
  const pool = [...mine];
  for (const e of expected) {
    const i = pool.findIndex((m) => rowsMatch(e, m));
    if (i < 0) return { verdict: v, ok: false, reason: `missing row ${e}; have ${mine.slice(0, 3).join(' ')}` };
    pool.splice(i, 1);
  }
  return { verdict: v, ok: true };
}
