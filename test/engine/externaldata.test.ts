// externaldata: the host maps each URL to text (tripline: a local file); the engine reads it in the
// declared format into the declared schema and never reaches the network.
import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../src/kql/engine/index.js';
import type { DataTable } from '../../src/kql/table.js';

function run(kql: string, files: Record<string, string>): DataTable {
  const { query, errors } = compileQuery(kql);
  expect(errors).toEqual([]);
  return query!.run({ tables: {}, now: '2026-03-02T03:00:00Z', externalData: (url) => files[url] });
}

const URL = 'https://example.com/feed';

describe('externaldata', () => {
  it('reads csv positionally, quoted fields included, skipping the header when asked', () => {
    const csv = 'Role,Description,ID\r\nOwner,"Full access, incl. ""RBAC""",8e3af657\nReader,Read only,acdd72a7\n';
    const t = run(`externaldata(Role:string, Description:string, ID:string) [@"${URL}"] with (format="csv", ignoreFirstRecord=true)`, { [URL]: csv });
    expect(t.rows).toEqual([
      ['Owner', 'Full access, incl. "RBAC"', '8e3af657'],
      ['Reader', 'Read only', 'acdd72a7'],
    ]);
  });

  it('converts fields to the declared types (csv without with(): the default format)', () => {
    const t = run(`externaldata(n:long, t:datetime, ok:bool, d:dynamic) ["${URL}"]`, { [URL]: '5,2026-01-02T03:04:05Z,true,"{""a"":1}"\n,,,\n' });
    expect(t.rows).toEqual([[5, '2026-01-02T03:04:05Z', true, { a: 1 }], [null, null, null, null]]);
  });

  it('reads tsv and txt', () => {
    expect(run(`externaldata(a:string, b:long) ["${URL}"] with (format="tsv")`, { [URL]: 'x\t1\ny\t2' }).rows).toEqual([['x', 1], ['y', 2]]);
    expect(run(`externaldata(line:string) ["${URL}"] with (format="txt")`, { [URL]: 'first, line\nsecond\n' }).rows).toEqual([['first, line'], ['second']]);
  });

  it('reads json lines and multi-line json records by property name', () => {
    expect(run(`externaldata(id:string, n:long) ["${URL}"] with (format="json")`, { [URL]: '{"id":"a","n":1}\n{"n":2,"id":"b","x":0}\n' }).rows)
      .toEqual([['a', 1], ['b', 2]]);
    const multi = '{\n  "changeNumber": 7,\n  "cloud": "Public",\n  "values": [{"name": "AzureCloud"}]\n}\n';
    const t = run(`externaldata(changeNumber:string, cloud:string, values:dynamic) ["${URL}"] with (format='multijson') | mv-expand values | project cloud, n = tostring(values.name)`, { [URL]: multi });
    expect(t.rows).toEqual([['Public', 'AzureCloud']]);
  });

  it('reads the rows of every URL given, in order', () => {
    const t = run(`externaldata(x:long) ["${URL}/1", "${URL}/2"]`, { [`${URL}/1`]: '1\n', [`${URL}/2`]: '2\n3\n' });
    expect(t.rows).toEqual([[1], [2], [3]]);
  });

  it('an unmapped URL is an error naming it and how to map it, located at the externaldata', () => {
    const { query } = compileQuery(`print x = 1 | join kind=leftanti (externaldata(x:long) ["${URL}"]) on x`);
    let message = '';
    try {
      query!.run({ tables: {}, now: '2026-03-02T03:00:00Z' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(`no local file for ${URL}`);
    expect(message).toContain('externaldata: in the test case or in tripline.config.yaml');
  });

  it('an unsupported format is a compile error naming it', () => {
    const { errors } = compileQuery(`externaldata(x:long) ["${URL}"] with (format="parquet")`);
    expect(errors.map((e) => e.message)).toEqual(["externaldata: format 'parquet' is not supported (csv, tsv, txt, json, multijson)"]);
  });
});
