// The emulator's Log Analytics query API, exercised through the real LogsQueryClient over HTTPS.
import { resolve } from 'node:path';
import { LogsQueryClient } from '@azure/monitor-query-logs';
import { agentPolicy } from '@azure/core-rest-pipeline';
import { Agent } from 'node:https';
import { afterAll, describe, expect, it } from 'vitest';
import { closeEmulators, sharedEmulator } from '../../src/deploy/connect.js';
import { startEmulator } from '../../src/emulator/index.js';
import { staticTokenCredential } from '../../src/deploy/arm/credentials.js';
import { logsWorkspace, openWorkspace, type Workspace } from '../../src/live/client.js';
import { emulatedEnv, ROOT } from './helpers.js';

const DAY = { start: new Date('2026-03-01T00:00:00Z'), end: new Date('2026-03-03T00:00:00Z') };

async function workspaceOf(env: ReturnType<typeof emulatedEnv>, maxRetries = 3): Promise<Workspace> {
  const { workspace, problems } = await openWorkspace(env, ROOT, { retryDelayMs: 10, maxRetries });
  expect(problems).toEqual([]);
  return workspace!;
}

afterAll(closeEmulators);

describe('emulator query API through LogsQueryClient', () => {
  const env = emulatedEnv('query', { data: { SigninLogs: ['fixtures/signin/break-glass-interactive.jsonl', 'fixtures/signin/tier0-paw.jsonl'], AuditLogs: 'fixtures/audit' } });

  it('answers with typed rows, only those inside the timespan', async () => {
    const ws = await workspaceOf(env);
    const res = await ws.query('SigninLogs | project TimeGenerated, UserPrincipalName, DeviceDetail, IPAddress | order by TimeGenerated asc', DAY);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.partial).toBeUndefined();
    expect(res.table.columns.map((c) => c.type)).toEqual(['datetime', 'string', 'dynamic', 'string']);
    expect(res.table.rows.length).toBeGreaterThan(0);
    for (const r of res.table.rows) {
      expect(Date.parse(String(r[0]))).toBeGreaterThanOrEqual(DAY.start.getTime());
      expect(Date.parse(String(r[0]))).toBeLessThan(DAY.end.getTime());
      expect(typeof r[2]).toBe('object');
    }
    const narrow = await ws.query('SigninLogs | count', { start: new Date('2020-01-01T00:00:00Z'), end: new Date('2020-01-02T00:00:00Z') });
    expect(narrow.ok && narrow.table.rows).toEqual([[0]]);
  });

  it('reads a folder of fixtures and keeps ingestion_time()', async () => {
    const ws = await workspaceOf(env);
    const res = await ws.query('AuditLogs | summarize n = count(), withIngestion = countif(isnotnull(ingestion_time()))', { start: new Date('2020-01-01Z'), end: new Date('2027-01-01Z') });
    expect(res.ok && res.table.rows[0]![0]).toBeGreaterThan(10);
  });

  it('reports syntax errors and unknown tables as 400 with the position', async () => {
    const ws = await workspaceOf(env);
    const syntax = await ws.query('SigninLogs | where', DAY);
    expect(syntax).toMatchObject({ ok: false, status: 400, code: 'BadArgumentError' });
    const unknown = await ws.query('NoSuchTable | take 1', DAY);
    expect(unknown).toMatchObject({ ok: false, status: 400 });
    expect(!unknown.ok && unknown.message).toMatch(/NoSuchTable/);
  });

  it('without `data`, holds the bundled fixtures (fixtures/workspace.yaml)', async () => {
    const ws = await workspaceOf(emulatedEnv('defaults'));
    const res = await ws.query('union SigninLogs, AADNonInteractiveUserSignInLogs, AuditLogs, AzureActivity | summarize count() by Type | order by Type asc', { start: new Date('2020-01-01Z'), end: new Date('2027-01-01Z') });
    expect(res.ok && res.table.rows.map((r) => r[0])).toEqual(['AADNonInteractiveUserSignInLogs', 'AuditLogs', 'AzureActivity', 'SigninLogs']);
  });

  it('cuts a result beyond the row limit into a partial result', async () => {
    const small = emulatedEnv('partial', { data: { AuditLogs: 'fixtures/audit' }, queryRowLimit: 3 });
    const ws = await workspaceOf(small);
    const res = await ws.query('AuditLogs', { start: new Date('2020-01-01Z'), end: new Date('2027-01-01Z') });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.table.rows).toHaveLength(3);
    expect(res.partial).toMatch(/E_QUERY_RESULT_SET_TOO_LARGE/);
  });

  it('times out a query answered later than the server timeout (504)', async () => {
    const slow = emulatedEnv('slow', { data: {}, faults: 'slow=1,slow-ms=1100' });
    const ws = await workspaceOf(slow, 0);
    const res = await ws.query('print 1', DAY, { serverTimeoutSeconds: 1 });
    expect(res).toMatchObject({ ok: false, status: 504, code: 'GatewayTimeout' });
  });

  it('retries throttled queries (429 with Retry-After) until they succeed', async () => {
    const busy = emulatedEnv('busy', { data: {}, faults: '429=0.5,retry-after=0', seed: 7 });
    const ws = await workspaceOf(busy);
    for (let i = 0; i < 6; i++) expect(await ws.query(`print x = ${i}`, DAY)).toMatchObject({ ok: true, table: { rows: [[i]] } });
    const emu = await sharedEmulator(resolve(ROOT, busy.emulator!.state), busy.emulator!.faults, busy.emulator!.seed);
    expect(emu.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
  });
});

describe('workspaces the query API refuses', () => {
  it('403 for a workspace the caller may not query, 404 for an unknown one', async () => {
    const emu = await startEmulator({ workspaces: [{ workspaceId: '11111111-1111-4111-8111-111111111111', denied: true }] });
    try {
      const client = new LogsQueryClient(staticTokenCredential(emu.token), {
        endpoint: `${emu.url}/v1`,
        retryOptions: { maxRetries: 0 },
        additionalPolicies: [{ policy: agentPolicy(new Agent({ ca: emu.ca })), position: 'perCall' }],
      });
      const denied = await logsWorkspace(client, '11111111-1111-4111-8111-111111111111').query('print 1', DAY);
      expect(denied).toMatchObject({ ok: false, status: 403, code: 'InsufficientAccessError' });
      const unknown = await logsWorkspace(client, '22222222-2222-4222-8222-222222222222').query('print 1', DAY);
      expect(unknown).toMatchObject({ ok: false, status: 404, code: 'WorkspaceNotFoundError' });
    } finally {
      await emu.close();
    }
  });
});
