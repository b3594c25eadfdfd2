// `tripline pull` against the emulator: an analytics rule, an automation rule and a watchlist made in the
// portal become files and the next plan shows them unchanged (ownership recorded, as Terraform's import
// records state); a drifted managed item's portal edit is written back over its files, and beside a
// templated rule, where validate leaves it out of the pack with a warning.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArmClient } from '../../src/deploy/arm/client.js';
import { staticTokenCredential } from '../../src/deploy/arm/credentials.js';
import { startEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { ROOT } from './helpers.js';

const WS = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-sentinel-local/providers/Microsoft.OperationalInsights/workspaces/law-sentinel-local/providers/Microsoft.SecurityInsights';
const PORTAL_ID = '7e1f2d3c-4b5a-4697-8a1b-2c3d4e5f6a7b';
const AUTOMATION_ID = '5c0ffee0-1d2e-4f30-8a4b-5c6d7e8f9a0b';
const VIP_CSV = 'Upn,Team\nceo@contoso.com,"Board, executive"\ncfo@contoso.com,Finance\n';

const automationRule = (order: number) => ({
  properties: {
    displayName: 'Tag encoded PowerShell incidents',
    order,
    triggeringLogic: {
      isEnabled: true,
      triggersOn: 'Incidents',
      triggersWhen: 'Created',
      conditions: [{ conditionType: 'Property', conditionProperties: { propertyName: 'IncidentRelatedAnalyticRuleIds', operator: 'Contains', propertyValues: [`${WS}/alertRules/${PORTAL_ID}`] } }],
    },
    actions: [{ order: 1, actionType: 'ModifyProperties', actionConfiguration: { labels: [{ labelName: 'powershell' }], severity: 'High' } }],
  },
});
const vipWatchlist = (csv: string) => ({
  properties: { displayName: 'VIP users', provider: 'SOC', itemsSearchKey: 'Upn', source: 'vip.csv', sourceType: 'Local', contentType: 'text/csv', rawContent: csv },
});
let dir: string;

/** A portal user's edit: straight to the workspace, between two commands. */
async function portal(fn: (c: ArmClient) => Promise<void>): Promise<void> {
  const emu = await startEmulator({ statePath: join(dir, '.tripline/emulator-local.json') });
  try {
    await fn(new ArmClient({ endpoint: emu.url, credential: staticTokenCredential(emu.token), agent: new Agent({ ca: emu.ca }), retry: { maxRetries: 0 } }));
  } finally {
    await emu.close();
  }
}

async function planItems(): Promise<{ name: string; action: string; file?: string }[]> {
  const res = await runCli(['plan', '--format', 'json'], dir);
  expect(res.stderr).not.toMatch(/\berror/); // the pulled rule's missing tests are only a warning
  expect(res.code).toBe(0);
  return JSON.parse(res.stdout).environments[0].items;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tripline-pull-'));
  for (const d of ['rules', 'watchlists', 'templates', 'environments', 'fixtures', 'automation', 'workbooks']) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
  expect((await runCli(['deploy', '--yes'], dir)).code).toBe(0);
  const example = JSON.parse(readFileSync(join(ROOT, 'test/emulator/examples/rule-scheduled.put.json'), 'utf8'));
  delete example.etag;
  await portal(async (c) => {
    await c.request('PUT', `${WS}/alertRules/${PORTAL_ID}`, '2025-09-01', example);
    await c.request('PUT', `${WS}/automationRules/${AUTOMATION_ID}`, '2025-09-01', automationRule(50));
    await c.request('PUT', `${WS}/watchlists/VipUsers`, '2025-09-01', vipWatchlist(VIP_CSV));
  });
  // Every Sentinel workspace starts with the built-in Fusion rule, a kind rule files do not hold (nor the
  // emulator's API: it goes into the state file as the service would list it).
  const stateFile = join(dir, '.tripline/emulator-local.json');
  const state = JSON.parse(readFileSync(stateFile, 'utf8'));
  const fusion = `${WS}/alertRules/BuiltInFusion`;
  state.resources[fusion.toLowerCase()] = {
    id: fusion, name: 'BuiltInFusion', type: 'Microsoft.SecurityInsights/alertRules', kind: 'Fusion', etag: '"0300bf09-0000-0000-0000-5c37296e0000"',
    properties: { displayName: 'Advanced Multistage Attack Detection', enabled: true, alertRuleTemplateName: 'f71aba3d-28fb-450b-b192-4e76a83015c8', severity: 'High' },
  };
  writeFileSync(stateFile, JSON.stringify(state));
});

