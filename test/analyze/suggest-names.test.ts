// Unknown names in KQL get a "did you mean" from the tables, the columns of the tables the query reads,
// and the workspace functions (an unknown function: Kusto's own functions and aggregates too), as schema
// and fixture errors do.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const repoRoot = resolve(import.meta.dirname, '../..');

function copyWith(edit: (partial: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-suggest-'));
  for (const d of ['rules', 'watchlists', 'templates', 'environments', 'fixtures']) cpSync(join(repoRoot, d), join(dir, d), { recursive: true });
  const file = join(dir, 'templates/break-glass-sign-ins.hbs');
  const text = readFileSync(file, 'utf8');
  expect(edit(text)).not.toBe(text);
  writeFileSync(file, edit(text));
  return dir;
}

describe('did you mean for unknown KQL names', () => {
  it('suggests the table', async () => {
    const r = await runCli(['validate', 'rules/break-glass-sign-in.yaml'], copyWith((t) => t.replace('SigninLogs', 'SiginLogs')));
    expect(r.stdout).toMatch(/The name 'SiginLogs' does not refer to any known table, tabular variable or function\. \(did you mean SigninLogs\?\) +KS204/);
  });

  it('suggests a column of the tables the query reads', async () => {
    const r = await runCli(['validate', 'rules/break-glass-sign-in.yaml'], copyWith((t) => t.replace('| where UserPrincipalName in~', '| where UserPrincipleName in~')));
    expect(r.stdout).toMatch(/The name 'UserPrincipleName' does not refer to any known column, table, variable or function\. \(did you mean UserPrincipalName\?\) +KS142/);
    expect(r.code).toBe(1);
  });

  it("suggests Kusto's own functions and aggregates", async () => {
    const r = await runCli(['validate', 'rules/break-glass-sign-in.yaml'], copyWith((t) => t.replace('SignInOutcome = case(', 'SignInOutcome = cse(').replace('Attempts = count()', 'Attempts = countt()')));
    expect(r.stdout).toMatch(/The name 'cse' does not refer to any known function\. \(did you mean case\?\) +KS211/);
    expect(r.stdout).toMatch(/The name 'countt' does not refer to any known function\. \(did you mean count\?\) +KS211/);
  });
});
