import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { client, SUB, WB, WS, type Client } from './client.js';

let emu: RunningEmulator;
let c: Client;
const automation = (name: string) => ({
  properties: {
    displayName: name,
    order: 1,
    triggeringLogic: { isEnabled: true, triggersOn: 'Incidents', triggersWhen: 'Created' },
    actions: [{ order: 1, actionType: 'ModifyProperties', actionConfiguration: { severity: 'High' } }],
  },
});

beforeAll(async () => {
  emu = await startEmulator({ readerToken: 'reader-token', lroPolls: 2 });
  c = client(emu);
});
afterAll(async () => {
  c?.agent.destroy();
  await emu?.close();
});

describe('authentication and authorization', () => {
  it('401 without an Authorization header, 401 for a wrong token', async () => {
    const none = await c.send('GET', `${WS}/alertRules`, undefined, { token: null });
    expect(none.status).toBe(401);
    expect(none.body.error).toEqual({ code: 'AuthenticationFailed', message: "Authentication failed. The 'Authorization' header is missing." });
    const wrong = await c.send('GET', `${WS}/alertRules`, undefined, { token: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('InvalidAuthenticationToken');
  });

  it('the reader token reads but gets 403 on writes, in ARM wording', async () => {
    expect((await c.send('GET', `${WS}/alertRules`, undefined, { token: 'reader-token' })).status).toBe(200);
    const put = await c.send('PUT', `${WS}/automationRules/a1`, automation('x'), { token: 'reader-token' });
    expect(put.status).toBe(403);
    expect(put.body.error.code).toBe('AuthorizationFailed');
    expect(put.body.error.message).toMatch(
      new RegExp(`does not have authorization to perform action 'Microsoft.SecurityInsights/automationRules/write' over scope '${WS}/automationRules/a1' or the scope is invalid. If access was recently granted, please refresh your credentials.$`),
    );
  });

  it('never records the token', () => {
    expect(JSON.stringify(emu.requests)).not.toContain(emu.token);
    expect(JSON.stringify(emu.requests)).not.toContain('reader-token');
  });
});

describe('api-version and responses', () => {
  it('requires a supported api-version per resource family', async () => {
    const missing = await c.send('GET', `${WS}/alertRules`, undefined, { apiVersion: null });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('MissingApiVersionParameter');
    const old = await c.send('GET', `${WS}/alertRules`, undefined, { apiVersion: '2022-09-01-preview' });
    expect(old.status).toBe(400);
    expect(old.body.error.code).toBe('InvalidApiVersionParameter');
    expect(old.body.error.message).toContain('2025-09-01');
    expect((await c.send('GET', `${WB}?category=sentinel`, undefined, { apiVersion: '2025-09-01' })).status).toBe(400);
    expect((await c.send('GET', `${WS}/alertRules`, undefined, { apiVersion: '2025-10-01-preview' })).status).toBe(200);
  });

  it('answers JSON with a request id; unknown paths are 404', async () => {
    const r = await c.send('GET', `${WS}/alertRules`);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.headers['x-ms-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect((await c.send('GET', `${WS}/incidents`)).status).toBe(404);
    expect((await c.send('PATCH', `${WS}/alertRules/x`, {})).status).toBe(405);
    const notJson = await c.send('PUT', `${WS}/automationRules/a1`, '{not json');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('InvalidRequestContent');
  });
});

describe('etags', () => {
  it('a stale body etag is 409 Conflict; the current etag or none updates', async () => {
    const created = await c.send('PUT', `${WS}/automationRules/e1`, { etag: '"whatever"', ...automation('v1') });
    expect(created.status).toBe(201); // a body etag is tolerated on create
    const v2 = await c.send('PUT', `${WS}/automationRules/e1`, { etag: created.body.etag, ...automation('v2') });
    expect(v2.status).toBe(200);
    const stale = await c.send('PUT', `${WS}/automationRules/e1`, { etag: created.body.etag, ...automation('v3') });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('Conflict');
    expect((await c.send('GET', `${WS}/automationRules/e1`)).body.properties.displayName).toBe('v2');
    expect((await c.send('PUT', `${WS}/automationRules/e1`, automation('v4'))).status).toBe(200);
  });
});

describe('watchlist long-running operations', () => {
  const wl = { properties: { displayName: 'W', provider: 'Custom', itemsSearchKey: 'k', contentType: 'text/csv', rawContent: 'k\n1\n' } };

  async function poll(url: string): Promise<string[]> {
    const seen: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await c.send('GET', url);
      expect(r.status).toBe(200);
      seen.push(r.body.status);
      if (r.body.status !== 'InProgress') break;
    }
    return seen;
  }

  it('PUT answers with Azure-AsyncOperation that reports InProgress lroPolls times, then Succeeded', async () => {
    const r = await c.send('PUT', `${WS}/watchlists/w1`, wl);
    expect(r.status).toBe(201);
    const op = r.headers['azure-asyncoperation']!;
    expect(op).toMatch(new RegExp(`^https://127\\.0\\.0\\.1:\\d+/subscriptions/${SUB}/providers/Microsoft\\.SecurityInsights/operations/[0-9a-f-]{36}\\?api-version=2025-09-01$`));
    // The write is applied at once.
    expect((await c.send('GET', `${WS}/watchlists/w1`)).body.properties.provisioningState).toBe('Succeeded');
    expect(await poll(op)).toEqual(['InProgress', 'InProgress', 'Succeeded']);
    expect((await c.send('GET', op, undefined, { token: null })).status).toBe(401);
  });

  it('DELETE of an existing watchlist is 202 with Azure-AsyncOperation and Location; absent is 204', async () => {
    const r = await c.send('DELETE', `${WS}/watchlists/w1`);
    expect(r.status).toBe(202);
    expect(r.headers['location']).toMatch(/\/operationResults\/[0-9a-f-]{36}\?api-version=/);
    expect((await c.send('GET', r.headers['location']!)).status).toBe(202);
    expect(await poll(r.headers['azure-asyncoperation']!)).toEqual(['InProgress', 'Succeeded']);
    expect((await c.send('GET', r.headers['location']!)).status).toBe(204);
    expect((await c.send('GET', `${WS}/watchlists/w1`)).status).toBe(404);
    expect((await c.send('GET', `${WS}/watchlists/w1/watchlistItems`)).status).toBe(404);
    expect((await c.send('DELETE', `${WS}/watchlists/w1`)).status).toBe(204);
  });
});

describe('concurrency', () => {
  it('of concurrent PUTs carrying the same etag exactly one wins; the others get 409', async () => {
    const created = await c.send('PUT', `${WS}/automationRules/race`, automation('v0'));
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => c.send('PUT', `${WS}/automationRules/race`, { etag: created.body.etag, ...automation(`v${i + 1}`) })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
  });
});
