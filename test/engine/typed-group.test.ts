// Typed paths of bin(), grouping and aggregates: each answers as the boxed path does. The boxed answer
// comes from the same query with a size, offset or key the typed path does not take (a column `k`).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binTicks } from '../../src/kql/engine/functions/datetime.js';
import { binTicksVec } from '../../src/kql/engine/functions/typed-bin.js';
import { compileQuery } from '../../src/kql/engine/index.js';
import { aggregates, argExtreme } from '../../src/kql/engine/operators/aggregates.js';
import { groupRows } from '../../src/kql/engine/operators/summarize.js';
import { argExtremeRows, typedAggregates } from '../../src/kql/engine/operators/typed-aggregates.js';
import type { KType } from '../../src/kql/engine/values.js';
import { type TypedVec, i64Vec, typedFromVals, valsOf } from '../../src/kql/engine/vectors.js';
import type { DataTable } from '../../src/kql/table.js';

const input: DataTable = {
  columns: [{ name: 'x', type: 'real' }, { name: 'n', type: 'long' }, { name: 't', type: 'datetime' }, { name: 's', type: 'timespan' }],
  rows: [
    [1.5, 3, '2026-03-01T01:00:00Z', '-01:30:00'],
    [null, null, null, null],
    [Number.NaN, -7, '2026-03-01T00:59:59.9999999Z', '-00:00:00.0000001'],
    [-0, 9007199254740991, '0001-01-01T00:00:00Z', '10675199.02:48:05.4775807'],
    [-1.5, -9007199254740991, '9999-12-31T23:59:59.9999999Z', '-10675199.02:48:05.4775807'],
    [1e300, 0, '2026-03-01T06:59:59.9999999Z', '07:00:00'],
    [-1e300, 5, '2026-02-28T23:59:59.9999999Z', '-07:00:00.0000001'],
    [Number.NaN, 5, '2026-03-04T00:00:00Z', '1.00:00:00'],
  ],
};

function run(kql: string): unknown[][] {
  const q = compileQuery(kql, { tables: { T: input.columns } });
  expect(q.errors).toEqual([]);
  return q.query!.run({ tables: { T: input }, now: '2026-03-04T00:00:00Z' }).rows;
}

/** The query with `size` inline (typed path) and with `size` in a column k (boxed path). */
function bothWays(size: string, body: (k: string) => string): void {
  expect(run(`T | extend k = ${size} | project ${body(size)}`)).toEqual(run(`T | extend k = ${size} | project ${body('k')}`));
}

describe('bin of a typed column', () => {
  it('of ticks, in doubles, is the bigint bin for any size up to 2^52 and any origin', () => {
    const ticks = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
    fc.assert(fc.property(fc.array(ticks, { minLength: 1, maxLength: 8 }), fc.bigInt({ min: 1n, max: 1n << 52n }), ticks, (vs, size, origin) => {
      const out = binTicksVec(i64Vec(BigInt64Array.from(vs), null), size, origin, true);
      const want = vs.map((v) => binTicks(v, size, origin)!);
      expect(out ? [...out.values] : want.some((b) => b < -(1n << 63n))).toEqual(out ? want : true);
    }), { numRuns: 3000 });
  });

  it.each(['1h', '7h', '1.5h', '10microsecond', '1d', '7d', '1tick', '-1h', '0s'])('of datetimes and timespans by %s', (size) => {
    bothWays(size, (k) => `a = bin(t, ${k}), b = bin(s, ${k}), c = floor(s, ${k})`);
  });

  it.each(['1h', '7h', '100tick'])('bin_at of datetimes and timespans by %s', (size) => {
    bothWays(size, (k) => `a = bin_at(t, ${k}, datetime(2026-03-01T00:17:00Z)), b = bin_at(s, ${k}, -3h)`);
  });

  it.each(['1', '3', '0.5', '-2', '0', '7'])('of numbers by %s', (size) => {
    bothWays(size, (k) => `a = bin(x, ${k}), b = bin(n, ${k}), c = bin_at(x, ${k}, 0.25), d = bin_at(n, ${k}, 2), e = floor(x, ${k})`);
  });

  it.each(['', ', 1', ', -1', ', 2000'])('startofday, startofweek, startofmonth, startofyear with offset "%s"', (off) => {
    const k = off === '' ? '0' : off.slice(2);
    const fns = ['startofday', 'startofweek', 'startofmonth', 'startofyear'];
    expect(run(`T | extend k = ${k} | project ${fns.map((f, i) => `c${i} = ${f}(t${off})`).join(', ')}`))
      .toEqual(run(`T | extend k = ${k} | project ${fns.map((f, i) => `c${i} = ${f}(t, k)`).join(', ')}`));
  });
});

