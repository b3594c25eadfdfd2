// The logical plan's record of which columns of each table a query reads (for loading only those).
import { describe, expect, it } from 'vitest';
import { type ColumnReads, compileQuery } from '../../src/kql/engine/index.js';
import type { ColumnSchema } from '../../src/kql/table.js';

const col = (name: string, type: ColumnSchema['type'] = 'string'): ColumnSchema => ({ name, type });
const tables: Record<string, ColumnSchema[]> = {
  SigninLogs: [col('TimeGenerated', 'datetime'), col('UserPrincipalName'), col('ResultType'), col('AppDisplayName'), col('IPAddress'), col('LocationDetails', 'dynamic')],
  AuditLogs: [col('TimeGenerated', 'datetime'), col('OperationName'), col('InitiatedBy', 'dynamic'), col('Result')],
};

function reads(kql: string): { tables: Record<string, string[] | 'all'>; anyTable: boolean } {
  const { query, errors } = compileQuery(kql, { tables });
  expect(errors).toEqual([]);
  const r: ColumnReads = query!.reads;
  return { tables: Object.fromEntries([...r.tables].map(([t, c]) => [t, c === 'all' ? 'all' : [...c].sort()])), anyTable: r.anyTable };
}

describe('the columns a query reads', () => {
  it('are the columns it names and the result columns it passes through', () => {
    expect(reads(`SigninLogs | where ResultType != "0" and AppDisplayName =~ "azure cli"
      | summarize Failures = count() by User = tolower(UserPrincipalName) | where Failures >= 2`)).toEqual({
      tables: { SigninLogs: ['AppDisplayName', 'ResultType', 'UserPrincipalName'] },
      anyTable: false,
    });
    expect(reads('SigninLogs | where ResultType == "0" | take 5').tables.SigninLogs).toHaveLength(6);
    expect(reads('SigninLogs | count').tables).toEqual({ SigninLogs: [] });
  });

  it('follow lets, joins and function bodies to every table they read', () => {
    const q = `let f = (n: string) { AuditLogs | where OperationName == n | project InitiatedBy };
      let s = SigninLogs | project UserPrincipalName, IPAddress;
      f("Add member to role") | extend UserPrincipalName = tostring(InitiatedBy.user.userPrincipalName)
      | join kind=inner s on UserPrincipalName | project IPAddress`;
    expect(reads(q).tables).toEqual({ AuditLogs: ['InitiatedBy', 'OperationName'], SigninLogs: ['IPAddress', 'UserPrincipalName'] });
  });

  it('are every column where the query reads columns it does not name', () => {
    expect(reads('SigninLogs | summarize arg_max(TimeGenerated, *) by UserPrincipalName').tables.SigninLogs).toBe('all');
    expect(reads('SigninLogs | extend p = pack_all() | project p').tables.SigninLogs).toBe('all');
    expect(reads('SigninLogs | getschema').tables.SigninLogs).toBe('all');
    expect(reads('union Sign*, AuditLogs | count').tables).toEqual({ SigninLogs: 'all', AuditLogs: 'all' });
    expect(reads('search "x"').anyTable).toBe(true);
  });
});
