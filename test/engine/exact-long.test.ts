// Kusto's long is an exact 64-bit integer: beyond 2^53 the engine holds it as a bigint, wraps its
// arithmetic at 64 bits, keeps it exact inside dynamic values and prints every digit.
import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../src/kql/engine/index.js';
import { parseJsonExact } from '../../src/kql/json.js';
import type { DataTable, WireValue } from '../../src/kql/table.js';
import { formatResult } from '../../src/run/format.js';

const MAX = 9223372036854775807n;
const MIN = -9223372036854775808n;

function run(kql: string, tables: Record<string, DataTable> = {}): DataTable {
  const { query, errors } = compileQuery(kql, { tables: Object.fromEntries(Object.entries(tables).map(([k, t]) => [k, t.columns])) });
  expect(errors).toEqual([]);
  return query!.run({ tables, now: '2026-01-01T00:00:00Z' });
}

const row = (kql: string): WireValue[] => run(kql).rows[0]!;

describe('exact longs', () => {
  it('literals and arithmetic wrap at 64 bits', () => {
    expect(row(`print a = 9223372036854775807, b = 9223372036854775807 + 1, c = -9223372036854775807 - 2,
      d = 4611686018427387904 * 2, e = 9007199254740993 - 1, f = 9223372036854775807 / 3, g = -9223372036854775807 % 10,
      h = -(-9223372036854775807 - 1)`))
      .toEqual([MAX, MIN, MAX, MIN, 9007199254740992n, 3074457345618258602n, 3, MIN]);
  });

  it('compares exactly, and a long meets a real as a real', () => {
    expect(row(`print a = 9007199254740993 > 9007199254740992, b = 9223372036854775807 == 9223372036854775806,
      c = tolong("9007199254740993") == 9007199254740993, d = 9223372036854775807 == todouble(9223372036854775807)`))
      .toEqual([true, false, true, true]);
  });

  it('converts from and to text, reals and ints', () => {
    expect(row(`print a = tolong("-9223372036854775808"), b = tolong("0x8000000000000000"), c = tostring(9007199254740993),
      d = todouble(9223372036854775807), e = toint(9007199254740993), f = tolong(1e19), g = strcat("#", 9223372036854775807)`))
      .toEqual([MIN, MIN, '9007199254740993', 9223372036854775808, 1, MAX, '#9223372036854775807']);
  });

  it('groups, sums and orders longs that doubles cannot tell apart', () => {
    const t = run(`datatable(k:long, v:long)[9007199254740993, 9223372036854775807, 9007199254740992, 2, 9007199254740993, 1]
      | summarize n = count(), s = sum(v), mx = max(v), l = make_list(v) by k | order by k asc`);
    expect(t.rows).toEqual([
      [9007199254740992n, 1, 2, 2, [2]],
      [9007199254740993n, 2, MIN, MAX, [MAX, 1]],
    ]);
  });

  it('keeps longs exact inside dynamic values', () => {
    expect(row(`print d = parse_json('{"id": 9223372036854775807, "n": [9007199254740993, 1.5]}')
      | project id = tolong(d.id), n = d.n, t = tostring(d), b = bag_pack("k", 9007199254740993), g = gettype(d.id),
        gt = d.id > 95, eq = d.id == 9223372036854775807, lt = d.n[0] < 9007199254740994`))
      .toEqual([MAX, [9007199254740993n, 1.5], '{"id":9223372036854775807,"n":[9007199254740993,1.5]}', { k: 9007199254740993n }, 'long', true, true, true]);
  });

  it('does 64-bit bitwise arithmetic and hashing', () => {
    expect(row(`print a = binary_and(9223372036854775807, -2), b = binary_xor(-1, 9007199254740993), c = binary_shift_left(1, 62),
      d = hash("World"), e = tohex(-9223372036854775807 - 1)`))
      .toEqual([MAX - 1n, -9007199254740994n, 4611686018427387904n, 1846988464401551951n, '8000000000000000']);
  });

  it('reads exact longs from input rows and prints every digit as JSON', () => {
    const input: DataTable = { columns: [{ name: 'x', type: 'long' }], rows: [['9223372036854775807'], [MAX - 1n], [1]] };
    const t = run('T | where x > 9223372036854775806', { T: input });
    expect(t.rows).toEqual([[MAX]]);
    const json = formatResult(run('print x = 9223372036854775807, d = dynamic([-9223372036854775808])'), 'json');
    expect(json).toBe('{"columns":[{"name":"x","type":"long"},{"name":"d","type":"dynamic"}],"rows":[[9223372036854775807,[-9223372036854775808]]]}\n');
    expect(parseJsonExact(json)).toEqual({ columns: [{ name: 'x', type: 'long' }, { name: 'd', type: 'dynamic' }], rows: [[MAX, [MIN]]] });
  });
});
