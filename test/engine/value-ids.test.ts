// Dense value ids (grouping, dcount, make_set, join keys): equal values share an id, nothing else does.
import { describe, expect, it } from 'vitest';
import { valueIds } from '../../src/kql/engine/operators/ids.js';
import type { Val } from '../../src/kql/engine/values.js';

const idsOf = (v: Val[]): number[] => [...valueIds(v, v.length).ids];

describe('value ids', () => {
  it('tell apart datetime ticks that round to the same double', () => {
    const t = 638_000_000_000_000_000n;
    expect(Number(t)).toBe(Number(t + 1n));
    expect(idsOf([t, t + 1n, t, t + 1n, null, t + 2n])).toEqual([0, 1, 0, 1, 2, 3]);
  });

  it('take a long as a number and as a bigint of the same value as one key', () => {
    expect(idsOf([5, 5n, 2 ** 60, 2n ** 60n, 2n ** 60n + 1n, -0, 0])).toEqual([0, 0, 1, 1, 2, 3, 3]);
  });

  it('give NaN and null one id each', () => {
    const r = valueIds([NaN, null, 1, NaN, null, 1.5], 6);
    expect([...r.ids]).toEqual([0, 1, 2, 0, 1, 3]);
    expect(r.first).toEqual([0, 1, 2, 5]);
  });

  it('stay dense and exact past the table growing', () => {
    const v: Val[] = Array.from({ length: 50_000 }, (_, i) => BigInt(i % 20_000) * 36_000_000_000n);
    const r = valueIds(v, v.length);
    expect(r.values.length).toBe(20_000);
    expect(r.first).toEqual(Array.from({ length: 20_000 }, (_, i) => i));
    for (let i = 0; i < v.length; i++) if (r.ids[i] !== i % 20_000) throw new Error(`row ${i}: id ${r.ids[i]}`);
  });

  it('fall back to the value itself for strings and dynamic values', () => {
    expect(idsOf(['a', 'b', 'a', [1], [1], { x: 1 }])).toEqual([0, 1, 0, 2, 2, 3]);
  });
});
