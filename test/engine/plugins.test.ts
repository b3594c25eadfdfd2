// evaluate pivot, ipv4_lookup and ipv6_lookup beyond the documentation's examples (those are cases in
// test/data/engine-docs): the semantics the pages state but do not show, and bad input as located errors.
import { describe, expect, it } from 'vitest';
import { analyzeQuery } from '../../src/kql/analyze/query.js';
import { compileQuery, type KqlError } from '../../src/kql/engine/index.js';
import { createSchemaContext } from '../../src/kql/schema/context.js';
import type { DataTable } from '../../src/kql/table.js';
import { runCli } from '../helpers/cli.js';

function run(kql: string): DataTable {
  const { query, errors } = compileQuery(kql);
  if (!query) throw new Error(errors.map((e) => e.message).join('; '));
  return query.run({ tables: {}, now: '2026-01-01T00:00:00Z' });
}

const schemaOf = (t: DataTable): string[] => t.columns.map((c) => `${c.name}:${c.type}`);

function compileError(kql: string): KqlError {
  const { query, errors } = compileQuery(kql);
  expect(query).toBeUndefined();
  expect(errors).toHaveLength(1);
  return errors[0]!;
}

function runError(kql: string): KqlError {
  const { query, errors } = compileQuery(kql);
  expect(errors).toEqual([]);
  try {
    query!.run({ tables: {}, now: '2026-01-01T00:00:00Z' });
  } catch (e) {
    return e as KqlError;
  }
  throw new Error('the query ran');
}

/** The 1-based column of the last `needle` in a one-line query. */
const at = (kql: string, needle: string): number => kql.lastIndexOf(needle) + 1;

const EVENTS = 'datatable(State:string, Kind:string, N:long)["TX","Hail",1, "AL","Wind",2, "TX","Wind",3, "AL","Wind",4]';

describe('evaluate pivot', () => {
  it('fills a combination without rows with the aggregate over no rows', () => {
    const t = run(`${EVENTS} | evaluate pivot(State, make_list(N), Kind)`);
    expect(schemaOf(t)).toEqual(['Kind:string', 'TX:dynamic', 'AL:dynamic']);
    expect(t.rows).toEqual([['Hail', [1], []], ['Wind', [3], [2, 4]]]);
    expect(run(`${EVENTS} | evaluate pivot(State, max(N), Kind)`).rows).toEqual([['Hail', 1, null], ['Wind', 3, 4]]);
  });

  it('groups by every column but the pivot and aggregated ones, and names columns by the values as text', () => {
    const t = run(`${EVENTS} | evaluate pivot(N, dcount(State))`);
    expect(schemaOf(t)).toEqual(['Kind:string', '1:long', '2:long', '3:long', '4:long']);
    expect(t.rows).toEqual([['Hail', 1, 0, 0, 0], ['Wind', 0, 1, 1, 1]]);
  });

  it('keeps to a declared output schema, whose types must be what the run produces', () => {
    const t = run(`${EVENTS} | evaluate pivot(State, sum(N)): (Kind:string, AL:long, NY:long)`);
    expect(t.rows).toEqual([['Hail', 0, 0], ['Wind', 6, 0]]);
    const q = `${EVENTS} | evaluate pivot(State): (Kind:string, AL:string)`;
    expect(runError(q)).toMatchObject({ line: 1, column: at(q, 'evaluate'), message: expect.stringContaining("'AL' is long, but the output schema declares string") });
  });

  it('refuses a value that cannot name a new column, at the operator', () => {
    const q = 'datatable(k:string, v:long)["a",1, "",2] | evaluate pivot(k)';
    expect(runError(q)).toMatchObject({ column: at(q, 'evaluate'), message: expect.stringContaining("empty or null value of 'k'") });
    expect(runError('datatable(k:string, v:long)["v",1] | evaluate pivot(k)').message).toContain("the value 'v' of 'k' names a column the output already has");
  });

  it.each([
    ['an aggregation pivot does not document', 'countif(N > 1)', "pivot's aggregation must be one of"],
    ['an expression around the aggregation', 'sum(N) * 2', "pivot's aggregation must be one of"],
    ['a column named twice', 'sum(N), Kind, Kind', "names column 'Kind' twice"],
    ['the pivot column as an output column', 'count(), State', "names column 'State' twice"],
  ])('rejects %s at its position', (_, args, message) => {
    const q = `${EVENTS} | evaluate pivot(State, ${args})`;
    const e = compileError(q);
    expect(e.message).toContain(message);
    expect(e.column).toBeGreaterThan(at(q, 'pivot(State, '));
  });
});

const NETS = 'let Nets = datatable(network:string, name:string, zone:long)["10.0.0.0/8","ten",1, "10.1.0.0/16","ten-one",1, "10.1.2.3","host",2, "2001:db8::/32","doc",1, "not an address","junk",1];';

