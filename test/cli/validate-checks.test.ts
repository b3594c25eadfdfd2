// `validate` sees everything that needs no execution, in one pass: rule files past their first error,
// tests files, fixtures they name, duplicate ids on every file; a rule without tests is only a warning.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const repoRoot = resolve(import.meta.dirname, '../..');

function contentCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-validate-'));
  for (const d of ['rules', 'watchlists', 'templates', 'environments', 'fixtures']) cpSync(join(repoRoot, d), join(dir, d), { recursive: true });
  return dir;
}

/** Replaces the first occurrence of `from` in a file of the copy (and fails the test if there is none). */
function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(join(dir, file), 'utf8');
  const next = text.replace(from, to);
  expect(next, `${file}: ${String(from)}`).not.toBe(text);
  writeFileSync(join(dir, file), next);
}

describe('tripline validate sees everything at once', () => {
  it('reports schema errors, the checks behind them and every tests-file problem, each at its line', async () => {
    const dir = contentCopy();
    edit(dir, 'rules/break-glass-sign-in.yaml', /^severity: High/m, 'severity: low');
    edit(dir, 'rules/break-glass-sign-in.yaml', 'columnName: UserPrincipalName', 'columnName: UserPrincipleName');
    edit(dir, 'rules/tier0-admin-sign-in-from-non-paw.tests.yaml', '    fires: true', '    fire: true');
    edit(dir, 'rules/tier0-admin-sign-in-from-non-paw.tests.yaml', '  now: 2026-03-03T09:20:00Z', '  now: March 3');
    edit(dir, 'rules/pim-activation-outside-business-hours.tests.yaml', 'fixtures/audit/pim-activation-weeknight.jsonl', 'fixtures/audit/nope.jsonl');
    edit(dir, 'rules/new-permanent-privileged-assignment.tests.yaml', '    AuditLogs:', '    AuditLog:');
    const r = await runCli(['validate'], dir);
    expect(r.code).toBe(1);
    const out = r.stdout;
    expect(out).toMatch(/rules\/break-glass-sign-in\.yaml\n {2}16:11 +error +severity 'low' is not allowed/);
    expect(out).toMatch(/45:21 +error +entity mapping Account\.FullName reads column 'UserPrincipleName'.*did you mean 'UserPrincipalName'/);
    expect(out).toMatch(/rules\/tier0-admin-sign-in-from-non-paw\.tests\.yaml\n {2}3:8 +error +\[0\]\.now 'March 3' must be a date and time/);
    expect(out).toMatch(/8:5 +error +unknown key 'fire' in \[0\]\.expect \(did you mean 'fires'\?\)/);
    expect(out).toMatch(/rules\/pim-activation-outside-business-hours\.tests\.yaml\n {2}\d+:\d+ +error +fixture file not found: fixtures\/audit\/nope\.jsonl/);
    expect(out).toMatch(/rules\/new-permanent-privileged-assignment\.tests\.yaml\n {2}\d+:5 +error +unknown table 'AuditLog' \(did you mean AuditLogs\?\)/);
    expect(out).toMatch(/\n6 errors, 0 warnings\n/);
  });

  it('reports a copied rule id on the copy as well as on the original', async () => {
    const dir = contentCopy();
    cpSync(join(dir, 'rules/break-glass-sign-in.yaml'), join(dir, 'rules/aaa-my-new-rule.yaml'));
    const r = await runCli(['validate'], dir);
    expect(r.code).toBe(1);
    for (const [file, other] of [
      ['aaa-my-new-rule', 'break-glass-sign-in'],
      ['break-glass-sign-in', 'aaa-my-new-rule'],
    ]) {
      expect(r.stdout).toMatch(new RegExp(`rules/${file}\\.yaml\\n(  .*\\n)*  2:5 +error +id \\S+ is also used by the rule in rules/${other}\\.yaml:2:5`));
    }
  });

  it('validates a published rule without tests with a warning (exit 0); test still requires cases', async () => {
    const rule = 'test/data/rules/azure-sentinel/PrivlegedRoleAssignedOutsidePIM.yaml';
    const v = await runCli(['validate', rule], repoRoot);
    expect(v.stdout).toMatch(/1:5 +warning +rule 'Privileged Role Assigned Outside PIM' has no test cases/);
    expect(v.code).toBe(0);
    const t = await runCli(['test', rule], repoRoot);
    expect(t.code).toBe(1);
    expect(t.stdout).toMatch(/needs test cases: one that fires and one near miss that must not fire/);
  });
});
