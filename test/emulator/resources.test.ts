import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { client, PREVIEW, scheduledRule, WB, WS, type Client } from './client.js';

let emu: RunningEmulator;
let c: Client;

beforeAll(async () => {
  emu = await startEmulator({ pageSize: 2, customTables: ['MyApp_CL'] });
  c = client(emu);
});
afterAll(async () => {
  c?.agent.destroy();
  await emu?.close();
});

async function listAll(path: string): Promise<{ items: any[]; pages: number }> {
  const items: any[] = [];
  let pages = 0;
  let next: string | undefined = path;
  while (next) {
    const r = await c.send('GET', next);
    expect(r.status).toBe(200);
    items.push(...r.body.value);
    pages++;
    next = r.body.nextLink;
    if (next) expect(next).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/.*\$skipToken=/);
  }
  return { items, pages };
}

async function crud(collection: string, name: string, body: unknown, update: unknown, apiVersion?: string): Promise<any> {
  const o = apiVersion ? { apiVersion } : {};
  const created = await c.send('PUT', `${collection}/${name}`, body, o);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(created.body.etag).toMatch(/^"[0-9a-f-]{36}"$/);
  const got = await c.send('GET', `${collection}/${name}`, undefined, o);
  expect(got.status).toBe(200);
  expect(got.body.etag).toBe(created.body.etag);
  const updated = await c.send('PUT', `${collection}/${name}`, update, o);
  expect(updated.status, JSON.stringify(updated.body)).toBe(200);
  expect(updated.body.etag).not.toBe(created.body.etag);
  return updated.body;
}

function ipMappings(n: number) {
  return Array.from({ length: n }, () => ({ entityType: 'IP', fieldMappings: [{ identifier: 'Address', columnName: 'x' }] }));
}

