// Every property of every rendered body reaches the wire: bodies go through the Azure SDK pipeline as
// given, never through a model serializer that drops what it does not know (as
// @azure/arm-securityinsight does with subTechniques, sentinelEntitiesMappings and alertDynamicProperties).
// The emulator records each request's body; each desired item's PUT must carry exactly the rendered body.
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArmClient } from '../../src/deploy/arm/client.js';
import { staticTokenCredential } from '../../src/deploy/arm/credentials.js';
import { SENTINEL_PREVIEW, SENTINEL_STABLE } from '../../src/deploy/arm/api-versions.js';
import { applyPlan } from '../../src/deploy/apply.js';
import { desiredState } from '../../src/deploy/desired.js';
import { planEnvironment } from '../../src/deploy/plan.js';
import { readDeployed } from '../../src/deploy/read.js';
import { ALERT_RULES, AUTOMATION_RULES, WATCHLISTS, WORKBOOKS, type DesiredItem } from '../../src/deploy/types.js';
import { itemPath, workspaceOf, workspacePath, type Workspace } from '../../src/deploy/workspace.js';
import { startEmulator, type EmulatorRequest, type RunningEmulator } from '../../src/emulator/index.js';
import { projectCopy, type Copy } from './helpers.js';

const WIRE_RULE = '0e1e0000-0000-4000-8000-000000000001';
const REPOSITORY = 'wire-test';

/** A Scheduled rule with sub-techniques, Sentinel entity mappings and dynamic alert properties (preview-only or unmodelled in the SDK). */
const WIRE_RULE_YAML = `id: ${WIRE_RULE}
name: Every property on the wire
description: A rule using the properties an SDK model would drop.
severity: Medium
kind: Scheduled
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
tactics: [InitialAccess, CredentialAccess]
relevantTechniques: [T1078.004, T1110.003, T1110]
query: |
  SigninLogs
  | where ResultType == "50126"
  | summarize Attempts = count() by UserPrincipalName, IPAddress
  | extend Entities = pack_array(bag_pack("Type", "account", "Name", UserPrincipalName)),
      Confidence = "High", Steps = "Reset the password", Sub = "T1110.003", Link = strcat("https://example.invalid/", UserPrincipalName)
entityMappings:
  - entityType: Account
    fieldMappings:
      - { identifier: FullName, columnName: UserPrincipalName }
sentinelEntitiesMappings:
  - columnName: Entities
customDetails:
  Attempts: Attempts
alertDetailsOverride:
  alertDisplayNameFormat: Password spray against {{UserPrincipalName}}
  alertDescriptionFormat: "{{Attempts}} failed attempts from {{IPAddress}}"
  alertDynamicProperties:
    - { alertProperty: ConfidenceLevel, value: Confidence }
    - { alertProperty: RemediationSteps, value: Steps }
    - { alertProperty: SubTechniques, value: Sub }
    - { alertProperty: AlertLink, value: Link }
eventGroupingSettings:
  aggregationKind: AlertPerResult
incidentConfiguration:
  createIncident: true
  groupingConfiguration:
    enabled: true
    reopenClosedIncident: true
    lookbackDuration: 2h
    matchingMethod: Selected
    groupByEntities: [Account]
    groupByAlertDetails: [DisplayName]
    groupByCustomDetails: [Attempts]
suppressionEnabled: true
suppressionDuration: 2h
`;

const STABLE_RULE_YAML = `id: 0e1e0000-0000-4000-8000-000000000002
name: Stable api-version rule
description: No preview-only property.
severity: Low
kind: Scheduled
queryFrequency: 1d
queryPeriod: 1d
triggerOperator: gt
triggerThreshold: 0
tactics: [CredentialAccess]
relevantTechniques: [T1110]
query: |
  SigninLogs
  | where ResultType == "50053"
`;

let p: Copy;
let emulator: RunningEmulator;
let client: ArmClient;

