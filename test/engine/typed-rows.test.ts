// Operators reading typed vectors (sort, top, join keys, datetime arithmetic, between, in) must answer
// exactly as over boxed values: each query runs over the typed input columns and over boxed copies of
// them (iff(true, c, c) yields boxed values of c's type).
import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../src/kql/engine/index.js';
import type { DataTable } from '../../src/kql/table.js';

const BIG = '9007199254740993';
const input: DataTable = {
  columns: [
    { name: 'id', type: 'int' }, { name: 'x', type: 'real' }, { name: 'n', type: 'long' }, { name: 'b', type: 'long' },
    { name: 't', type: 'datetime' }, { name: 's', type: 'timespan' },
  ],
  rows: [
    [0, 1.5, 3, BIG, '2026-03-02T03:00:00Z', '01:00:00'],
    [1, null, null, null, null, null],
    [2, Number.NaN, 5, '-9223372036854775808', '2026-03-02T03:00:00.0000001Z', '-00:00:00.0000001'],
    [3, 5, -7, '9223372036854775807', '0001-01-01T00:00:00Z', '10675199.02:48:05.4775807'],
    [4, -0, 9007199254740991, '-9007199254740993', '9999-12-31T23:59:59.9999999Z', '-10675199.02:48:05.4775808'],
    [5, 0, 3, BIG, '2026-03-02T03:00:00Z', '1.00:00:00'],
    [6, Number.NaN, null, '-1', '1969-12-31T23:59:59.9999999Z', '00:00:00'],
    [7, -1e308, -9007199254740991, '0', '2026-03-01T00:00:00Z', null],
    [8, Number.POSITIVE_INFINITY, 5, BIG, null, '01:00:00'],
    [9, 2147483648, 2147483648, '2147483648', '2026-03-02T03:03:00Z', '00:03:34.7483648'],
    [10, 2147483647, 2147483647, '2147483647', '2026-03-02T03:02:00Z', '00:03:34.7483647'],
  ],
};
const COLS = input.columns.map((c) => c.name);
const BOXED = `extend ${COLS.map((c) => `${c} = iff(true, ${c}, ${c})`).join(', ')}`;

function run(kql: string, tables: Record<string, DataTable> = { T: input }): unknown[][] {
  const schemas = Object.fromEntries(Object.entries(tables).map(([k, v]) => [k, v.columns]));
  const q = compileQuery(kql, { tables: schemas });
  expect(q.errors).toEqual([]);
  return q.query!.run({ tables, now: '2026-03-04T00:00:00Z' }).rows;
}

/** `tail` over T's typed columns and over boxed copies of them. */
function both(tail: string): [unknown[][], unknown[][]] {
  return [run(`T | ${tail}`), run(`T | ${BOXED} | ${tail}`)];
}

describe('sort and top over typed columns', () => {
  it.each(COLS.filter((c) => c !== 'id').flatMap((c) => [
    `sort by ${c} asc`, `sort by ${c} desc`, `sort by ${c} asc nulls first`, `sort by ${c} desc nulls last`,
  ]))('%s orders as the boxed values do', (order) => {
    const [typed, boxed] = both(`${order} | project id`);
    expect(typed).toEqual(boxed);
  });

  it('with several keys and top, order as the boxed values do', () => {
    for (const tail of ['sort by n desc, x asc, t desc', 'sort by b asc, s desc nulls first, x', 'top 4 by t desc', 'top 3 by x asc nulls first']) {
      const [typed, boxed] = both(`${tail} | project id`);
      expect(typed).toEqual(boxed);
    }
  });
});