describe('grouping by typed keys', () => {
  const reals = [1.5, null, Number.NaN, -0, 0, -1.5, 1e300, Number.NaN, 1.5, null, -1e300, 0];
  const ticks = [1n, null, -(1n << 62n), (1n << 62n) + 1n, 1n, -1n, null, 4294967296n, -(1n << 62n), 0n, 1n << 32n, (1n << 62n) + 1n];

  it('gives the groups, in the same order, that the boxed values give', () => {
    const f = typedFromVals(reals, 'real')!;
    const t = typedFromVals(ticks, 'timespan')!;
    // Many keys sharing a low word or a high word, so that hash probes meet.
    const many = Array.from({ length: 6000 }, (_, i) => (i % 101 === 0 ? null : (BigInt((i * 7919) % 1000) - 500n) * 4294967296n + BigInt(i % 3)));
    const m = typedFromVals(many, 'datetime')!;
    const m2 = groupRows([m], many.length);
    const b2 = groupRows([valsOf(m, 'datetime')], many.length);
    expect([m2.G, [...m2.groups], m2.first]).toEqual([b2.G, [...b2.groups], b2.first]);
    for (const keys of [[f], [t], [f, t]]) {
      const typed = groupRows(keys, reals.length);
      const boxed = groupRows(keys.map((k) => valsOf(k, 'real')), reals.length);
      expect([typed.G, [...typed.groups], typed.first]).toEqual([boxed.G, [...boxed.groups], boxed.first]);
    }
  });

  it('in summarize yields the rows of boxed keys', () => {
    const keys = 'x, n, t, s, b = bin(t, 1h)';
    const boxed = 'x = iff(k == 1, x, x), n = iff(k == 1, n, n), t = iff(k == 1, t, t), s = iff(k == 1, s, s), b = bin(t, k)';
    expect(run(`T | extend k = 1h | summarize c = count() by ${keys}`)).toEqual(run(`T | extend k = 1h | summarize c = count() by ${boxed.replace(/k == 1/g, 'k == 1h')}`));
  });
});

