// `tripline run` in-process: one query over fixture files, the output formats, --batch, exit codes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const tripline = (...args: string[]) => runCli(args);

function fixtureDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-run-'));
  writeFileSync(join(dir, 'SigninLogs.jsonl'), [
    { TimeGenerated: '2026-03-02T02:30:00Z', UserPrincipalName: 'bg1@contoso.com', IPAddress: '10.1.2.3', LocationDetails: { city: 'Sydney' } },
    { TimeGenerated: '2026-03-02T01:00:00Z', UserPrincipalName: 'alice@contoso.com', IPAddress: '8.8.8.8', LocationDetails: { city: 'Paris' } },
  ].map((r) => JSON.stringify(r)).join('\n') + '\n');
  return dir;
}

describe('tripline run', () => {
  it('prints the result as JSON in the Log Analytics value format', async () => {
    const dir = fixtureDir();
    const r = await tripline('run', 'SigninLogs | where TimeGenerated > ago(1h) | project UserPrincipalName, City = tostring(LocationDetails.city), TimeGenerated, Span = now() - TimeGenerated, D = LocationDetails',
      '--data', dir, '--now', '2026-03-02T03:00:00Z', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      columns: [
        { name: 'UserPrincipalName', type: 'string' }, { name: 'City', type: 'string' }, { name: 'TimeGenerated', type: 'datetime' },
        { name: 'Span', type: 'timespan' }, { name: 'D', type: 'dynamic' },
      ],
      rows: [['bg1@contoso.com', 'Sydney', '2026-03-02T02:30:00Z', '00:30:00', { city: 'Sydney' }]],
    });
  });

  it('reads the query from a file, takes --table, and prints CSV', async () => {
    const dir = fixtureDir();
    const q = join(dir, 'q.kql');
    writeFileSync(q, 'Logins\n| summarize n = count() by bin(TimeGenerated, 1d)\n');
    const r = await tripline('run', '--file', q, '--table', `Logins=${join(dir, 'SigninLogs.jsonl')}`, '--format', 'csv');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('TimeGenerated,n\n2026-03-02T00:00:00Z,2\n');
  });

  it('exits 1 with the error located in the query, 2 on usage errors', async () => {
    const bad = await tripline('run', 'print x = 1\n| where y > 2');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/:2:9: error: .*'y'/);
    expect((await tripline('run', 'print 1', '--format', 'xml')).code).toBe(2);
    expect((await tripline('run')).code).toBe(2);
  });

  it('--batch answers every line in order, errors included, and exits 0', async () => {
    const dir = fixtureDir();
    const batch = join(dir, 'in.jsonl');
    writeFileSync(batch, [
      JSON.stringify({ id: 'a', kql: 'SigninLogs | count' }),
      JSON.stringify({ id: 'b', kql: 'print x = nope' }),
      JSON.stringify({ id: 'c', kql: 'print t = now()', now: '2026-01-01T00:00:00Z' }),
    ].join('\n'));
    const r = await tripline('run', '--batch', batch, '--data', dir);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l['id'])).toEqual(['a', 'b', 'c']);
    expect(lines[0]).toEqual({ id: 'a', columns: [{ name: 'Count', type: 'long' }], rows: [[2]] });
    expect(lines[1]!['error']).toMatchObject({ line: 1, column: 11 });
    expect(lines[2]!['rows']).toEqual([['2026-01-01T00:00:00Z']]);
  });
});