describe('alert rules', () => {
  it('creates, reads, updates, lists with paging and deletes; durations come back canonical', async () => {
    const updated = await crud(`${WS}/alertRules`, 'rule-1', scheduledRule(), scheduledRule({ severity: 'Low' }));
    expect(updated.id).toBe(`${WS}/alertRules/rule-1`);
    expect(updated.type).toBe('Microsoft.SecurityInsights/alertRules');
    expect(updated.kind).toBe('Scheduled');
    expect(updated.properties.queryFrequency).toBe('PT1H');
    expect(updated.properties.queryPeriod).toBe('P1D');
    expect(updated.properties.severity).toBe('Low');
    expect(updated.properties.alertRuleTemplateName).toBeNull();
    expect(typeof updated.properties.lastModifiedUtc).toBe('string');
    expect(updated.systemData).toMatchObject({ createdByType: 'User', lastModifiedByType: 'User' });
    expect(updated.systemData.lastModifiedAt >= updated.systemData.createdAt).toBe(true);
    for (const n of ['rule-2', 'rule-3', 'rule-4']) expect((await c.send('PUT', `${WS}/alertRules/${n}`, scheduledRule())).status).toBe(201);
    const { items, pages } = await listAll(`${WS}/alertRules`);
    expect(items.map((r) => r.name)).toEqual(['rule-1', 'rule-2', 'rule-3', 'rule-4']);
    expect(pages).toBe(2);
    expect((await c.send('DELETE', `${WS}/alertRules/rule-4`)).status).toBe(200);
    expect((await c.send('DELETE', `${WS}/alertRules/rule-4`)).status).toBe(204);
    const gone = await c.send('GET', `${WS}/alertRules/rule-4`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('NotFound');
  });

  it('matches paths case-insensitively and returns canonical ids', async () => {
    const r = await c.send('GET', `${WS}/alertRules/rule-1`.replace('resourceGroups', 'resourcegroups').replace('Microsoft.SecurityInsights', 'microsoft.securityinsights').replace('alertRules', 'ALERTRULES'));
    expect(r.status).toBe(200);
    expect(r.body.id).toBe(`${WS}/alertRules/rule-1`);
  });

  it('accepts NRT only at preview api-versions', async () => {
    const nrt = { kind: 'NRT', properties: { displayName: 'n', enabled: true, query: 'SigninLogs', severity: 'High', suppressionEnabled: false, suppressionDuration: 'PT5H', subTechniques: ['T1078.004'] } };
    const stable = await c.send('PUT', `${WS}/alertRules/nrt-1`, nrt);
    expect(stable.status).toBe(400);
    expect(stable.body.error.message).toBe("The kind 'NRT' is not supported in api-version 2025-09-01");
    const preview = await c.send('PUT', `${WS}/alertRules/nrt-1`, nrt, { apiVersion: PREVIEW });
    expect(preview.status).toBe(201);
    expect(preview.body.properties.subTechniques).toEqual(['T1078.004']);
    const change = await c.send('PUT', `${WS}/alertRules/nrt-1`, scheduledRule(), { apiVersion: PREVIEW });
    expect(change.status).toBe(400);
    expect(change.body.error.message).toMatch(/cannot be changed from 'NRT' to 'Scheduled'/);
  });

  it.each([
    [{ techniques: ['T1071.001'] }, "The technique 'T1071.001' is invalid. The expected format is 'T####'"],
    [{ query: 'NoSuchTable | take 1' }, /One of the tables does not exist.*'NoSuchTable'/],
    [{ subTechniques: ['T1078.004'] }, /'properties.subTechniques' is not supported in api-version 2025-09-01/],
    [{ queryFrequency: 'PT1M' }, /'properties.queryFrequency' is out of range/],
    [{ queryPeriod: 'PT30M' }, "'queryPeriod' should be greater than or equal to 'queryFrequency'"],
    [{ queryFrequency: '1h' }, /not a valid ISO 8601 duration/],
    [{ severity: 'Critical' }, /'Critical' of property 'properties.severity' is invalid/],
    [{ tactics: ['Hacking'] }, /properties.tactics\[0\]/],
    [{ triggerOperator: undefined }, "The property 'properties.triggerOperator' is required."],
    [{ query: 'SigninLogs | where x'.padEnd(10_001, ' ') }, /at most 10000/],
    [
      { entityMappings: [{ entityType: 'Account', fieldMappings: [{ identifier: 'AaDUserId', columnName: 'x' }] }] },
      "Invalid data model. [: Invalid identifier 'AaDUserId' for type 'Account' encountered. Valid identifiers are: [Name, NTDomain, DnsDomain, UPNSuffix, Sid, AadTenantId, AadUserId, PUID, IsDomainJoined, DisplayName, ObjectGuid, CloudAppAccountId, IsAnonymized, FullName]]",
    ],
    [{ entityMappings: ipMappings(11) }, "Invalid data model. [: Invalid length of '11' for 'EntityMappings'. 'EntityMappings' length should be between '1' and '10']"],
    [{ entityMappings: [] }, "Invalid data model. [: Invalid length of '0' for 'EntityMappings'. 'EntityMappings' length should be between '1' and '10']"],
    [
      { entityMappings: [{ entityType: 'IP', fieldMappings: ['Address', 'AddressScope', 'Address', 'Address'].map((identifier) => ({ identifier, columnName: 'x' })) }] },
      "Invalid data model. [: Invalid length of '4' for 'FieldMappings'. 'FieldMappings' length should be between '1' and '3']",
    ],
    [{ customDetails: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`D${i}`, 'c'])) }, /at most 20/],
  ])('rejects a bad rule with 400 (case %#)', async (override, message) => {
    const r = await c.send('PUT', `${WS}/alertRules/bad`, scheduledRule(override));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('BadRequest');
    if (typeof message === 'string') expect(r.body.error.message).toBe(message);
    else expect(r.body.error.message).toMatch(message);
  });

  it('accepts 10 entity mappings and the Account identifiers the service lists (Azure-Sentinel#7712)', async () => {
    const accounts = ['CloudAppAccountId', 'IsAnonymized'].map((identifier) => ({ entityType: 'Account', fieldMappings: [{ identifier, columnName: 'x' }] }));
    const r = await c.send('PUT', `${WS}/alertRules/ten`, scheduledRule({ entityMappings: [...accounts, ...ipMappings(8)] }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.properties.entityMappings.slice(0, 2)).toEqual(accounts);
  });

  it('accepts the custom tables the emulator was given', async () => {
    expect((await c.send('PUT', `${WS}/alertRules/custom`, scheduledRule({ query: 'MyApp_CL | where Level == "x"' }))).status).toBe(201);
    expect((await c.send('PUT', `${WS}/alertRules/custom`, scheduledRule({ query: 'Other_CL | take 1' }))).status).toBe(400);
  });

  it('accepts _GetWatchlist and unknown functions in the table check', async () => {
    const r = await c.send('PUT', `${WS}/alertRules/wl`, scheduledRule({ query: "SigninLogs | where UserPrincipalName in (_GetWatchlist('bg') | project SearchKey) | invoke MyFn()" }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  });
});

describe('watchlists and items', () => {
  const body = (raw: string) => ({
    properties: { displayName: 'Break-glass', provider: 'Custom', source: 'bg.csv', itemsSearchKey: 'UPN', contentType: 'text/csv', rawContent: raw },
  });

  it('creates items from rawContent, keeps item ids of unchanged keys, never echoes rawContent', async () => {
    const created = await c.send('PUT', `${WS}/watchlists/bg`, body('UPN,Owner\na@x,SecOps\nb@x,SecOps\n'));
    expect(created.status).toBe(201);
    expect(created.body.properties.rawContent).toBeUndefined();
    expect(created.body.properties.provisioningState).toBe('InProgress');
    expect(created.body.properties.watchlistAlias).toBe('bg');
    expect(created.body.type).toBe('Microsoft.SecurityInsights/Watchlists');
    const first = await listAll(`${WS}/watchlists/bg/watchlistItems`);
    expect(first.items).toHaveLength(2);
    const idOfA = first.items.find((i) => i.properties.itemsKeyValue.UPN === 'a@x').name;
    const again = await c.send('PUT', `${WS}/watchlists/bg`, body('UPN,Owner\na@x,Ops\nc@x,SecOps\n'));
    expect(again.status).toBe(200);
    expect(again.body.properties.provisioningState).toBe('Succeeded');
    expect(again.body.properties.watchlistId).toBe(created.body.properties.watchlistId);
    const second = await listAll(`${WS}/watchlists/bg/watchlistItems`);
    expect(second.items.map((i) => i.properties.itemsKeyValue.UPN).sort()).toEqual(['a@x', 'c@x']);
    const a = second.items.find((i) => i.properties.itemsKeyValue.UPN === 'a@x');
    expect(a.name).toBe(idOfA);
    expect(a.properties.itemsKeyValue.Owner).toBe('Ops');
  });

  it('reads TSV content after numberOfLinesToSkip lines', async () => {
    const r = await c.send('PUT', `${WS}/watchlists/tsv`, {
      properties: { displayName: 'T', provider: 'Custom', itemsSearchKey: 'Host', contentType: 'text/tsv', numberOfLinesToSkip: 1, rawContent: 'exported by x\nHost\tOwner\npaw-1\tA\npaw-2\tB\n' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const items = await listAll(`${WS}/watchlists/tsv/watchlistItems`);
    expect(items.items.map((i) => i.properties.itemsKeyValue).sort((a, b) => a.Host.localeCompare(b.Host))).toEqual([
      { Host: 'paw-1', Owner: 'A' },
      { Host: 'paw-2', Owner: 'B' },
    ]);
  });

  it('validates the search key against the CSV header and items against the search key', async () => {
    const r = await c.send('PUT', `${WS}/watchlists/bad`, { properties: { ...body('Name\nx\n').properties } });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/itemsSearchKey 'UPN' is not one of the columns/);
    const missing = await c.send('PUT', `${WS}/watchlists/bad`, { properties: { displayName: 'x', itemsSearchKey: 'k' } });
    expect(missing.body.error.message).toBe("The property 'properties.provider' is required.");
    const item = await c.send('PUT', `${WS}/watchlists/bg/watchlistItems/11111111-1111-1111-1111-111111111111`, { properties: { itemsKeyValue: { Owner: 'x' } } });
    expect(item.status).toBe(400);
    expect(item.body.error.message).toMatch(/search key 'UPN'/);
  });

  it('creates, updates and deletes single items', async () => {
    const id = '22222222-2222-2222-2222-222222222222';
    await crud(`${WS}/watchlists/bg/watchlistItems`, id, { properties: { itemsKeyValue: { UPN: 'd@x', Owner: 'A' } } }, { properties: { itemsKeyValue: { UPN: 'd@x', Owner: 'B' } } });
    expect((await c.send('DELETE', `${WS}/watchlists/bg/watchlistItems/${id}`)).status).toBe(200);
    expect((await c.send('GET', `${WS}/watchlists/nope/watchlistItems`)).status).toBe(404);
  });
});

describe('automation rules, metadata, workbooks', () => {
  const automation = (order: number) => ({
    properties: {
      displayName: 'Tag incidents',
      order,
      triggeringLogic: {
        isEnabled: true,
        triggersOn: 'Incidents',
        triggersWhen: 'Created',
        conditions: [{ conditionType: 'Property', conditionProperties: { propertyName: 'IncidentRelatedAnalyticRuleIds', operator: 'Contains', propertyValues: [`${WS}/alertRules/does-not-exist`] } }],
      },
      actions: [{ order: 1, actionType: 'ModifyProperties', actionConfiguration: { labels: [{ labelName: 'ci' }] } }],
    },
  });

  it('automation rules: CRUD, server-filled fields, order bounds', async () => {
    const updated = await crud(`${WS}/automationRules`, 'a1', automation(1), automation(2));
    expect(updated.properties.order).toBe(2);
    expect(updated.properties.createdBy.objectId).toBeTruthy();
    expect(updated.properties.lastModifiedTimeUtc).toBeTruthy();
    expect(updated.properties.createdTimeUtc).toBeTruthy();
    const bad = await c.send('PUT', `${WS}/automationRules/a2`, automation(1001));
    expect(bad.status).toBe(400);
    expect(bad.body.error.target).toBe('properties.order');
    expect((await c.send('DELETE', `${WS}/automationRules/a1`)).status).toBe(200);
  });

  it('metadata: CRUD and source kind', async () => {
    const md = (v: string) => ({ properties: { kind: 'AnalyticsRule', parentId: `${WS}/alertRules/rule-1`, source: { kind: 'SourceRepository', name: 'tripline', sourceId: 'repo' }, customVersion: v } });
    const updated = await crud(`${WS}/metadata`, 'analyticsrule-rule-1', md('a'), md('b'));
    expect(updated.type).toBe('Microsoft.SecurityInsights/metadata');
    expect(updated.properties.customVersion).toBe('b');
    const bad = await c.send('PUT', `${WS}/metadata/x`, { properties: { kind: 'AnalyticsRule', parentId: 'p', source: { kind: 'Git' } } });
    expect(bad.status).toBe(400);
    expect((await listAll(`${WS}/metadata`)).items).toHaveLength(1);
  });

  const workbook = (name: string, data = '{"version":"Notebook/1.0","items":[]}') => ({
    location: 'West Europe',
    kind: 'shared',
    properties: { displayName: name, category: 'sentinel', sourceId: WS.replace('/providers/Microsoft.SecurityInsights', ''), serializedData: data },
  });
  const UUID1 = '3f1e6e5a-1111-4c3e-9f10-2a3b4c5d6e7f';
  const UUID2 = '3f1e6e5a-2222-4c3e-9f10-2a3b4c5d6e7f';

  it('workbooks: CRUD, list by category with canFetchContent, name collision 409', async () => {
    const updated = await crud(WB, UUID1, workbook('SOC'), workbook('SOC', '{"version":"Notebook/1.0","items":[1]}'));
    expect(updated.type).toBe('microsoft.insights/workbooks');
    expect(updated.kind).toBe('shared');
    expect(updated.location).toBe('westeurope');
    expect(updated.properties.revision).toMatch(/^[0-9a-f]{32}$/);
    expect(updated.properties.serializedData).toContain('[1]');
    const collision = await c.send('PUT', `${WB}/${UUID2}`, workbook('SOC'));
    expect(collision.status).toBe(409);
    expect(collision.body.error.message).toBe('A Workbook with the same name already exists within this subscription.');
    expect((await c.send('GET', WB)).status).toBe(400);
    const listed = await c.send('GET', `${WB}?category=sentinel`);
    expect(listed.body.value).toHaveLength(1);
    expect(listed.body.value[0].properties.serializedData).toBeUndefined();
    const full = await c.send('GET', `${WB}?category=sentinel&canFetchContent=true`);
    expect(full.body.value[0].properties.serializedData).toContain('[1]');
    expect((await c.send('GET', `${WB}?category=workbook`)).body.value).toHaveLength(0);
    expect((await c.send('PUT', `${WB}/not-a-uuid`, workbook('X'))).status).toBe(400);
    expect((await c.send('PUT', `${WB}/${UUID2}`, workbook('Y', '{nope'))).status).toBe(400);
    expect((await c.send('DELETE', `${WB}/${UUID1}`)).status).toBe(200);
  });
});
