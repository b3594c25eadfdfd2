// The embedded engine's exact long against the Kusto client's, which JSON.parse rounds beyond 2^53.
import { describe, expect, it } from 'vitest';
import type { ColumnSchema } from '../../src/kql/table.js';
import { compareResults } from '../../src/testing/engines/compare.js';

const columns: ColumnSchema[] = [{ name: 'x', type: 'long' }];
const names: [string, string] = ['embedded', 'adx'];

describe('comparing results of the two engines', () => {
  it('compares an exact long with the client-rounded one at the client precision, and still tells different longs apart', () => {
    expect(compareResults({ columns, rows: [[9223372036854775807n]] }, { columns, rows: [[9223372036854775807]] }, names)).toBeUndefined();
    expect(compareResults({ columns, rows: [[9007199254740993n]] }, { columns, rows: [[9007199254740996]] }, names)).toBeDefined();
  });
});
