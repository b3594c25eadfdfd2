import { describe, expect, it } from 'vitest';
import { analyzeQuery } from '../../src/kql/analyze/query.js';
import { COST_CHECKS } from '../../src/kql/analyze/cost-checks.js';
import { createSchemaContext } from '../../src/kql/schema/context.js';
import type { WarningLevel } from '../../src/kql/schema/types.js';

const found = (q: string, checks: Record<string, WarningLevel> = {}): [string, string, string][] =>
  analyzeQuery(q, createSchemaContext({ analysis: { checks } }))
    .diagnostics.filter((d) => d.code.startsWith('cost-'))
    .map((d) => [d.code, d.severity, q.slice(d.start, d.start + d.length)]);

describe('cost checks', () => {
  it('each check has a reason', () => {
    for (const c of COST_CHECKS) expect(c.reason.length).toBeGreaterThan(40);
  });

  it('flags contains, case conversion in comparisons, regex and workspace-wide scans', () => {
    expect(found('SigninLogs | where AppDisplayName contains "Portal"')).toEqual([['cost-contains', 'warning', 'contains']]);
    expect(found('SigninLogs | where AppDisplayName !contains_cs "Portal"')).toEqual([['cost-contains', 'warning', '!contains_cs']]);
    expect(found('SigninLogs | where tolower(UserPrincipalName) == "a@b.c"')).toEqual([['cost-case-conversion', 'warning', 'tolower(UserPrincipalName)']]);
    expect(found('SigninLogs | where UserPrincipalName matches regex "^adm"')).toEqual([['cost-regex', 'warning', 'matches regex']]);
    expect(found('search "4624"')).toEqual([['cost-table-scan', 'warning', 'search']]);
    expect(found('union Signin* | take 1')).toEqual([['cost-table-scan', 'warning', 'Signin*']]);
  });

  it('leaves the efficient forms alone', () => {
    expect(found('SigninLogs | where AppDisplayName has "Portal" and UserPrincipalName =~ "a@b.c" | extend u = tolower(UserPrincipalName)')).toEqual([]);
    expect(found('SigninLogs | search "x"')).toEqual([]);
    expect(found('print x = tolower("A") == "a"')).toEqual([]);
  });

  it('follows the configured level', () => {
    expect(found('SigninLogs | where AppDisplayName contains "P"', { 'cost-contains': 'off' })).toEqual([]);
    expect(found('SigninLogs | where AppDisplayName contains "P"', { 'cost-contains': 'error' })).toEqual([['cost-contains', 'error', 'contains']]);
  });
});
