// `tripline preview` on bad input: a located message, exit 2, no stack trace, nothing written; and over a
// --data folder, the panels run on exactly that folder's rows.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

describe('tripline preview: a panel that cannot be shown as the workbook says', () => {
  it('shows a failing query\'s error in its place with the position and exits 1; an undrawable visualization is named and drawn as a table', async () => {
    const dir = tmp();
    for (const d of ['environments', 'templates', 'watchlists']) cpSync(join(repoRoot, d), join(dir, d), { recursive: true });
    mkdirSync(join(dir, 'rules'));
    mkdirSync(join(dir, 'workbooks'));
    const item = (name: string, query: string, visualization: string) => ({ type: 3, name, content: { version: 'KqlItem/1.0', query, visualization, queryType: 0 } });
    const workbook = {
      version: 'Notebook/1.0',
      items: [
        item('broken', 'SigninLogs\n| summarize SignIns = count() by NoSuchColumn', 'table'),
        item('on-a-map', 'SigninLogs | summarize SignIns = count() by Location', 'map'),
      ],
    };
    writeFileSync(join(dir, 'workbooks/w.json'), JSON.stringify(workbook, null, 2));
    writeFileSync(join(dir, 'workbooks/w.yaml'), 'id: 5d1c3b2a-7e6f-4a8b-9c0d-1e2f3a4b5c6d\ndisplayName: W\n');
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data/SigninLogs.jsonl'), JSON.stringify({ TimeGenerated: '2026-03-02T02:50:00Z', UserPrincipalName: 'a@contoso.com', Location: 'NL', ResultType: '0' }) + '\n');
    const r = await runCli(['preview', '--data', 'data', '--out', 'r.html'], dir);
    expect(r.code).toBe(1);
    // Located in the workbook file (the analyzer's error, at the column in the JSON) and as the panel that failed.
    expect(r.stderr).toMatch(/^workbooks\/w\.json\n/);
    expect(r.stderr).toMatch(/ 9:18 +error +panel 'broken' \(broken\): The name 'NoSuchColumn' does not refer to any known column/);
    expect(r.stderr).toMatch(/ 9:64 +error +query of 'broken': The name 'NoSuchColumn'/);
    expect(r.stdout).toMatch(/^wrote r\.html: 2 panels \(1 failed\)/);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    const broken = /<section class="panel" id="panel-broken"[^>]*data-status="error"[^>]*>([\s\S]*?)<\/section>/.exec(html)![1]!;
    expect(broken).toMatch(/The query failed at line 2, column \d+ of the query: .*NoSuchColumn/);
    const map = /<section class="panel" id="panel-on-a-map"[^>]*data-status="ok" data-rows="1">([\s\S]*?)<\/section>/.exec(html)![1]!;
    expect(map).toContain("visualization 'map' is not drawn by the preview: shown as a table");
    expect(map).toMatch(/<tbody><tr><td>NL<\/td><td>1<\/td><\/tr><\/tbody>/);
  });
});
