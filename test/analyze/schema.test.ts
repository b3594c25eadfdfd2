import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeQuery } from '../../src/kql/analyze/query.js';
import { createSchemaContext } from '../../src/kql/schema/context.js';
import { buildGlobals, referencedNames } from '../../src/kql/schema/globals.js';
import { loadSchemaContext } from '../../src/kql/schema/load.js';
import { watchlistFunctionColumns } from '../../src/tables/catalog.js';

const codes = (q: string, ctx = createSchemaContext()): string[] =>
  analyzeQuery(q, ctx).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);

function databaseTables(globals: Kusto.Language.GlobalState): string[] {
  const tables = globals.Database?.Tables;
  const names: string[] = [];
  for (let i = 0; i < (tables?.Count ?? 0); i++) names.push(tables?.getItem(i)?.Name ?? '');
  return names.sort();
}

describe('buildGlobals', () => {
  it('turns only the tables a query names into symbols', () => {
    const ctx = createSchemaContext();
    const q = 'let x = 1; SigninLogs | join (AuditLogs | take 1) on CorrelationId | where "Heartbeat" != ""';
    expect(referencedNames(q, ctx).tables).toEqual(['AuditLogs', 'Heartbeat', 'SigninLogs']);
    expect(databaseTables(buildGlobals(q, ctx))).toEqual(['AuditLogs', 'Heartbeat', 'SigninLogs']);
    expect(codes(q, ctx)).toEqual([]);
  });

  it('expands union wildcards to the matching tables', () => {
    const ctx = createSchemaContext();
    const names = referencedNames('union AADNonInteractive*, SigninLogs | take 1', ctx).tables;
    expect(names).toContain('AADNonInteractiveUserSignInLogs');
    expect(names).toContain('SigninLogs');
    expect(names).not.toContain('AuditLogs');
  });

  it('builds every table only for queries that really read every table', () => {
    const ctx = createSchemaContext();
    const all = ctx.catalog.tableNames().length;
    expect(referencedNames('search "4624"', ctx).tables).toHaveLength(all);
    expect(referencedNames('let x = find "y"; x', ctx).tables).toHaveLength(all);
    expect(referencedNames('union * | take 1', ctx).tables).toHaveLength(all);
    expect(referencedNames('// find the sign-ins\nSigninLogs | search "x"', ctx).tables).toEqual(['SigninLogs']);
  });

  it('reuses the GlobalState of queries that name the same tables', () => {
    const ctx = createSchemaContext();
    expect(buildGlobals('SigninLogs | take 1', ctx)).toBe(buildGlobals('SigninLogs | where true', ctx));
  });

  it('knows every table of the schema pack, and nothing else', () => {
    expect(codes('AzureActivity | where OperationNameValue has "write" | project Caller, CallerIpAddress')).toEqual([]);
    expect(codes('NoSuchTable | take 1')).toEqual(['KS204']);
  });
});

describe('custom tables, functions, watchlists', () => {
  it('accepts custom tables in the Azure-Sentinel CustomTables format and inline', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tripline-schema-'));
    writeFileSync(join(dir, 'MyApp_CL.json'), '\uFEFF' + JSON.stringify({
      Name: 'MyApp_CL',
      Properties: [{ Name: 'TimeGenerated', Type: 'DateTime' }, { name: 'User_s', type: 'String' }, { Name: 'Count_d', Type: 'Double' }],
    }));
    writeFileSync(join(dir, 'tripline.config.yaml'), [
      'customTables:',
      '  - MyApp_CL.json',
      '  - name: Inline_CL',
      '    columns: [{ name: TimeGenerated, type: datetime }, { name: Flag_b, type: bool }]',
    ].join('\n'));
    const { ctx, problems } = loadSchemaContext(dir);
    expect(problems).toEqual([]);
    const a = analyzeQuery('MyApp_CL | where Count_d > 1.5 | join kind=inner (Inline_CL | where Flag_b) on TimeGenerated | project User_s, Count_d', ctx);
    expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(a.result?.columns).toEqual([{ name: 'User_s', type: 'string' }, { name: 'Count_d', type: 'real' }]);
    expect(codes('MyApp_CL | project Usr_s', ctx)).toEqual(['KS142']);
  });

  it('reads every CustomTables file of a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tripline-ct-'));
    mkdirSync(join(dir, 'CustomTables'));
    for (const name of ['A_CL', 'B_CL']) {
      writeFileSync(join(dir, 'CustomTables', `${name}.json`), JSON.stringify({ Name: name, Properties: [{ Name: 'Value_s', Type: 'String' }] }));
    }
    writeFileSync(join(dir, 'tripline.config.yaml'), 'customTables: [CustomTables]\n');
    const { ctx, problems } = loadSchemaContext(dir);
    expect(problems).toEqual([]);
    expect(codes('A_CL | union B_CL | project Value_s', ctx)).toEqual([]);
  });

  it('calls user functions with their parameters and body', () => {
    const ctx = createSchemaContext({
      functions: [{
        name: 'FailedSignIns',
        parameters: [{ name: 'minimum', type: 'long' }, { name: 'app', type: 'string', default: '""' }],
        body: 'SigninLogs | where ResultType != "0" | summarize Failures = count() by UserPrincipalName, AppDisplayName | where Failures >= minimum',
      }],
    });
    const a = analyzeQuery('FailedSignIns(5) | project UserPrincipalName, Failures', ctx);
    expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(a.result?.columns).toEqual([{ name: 'UserPrincipalName', type: 'string' }, { name: 'Failures', type: 'long' }]);
    expect(codes('FailedSignIns(5) | project Failurs', ctx)).toEqual(['KS142']);
    expect(codes('FailedSignIns(1, "x", 3)', ctx).length).toBeGreaterThan(0);
  });

  it("gives _GetWatchlist('alias') the watchlist's CSV columns plus the function's own", () => {
    const dir = mkdtempSync(join(tmpdir(), 'tripline-wl-'));
    mkdirSync(join(dir, 'watchlists'));
    writeFileSync(join(dir, 'watchlists', 'VipUsers.csv'), '\uFEFFUPN,"Display Name",Tier\r\nalice@contoso.com,Alice,0\r\n');
    writeFileSync(join(dir, 'watchlists', 'VipUsers.yaml'), 'displayName: VIP users\nitemsSearchKey: UPN\nprovider: Custom\n');
    const { ctx } = loadSchemaContext(dir);
    const a = analyzeQuery("_GetWatchlist('VipUsers')", ctx);
    expect(a.result?.open).toBe(false);
    expect(a.result?.columns).toEqual([
      ...watchlistFunctionColumns(),
      { name: 'UPN', type: 'string' },
      { name: 'Display Name', type: 'string' },
      { name: 'Tier', type: 'string' },
    ]);
    expect(codes("_GetWatchlist('VipUsers') | where Tier == '0' | project UPN, SearchKey", ctx)).toEqual([]);
    expect(codes("_GetWatchlist('VipUsers') | project Upn", ctx)).toEqual(['KS142']);
    const unknown = analyzeQuery("_GetWatchlist('Other') | project Anything", ctx);
    expect(unknown.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'unknown-watchlist']]);
    expect(unknown.result?.open).toBe(true);
  });
});
