// around() beyond its page's datetime example (a docs case): both bounds included, for longs, reals
// and timespans, and null when any argument is null, as the page states.
import { expect, it } from 'vitest';
import { compileQuery } from '../../src/kql/engine/index.js';

it('around() includes both ends of [center - delta, center + delta] and is null on a null argument', () => {
  const { query, errors } = compileQuery(`print a = around(3, 4, 1), b = around(5, 4, 1), c = around(6, 4, 1),
  d = around(4.5, 4.0, 0.25), e = around(90m, 2h, 30m), f = around(long(null), 4, 1), g = around(4, 4, real(null))`);
  expect(errors).toEqual([]);
  expect(query!.run({ tables: {}, now: '2026-01-01T00:00:00Z' }).rows[0]).toEqual([true, true, false, false, true, null, null]);
});
