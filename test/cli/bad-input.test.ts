// No stack trace reaches a user: file-system and argument problems are located problems with the
// documented exit code (1 for content, 2 for usage), and nothing is written when a command fails.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';

const repoRoot = resolve(import.meta.dirname, '../..');

function contentCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-bad-'));
  for (const d of ['rules', 'watchlists', 'templates', 'environments', 'fixtures']) cpSync(join(repoRoot, d), join(dir, d), { recursive: true });
  writeFileSync(join(dir, 'README.md'), '# a file, not a folder\n');
  return dir;
}

function noStack(r: CliResult): void {
  expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .*[(:]\d+/);
  expect(r.stdout + r.stderr).not.toMatch(/EISDIR|ENOTDIR|ENOENT/);
}

describe('file-system problems are located problems', () => {
  it('a folder named like a rule file (EISDIR)', async () => {
    const dir = contentCopy();
    mkdirSync(join(dir, 'rules/x.yaml'));
    const r = await runCli(['validate'], dir);
    noStack(r);
    expect(r.stdout).toMatch(/rules\/x\.yaml\n +error +cannot read file: is a folder, not a file/);
    expect(r.code).toBe(1);
  });

  it('a folder named like a partial (EISDIR)', async () => {
    const dir = contentCopy();
    mkdirSync(join(dir, 'templates/x.hbs'));
    const r = await runCli(['validate'], dir);
    noStack(r);
    expect(r.stdout).toMatch(/templates\/x\.hbs\n +error +cannot read partial: is a folder, not a file/);
    expect(r.code).toBe(1);
  });

  it('render --out below a file (ENOTDIR) exits 2 and writes nothing', async () => {
    const dir = contentCopy();
    const r = await runCli(['render', '--out', 'README.md/out'], dir);
    noStack(r);
    expect(r.stderr).toMatch(/README\.md\/out\n +error +cannot write README\.md\/out: README\.md is a file, not a folder/);
    expect(r.code).toBe(2);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('test --out in a folder that does not exist (ENOENT) exits 2', async () => {
    const dir = contentCopy();
    const out = join(dir, 'nowhere/r.xml');
    const r = await runCli(['test', '--reporter', 'junit', '--out', out], dir);
    noStack(r);
    expect(r.stderr).toContain(`cannot write ${out}: folder ${join(dir, 'nowhere')} not found`);
    expect(r.code).toBe(2);
  });
});

describe('argument problems are usage errors', () => {
  it("run --now 'March 3' exits 2, not as a query error", async () => {
    const r = await runCli(['run', '--now', 'March 3', 'print 1'], repoRoot);
    noStack(r);
    expect(r.stderr).toContain('--now March 3: not an ISO 8601 time (e.g. 2026-03-02T03:00:00Z)');
    expect(r.code).toBe(2);
  });
});

describe('render --out DIR holds exactly what this render produced', () => {
  it('removes what an earlier render wrote for a rule that no longer exists', async () => {
    const dir = contentCopy();
    expect((await runCli(['render', '--out', 'out'], dir)).code).toBe(0);
    expect(readdirSync(join(dir, 'out/rules'))).toContain('break-glass-sign-in-nrt.json');
    for (const f of ['break-glass-sign-in-nrt.yaml', 'break-glass-sign-in-nrt.tests.yaml']) rmSync(join(dir, 'rules', f));
    const r = await runCli(['render', '--out', 'out'], dir);
    expect(r.code).toBe(0);
    // Every rule file still in the copy, and nothing for the deleted one (the pack grows; list it from the folder).
    const remaining = readdirSync(join(dir, 'rules')).filter((f) => f.endsWith('.yaml') && !f.endsWith('.tests.yaml'));
    expect(remaining).not.toContain('break-glass-sign-in-nrt.yaml');
    expect(readdirSync(join(dir, 'out/rules')).sort()).toEqual(remaining.map((f) => f.replace(/\.yaml$/, '.json')).sort());
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('refuses a non-empty folder it did not write, and one holding files added since, touching nothing', async () => {
    const dir = contentCopy();
    const r = await runCli(['render', '--out', 'fixtures'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/fixtures holds files tripline render did not write \(audit\/.*\); render replaces the whole folder/);
    expect(existsSync(join(dir, 'fixtures/audit/pim-activation-weeknight.jsonl'))).toBe(true);

    expect((await runCli(['render', '--out', 'out'], dir)).code).toBe(0);
    writeFileSync(join(dir, 'out/rules/mine.json'), '{}');
    const again = await runCli(['render', '--out', 'out'], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('out holds files the last render did not write (rules/mine.json)');
    expect(existsSync(join(dir, 'out/rules/mine.json'))).toBe(true);
  });
});
