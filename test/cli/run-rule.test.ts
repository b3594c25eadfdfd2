// `tripline run --rule RULE [--case NAME] [--env E]`: the rule as rendered for an environment, on one
// test case's inputs at its now, printing the result rows and the alerts as the SOC would see them.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const repoRoot = resolve(import.meta.dirname, '../..');

describe('tripline run --rule', () => {
  it("runs a rule on a case's inputs and prints rows and alerts", async () => {
    const r = await runCli(['run', '--rule', 'break-glass-sign-in', '--case', 'renamed out of', '--env', 'example-prod'], repoRoot);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^rules\/break-glass-sign-in\.yaml, case: a failed attempt by an account renamed out of .* \[environment example-prod; watchlists BreakGlassAccounts \(watchlists\/BreakGlassAccounts\.csv\)\]\n/);
    expect(r.stdout).toMatch(/: 1 result row, 1 alert\n/);
    expect(r.stdout).toContain('bg-admin01-old@contoso.onmicrosoft.com  bg-admin01-old');
    expect(r.stdout).toContain('┌ Break-glass account bg-admin01-old@contoso.onmicrosoft.com sign-in failed from 203.0.113.99');
  });

  it('prints the result rows alone as JSON, the header on stderr', async () => {
    const r = await runCli(['run', '--rule', 'rules/break-glass-sign-in.yaml', '--case', 'renamed out of', '--format', 'json'], repoRoot);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { columns: { name: string }[]; rows: unknown[][] };
    expect(out.rows).toHaveLength(1);
    expect(out.rows[0]![out.columns.findIndex((c) => c.name === 'UserPrincipalName')]).toBe('bg-admin01-old@contoso.onmicrosoft.com');
    expect(r.stderr).toMatch(/^rules\/break-glass-sign-in\.yaml, case: /);
  });

  it('--target defender runs the case as a Defender custom detection (lower-case severity, marked [Defender])', async () => {
    const r = await runCli(['run', '--rule', 'break-glass-sign-in', '--case', 'renamed out of', '--target', 'defender'], repoRoot);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^rules\/break-glass-sign-in\.yaml, case: a failed attempt by an account renamed out of .* \[Defender\] \[environment local;/);
    expect(r.stdout).toMatch(/: 1 result row, 1 alert\n/);
    expect(r.stdout).toContain('│ severity high · tactics InitialAccess, Persistence, CredentialAccess · from 1 result row');
    const bad = await runCli(['run', '--rule', 'break-glass-sign-in', '--target', 'xdr'], repoRoot);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--target xdr: expected sentinel or defender');
    expect((await runCli(['run', '--target', 'defender', 'print 1'], repoRoot)).stderr).toContain('--target needs --rule');
  });

  it('an unknown rule or case is a usage error naming what exists', async () => {
    const rule = await runCli(['run', '--rule', 'brek-glass-sign-in'], repoRoot);
    expect(rule.code).toBe(2);
    expect(rule.stderr).toContain('--rule brek-glass-sign-in: no such rule (give its file, file name, id or name); did you mean break-glass-sign-in?');
    const tc = await runCli(['run', '--rule', 'break-glass-sign-in', '--case', 'zzz'], repoRoot);
    expect(tc.code).toBe(2);
    expect(tc.stderr).toMatch(/has no case named 'zzz'; its cases:\n {2}fires on interactive/);
    expect((await runCli(['run', '--case', 'x', 'print 1'], repoRoot)).code).toBe(2);
  });
});
