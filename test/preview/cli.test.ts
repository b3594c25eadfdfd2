// `tripline preview` on bad input: a located message, exit 2, no stack trace, nothing written; and over a
// --data folder, the panels run on exactly that folder's rows.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const tmp = (): string => mkdtempSync(join(tmpdir(), 'tripline-preview-cli-'));

function refused(r: CliResult, message: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).toMatch(/nothing written to /);
  expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .*[(:]\d+/);
}

describe('tripline preview: bad input', () => {
  it('an unknown environment', async () => {
    const dir = tmp();
    refused(await runCli(['preview', '--env', 'nowhere', '--out', join(dir, 'r.html')], repoRoot), /nowhere/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a missing data folder', async () => {
    const dir = tmp();
    refused(await runCli(['preview', '--data', join(dir, 'missing'), '--out', join(dir, 'r.html')], repoRoot), /--data .*missing: not a folder/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an --out in a missing folder, or naming a folder', async () => {
    const dir = tmp();
    refused(await runCli(['preview', '--out', join(dir, 'no/such/r.html')], repoRoot), /folder .* does not exist/);
    mkdirSync(join(dir, 'r.html'));
    refused(await runCli(['preview', '--out', join(dir, 'r.html')], repoRoot), /is a folder/);
    expect(readdirSync(dir)).toEqual(['r.html']);
  });
});

describe('tripline preview --data', () => {
  it('runs the panels over the folder: one break-glass sign-in, the rest empty', async () => {
    const dir = tmp();
    const data = join(dir, 'data');
    mkdirSync(data);
    const row = { TimeGenerated: '2026-03-02T02:50:00Z', UserPrincipalName: 'bg-admin01@contoso.onmicrosoft.com', UserId: '', ResultType: '0', IPAddress: '203.0.113.7' };
    writeFileSync(join(data, 'SigninLogs.jsonl'), JSON.stringify(row) + '\n');
    const out = join(dir, 'r.html');
    const r = await runCli(['preview', '--data', data, '--out', out], repoRoot);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*r\.html: \d+ panels, rule tests \d+ passed, 0 failed\n$/);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/data-panel="break-glass-sign-ins" data-visualization="table" data-status="ok" data-rows="1"/);
    expect(html).toMatch(/data-panel="assignments" data-visualization="table" data-status="empty" data-rows="0"/);
    expect(html).toContain('now() is 2026-03-02T02:51:00.000Z');
    expect(existsSync(`${out}.${process.pid}.tmp`)).toBe(false);
  });
});