describe('evaluate ipv4_lookup / ipv6_lookup', () => {
  it('joins every matching network, prefixes on either side compared under the shorter one', () => {
    const t = run(`${NETS} datatable(ip:string)["10.1.2.3", "10.9.9.9", "10.1.0.0/12", "300.1.1.1", "8.8.8.8"] | evaluate ipv4_lookup(Nets, ip, network)`);
    expect(schemaOf(t)).toEqual(['ip:string', 'network:string', 'name:string', 'zone:long']);
    expect(t.rows).toEqual([
      ['10.1.2.3', '10.0.0.0/8', 'ten', 1], ['10.1.2.3', '10.1.0.0/16', 'ten-one', 1], ['10.1.2.3', '10.1.2.3', 'host', 2],
      ['10.9.9.9', '10.0.0.0/8', 'ten', 1],
      ['10.1.0.0/12', '10.0.0.0/8', 'ten', 1], ['10.1.0.0/12', '10.1.0.0/16', 'ten-one', 1], ['10.1.0.0/12', '10.1.2.3', 'host', 2],
    ]);
  });

  it('matches the extra keys by equality and keeps unmatched rows when asked, with empty lookup columns', () => {
    const t = run(`${NETS} datatable(ip:string, zone:long)["10.1.2.3",2, "10.9.9.9",2] | evaluate ipv4_lookup(Nets, ip, network, zone, true)`);
    expect(schemaOf(t)).toEqual(['ip:string', 'zone:long', 'network:string', 'name:string']);
    expect(t.rows).toEqual([['10.1.2.3', 2, '10.1.2.3', 'host'], ['10.9.9.9', 2, '', '']]);
  });

  it('ipv6_lookup matches IPv6 ranges and IPv4 addresses, the lookup columns first as documented', () => {
    const t = run(`${NETS} datatable(ip:string, name:string)["2001:0db8::1","a", "10.2.3.4","b", "2001:db9::1","c"] | evaluate ipv6_lookup(Nets, ip, network)`);
    expect(schemaOf(t)).toEqual(['network:string', 'name1:string', 'zone:long', 'ip:string', 'name:string']);
    expect(t.rows).toEqual([['2001:db8::/32', 'doc', 1, '2001:0db8::1', 'a'], ['10.0.0.0/8', 'ten', 1, '10.2.3.4', 'b']]);
  });

  it.each([
    ['a lookup table that is not a table', 'datatable(ip:string)["1.1.1.1"] | evaluate ipv4_lookup(42, ip, ip)', '42'],
    ['a lookup key the table lacks', `${NETS} datatable(ip:string)["1.1.1.1"] | evaluate ipv4_lookup(Nets, ip, address)`, 'address'],
    ['a source key the input lacks', `${NETS} datatable(ip:string)["1.1.1.1"] | evaluate ipv4_lookup(Nets, addr, network)`, 'addr'],
    ['a source key that is not a string', `${NETS} datatable(ip:long)[1] | evaluate ipv4_lookup(Nets, ip, network)`, 'ip, network'],
    ['a lookup key that is not a string', `${NETS} datatable(ip:string)["1.1.1.1"] | evaluate ipv4_lookup(Nets, ip, zone)`, 'zone)'],
    ['an extra key typed differently', `${NETS} datatable(ip:string, zone:string)["1.1.1.1","1"] | evaluate ipv4_lookup(Nets, ip, network, zone)`, 'zone)'],
    ['an extra key for ipv6_lookup', `${NETS} datatable(ip:string, zone:long)["::1",1] | evaluate ipv6_lookup(Nets, ip, network, zone)`, 'zone)'],
    ['a return_unmatched that is not a literal', `${NETS} datatable(ip:string)["1.1.1.1"] | evaluate ipv4_lookup(Nets, ip, network, return_unmatched = 1 > 0)`, '1 > 0'],
  ])('rejects %s at the argument', (_, q, arg) => {
    const { query, errors } = compileQuery(q);
    expect(query).toBeUndefined();
    expect(errors.map((e) => e.column)).toContain(at(q, arg));
  });
});

describe('operators after an open plugin', () => {
  it('are typed by the columns the plugin produced, as the real engine types them', () => {
    const t = run(`let P = ${EVENTS} | evaluate pivot(State, sum(N), Kind);\nP | extend Both = AL + TX | project Kind, Both, AL`);
    expect(schemaOf(t)).toEqual(['Kind:string', 'Both:long', 'AL:long']);
    expect(t.rows).toEqual([['Hail', 1, 0], ['Wind', 9, 6]]);
  });

  it('refuse a column the data did not produce, at its position in the query as written', () => {
    const q = `${EVENTS}\n| evaluate pivot(State)\n| project Kind, NY`;
    expect(runError(q)).toMatchObject({ line: 3, column: 17, message: expect.stringContaining("'NY'") });
  });

  it("report the plugin's own failure at the plugin", () => {
    const q = 'let P = datatable(k:string)[""]\n  | evaluate pivot(k);\nP | project x';
    expect(runError(q)).toMatchObject({ line: 2, column: 5, message: expect.stringContaining('empty or null value') });
  });
});

describe('plugins in validate and run', () => {
  const ctx = createSchemaContext({});
  it.each([
    ['pivot', `${EVENTS} | evaluate pivot(State, sum(N))`],
    ['arithmetic on pivot columns', `${EVENTS} | evaluate pivot(State, sum(N)) | extend Both = AL + TX`],
    ['ipv4_lookup', `${NETS} datatable(ip:string)["10.1.2.3"] | evaluate ipv4_lookup(Nets, ip, network, return_unmatched = true)`],
  ])('both accept %s', (_, kql) => {
    expect(analyzeQuery(kql, ctx).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(compileQuery(kql).errors).toEqual([]);
  });

  it('tripline run reports a failing pivot at its position, without a stack trace', async () => {
    const r = await runCli(['run', 'datatable(k:string)[""]\n| evaluate pivot(k)']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/:2:3: error: pivot: an empty or null value of 'k'/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
