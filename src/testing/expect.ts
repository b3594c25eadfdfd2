// Expectations against what a run produced. Rows and alerts are matched order-free, each expected item
// to a distinct actual one, on the fields the expectation names; failures carry a readable diff.
import type { SourceLocation } from '../core/problems.js';
import type { ColumnSchema, DataTable, WireValue } from '../kql/table.js';
import { displayValue } from './alerts.js';
import { instant } from '../kql/columnar.js';
import type { Alert, ExpectedAlert, ExpectedEntity, Failure } from './types.js';
import { jsonText } from '../kql/json.js';

/** Whether a value written in a test (YAML) equals a value the engine produced, for the column's type. */
export function valueMatches(expected: unknown, actual: WireValue | undefined, type?: ColumnSchema['type']): boolean {
  if (expected instanceof Date) expected = expected.toISOString();
  if (expected === null || expected === undefined) return actual === null || actual === undefined || actual === '';
  if (actual === null || actual === undefined) return false;
  if (type === 'datetime' || (typeof expected === 'string' && typeof actual === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(actual))) {
    const a = instant(actual);
    const e = instant(String(expected));
    if (!Number.isNaN(a) && !Number.isNaN(e)) return a === e;
  }
  if (typeof actual === 'number') {
    const e = typeof expected === 'number' ? expected : Number(expected);
    if (Number.isNaN(e)) return false;
    return e === actual || Math.abs(e - actual) <= 1e-9 * Math.max(1, Math.abs(e), Math.abs(actual));
  }
  if (typeof actual === 'bigint') {
    // A YAML number holds a long beyond 2^53 only approximately; quoted digits compare exactly.
    if (typeof expected === 'string' && /^\s*[+-]?\d+\s*$/.test(expected)) return BigInt(expected.trim()) === actual;
    return typeof expected === 'number' && expected === Number(actual);
  }
  if (typeof actual === 'boolean') return expected === actual || String(expected).toLowerCase() === String(actual);
  if (typeof actual === 'object') {
    if (typeof expected === 'string') {
      try {
        return deepEqual(JSON.parse(expected), actual);
      } catch {
        return false;
      }
    }
    return deepEqual(expected, actual);
  }
  return String(expected) === actual;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (typeof a === 'object') {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** Maximum bipartite matching: expected[i] -> actual index, or -1. */
export function match<E, A>(expected: E[], actual: A[], fits: (e: E, a: A) => boolean): number[] {
  const owner = new Array<number>(actual.length).fill(-1);
  const assignment = new Array<number>(expected.length).fill(-1);
  const candidates = expected.map((e) => actual.map((a, j) => (fits(e, a) ? j : -1)).filter((j) => j >= 0));
  const tryAssign = (i: number, seen: Set<number>): boolean => {
    for (const j of candidates[i]!) {
      if (seen.has(j)) continue;
      seen.add(j);
      if (owner[j] === -1 || tryAssign(owner[j]!, seen)) {
        owner[j] = i;
        assignment[i] = j;
        return true;
      }
    }
    return false;
  };
  expected.forEach((_, i) => tryAssign(i, new Set()));
  return assignment;
}

function rowFits(expected: Record<string, unknown>, table: DataTable, row: WireValue[]): boolean {
  return Object.entries(expected).every(([col, v]) => {
    const i = table.columns.findIndex((c) => c.name === col);
    return i >= 0 && valueMatches(v, row[i], table.columns[i]!.type);
  });
}

export function checkRows(expected: Record<string, unknown>[], result: DataTable, at: SourceLocation): Failure[] {
  const missingColumns = [...new Set(expected.flatMap((r) => Object.keys(r)))].filter((c) => !result.columns.some((rc) => rc.name === c));
  if (missingColumns.length) {
    return [
      {
        message: `expected rows name column${missingColumns.length > 1 ? 's' : ''} ${missingColumns.join(', ')} that the query does not return (columns: ${result.columns.map((c) => c.name).join(', ')})`,
        at,
      },
    ];
  }
  const assignment = match(expected, result.rows, (e, r) => rowFits(e, result, r));
  const matched = new Set(assignment.filter((j) => j >= 0));
  const ok = assignment.every((j) => j >= 0) && result.rows.length === expected.length;
  if (ok) return [];
  // With no expected rows there are no named columns: show the first result columns instead.
  const named = [...new Set(expected.flatMap((r) => Object.keys(r)))];
  const columns = named.length ? named : result.columns.slice(0, 8).map((c) => c.name);
  const lines: string[][] = [['', ...columns]];
  expected.forEach((e, i) => {
    lines.push([assignment[i]! >= 0 ? ' ' : '-', ...columns.map((c) => (c in e ? showExpected(e[c]) : '…'))]);
  });
  result.rows.forEach((r, j) => {
    if (!matched.has(j)) lines.push(['+', ...columns.map((c) => displayValue(r[result.columns.findIndex((x) => x.name === c)]))]);
  });
  const missing = assignment.filter((j) => j < 0).length;
  const extra = result.rows.length - matched.size;
  return [
    {
      message: `rows differ: ${missing} expected row${missing === 1 ? '' : 's'} not returned, ${extra} unexpected row${extra === 1 ? '' : 's'} returned (expected ${expected.length}, got ${result.rows.length})`,
      detail: `expected (-) vs actual (+), on the ${named.length ? 'expected' : 'first'} columns:\n` + formatTable(lines),
      at,
    },
  ];
}

function showExpected(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function formatTable(lines: string[][]): string {
  const widths = lines[0]!.map((_, c) => Math.min(60, Math.max(...lines.map((l) => (l[c] ?? '').length))));
  const cell = (s: string, w: number) => (s.length > w ? s.slice(0, w - 1) + '…' : s.padEnd(w));
  return lines.map((l) => '  ' + l.map((s, c) => cell(s, widths[c]!)).join(' | ').trimEnd()).join('\n');
}

function entityFits(e: ExpectedEntity, a: Alert['entities'][number]): boolean {
  if (e.type.toLowerCase() !== a.type.toLowerCase()) return false;
  return Object.entries(e).every(([k, v]) => k === 'type' || a.identifiers[k] === showExpected(v));
}

function detailFits(expected: unknown, actual: unknown[] | undefined): boolean {
  if (!actual) return false;
  if (Array.isArray(expected)) {
    return match(expected, actual, (e, a) => valueMatches(e, a as WireValue)).every((j) => j >= 0) && expected.length === actual.length;
  }
  return actual.length > 0 && actual.every((a) => valueMatches(expected, a as WireValue));
}

/** Which named fields of an expected alert the actual alert gets wrong (empty = it matches). */
export function alertMismatches(e: ExpectedAlert, a: Alert): string[] {
  const wrong: string[] = [];
  if (e.displayName !== undefined && e.displayName.trimEnd() !== a.displayName.trimEnd()) wrong.push('displayName');
  if (e.description !== undefined && e.description.trimEnd() !== a.description.trimEnd()) wrong.push('description');
  if (e.severity !== undefined && e.severity.toLowerCase() !== a.severity.toLowerCase()) wrong.push('severity');
  if (e.tactics !== undefined) {
    const want = new Set(e.tactics.map((t) => t.toLowerCase()));
    const got = new Set(a.tactics.map((t) => t.toLowerCase()));
    if (want.size !== got.size || [...want].some((t) => !got.has(t))) wrong.push('tactics');
  }
  if (e.entities !== undefined && !e.entities.every((x) => a.entities.some((y) => entityFits(x, y)))) wrong.push('entities');
  if (e.customDetails !== undefined && !Object.entries(e.customDetails).every(([k, v]) => detailFits(v, a.customDetails[k]))) wrong.push('customDetails');
  return wrong;
}

export function formatAlert(a: Alert): string {
  const entities = a.entities.map((e) => `${e.type}(${Object.entries(e.identifiers).map(([k, v]) => `${k}=${v}`).join(', ')})`);
  const details = Object.entries(a.customDetails).map(([k, v]) => `${k}=${jsonText(v)}`);
  return [
    `  ┌ ${a.displayName}`,
    `  │ severity ${a.severity} · tactics ${a.tactics.join(', ') || '-'} · from ${a.rows.length} result row${a.rows.length === 1 ? '' : 's'}`,
    ...a.description.split('\n').map((l) => `  │ ${l}`),
    `  │ entities: ${entities.join('; ') || '-'}${a.entitiesDropped ? ` (+${a.entitiesDropped} beyond Sentinel's per-alert limits, not extracted)` : ''}`,
    `  └ custom details: ${details.join('; ') || '-'}`,
  ].join('\n');
}

export function checkAlertList(expected: ExpectedAlert[], actual: Alert[], at: SourceLocation): Failure[] {
  const assignment = match(expected, actual, (e, a) => alertMismatches(e, a).length === 0);
  if (assignment.every((j) => j >= 0) && expected.length === actual.length) return [];
  const failures: Failure[] = [];
  const matched = new Set(assignment.filter((j) => j >= 0));
  expected.forEach((e, i) => {
    if (assignment[i]! >= 0) return;
    // Explain against the closest unmatched alert: the one with the fewest wrong fields.
    const candidates = actual.filter((_, j) => !matched.has(j));
    const best = candidates
      .map((a) => ({ a, wrong: alertMismatches(e, a) }))
      .sort((x, y) => x.wrong.length - y.wrong.length)[0];
    failures.push({
      message: best
        ? `expected alert #${i + 1} not raised: the closest alert differs in ${best.wrong.join(', ')}`
        : `expected alert #${i + 1} not raised: ${actual.length === 0 ? 'no alert at all' : 'every alert is already matched'}`,
      detail: `expected:\n${JSON.stringify(e, null, 2).replace(/^/gm, '  ')}${best ? `\nclosest actual alert:\n${formatAlert(best.a)}` : ''}`,
      at,
    });
  });
  if (expected.length !== actual.length) {
    const extra = actual.filter((_, j) => !matched.has(j));
    failures.push({
      message: `expected ${expected.length} alert${expected.length === 1 ? '' : 's'}, got ${actual.length}`,
      detail: extra.length ? 'alerts not matched by any expectation:\n' + extra.map(formatAlert).join('\n') : undefined,
      at,
    });
  }
  return failures;
}
