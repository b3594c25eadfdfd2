// bin() over a column of datetimes or timespans finds each bin through the value's double and then
// confirms it exactly: values a tick either side of a bin edge share a double and must not share a bin.
import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../src/kql/engine/index.js';
import type { DataTable } from '../../src/kql/table.js';

function run(kql: string, t: DataTable): unknown[][] {
  const { query, errors } = compileQuery(kql, { tables: { T: t.columns } });
  expect(errors).toEqual([]);
  return query!.run({ tables: { T: t }, now: '2026-03-02T00:00:00Z' }).rows;
}

describe('bin of a ticks column by a constant size', () => {
  it('puts values a tick either side of an edge in their own bins', () => {
    const at = ['2026-03-01T01:00:00Z', '2026-03-01T00:59:59.9999999Z', '2026-03-01T01:00:00.0000001Z', '2026-03-01T01:59:59.9999999Z', null, '2026-03-01T00:00:00.0000001Z'];
    const t: DataTable = { columns: [{ name: 't', type: 'datetime' }], rows: at.map((x) => [x]) };
    expect(run('T | project b = bin(t, 1h)', t)).toEqual([
      ['2026-03-01T01:00:00Z'], ['2026-03-01T00:00:00Z'], ['2026-03-01T01:00:00Z'], ['2026-03-01T01:00:00Z'], [null], ['2026-03-01T00:00:00Z'],
    ]);
  });

  it('bins negative timespans downwards', () => {
    const t: DataTable = { columns: [{ name: 's', type: 'timespan' }], rows: [['-01:30:00'], ['01:30:00'], ['-00:00:00.0000001'], ['-01:00:00']] };
    expect(run('T | project b = bin(s, 1h)', t)).toEqual([['-02:00:00'], ['01:00:00'], ['-01:00:00'], ['-01:00:00']]);
  });
});
