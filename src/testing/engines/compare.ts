// Whether two engines returned the same result: the same columns (names and types, in order) and the
// same rows as a multiset (row order is not a query's contract unless it sorts, and the runner does not
// depend on it). Values are compared in canonical forms, since engines spell the same value differently:
// datetime fractions, timespan and number formatting, dynamic key order, GUID case.
import type { DataTable, KqlScalarType, WireValue } from '../../kql/table.js';
import { jsonText } from '../../kql/json.js';

export interface ResultDifference {
  summary: string;
  /** Rows in one result but not the other, as JSON (a few of each). */
  onlyIn: { side: string; rows: string[] }[];
}

const SHOWN = 5;

function ticksOfTimespan(v: string): string {
  const m = /^(-)?(?:(\d+)\.)?(\d+):(\d+):(\d+)(?:\.(\d+))?$/.exec(v);
  if (!m) return v;
  const [, sign, d, h, min, s, f] = m;
  const seconds = ((Number(d ?? 0) * 24 + Number(h)) * 60 + Number(min)) * 60 + Number(s);
  const ticks = BigInt(seconds) * 10_000_000n + BigInt((f ?? '').padEnd(7, '0').slice(0, 7) || '0');
  return `${sign ? '-' : ''}${ticks}`;
}

function datetimeTicks(v: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(v);
  if (m) return `${m[1]}.${(m[2] ?? '').padEnd(7, '0').slice(0, 7)}Z`;
  const t = Date.parse(v);
  return Number.isNaN(t) ? v : datetimeTicks(new Date(t).toISOString());
}

function sortedJson(v: WireValue): string {
  if (v === null || typeof v !== 'object') return jsonText(v);
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${sortedJson(v[k]!)}`).join(',')}}`;
}

function canonical(type: KqlScalarType | undefined, v: WireValue): string {
  if (v === null) return 'null';
  switch (type) {
    case 'datetime':
      return typeof v === 'string' ? datetimeTicks(v) : sortedJson(v);
    case 'timespan':
      return typeof v === 'string' ? ticksOfTimespan(v) : sortedJson(v);
    case 'real':
    case 'decimal':
      return typeof v === 'number' || typeof v === 'string' ? String(Number(Number(v).toPrecision(12))) : sortedJson(v);
    case 'int':
    case 'long':
      // The Kusto client (azure-kusto-data) reads JSON with JSON.parse, which rounds a long beyond 2^53;
      // the embedded engine's exact one (a bigint) is compared at that precision.
      return typeof v === 'number' || typeof v === 'string' || typeof v === 'bigint' ? String(Number(v)) : sortedJson(v);
    case 'guid':
      return typeof v === 'string' ? v.toLowerCase() : sortedJson(v);
    default:
      return sortedJson(v);
  }
}

function rowKeys(t: DataTable): string[] {
  return t.rows.map((r) => `[${t.columns.map((c, i) => canonical(c.type, r[i] ?? null)).join(',')}]`);
}

/** Counts of each key of `a` not matched in `b`. */
function unmatched(a: string[], b: string[]): string[] {
  const left = new Map<string, number>();
  for (const k of b) left.set(k, (left.get(k) ?? 0) + 1);
  const out: string[] = [];
  for (const k of a) {
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    else out.push(k);
  }
  return out;
}

export function compareResults(expected: DataTable, actual: DataTable, names: [string, string]): ResultDifference | undefined {
  const cols = (t: DataTable): string => t.columns.map((c) => `${c.name}:${c.type}`).join(', ');
  if (cols(expected) !== cols(actual)) {
    return { summary: `columns differ: ${names[0]} (${cols(expected)}), ${names[1]} (${cols(actual)})`, onlyIn: [] };
  }
  const a = rowKeys(expected);
  const b = rowKeys(actual);
  const onlyA = unmatched(a, b);
  const onlyB = unmatched(b, a);
  if (!onlyA.length && !onlyB.length) return undefined;
  return {
    summary: `${names[0]} returned ${a.length} row${a.length === 1 ? '' : 's'}, ${names[1]} ${b.length}; ${onlyA.length} only in ${names[0]}, ${onlyB.length} only in ${names[1]}`,
    onlyIn: [
      { side: names[0], rows: onlyA.slice(0, SHOWN) },
      { side: names[1], rows: onlyB.slice(0, SHOWN) },
    ].filter((s) => s.rows.length),
  };
}
