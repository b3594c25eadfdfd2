// bitset_count_ones() beyond its page's example (42 has 3, a docs case): a long's 64-bit two's
// complement, so -1 has all 64 bits set and the largest long 63.
import { expect, it } from 'vitest';
import { compileQuery } from '../../src/kql/engine/index.js';

it('bitset_count_ones() counts the set bits of the 64-bit two\'s complement', () => {
  const { query, errors } = compileQuery('print bitset_count_ones(-1), bitset_count_ones(9223372036854775807), bitset_count_ones(-9223372036854775807 - 1), bitset_count_ones(long(null))');
  expect(errors).toEqual([]);
  expect(query!.run({ tables: {}, now: '2026-01-01T00:00:00Z' }).rows[0]).toEqual([64, 63, 1, null]);
});
