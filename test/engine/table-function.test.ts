// table(name) with a constant name and with a function parameter (the aadFunc idiom of Microsoft's
// identity rules), and union isfuzzy=true over such calls.
import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../src/kql/engine/index.js';
import type { ColumnSchema, DataTable } from '../../src/kql/table.js';

const schema: ColumnSchema[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'UserPrincipalName', type: 'string' },
  { name: 'ResultType', type: 'string' },
];
const interactive: DataTable = {
  columns: schema,
  rows: [
    ['2026-03-02T01:00:00Z', 'alice@contoso.com', '50126'],
    ['2026-03-02T02:00:00Z', 'bob@contoso.com', '0'],
  ],
};
const nonInteractive: DataTable = { columns: schema, rows: [['2026-03-02T02:30:00Z', 'carol@contoso.com', '50126']] };
const declared = { SigninLogs: schema, AADNonInteractiveUserSignInLogs: schema };

function run(kql: string, tables: Record<string, DataTable>): DataTable {
  const { query, errors } = compileQuery(kql, { tables: declared });
  expect(errors).toEqual([]);
  return query!.run({ tables, now: '2026-03-02T03:00:00Z' });
}

const AAD_FUNC = `let aadFunc = (tableName:string) {
  table(tableName) | where ResultType != "0" | extend Source = tableName
};
let aadSignin = aadFunc("SigninLogs");
let aadNonInt = aadFunc("AADNonInteractiveUserSignInLogs");
union isfuzzy=true aadSignin, aadNonInt`;

describe('table()', () => {
  it('reads the table a constant names', () => {
    expect(run('table("SigninLogs") | count', { SigninLogs: interactive }).rows).toEqual([[2]]);
  });

  it("reads the table a function's parameter names, once per call (the aadFunc idiom)", () => {
    const t = run(`${AAD_FUNC} | project UserPrincipalName, Source | order by UserPrincipalName asc`, { SigninLogs: interactive, AADNonInteractiveUserSignInLogs: nonInteractive });
    expect(t.rows).toEqual([
      ['alice@contoso.com', 'SigninLogs'],
      ['carol@contoso.com', 'AADNonInteractiveUserSignInLogs'],
    ]);
  });

  it('sees a declared table with no rows supplied as empty, so a fuzzy union keeps the other leg', () => {
    expect(run(`${AAD_FUNC} | project UserPrincipalName, Source`, { SigninLogs: interactive }).rows).toEqual([['alice@contoso.com', 'SigninLogs']]);
  });

  it('naming no table: a fuzzy union leaves that leg out; anywhere else it is an error naming the table', () => {
    const kql = 'let f = (t:string) { table(t) | project UserPrincipalName }; union isfuzzy=true f("SigninLogs"), f("NoSuchTable")';
    expect(run(kql, { SigninLogs: interactive }).rows).toEqual([['alice@contoso.com'], ['bob@contoso.com']]);
    const { query } = compileQuery('let f = (t:string) { table(t) }; union f("SigninLogs"), f("NoSuchTable")', { tables: declared });
    expect(() => query!.run({ tables: {}, now: '2026-03-02T03:00:00Z' })).toThrow("table('NoSuchTable'): no such table");
  });

  it('prefers a tabular let of that name', () => {
    expect(run('let T = datatable(x:long)[1, 2, 3]; table("T") | count', {}).rows).toEqual([[3]]);
  });
});
