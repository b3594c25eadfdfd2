// Columnar inputs (large fixtures): the engine fetches the columns a query reads in one request before
// it runs, any other column only when an operator uses it, and answers as it does over rows.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFixtureColumns, loadFixtureFile } from '../../src/fixtures/index.js';
import { compileQuery } from '../../src/kql/engine/index.js';
import type { ColumnarTable } from '../../src/kql/table.js';
import { tableCatalog } from '../../src/tables/catalog.js';

const dir = mkdtempSync(join(tmpdir(), 'tripline-columnar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const catalog = tableCatalog();
const schema = catalog.table('SigninLogs')!;
const path = join(dir, 'SigninLogs.jsonl');
writeFileSync(
  path,
  Array.from({ length: 50 }, (_, i) =>
    JSON.stringify({ TimeGenerated: `2026-03-02T03:00:${String(i).padStart(2, '0')}Z`, UserPrincipalName: `u${i % 4}@contoso.com`, ResultType: i % 3 ? '50126' : '0', Location: i % 2 ? 'AU' : 'US', DurationMs: i }),
  ).join('\n'),
);

/** The fixture loaded keeping what the query reads, with every request the engine makes recorded. */
function load(keep: ReadonlySet<string>): { table: ColumnarTable; requests: string[][] } {
  const table = loadFixtureColumns(path, 'SigninLogs', catalog, path, keep).table!;
  const requests: string[][] = [];
  return { requests, table: { columns: table.columns, rowCount: table.rowCount, values: (names) => (requests.push([...names]), table.values(names)) } };
}

const rows = loadFixtureFile(path, 'SigninLogs', catalog).table!;

function both(kql: string): { requests: string[][] } {
  const { query, errors } = compileQuery(kql, { tables: { SigninLogs: schema } });
  expect(errors).toEqual([]);
  const reads = query!.reads.tables.get('SigninLogs');
  const { table, requests } = load(reads === 'all' || !reads ? new Set() : reads);
  const now = '2026-03-03T00:00:00Z';
  expect(query!.run({ tables: { SigninLogs: table }, now })).toEqual(query!.run({ tables: { SigninLogs: rows }, now }));
  return { requests };
}

describe('columnar inputs', () => {
  it('fetch only the columns the query reads, in one request', () => {
    const { requests } = both('SigninLogs | where ResultType != "0" | summarize n = count(), d = sum(DurationMs) by tolower(UserPrincipalName) | order by n desc');
    expect(requests).toEqual([['DurationMs', 'ResultType', 'UserPrincipalName']]); // schema order
  });

  it('fetch only the read columns through a join (its outer-join padding copies a column only when read)', () => {
    const { requests } = both('SigninLogs | where ResultType != "0" | join kind=leftouter (SigninLogs | where ResultType == "0" | summarize by UserPrincipalName) on UserPrincipalName | summarize count() by Location');
    expect(requests).toEqual([['Location', 'ResultType', 'UserPrincipalName']]); // schema order
  });

  it('fetch the rest when the query asks for every column (*, project-away, getschema, pack_all, take)', () => {
    for (const kql of [
      'SigninLogs | where DurationMs > 45',
      'SigninLogs | project-away Location | take 3',
      'SigninLogs | getschema',
      'SigninLogs | where DurationMs < 2 | extend b = pack_all() | project b',
      'SigninLogs | take 5 | project Location',
    ]) {
      const { requests } = both(kql);
      expect(requests.length, kql).toBeGreaterThan(0);
    }
  });

  it('count rows without fetching a column', () => {
    expect(both('SigninLogs | count').requests).toEqual([]);
  });
});
