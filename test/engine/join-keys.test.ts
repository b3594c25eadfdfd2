// Joins whose left side is much larger than the right look the right keys up in the left column's value
// dictionary; the result must be the hash join's, on the first run and on later runs with ids cached.
import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../src/kql/engine/index.js';
import type { DataTable } from '../../src/kql/table.js';

const L: DataTable = {
  columns: [{ name: 'k', type: 'string' }, { name: 'i', type: 'long' }],
  rows: ['a', 'b', 'a', 'c', '', 'b', 'd', 'a', 'e', 'c', 'f', 'a', 'g'].map((k, i) => [k, i]),
};
const R: DataTable = { columns: [{ name: 'k', type: 'string' }, { name: 'r', type: 'long' }], rows: [['a', 100], ['c', 200], ['a', 300]] };

function run(kql: string): unknown[][] {
  const { query, errors } = compileQuery(kql, { tables: { L: L.columns, R: R.columns } });
  expect(errors).toEqual([]);
  const tables = { L, R };
  const first = query!.run({ tables, now: '2026-03-02T00:00:00Z' }).rows;
  expect(query!.run({ tables, now: '2026-03-02T00:00:00Z' }).rows).toEqual(first);
  return first;
}

describe('a join against a small right side', () => {
  it('keeps the rows without a match (leftanti) and with one (leftsemi), in order', () => {
    expect(run('L | join kind=leftanti R on k | project i')).toEqual([[1], [4], [5], [6], [8], [10], [12]]);
    expect(run('L | join kind=leftsemi R on k | project i')).toEqual([[0], [2], [3], [7], [9], [11]]);
  });

  it('pairs every match (inner, leftouter) and the first left row of each key (innerunique)', () => {
    expect(run('L | join kind=inner R on k | project i, r')).toEqual([[0, 100], [0, 300], [2, 100], [2, 300], [3, 200], [7, 100], [7, 300], [9, 200], [11, 100], [11, 300]]);
    expect(run('L | join kind=leftouter R on k | where i < 4 | project i, r')).toEqual([[0, 100], [0, 300], [1, null], [2, 100], [2, 300], [3, 200]]);
    expect(run('L | join R on k | project i, r')).toEqual([[0, 100], [0, 300], [3, 200]]);
  });
});
