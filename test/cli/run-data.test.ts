// `tripline run` tables: the --data naming grammar, repeated --table concatenating, and a word (on
// stderr) for files that are not tables and for tables a query reads without data.
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const fixture = (f: string) => join(repoRoot, 'fixtures/signin', f);
const count = (stdout: string) => (JSON.parse(stdout) as { rows: number[][] }).rows.map((r) => r[0]);

describe('tripline run tables', () => {
  it('--data reads <Table>.jsonl, <Table>.<anything>.jsonl and <Table>/*.jsonl, and warns of a table without data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tripline-run-data-'));
    mkdirSync(join(dir, 'SigninLogs'));
    copyFileSync(fixture('tier0-paw.jsonl'), join(dir, 'SigninLogs/a.jsonl')); // 3 rows
    copyFileSync(fixture('tier0-non-paw.jsonl'), join(dir, 'SigninLogs.non-paw.jsonl')); // 3 rows
    copyFileSync(fixture('break-glass-interactive.jsonl'), join(dir, 'SigninLogs.jsonl'));
    const r = await runCli(['run', '--data', dir, '--format', 'json', 'SigninLogs | count | union (AuditLogs | count)'], repoRoot);
    expect(r.code).toBe(0);
    const own = (await runCli(['run', '--table', `SigninLogs=${fixture('break-glass-interactive.jsonl')}`, '--format', 'json', 'SigninLogs | count'], repoRoot)).stdout;
    expect(count(r.stdout)).toEqual([6 + count(own)[0]!, 0]);
    expect(r.stderr).toContain('warning table-empty: table AuditLogs has no data');
    expect(r.stderr).not.toContain('table SigninLogs has no data');
  });

  it('skips scenario-named fixtures with one warning instead of a flood', async () => {
    const r = await runCli(['run', '--data', 'fixtures/signin', 'print 1'], repoRoot);
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/skipped 8 files not named <Table>\.jsonl\|csv .*use --table T=path for them/);
  });

  it('repeated --table for one table concatenates the files', async () => {
    const r = await runCli(['run', '--table', `SigninLogs=${fixture('tier0-paw.jsonl')}`, '--table', `SigninLogs=${fixture('tier0-non-paw.jsonl')}`, '--format', 'json', 'SigninLogs | count'], repoRoot);
    expect(r.code).toBe(0);
    expect(count(r.stdout)).toEqual([6]);
  });
});