describe('join on typed keys', () => {
  // (Kinds that keep matched, unmatched left and unmatched right rows; each kind once on two keys.)
  const KINDS = ['inner', 'fullouter', 'leftsemi', 'rightanti'];
  const ALL_KINDS = ['innerunique', 'leftouter', 'rightouter', 'leftanti', 'rightsemi', ...KINDS];
  const right = (boxed: boolean): string => `(T | where id != 4 ${boxed ? `| ${BOXED}` : ''} | extend id = id + 100)`;

  it.each(['x', 'n', 'b', 't', 's', 'n, t', '$left.id == $right.n', '$left.n == $right.b, s'])('on %s matches as the boxed keys do', (on) => {
    for (const kind of on === 'n, t' ? ALL_KINDS : KINDS) {
      const rows = (boxed: boolean): unknown[][] => run(`T ${boxed ? `| ${BOXED}` : ''} | join kind=${kind} ${right(boxed)} on ${on} | project-keep id*`);
      expect(rows(false), kind).toEqual(rows(true));
    }
  });

  it('lookup on a typed key matches as the boxed keys do', () => {
    const lookup = (boxed: boolean): unknown[][] => run(`T ${boxed ? `| ${BOXED}` : ''} | lookup ${right(boxed)} on t | project-keep id*`);
    expect(lookup(false)).toEqual(lookup(true));
  });

  it.each(['x', 'b', 't', 's'])('on %s against a right side under a quarter of the left matches as the boxed keys do', (on) => {
    const small = (boxed: boolean): string => `(T | where id in (1, 5) ${boxed ? `| ${BOXED}` : ''} | extend id = id + 100)`;
    for (const kind of ['inner', 'leftanti', 'rightouter']) {
      const rows = (boxed: boolean): unknown[][] => run(`T ${boxed ? `| ${BOXED}` : ''} | join kind=${kind} ${small(boxed)} on ${on} | project-keep id*`);
      expect(rows(false), kind).toEqual(rows(true));
    }
  });

  it('with one side typed and the other boxed matches as the boxed keys do', () => {
    const [typed, boxed] = [run(`T | join kind=inner ${right(true)} on t, x | project-keep id*`), run(`T | ${BOXED} | join kind=inner ${right(true)} on t, x | project-keep id*`)];
    expect(typed).toEqual(boxed);
  });
});

describe('datetime arithmetic, between and in over typed columns', () => {
  it.each([
    't + s', 't - s', 's + t', 't - t', 's + s', 's - s', 't - 1h', 'now() - t', 'datetime(2026-01-01) + s', 's - 1d', 't + 3650000d',
    't - datetime(0001-01-02)', 's + 10675199d', 't + 1d',
    's * 3', '-2 * s', 's * 2.5', 's * 1e-7', 's * 7000', 's * 20000', '1s * n', '1d * id', '(t - datetime(2026-01-01)) * 3', '(t - datetime(0001-01-01)) * 2', '-2 * (t - datetime(0001-01-01))',
    's / 2', 's / -3', 's / 2.5', 's / 0', 's / n', '(t - datetime(2026-01-01)) / 7', '1h / id', '(t - datetime(2026-01-01)) / 1m', 's / s', 's / 1h',
  ])('%s answers as the bigint arithmetic', (expr) => {
    const [typed, boxed] = both(`extend r = ${expr} | project r`);
    expect(typed).toEqual(boxed);
  });

  it('feeds later typed operators (compare, sort) as the bigint result does', () => {
    const [typed, boxed] = both('extend u = t - 1h | where u > datetime(2026-03-01) | sort by u desc | project id, u');
    expect(typed).toEqual(boxed);
  });

  it.each([
    'x between (0.0 .. 5.0)', 'x !between (-1.0 .. 1.5)', 'n between (-7 .. 5)', 'id between (2 .. 6)', 'n between (1.0 .. 5.5)',
    'b between (-1 .. 9007199254740993)', 'b between (-0.5 .. 3.0e9)', 't between (datetime(2026-03-02) .. datetime(2026-03-02T03:00:00Z))',
    't between (datetime(2026-03-02) .. 3h)', 't !between (datetime(1970-01-01) .. 1d)', 's between (-1h .. 1d)', 'x between (real(nan) .. 1.0)',
  ])('%s answers as the general comparison', (pred) => {
    const [typed, boxed] = both(`extend r = ${pred} | project r`);
    expect(typed).toEqual(boxed);
  });

  it.each([
    'x in (1.5, 0, real(nan), 5)', 'x !in (1.5, -1e308)', 'n in (3, 5, 9007199254740991)', 'id in (2, 4, 6.0)',
    'b in (9007199254740993, -1, 2147483648)', 'b !in (9007199254740992)', 't in (datetime(2026-03-02T03:00:00Z), datetime(9999-12-31T23:59:59.9999999Z))',
    't !in (datetime(0001-01-01))', 's in (1h, 0s, time(-00:00:00.0000001))', 's in (dynamic([null, "01:00:00"]))', 'n in ((T | where id < 3 | project n))',
  ])('%s answers as the boxed lookup', (pred) => {
    const [typed, boxed] = both(`extend r = ${pred} | project r`);
    expect(typed).toEqual(boxed);
  });
});
