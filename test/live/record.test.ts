// `tripline record` end to end: the CLI, LogsQueryClient and the emulator's query API over a copy of
// the repository whose `local` workspace holds the bundled fixtures.
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { ROOT } from './helpers.js';

const KEY = 'record-test-key-5f0c2a9e1b7d';
const RANGE = ['--since', '3d', '--until', '2026-03-04T00:00:00Z'];
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tripline-record-'));
  for (const d of ['rules', 'watchlists', 'templates', 'environments', 'fixtures']) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
  const local = readFileSync(join(dir, 'environments/local.yaml'), 'utf8');
  writeFileSync(join(dir, 'environments/small.yaml'), local.replace(/^emulator: \{\}$/m, 'emulator: { state: .tripline/small.json, queryRowLimit: 2 }'));
});

afterEach(() => {
  delete process.env['TRIPLINE_PSEUDONYM_KEY'];
});

async function recordRule(out: string, key: string | null = KEY, ...extra: string[]) {
  if (key !== null) process.env['TRIPLINE_PSEUDONYM_KEY'] = key;
  return runCli(['record', '--rule', 'break-glass-sign-in', ...RANGE, '--out', out, ...extra], dir);
}

/** Identifiers in the source data, collected by shape and by the columns and keys that hold names. */
function originals(texts: string[]): Set<string> {
  const found = new Set<string>();
  const nameKeys = /^(Identity|UserDisplayName|DisplayName|displayName|DeviceName|deviceName|UserPrincipalName|userPrincipalName)$/;
  const visit = (v: unknown, key?: string): void => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(/[\w.+'-]+@[\w-]+(\.[\w-]+)+/g)) found.add(m[0]);
      for (const m of v.matchAll(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi)) if (!/^0{8}-/.test(m[0])) found.add(m[0]);
      for (const m of v.matchAll(/\b\d{1,3}(\.\d{1,3}){3}\b/g)) found.add(m[0]);
      if (key && nameKeys.test(key) && v.trim().length >= 4) found.add(v);
    } else if (Array.isArray(v)) v.forEach((x) => visit(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k);
  };
  for (const t of texts) for (const line of t.split('\n').filter((l) => l.trim().startsWith('{'))) visit(JSON.parse(line));
  return found;
}

function csvRows(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}

describe('tripline record', () => {
  it('records what a rule reads, pseudonymized: no original identifier survives, and watchlist matches still hold', async () => {
    const out = join(dir, 'out/bg.jsonl');
    const res = await recordRule(out);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const files = readdirSync(join(dir, 'out')).sort();
    expect(files).toEqual(['bg.AADNonInteractiveUserSignInLogs.jsonl', 'bg.BreakGlassAccounts.csv', 'bg.SigninLogs.jsonl']);
    const output = files.map((f) => readFileSync(join(dir, 'out', f), 'utf8')).join('\n');

    const sources = ['fixtures/signin/break-glass-interactive.jsonl', 'fixtures/signin/ordinary-admin-sign-ins.jsonl', 'fixtures/signin/tier0-non-paw.jsonl', 'fixtures/signin/tier0-paw.jsonl', 'fixtures/signin/break-glass-noninteractive.jsonl', 'fixtures/signin/tier0-non-paw-noninteractive.jsonl', 'fixtures/signin/tier0-paw-noninteractive.jsonl'];
    const ids = originals(sources.map((f) => readFileSync(join(ROOT, f), 'utf8')));
    const watchlist = readFileSync(join(ROOT, 'watchlists/BreakGlassAccounts.csv'), 'utf8');
    for (const r of csvRows(watchlist)) for (const c of ['UserPrincipalName', 'ObjectId', 'DisplayName']) ids.add(r[c]!);
    expect(ids.size).toBeGreaterThan(30);
    const lower = output.toLowerCase();
    const survivors = [...ids].filter((id) => lower.includes(id.toLowerCase()) || lower.includes(id.split('@')[1]?.toLowerCase() ?? '\0'));
    expect(survivors).toEqual([]);

    // The rule joins sign-ins to the watchlist by UPN (=~): the pseudonymized sides meet as often as the real ones.
    await recordRule(join(dir, 'plain/bg.jsonl'), null, '--no-pseudonymize');
    const matches = (sub: string) => {
      const upns = new Set(csvRows(readFileSync(join(dir, sub, 'bg.BreakGlassAccounts.csv'), 'utf8')).map((r) => r['UserPrincipalName']!.toLowerCase()));
      const rows = readFileSync(join(dir, sub, 'bg.SigninLogs.jsonl'), 'utf8').split('\n').slice(1).filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
      return { rows, n: rows.filter((s) => upns.has(String(s['UserPrincipalName']).toLowerCase())).length };
    };
    const signins = matches('out').rows;
    expect(matches('plain').n).toBeGreaterThan(0);
    expect(matches('out').n).toBe(matches('plain').n);
    expect(signins.every((s) => typeof s['_IngestionTime'] === 'string')).toBe(true);

    const header = JSON.parse(output.split('\n')[0]!.replace(/^\/\/ tripline record: /, '')) as Record<string, unknown>;
    expect(header).toMatchObject({ environment: 'local', table: 'AADNonInteractiveUserSignInLogs', pseudonymized: true, timeRange: { start: '2026-03-01T00:00:00.000Z', end: '2026-03-04T00:00:00.000Z' } });

    // The recording is a valid fixture: `run` loads it (the header is a comment).
    const counted = await runCli(['run', 'SigninLogs | count', '--table', `SigninLogs=${join(dir, 'out/bg.SigninLogs.jsonl')}`, '--format', 'json'], dir);
    expect(JSON.parse(counted.stdout).rows).toEqual([[signins.length]]);
  });

  it('is consistent under one key and differs under another; --rebase moves every timestamp', async () => {
    await recordRule(join(dir, 'a/t.jsonl'), KEY, '--rebase', '2030-01-04T00:00:00Z');
    await recordRule(join(dir, 'b/t.jsonl'));
    await recordRule(join(dir, 'c/t.jsonl'), 'a-different-key-0123456789');
    const rows = (d: string) => readFileSync(join(dir, d, 't.SigninLogs.jsonl'), 'utf8').split('\n').slice(1).filter(Boolean).map((l) => JSON.parse(l) as Record<string, string>);
    const [a, b, c] = [rows('a'), rows('b'), rows('c')];
    expect(a.map((r) => r['UserPrincipalName'])).toEqual(b.map((r) => r['UserPrincipalName']));
    expect(c.map((r) => r['UserPrincipalName'])).not.toEqual(b.map((r) => r['UserPrincipalName']));
    const shift = Date.parse('2030-01-04T00:00:00Z') - Date.parse('2026-03-04T00:00:00Z');
    a.forEach((r, i) => expect(Date.parse(r['TimeGenerated']!) - Date.parse(b[i]!['TimeGenerated']!)).toBe(shift));
  });

  it('refuses to record without a key unless --no-pseudonymize, which the header records', async () => {
    const refused = await recordRule(join(dir, 'nokey/x.jsonl'), null);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/TRIPLINE_PSEUDONYM_KEY/);
    expect(existsSync(join(dir, 'nokey'))).toBe(false);
    const plain = await runCli(['record', '--table', 'AuditLogs', '--since', '400d', '--until', '2026-12-01T00:00:00Z', '--out', join(dir, 'plain/audit.jsonl'), '--no-pseudonymize'], dir);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toMatch(/NOT pseudonymized/);
    expect(readFileSync(join(dir, 'plain/audit.jsonl'), 'utf8').split('\n')[0]).toMatch(/"pseudonymized":false/);
  });

  it('reports a refused query and a partial result per table, writing nothing for them (exit 1)', async () => {
    process.env['TRIPLINE_PSEUDONYM_KEY'] = KEY;
    const unknown = await runCli(['record', '--table', 'AuditLogs', '--query', 'NoSuchTable | take 1', ...RANGE, '--out', join(dir, 'bad/x.jsonl')], dir);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/AuditLogs: the workspace refused the query \(400\).*NoSuchTable/);
    const partial = await runCli(['record', '--env', 'small', '--table', 'AuditLogs', '--since', '400d', '--until', '2026-12-01T00:00:00Z', '--out', join(dir, 'bad/y.jsonl')], dir);
    expect(partial.code).toBe(1);
    expect(partial.stderr).toMatch(/partial result.*E_QUERY_RESULT_SET_TOO_LARGE/);
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });
});