beforeAll(async () => {
  p = projectCopy();
  writeFileSync(join(p.dir, 'rules/every-property-on-the-wire.yaml'), WIRE_RULE_YAML);
  // And one at the stable api-version (no preview-only property).
  writeFileSync(join(p.dir, 'rules/stable-api-version.yaml'), STABLE_RULE_YAML);
  emulator = await startEmulator();
  client = new ArmClient({ endpoint: emulator.url, credential: staticTokenCredential(emulator.token), agent: new Agent({ ca: emulator.ca }), retry: { maxRetries: 0 } });
});

afterAll(async () => {
  await emulator?.close();
});

function desired(): { items: DesiredItem[]; ws: Workspace } {
  const state = desiredState(p.dir, 'local');
  expect(state.problems.filter((x) => x.severity === 'error')).toEqual([]);
  expect(state.configProblems.filter((x) => x.severity === 'error')).toEqual([]);
  return { items: state.items, ws: workspaceOf(state.project!.env) };
}

async function deploy(items: DesiredItem[], ws: Workspace): Promise<void> {
  const deployed = await readDeployed(client, ws, items);
  const plan = planEnvironment(items, deployed, { name: 'local', workspace: workspacePath(ws), prune: false, repository: REPOSITORY });
  const result = await applyPlan(client, ws, plan, items, { prune: false, force: false, concurrency: 4, repository: REPOSITORY });
  expect(result.results.filter((r) => !r.ok)).toEqual([]);
  expect(result.notStarted).toEqual([]);
}

function putsTo(path: string, from = 0): EmulatorRequest[] {
  const pathname = new URL(client.endpoint + path).pathname;
  return emulator.requests.slice(from).filter((r) => r.method === 'PUT' && r.path === pathname);
}

