// `tripline new`: what it creates validates and passes as created; it never overwrites.
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const repoRoot = resolve(import.meta.dirname, '../..');

function contentCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-new-'));
  for (const d of ['rules', 'watchlists', 'templates', 'environments', 'fixtures']) cpSync(join(repoRoot, d), join(dir, d), { recursive: true });
  return dir;
}

const GUID = /^id: ([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$/m;

describe('tripline new', () => {
  it('creates rules (Scheduled and NRT) with fresh ids whose tests pass, and a watchlist, all validating cleanly', async () => {
    const dir = contentCopy();
    const a = await runCli(['new', 'rule', 'Admin sign-in from a new country'], dir);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toContain('created rules/admin-sign-in-from-a-new-country.yaml\ncreated rules/admin-sign-in-from-a-new-country.tests.yaml\n');
    expect((await runCli(['new', 'rule', 'Mass download', '--table', 'OfficeActivity', '--kind', 'NRT'], dir)).code).toBe(0);
    expect((await runCli(['new', 'watchlist', 'VipUsers'], dir)).code).toBe(0);

    const ruleText = readFileSync(join(dir, 'rules/admin-sign-in-from-a-new-country.yaml'), 'utf8');
    expect(ruleText.split('\n')[0]).toBe('# yaml-language-server: $schema=../schemas/rule.schema.json');
    expect(ruleText).toMatch(/^parameters:$/m);
    const ids = ['admin-sign-in-from-a-new-country', 'mass-download'].map((s) => GUID.exec(readFileSync(join(dir, `rules/${s}.yaml`), 'utf8'))?.[1]);
    expect(ids[0]).toBeDefined();
    expect(ids[0]).not.toBe(ids[1]);
    expect(readFileSync(join(dir, 'rules/mass-download.yaml'), 'utf8')).toMatch(/^kind: NRT$/m);

    const v = await runCli(['validate'], dir);
    expect(v.stdout).toBe("11 rules valid for environment 'local'\n");
    expect(v.code).toBe(0);
    const t = await runCli(['test', 'rules/admin-sign-in-from-a-new-country.yaml', 'rules/mass-download.yaml'], dir);
    expect(t.stdout).toMatch(/4 passed, 0 failed \(2 rules\)/);
    expect(t.code).toBe(0);
  });

  it('writes nothing over existing files, and rejects an unknown table or a bad alias (exit 2)', async () => {
    const dir = contentCopy();
    const original = readFileSync(join(dir, 'rules/break-glass-sign-in.yaml'), 'utf8');
    const r = await runCli(['new', 'rule', 'Break-glass sign-in'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('rules/break-glass-sign-in.yaml already exists (and 1 more of the files it would create): choose another name (nothing was written)');
    expect(readFileSync(join(dir, 'rules/break-glass-sign-in.yaml'), 'utf8')).toBe(original);
    expect(existsSync(join(dir, 'fixtures/break-glass-sign-in'))).toBe(false);

    const table = await runCli(['new', 'rule', 'x', '--table', 'SiginLogs'], dir);
    expect(table.code).toBe(2);
    expect(table.stderr).toContain("unknown table 'SiginLogs' (did you mean SigninLogs?)");
    expect(existsSync(join(dir, 'rules/x.yaml'))).toBe(false);

    const alias = await runCli(['new', 'watchlist', 'my list'], dir);
    expect(alias.code).toBe(2);
    expect(alias.stderr).toContain("watchlist alias 'my list' must start with a letter");
  });
});