describe('aggregates of typed arguments', () => {
  // Group 3 has only nulls, group 4 has no rows; NaN arrives first in group 1 and last in group 2.
  const groups = Int32Array.from([0, 1, 2, 0, 1, 2, 3, 0, 1, 2, 3, 0]);
  const reals = [1.5, Number.NaN, -0, -1.5, 2, 1e300, null, 0, 7, Number.NaN, null, -1e300];
  const longs = [3, 9007199254740991, 9007199254740991, null, 5, -9007199254740991, null, 0, -7, 4, null, 3];
  const ticks = [1n << 62n, -5n, 0n, null, 4294967296n, -(1n << 62n), null, 4294967295n, -4294967296n, 1n, null, 7n];
  const cond = [true, false, true, true, null, true, true, false, true, true, true, true];
  const cases: [string, (number | bigint | null)[], KType][] = [['real', reals, 'real'], ['long', longs, 'long'], ['timespan', ticks, 'timespan']];

  function both(name: string, values: (number | bigint | null)[], type: KType, ret: KType, withCond: boolean): [unknown, unknown] {
    const x = typedFromVals(values, type)!;
    const args = withCond ? [cond] : [];
    const typed = typedAggregates[name]!.run({ x, type, args, groups, G: 5, ret });
    const boxed = aggregates[name]!({ args: [valsOf(x, type), ...args], types: [type, 'bool'], groups, G: 5, ret, consts: [] });
    return [typed === undefined || Array.isArray(typed) ? typed : valsOf(typed, ret), boxed];
  }

  it.each(['min', 'max', 'take_any', 'minif', 'maxif', 'take_anyif', 'dcount', 'dcountif'])('%s answers as the boxed one', (name) => {
    for (const [, values, type] of cases) {
      const [typed, boxed] = both(name, values, type, name.startsWith('dcount') ? 'long' : type, name.endsWith('if'));
      expect(typed).toEqual(boxed);
    }
  });

  it.each(['sum', 'sumif', 'avg', 'avgif'])('%s answers as the boxed one, or leaves sums beyond 2^53 to it', (name) => {
    const ret = (type: KType): KType => (name.startsWith('avg') ? 'real' : type);
    const withCond = name.endsWith('if');
    for (const [label, values, type] of cases) {
      const [typed, boxed] = both(name, values, type, ret(type), withCond);
      // The longs' group 1 sums past 2^53 unless the condition drops rows; ticks are not averaged typed.
      if ((label === 'long' && !withCond) || (label === 'timespan' && name.startsWith('avg'))) expect(typed).toBeUndefined();
      else expect(typed).toEqual(boxed);
    }
    const safe = longs.map((v) => (typeof v === 'number' && Math.abs(v) > 1e15 ? 11 : v));
    const [typed, boxed] = both(name, safe, 'long', ret('long'), withCond);
    expect(typed).toEqual(boxed);
  });

  it('arg_max and arg_min pick the rows the boxed ones pick, a group of nulls its first', () => {
    for (const [, values, type] of cases) {
      const x = typedFromVals(values, type)!;
      for (const dir of [1, -1] as const) expect(argExtremeRows(x, groups, 5, dir)).toEqual(argExtreme(valsOf(x, type), type, groups, 5, dir));
    }
  });

  it('count and countif count as the boxed ones', () => {
    const a = { x: undefined, type: 'long' as KType, groups, G: 5, ret: 'long' as KType };
    expect(valsOf(typedAggregates.count!.run({ ...a, args: [] }) as TypedVec, 'long')).toEqual(aggregates.count!({ ...a, args: [], types: [], consts: [] }));
    expect(valsOf(typedAggregates.countif!.run({ ...a, args: [cond] }) as TypedVec, 'long')).toEqual(aggregates.countif!({ ...a, args: [cond], types: ['bool'], consts: [] }));
  });

  it('in summarize, with arg_max and arg_min, give the rows of boxed arguments', () => {
    const aggs = (f: (c: string) => string): string =>
      `c = count(), s = sum(${f('n')}), a = avg(${f('x')}), v = avg(${f('n')}), mn = min(${f('t')}), mx = max(${f('s')}), ta = take_any(${f('x')}), ` +
      `am = arg_max(${f('t')}, x, n), an = arg_min(${f('x')}, t, s)`;
    const boxed = (c: string): string => `iff(k == 1, ${c}, ${c})`;
    for (const by of ['', ' by b = bin(t, 1d)', ' by n']) {
      expect(run(`T | extend k = 1 | summarize ${aggs((c) => c)}${by}`)).toEqual(run(`T | extend k = 1 | summarize ${aggs(boxed)}${by}`));
    }
  });
});

describe('make-series over typed columns', () => {
  it.each(['', ' from datetime(2026-02-28) to datetime(2026-03-05)'])('keys and axis%s answer as boxed ones', (range) => {
    const series = (f: (c: string) => string): string =>
      `T | where t > datetime(2000-01-01) and t < datetime(2100-01-01) | extend k = 1 | make-series c = count(), m = max(x) default = -1 on ${f('t')}${range} step 1d by ${f('n')}, ${f('s')}`;
    expect(run(series((c) => c))).toEqual(run(series((c) => `iff(k == 1, ${c}, ${c})`)));
  });

  it('of a real axis with nulls answers as a boxed one', () => {
    const series = (f: (c: string) => string): string =>
      `T | where isnull(x) or (x > -1e301 and x < 1e301) | extend k = 1 | make-series c = count() on ${f('x')} step 1e299 by ${f('t')}`;
    expect(run(series((c) => c))).toEqual(run(series((c) => `iff(k == 1, ${c}, ${c})`)));
  });
});

describe('a boxed key out of the datetime range', () => {
  it('prints as before: bins before year 1 are left boxed', () => {
    const rows = run('T | where t < datetime(0002-01-01) | summarize c = count() by b = bin_at(t, 1h, datetime(2026-03-01T00:17:00Z)) | project b');
    expect(rows).toEqual(run('T | where t < datetime(0002-01-01) | project b = bin_at(t, 1h, datetime(2026-03-01T00:17:00Z))'));
  });
});
