// A whole real inside a dynamic value prints with its decimal point (10.0), as the real engine writes
// it, while a long prints without one: in tostring() and in the JSON that `run` prints.
import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../src/kql/engine/index.js';
import type { DataTable } from '../../src/kql/table.js';
import { formatResult } from '../../src/run/format.js';

function run(kql: string): DataTable {
  const { query, errors } = compileQuery(kql);
  expect(errors).toEqual([]);
  return query!.run({ tables: {}, now: '2026-01-01T00:00:00Z' });
}

describe('whole reals inside dynamic values', () => {
  it('print with a decimal point where the value is a real, and without one where it is a long', () => {
    const t = run(`datatable(t:long, v:long)[1, 10, 2, 20, 2, 30]
      | make-series s = sum(v), a = avg(v) default = 0 on t from 1 to 4 step 1
      | extend st = series_stats_dynamic(a), l = pack_array(1.0, 2), b = bag_pack("r", 3.0, "l", 3)
      | extend text = tostring(pack("a", a, "st", st, "lit", dynamic({"x": 42.0, "y": 42})))
      | project s, a, l, b, text`);
    expect(formatResult(t, 'json')).toBe(
      '{"columns":[{"name":"s","type":"dynamic"},{"name":"a","type":"dynamic"},{"name":"l","type":"dynamic"},{"name":"b","type":"dynamic"},{"name":"text","type":"string"}],' +
      '"rows":[[[10,50,0],[10.0,25.0,0.0],[1.0,2],{"r":3.0,"l":3},' +
      '"{\\"a\\":[10.0,25.0,0.0],\\"st\\":{\\"min\\":0.0,\\"min_idx\\":2,\\"max\\":25.0,\\"max_idx\\":1,\\"avg\\":11.666666666666666,\\"stdev\\":12.583057392117915,\\"variance\\":158.33333333333331,\\"sum\\":35.0,\\"len\\":3},\\"lit\\":{\\"x\\":42.0,\\"y\\":42}}"]]}\n',
    );
  });

  it('keeps make_list of reals real, including 1E+15 and beyond', () => {
    const t = run('datatable(v:real)[1.5, 5, 1e15, -0.0] | summarize l = make_list(v), s = make_set(v)');
    expect(formatResult(t, 'json')).toContain('"rows":[[[1.5,5.0,1E+15,-0.0],[1.5,5.0,1E+15,-0.0]]]');
  });
});
