// The emulator's Microsoft Graph detection-rule endpoints through tripline's Graph client (the real SDK
// pipeline): the reference's shapes, status codes and validations, the permission message, and faults.
import { Agent } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticTokenCredential } from '../../src/deploy/arm/credentials.js';
import { GraphClient, rulePath, type GraphRule } from '../../src/deploy/graph/client.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

function rule(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.security.detectionRule',
    id,
    displayName: `Rule ${id}`,
    status: 'enabled',
    queryCondition: { queryText: 'SigninLogs | where ResultType == 0' },
    schedule: { frequency: 'PT1H', lookback: 'PT4H' },
    detectionAction: { alertTemplate: { title: 'Sign-in', severity: 'high', entityMappings: { accounts: [{ upnColumn: 'UserPrincipalName' }] } } },
    ...extra,
  };
}

const failure = (p: Promise<unknown>): Promise<Error> => p.then(() => new Error('expected a failure'), (e: Error) => e);

let emulator: RunningEmulator;
let graph: GraphClient;
let agent: Agent;

beforeAll(async () => {
  emulator = await startEmulator({ pageSize: 2, readerToken: 'reader-token-without-write' });
  agent = new Agent({ ca: emulator.ca });
  graph = new GraphClient({ endpoint: emulator.url, credential: staticTokenCredential(emulator.token), agent, retry: { maxRetries: 0 } });
});
afterAll(async () => {
  await emulator.close();
});

