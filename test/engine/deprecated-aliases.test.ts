// The deprecated aliases the function pages list ("Deprecated aliases: notnull()", ...) run as the
// functions they name: the same query with either spelling gives the same columns and rows, and reads
// the same columns of its input.
import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../src/kql/engine/index.js';

const T = 'datatable(s:string, n:long, d:dynamic, t:datetime)["http://a.b/c?k=v&x=1", 2, dynamic([1, 2, 3]), datetime(2017-10-30 01:02:03)]';

/** [alias, documented name, query with `F` where the function is called]. */
const ALIASES: [string, string, string][] = [
  ['notnull', 'isnotnull', `${T} | project r = F(n), e = F(int(null))`],
  ['notempty', 'isnotempty', `${T} | project r = F(s), e = F("")`],
  ['extractall', 'extract_all', `${T} | project r = F(@"([a-z])=(\\w)", s), g = F(@"(\\w)=(\\w)", dynamic([2]), s)`],
  ['arraylength', 'array_length', `${T} | project r = F(d), e = F(dynamic({}))`],
  ['parseurl', 'parse_url', `${T} | project r = F(s)`],
  ['parseurlquery', 'parse_urlquery', 'print r = F("k1=v1&k2=v2&k3=v3")'],
  ['datepart', 'datetime_part', `${T} | project y = F("year", t), h = F("hour", t), w = F("week_of_year", t)`],
  ['columnifexists', 'column_ifexists', `${T} | extend r = F("n", 0), e = F("missing", 7)`],
];

function outcome(kql: string): unknown {
  const { query, errors } = compileQuery(kql);
  expect(errors).toEqual([]);
  const r = query!.run({ tables: {}, now: '2026-01-01T00:00:00Z' });
  return { columns: r.columns, rows: r.rows, reads: query!.reads };
}

describe('deprecated aliases', () => {
  it.each(ALIASES)('%s() is %s()', (alias, name, kql) => {
    const expected = outcome(kql.replaceAll('F(', `${name}(`));
    expect(outcome(kql.replaceAll('F(', `${alias}(`))).toEqual(expected);
  });

  it('extractall() checks its regular expression as extract_all() does, naming the spelling used', () => {
    const { errors } = compileQuery('print extractall("a", "abc")');
    expect(errors.map((e) => e.message)).toEqual(['extractall(): the regular expression needs at least one capturing group']);
  });
});
