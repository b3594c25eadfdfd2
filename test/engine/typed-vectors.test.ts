// Typed column vectors: 64-bit ticks read and written through 32-bit words in plain doubles must be the
// exact bigint arithmetic, and a typed comparison must answer as the boxed one does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { engineColumn } from '../../src/kql/engine/compile/wire.js';
import { compileQuery } from '../../src/kql/engine/index.js';
import { MAX_DATETIME, formatDatetime, parseDatetime } from '../../src/kql/engine/values.js';
import { approxAt, compareWords, dayAndTime, i64Vec, setDayAndTime, wordsOf } from '../../src/kql/engine/vectors.js';
import type { DataTable } from '../../src/kql/table.js';

const DAY = 864_000_000_000n;
const ticks = fc.bigInt({ min: -(1n << 62n), max: 1n << 62n });

function vec(...values: bigint[]): ReturnType<typeof i64Vec> {
  return i64Vec(BigInt64Array.from(values), null);
}

describe('64-bit words', () => {
  it('split into days and time of day exactly, and write back the same value', () => {
    fc.assert(fc.property(ticks, (t) => {
      const v = vec(t);
      const [days, tod] = dayAndTime(v.words, 0);
      expect(BigInt(days) * DAY + BigInt(tod)).toBe(t);
      expect(tod >= 0 && tod < 864e9).toBe(true);
      expect(wordsOf(t)).toEqual([v.words[1], v.words[0]! >>> 0]);
      const back = vec(0n);
      setDayAndTime(back.words, 0, days, tod);
      expect(back.values[0]).toBe(t);
    }), { numRuns: 2000 });
  });

  it('compare as the integers do, and their approximation never inverts an order', () => {
    fc.assert(fc.property(ticks, ticks, (a, b) => {
      const v = vec(a, b);
      const [hi, lo] = wordsOf(b);
      expect(compareWords(v.words, 0, hi, lo)).toBe(a < b ? -1 : a > b ? 1 : 0);
      if (a < b) expect(approxAt(v.words, 0) <= approxAt(v.words, 1)).toBe(true);
    }), { numRuns: 2000 });
  });
});

describe('wire datetimes', () => {
  it('in the printed form are read without arithmetic on bigints, to the same ticks, and are their own text', () => {
    fc.assert(fc.property(fc.array(fc.bigInt({ min: 0n, max: MAX_DATETIME }), { minLength: 1, maxLength: 20 }), (ts) => {
      const text = ts.map(formatDatetime);
      const c = engineColumn('T', 'datetime', text);
      expect(c.typed!.values).toEqual(BigInt64Array.from(ts));
      expect(c.text).toBe(text);
    }));
  });

  it('in other forms are parsed as before and printed in the canonical form', () => {
    const text = ['2026-03-02T03:00:00.1230Z', '2026-03-02 13:00:00+10:00', null, '2026-03-02T03:00:00Z'];
    const c = engineColumn('T', 'datetime', text);
    expect(c.data).toEqual(text.map((s) => (s === null ? null : parseDatetime(s))));
    expect(c.text).toEqual(['2026-03-02T03:00:00.123Z', '2026-03-02T03:00:00Z', null, '2026-03-02T03:00:00Z']);
  });
});

describe('a typed column compared with a constant', () => {
  const input: DataTable = {
    columns: [{ name: 'x', type: 'real' }, { name: 'n', type: 'long' }, { name: 't', type: 'datetime' }],
    rows: [
      [1.5, 3, '2026-03-02T03:00:00Z'], [null, null, null], [Number.NaN, 5, '2026-03-02T03:00:00.0000001Z'],
      [5, -7, '2026-03-01T00:00:00Z'], [-0, 9007199254740991, '2026-03-03T00:00:00Z'],
    ],
  };
  const run = (kql: string): unknown => {
    const q = compileQuery(kql, { tables: { T: input.columns } });
    expect(q.errors).toEqual([]);
    return q.query!.run({ tables: { T: input }, now: '2026-03-04T00:00:00Z' }).rows;
  };

  it.each(['==', '!=', '<', '<=', '>', '>='])('with %s answers as the general comparison of two columns', (op) => {
    const typed = `T | extend a = x ${op} 5, b = 0 ${op} x, c = n ${op} 5, d = t ${op} datetime(2026-03-02T03:00:00Z), e = n ${op} 1.5 | project a, b, c, d, e`;
    const general = `T | extend k = 5, z = 0, r = 1.5, w = datetime(2026-03-02T03:00:00Z) | extend a = x ${op} k, b = z ${op} x, c = n ${op} k, d = t ${op} w, e = n ${op} r | project a, b, c, d, e`;
    expect(run(typed)).toEqual(run(general));
  });
});