describe('Graph detection rules in the emulator', () => {
  it('create, read, list in pages, update and delete with the documented status codes', async () => {
    const created = await graph.request<GraphRule>('POST', '/beta/security/rules/detectionRules', rule('tripline-a1'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'tripline-a1', createdBy: 'emulator@tripline.local', schedule: { frequency: 'PT1H', lookback: 'PT4H' } });
    for (const id of ['tripline-a2', 'tripline-a3']) await graph.request('POST', '/beta/security/rules/detectionRules', rule(id));
    expect((await graph.listRules()).map((r) => r.id)).toEqual(['tripline-a1', 'tripline-a2', 'tripline-a3']);
    const patched = await graph.request<GraphRule>('PATCH', rulePath('tripline-a2'), { status: 'disabled' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: 'tripline-a2', status: 'disabled', displayName: 'Rule tripline-a2' });
    expect((await graph.getRule('tripline-a2'))?.['status']).toBe('disabled');
    expect((await graph.request('DELETE', rulePath('tripline-a3'))).status).toBe(204);
    expect(await graph.getRule('tripline-a3')).toBeUndefined();
    const again = await failure(graph.request('POST', '/beta/security/rules/detectionRules', rule('tripline-a1')));
    expect(again.message).toMatch(/POST \/beta\/security\/rules\/detectionRules failed with 409 Conflict: .*'tripline-a1' already exists/);
  });

  it('lists with $filter, $orderby, $select, $skip, $top and $count as the reference documents; the client pages through them', async () => {
    const made = [['q-c', 'high', 'PT1H'], ['q-a', 'low', 'PT3H'], ['q-b', 'high', 'PT3H'], ['q-d', 'high', 'P1D']] as const;
    for (const [id, severity, frequency] of made) {
      await graph.request('POST', '/beta/security/rules/detectionRules', rule(id, { schedule: { frequency }, detectionAction: { alertTemplate: { title: `t ${id}`, severity } } }));
    }
    const ids = async (query: string): Promise<string[]> => (await graph.listRules(query)).map((r) => r.id);
    const high = encodeURIComponent("startswith(id,'q-') and detectionAction/alertTemplate/severity eq 'high'");
    // Pages of 2 (the emulator's page size): the nextLink keeps the filter and the order.
    expect(await ids(`$filter=${high}&$orderby=id desc`)).toEqual(['q-d', 'q-c', 'q-b']);
    expect(await ids(`$filter=${encodeURIComponent("startswith(id,'q-') and (schedule/frequency eq 'PT3H' or not(status eq 'enabled'))")}&$orderby=displayName`)).toEqual(['q-a', 'q-b']);
    expect(await ids(`$filter=${encodeURIComponent("startswith(id,'q-') and createdDateTime gt 2020-01-01T00:00:00Z")}&$orderby=schedule/frequency,id&$skip=1`)).toEqual(['q-c', 'q-a', 'q-b']);
    const page = await graph.request<{ value: Record<string, unknown>[]; '@odata.count': number; '@odata.nextLink'?: string }>('GET', `/beta/security/rules/detectionRules?$filter=${high}&$count=true&$top=1&$orderby=id&$select=displayName`);
    expect(page.body).toMatchObject({ '@odata.count': 3, value: [{ id: 'q-b', displayName: 'Rule q-b' }] });
    expect(Object.keys(page.body!.value[0]!).sort()).toEqual(['@odata.type', 'displayName', 'id']);
    expect(page.body!['@odata.nextLink']).toMatch(/\?\$filter=startswith\(id.*&\$count=true&\$orderby=id&\$select=displayName&\$top=1&\$skiptoken=1$/);
    const unsupported = await failure(graph.listRules(`$filter=${encodeURIComponent("queryCondition/lastModifiedDateTime eq null")}`));
    expect(unsupported.message).toMatch(/400 BadRequest: Invalid \$filter: the property 'queryCondition\/lastModifiedDateTime' cannot be filtered on/);
    expect((await failure(graph.listRules('$orderby=severity'))).message).toMatch(/the property 'severity' cannot be ordered by/);
    expect((await failure(graph.listRules(`$filter=${encodeURIComponent("id eq 'q-a' and")}`))).message).toMatch(/Invalid \$filter: expected name at the end/);
    for (const [id] of made) await graph.request('DELETE', rulePath(id));
  });

  it.each([
    ['an id starting with a digit', rule('5eed0000-0000'), /400 BadRequest: The id '5eed0000-0000' is invalid: an id starts with a letter/],
    ['a frequency outside PT5M..P14D', rule('x1', { schedule: { frequency: 'PT2M' } }), /frequency 'PT2M' is not supported/],
    ['a lookback shorter than the frequency', rule('x2', { schedule: { frequency: 'PT3H', lookback: 'PT1H' } }), /lookback 'PT1H' must be at least the frequency 'PT3H'/],
    ['a lookback for a continuous rule', rule('x3', { schedule: { frequency: 'PT0S', lookback: 'PT1H' } }), /not supported for near-real-time rules/],
    ['an unknown property', rule('x4', { triggerThreshold: 0 }), /The property 'triggerThreshold' does not exist on type 'microsoft.graph.security.detectionRule'/],
    ['an unknown entity column', rule('x5', { detectionAction: { alertTemplate: { title: 't', severity: 'low', entityMappings: { accounts: [{ fullNameColumn: 'X' }] } } } }), /'fullNameColumn' does not exist/],
    ['an unknown automated action', rule('x7', { detectionAction: { alertTemplate: { title: 't', severity: 'low' }, automatedActions: { isolateDevice: [{ deviceIdColumn: 'DeviceId' }] } } }), /The property 'isolateDevice' does not exist on type 'microsoft.graph.security.automatedActionSet'/],
    ['an isolation type outside full and selective', rule('x8', { detectionAction: { alertTemplate: { title: 't', severity: 'low' }, automatedActions: { isolateDevices: [{ deviceIdColumn: 'DeviceId', isolationType: 'partial' }] } } }), /'partial' of property 'detectionAction.automatedActions.isolateDevices\[0\].isolationType' is invalid/],
    ['a severity in Sentinel case', rule('x6', { detectionAction: { alertTemplate: { title: 't', severity: 'High' } } }), /'High' of property 'detectionAction.alertTemplate.severity' is invalid/],
  ])('refuses %s with 400 naming the property', async (_name, body, message) => {
    const e = await failure(graph.request('POST', '/beta/security/rules/detectionRules', body));
    expect(e.message).toMatch(message);
    expect(await graph.getRule(String(body['id']))).toBeUndefined();
  });

  it('v1.0 has no lookback (beta only)', async () => {
    const e = await failure(graph.request('POST', '/v1.0/security/rules/detectionRules', rule('v1rule')));
    expect(e.message).toMatch(/failed with 400 BadRequest: The property 'lookback' does not exist/);
  });

  it('a token without CustomDetection.ReadWrite.All reads but cannot write: the message names the permission and the role', async () => {
    const reader = new GraphClient({ endpoint: emulator.url, credential: staticTokenCredential('reader-token-without-write'), agent, retry: { maxRetries: 0 }, secrets: ['reader-token-without-write'] });
    expect((await reader.listRules()).length).toBeGreaterThan(0);
    const e = await failure(reader.request('POST', '/beta/security/rules/detectionRules', rule('denied')));
    expect(e.message).toMatch(/failed with 403 Forbidden/);
    expect(e.message).toMatch(/grant the Microsoft Graph application permission CustomDetection.ReadWrite.All/);
    expect(e.message).toMatch(/Security Administrator, or Detection tuning \(Manage\)/);
    expect(e.message).not.toContain('reader-token-without-write');
  });

  it('throttling and server errors are retried by the pipeline', async () => {
    const faulty = await startEmulator({ faults: '429=0.3,500=0.2,retry-after=0', seed: 7 });
    try {
      const client = new GraphClient({ endpoint: faulty.url, credential: staticTokenCredential(faulty.token), agent: new Agent({ ca: faulty.ca }), retry: { maxRetries: 8, retryDelayMs: 1, maxRetryDelayMs: 5 } });
      for (const id of ['f1', 'f2', 'f3', 'f4']) await client.request('POST', '/beta/security/rules/detectionRules', rule(id));
      expect((await client.listRules()).map((r) => r.id)).toEqual(['f1', 'f2', 'f3', 'f4']);
      expect(faulty.requests.some((r) => r.fault === '429')).toBe(true);
      expect(faulty.requests.some((r) => r.fault === '500')).toBe(true);
    } finally {
      await faulty.close();
    }
  });
});
