// `tripline test` focus options and its summary: --grep, --verbose, --bail, untestable rules as errors.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const repoRoot = resolve(import.meta.dirname, '../..');

function contentCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-test-opts-'));
  for (const d of ['rules', 'watchlists', 'templates', 'environments', 'fixtures']) cpSync(join(repoRoot, d), join(dir, d), { recursive: true });
  return dir;
}

function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(join(dir, file), 'utf8');
  expect(text.replace(from, to)).not.toBe(text);
  writeFileSync(join(dir, file), text.replace(from, to));
}

const caseLines = (stdout: string) => stdout.split('\n').filter((l) => /^ {2}[✓✗!] /.test(l));

describe('tripline test', () => {
  it('--grep selects cases by name and --verbose shows what a passing case produced', async () => {
    const r = await runCli(['test', 'rules/break-glass-sign-in.yaml', '--grep', 'RENAMED out of', '--verbose'], repoRoot);
    expect(r.code).toBe(0);
    expect(caseLines(r.stdout)).toHaveLength(1);
    expect(r.stdout).toMatch(/✓ a failed attempt by an account renamed out of the watchlist's UPN/);
    expect(r.stdout).toMatch(/run at 2026-03-02T03:00:00\.000Z \(window .*\): 1 result row, 1 alert/);
    expect(r.stdout).toContain('┌ Break-glass account bg-admin01-old@contoso.onmicrosoft.com sign-in failed from 203.0.113.99');
    expect(r.stdout).toMatch(/\n1 passed, 0 failed \(1 rule\)\n$/);
  });

  it('--grep without a match is a failure, a bad pattern a usage error', async () => {
    const none = await runCli(['test', '--grep', 'no such case'], repoRoot);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no test case name matches --grep no such case');
    expect((await runCli(['test', '--grep', '('], repoRoot)).code).toBe(2);
  });

  it('--bail stops at the first failing case', async () => {
    const dir = contentCopy();
    edit(dir, 'rules/break-glass-sign-in.tests.yaml', '    fires: true', '    fires: false');
    const all = await runCli(['test'], dir);
    const bail = await runCli(['test', '--bail'], dir);
    expect(bail.code).toBe(1);
    const lines = caseLines(bail.stdout);
    expect(lines.at(-1)).toMatch(/^ {2}✗ /);
    expect(lines.filter((l) => l.startsWith('  ✗'))).toHaveLength(1);
    expect(lines.length).toBeLessThan(caseLines(all.stdout).length);
  });

  it('counts a rule whose tests could not run as an error, never "0 passed, 0 failed"', async () => {
    const dir = contentCopy();
    edit(dir, 'rules/break-glass-sign-in.yaml', /^severity: High/m, 'severity: low');
    const r = await runCli(['test', 'rules/break-glass-sign-in.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("the tests of rule 'Break-glass account sign-in' did not run: the rule file has errors");
    expect(r.stdout).toMatch(/\n0 passed, 0 failed, 1 error \(1 rule\)\n$/);
  });

  it('counts a rule file that is not even YAML as an error too', async () => {
    const dir = contentCopy();
    writeFileSync(join(dir, 'rules/broken.yaml'), 'id: x\nname: [\n');
    const r = await runCli(['test', 'rules/broken.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/rules\/broken\.yaml\n +3:1 +error/);
    expect(r.stdout).toBe(
      'rules/broken.yaml  broken\n  ! rules/broken.yaml: error test-not-run: the tests of rules/broken.yaml did not run: the file could not be read as a rule (reported above)\n\n0 passed, 0 failed, 1 error (1 rule)\n',
    );
  });
});