/** The body as JSON carries it (undefined members are not sent by anyone). */
const asJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('every property of every rendered body reaches the wire', () => {
  it('each create PUT carries exactly the rendered body, at its api-version', async () => {
    const { items, ws } = desired();
    expect(new Set(items.map((d) => d.type))).toEqual(new Set([WATCHLISTS, ALERT_RULES, AUTOMATION_RULES, WORKBOOKS]));

    // The test is only as good as its bodies: the properties an SDK model drops are in them.
    const rule = items.find((d) => d.name === WIRE_RULE)!;
    const props = rule.body.properties!;
    expect(props['subTechniques']).toEqual(expect.arrayContaining(['T1078.004', 'T1110.003']));
    expect(props['sentinelEntitiesMappings']).toEqual([{ columnName: 'Entities' }]);
    expect((props['alertDetailsOverride'] as { alertDynamicProperties: unknown[] }).alertDynamicProperties).toHaveLength(4);
    expect(rule.apiVersion).toBe(SENTINEL_PREVIEW);
    expect(items.filter((d) => d.type === ALERT_RULES && d.apiVersion === SENTINEL_STABLE).length).toBeGreaterThan(0);

    await deploy(items, ws);

    for (const d of items) {
      const puts = putsTo(itemPath(ws, d.type, d.name));
      expect(puts.length, `${d.type} ${d.name} was PUT`).toBeGreaterThan(0);
      const first = puts[0]!;
      expect(first.status, `${d.type} ${d.name}`).toBe(201);
      expect(first.apiVersion, `${d.type} ${d.name}`).toBe(d.apiVersion);
      // A new watchlist's first PUT carries its CSV (rawContent) with the rest of the body.
      if (d.type === WATCHLISTS) expect(String(d.body.properties!['rawContent'])).toContain('\n');
      expect(JSON.parse(first.body!), `${d.type} ${d.name}`).toStrictEqual(asJson(d.body));
    }
    const metadataPuts = emulator.requests.filter((r) => r.method === 'PUT' && /\/metadata\//.test(r.path));
    expect(metadataPuts).toHaveLength(items.length);
  });

  it('what the service stores reads back as the repository wants it: a re-plan is empty', async () => {
    const { items, ws } = desired();
    const stored = (await client.get(itemPath(ws, ALERT_RULES, WIRE_RULE), SENTINEL_PREVIEW))!;
    const rule = items.find((d) => d.name === WIRE_RULE)!;
    for (const key of ['subTechniques', 'sentinelEntitiesMappings', 'alertDetailsOverride', 'incidentConfiguration', 'customDetails', 'entityMappings']) {
      expect(stored.properties![key], key).toEqual(rule.body.properties![key]);
    }
    const plan = planEnvironment(items, await readDeployed(client, ws, items), { name: 'local', workspace: workspacePath(ws), prune: false, repository: REPOSITORY });
    expect(plan.items.filter((i) => i.action !== 'unchanged')).toEqual([]);
  });

  it('updates carry the rendered body with the planned etag, and watchlist rows their values', async () => {
    // Change a rule, an automation rule, the workbook's text and one watchlist row.
    const edit = (file: string, from: RegExp, to: string): void => {
      const path = join(p.dir, file);
      const text = readFileSync(path, 'utf8');
      expect(from.test(text), `${file} ${from}`).toBe(true);
      writeFileSync(path, text.replace(from, to));
    };
    edit('rules/every-property-on-the-wire.yaml', /^severity: Medium$/m, 'severity: High');
    edit('rules/every-property-on-the-wire.yaml', /ConfidenceLevel, value: Confidence/, 'ConfidenceScore, value: Confidence');
    edit('automation/escalate-break-glass-incidents.yaml', /^displayName: "(.*)"$/m, 'displayName: "$1 (edited)"');
    const csv = readFileSync(join(p.dir, 'watchlists/BreakGlassAccounts.csv'), 'utf8').trimEnd().split('\n');
    const last = csv[csv.length - 1]!.split(',');
    last[last.length - 1] = 'edited on the wire';
    writeFileSync(join(p.dir, 'watchlists/BreakGlassAccounts.csv'), [...csv.slice(0, -1), last.join(',')].join('\n') + '\n');

    const { items, ws } = desired();
    const mark = emulator.requests.length;
    const before = planEnvironment(items, await readDeployed(client, ws, items), { name: 'local', workspace: workspacePath(ws), prune: false, repository: REPOSITORY });
    const changed = before.items.filter((i) => i.action === 'update');
    expect(changed.map((i) => i.name).sort()).toEqual([WIRE_RULE, '3a6f0c1e-7b2d-4e58-9c41-8d5e2f7a0b13', 'BreakGlassAccounts'].sort());
    await deploy(items, ws);

    for (const i of changed.filter((x) => x.type !== WATCHLISTS)) {
      const d = items.find((x) => x.name === i.name)!;
      const [put] = putsTo(itemPath(ws, d.type, d.name), mark);
      expect(put, d.name).toBeDefined();
      expect(JSON.parse(put!.body!), d.name).toStrictEqual(asJson({ ...d.body, etag: i.etag }));
    }
    const wl = items.find((d) => d.name === 'BreakGlassAccounts')!;
    const wlPath = itemPath(ws, WATCHLISTS, wl.name);
    const [wlPut] = putsTo(wlPath, mark);
    const { rawContent: _raw, source: _source, sourceType: _st, contentType: _ct, numberOfLinesToSkip: _n, ...ownProperties } = wl.body.properties!;
    expect(JSON.parse(wlPut!.body!)).toStrictEqual(asJson({ ...wl.body, properties: ownProperties, etag: changed.find((i) => i.name === wl.name)!.etag }));
    const itemPuts = emulator.requests.slice(mark).filter((r) => r.method === 'PUT' && r.path.startsWith(new URL(client.endpoint + wlPath).pathname + '/watchlistItems/'));
    expect(itemPuts).toHaveLength(1);
    const row = wl.rows!.find((r) => Object.values(r.values).includes('edited on the wire'))!;
    expect(JSON.parse(itemPuts[0]!.body!)).toStrictEqual({ properties: { itemsKeyValue: row.values } });

    const after = planEnvironment(items, await readDeployed(client, ws, items), { name: 'local', workspace: workspacePath(ws), prune: false, repository: REPOSITORY });
    expect(after.items.filter((i) => i.action !== 'unchanged')).toEqual([]);
  });
});