describe('tripline pull', () => {
  it('turns a rule, an automation rule and a watchlist made in the portal into files, and the next plan shows them unchanged', async () => {
    const res = await runCli(['pull', '--all-unmanaged'], dir);
    expect(res.stderr).toMatch(/warning +analytics rule 'Advanced Multistage Attack Detection' \(BuiltInFusion\) is of kind Fusion: rule files hold Scheduled and NRT rules, so it is left in the workspace +pull-kind/);
    expect(res.code).toBe(0);
    expect(res.stdout.split('\n').sort()).toEqual([
      '',
      'pulled: Encoded PowerShell command line -> rules/encoded-powershell-command-line.yaml',
      'pulled: Tag encoded PowerShell incidents -> automation/tag-encoded-powershell-incidents.yaml',
      'pulled: VIP users -> watchlists/VipUsers.yaml, watchlists/VipUsers.csv',
    ]);
    const text = readFileSync(join(dir, 'rules/encoded-powershell-command-line.yaml'), 'utf8');
    expect(text).toContain(`id: ${PORTAL_ID}`);
    expect(text).toContain("| where EventID == 4688 and CommandLine has_any ('-enc', '-EncodedCommand')");
    expect(text).toMatch(/TODO: write test cases/);
    expect(text).toMatch(/^tests: \[\]$/m);
    // The automation rule names the analytics rule by its id, as automation files do, not by resource id.
    const automation = readFileSync(join(dir, 'automation/tag-encoded-powershell-incidents.yaml'), 'utf8');
    expect(automation).toContain(`- ${PORTAL_ID}\n`);
    expect(automation).not.toContain('/subscriptions/');
    expect(readFileSync(join(dir, 'watchlists/VipUsers.csv'), 'utf8')).toBe(VIP_CSV);
    expect(readFileSync(join(dir, 'watchlists/VipUsers.yaml'), 'utf8')).toMatch(/displayName: VIP users\nitemsSearchKey: Upn\nprovider: SOC\n/);
    const items = await planItems();
    for (const name of [PORTAL_ID, AUTOMATION_ID, 'VipUsers']) expect(items.find((i) => i.name === name)).toMatchObject({ action: 'unchanged' });
    expect(items.filter((i) => i.action !== 'unchanged')).toEqual([]);
  });

  it('refuses to pull a rule of a kind rule files do not hold, by name', async () => {
    const res = await runCli(['pull', '--rule', 'Advanced Multistage Attack Detection'], dir);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/error +analytics rule 'Advanced Multistage Attack Detection' \(BuiltInFusion\) is of kind Fusion/);
    expect(res.stdout).toBe('');
  });

  it('writes a drifted portal edit back over a plain rule file (plan unchanged after), and beside a templated one', async () => {
    await portal(async (c) => {
      for (const id of [PORTAL_ID, 'cc45de50-d867-4ac0-b21a-498e8f4e1d4b']) {
        const rule = (await c.get<{ kind: string; properties: Record<string, unknown> }>(`${WS}/alertRules/${id}`, '2025-07-01-preview'))!;
        await c.request('PUT', `${WS}/alertRules/${id}`, '2025-07-01-preview', { kind: rule.kind, properties: { ...rule.properties, description: 'edited in the portal' } });
      }
      await c.request('PUT', `${WS}/automationRules/${AUTOMATION_ID}`, '2025-09-01', automationRule(60));
      await c.request('PUT', `${WS}/watchlists/VipUsers`, '2025-09-01', vipWatchlist(`${VIP_CSV}cto@contoso.com,Technology\n`));
    });
    const drifted = [PORTAL_ID, AUTOMATION_ID, 'VipUsers', 'cc45de50-d867-4ac0-b21a-498e8f4e1d4b'];
    expect((await planItems()).filter((i) => i.action === 'drift').map((i) => i.name).sort()).toEqual([...drifted].sort());
    const before = readFileSync(join(dir, 'rules/break-glass-sign-in.yaml'), 'utf8');
    const res = await runCli(['pull', '--drifted'], dir);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('drift-written-back: Encoded PowerShell command line -> rules/encoded-powershell-command-line.yaml');
    expect(res.stdout).toContain('drift-beside-template: Break-glass account sign-in -> rules/break-glass-sign-in.pulled.yaml');
    expect(res.stdout).toContain('drift-written-back: Tag encoded PowerShell incidents -> automation/tag-encoded-powershell-incidents.yaml');
    expect(res.stdout).toContain('drift-written-back: VIP users -> watchlists/VipUsers.yaml, watchlists/VipUsers.csv');
    expect(readFileSync(join(dir, 'automation/tag-encoded-powershell-incidents.yaml'), 'utf8')).toMatch(/^order: 60$/m);
    expect(readFileSync(join(dir, 'watchlists/VipUsers.csv'), 'utf8')).toBe(`${VIP_CSV}cto@contoso.com,Technology\n`);
    expect(readFileSync(join(dir, 'rules/encoded-powershell-command-line.yaml'), 'utf8')).toContain('description: edited in the portal');
    expect(readFileSync(join(dir, 'rules/break-glass-sign-in.yaml'), 'utf8')).toBe(before);
    expect(readFileSync(join(dir, 'rules/break-glass-sign-in.pulled.yaml'), 'utf8')).toContain('description: edited in the portal');
    // The .pulled.yaml is a review artifact: left out of the pack, with a warning until it is deleted.
    const validated = await runCli(['validate'], dir);
    expect(validated.code).toBe(0);
    expect(validated.stdout + validated.stderr).toMatch(/rules\/break-glass-sign-in\.pulled\.yaml\n  warning  left out of the pack.*fold the change into the template, then delete this file/);
    const items = await planItems();
    for (const name of drifted.slice(0, 3)) expect(items.find((i) => i.name === name)).toMatchObject({ action: 'unchanged' });
    expect(items.find((i) => i.name === 'cc45de50-d867-4ac0-b21a-498e8f4e1d4b')).toMatchObject({ action: 'drift' });
  });
});
