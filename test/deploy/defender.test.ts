// Deploy to an environment targeting Sentinel and Defender: routing in the plan, Defender custom
// detections created, updated, drifted and deleted through Microsoft Graph (the emulator, over the real
// SDK pipeline), and a failure or fault on one platform (Graph, ARM) stopping writes on both; reruns converge.
import { writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { staticTokenCredential } from '../../src/deploy/arm/credentials.js';
import { desiredState } from '../../src/deploy/desired.js';
import { GraphClient, rulePath, type GraphRule } from '../../src/deploy/graph/client.js';
import { normalize, stableStringify } from '../../src/deploy/normalize.js';
import { ALERT_RULES, DETECTION_RULES } from '../../src/deploy/types.js';
import type { EmulatorOptions, RunningEmulator } from '../../src/emulator/index.js';
import { edit, keepOnly, openWorkspace, projectCopy, type Copy } from './helpers.js';

// The emulators the commands start, with their options: the requests a faulted command made show which
// writes it started after its failure.
const started = vi.hoisted(() => [] as { options: EmulatorOptions; emulator: RunningEmulator }[]);
vi.mock('../../src/emulator/index.js', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../../src/emulator/index.js')>();
  return {
    ...mod,
    startEmulator: async (options: EmulatorOptions = {}) => {
      const emulator = await mod.startEmulator(options);
      started.push({ options, emulator });
      return emulator;
    },
  };
});

const PIM = 'b9c0347f-a9c8-4bad-8f97-816dff7aff1b';
const PIM_FILE = 'rules/pim-activation-outside-business-hours.yaml';
const PIM_DEFENDER = `tripline-${PIM}`;
const STABLE = '2025-09-01';
const ENDPOINT = '5b5f1b1f-4b08-4eec-9573-c9d4b60a8f33';
const ENDPOINT_FILE = 'rules/tier0-account-logon-outside-tier0-devices.yaml';

/**
 * The copy's `local` targets both platforms; the PIM rule (the pack's one without a Defender column error)
 * gets a defender: key. Only it, the scheduled break-glass rule and the automation rule keyed to PIM are
 * kept, so that each of the many commands below validates little.
 */
function unifiedCopy(extraEnv = ''): Copy {
  const p = projectCopy(extraEnv);
  keepOnly(p, ['pim-activation-outside-business-hours', 'break-glass-sign-in']);
  edit(join(p.dir, 'environments/local.yaml'), /^credential: emulator$/m, 'credential: emulator\ntargets: [sentinel, defender]');
  edit(join(p.dir, PIM_FILE), /\n*$/, '\ndefender:\n  recommendedActions: Confirm the activation with the user or the on-call rota.\n');
  return p;
}

async function withGraph<T>(p: Copy, fn: (graph: GraphClient, w: Parameters<Parameters<typeof openWorkspace>[1]>[0]) => Promise<T>): Promise<T> {
  return openWorkspace(p.state, (w) => fn(new GraphClient({ endpoint: w.emulator.url, credential: staticTokenCredential(w.emulator.token), agent: new Agent({ ca: w.emulator.ca }), retry: { maxRetries: 0 } }), w));
}

/** Graph holds exactly the wanted Defender rules, each as converted, each with its ownership record in the workspace. */
async function expectDefenderDeployed(p: Copy): Promise<void> {
  const wanted = desiredState(p.dir, 'local').items.filter((d) => d.type === DETECTION_RULES);
  await withGraph(p, async (graph, w) => {
    const rules = await graph.listRules();
    expect(rules.map((r) => r.id).sort()).toEqual(wanted.map((d) => d.name).sort());
    const metadata = await w.client.list(`${w.base}/metadata`, STABLE);
    for (const d of wanted) {
      const stored = rules.find((r) => r.id === d.name)!;
      expect(stableStringify(normalize(DETECTION_RULES, stored))).toBe(stableStringify(normalize(DETECTION_RULES, d.body)));
      const m = metadata.find((x) => x.properties?.['contentId'] === d.name);
      expect(m?.properties, `ownership of ${d.name}`).toMatchObject({ kind: 'AnalyticsRule', source: { name: 'tripline' }, customVersion: expect.stringMatching(/^sha256:/) });
    }
  });
}

describe('the shipped environments', { timeout: 120_000 }, () => {
  it("unified routes the pack's endpoint Tier-0 logon rule to Defender and the eight identity rules to Sentinel; local keeps all nine on Sentinel", async () => {
    const p = projectCopy();
    const plan = await p.run('plan', '--env', 'unified,local', '--format', 'json');
    expect(plan.code, plan.stderr).toBe(0);
    const envs = (JSON.parse(plan.stdout) as { environments: { name: string; routes: { file: string; targets: string[]; reason: string }[]; items: { type: string; name: string; file?: string }[] }[] }).environments;
    const routes = (name: string) => Object.fromEntries(envs.find((e) => e.name === name)!.routes.map((r) => [r.file, `${r.targets.join('+')}: ${r.reason}`]));
    const sentinel = (file: string) => [file, 'sentinel: no defender: key'];
    const identityRules = Object.keys(routes('unified')).filter((f) => f !== ENDPOINT_FILE);
    expect(identityRules).toHaveLength(8);
    expect(routes('unified')).toEqual(Object.fromEntries([...identityRules.map(sentinel), [ENDPOINT_FILE, "defender: has a defender: key, and environment 'unified' targets defender"]]));
    expect(routes('local')).toEqual(Object.fromEntries([...identityRules.map(sentinel), [ENDPOINT_FILE, "sentinel: has a defender: key, but environment 'local' does not target defender"]]));
    const itemsOf = (name: string) => envs.find((e) => e.name === name)!.items.filter((i) => i.file === ENDPOINT_FILE).map((i) => `${i.type} ${i.name}`);
    expect(itemsOf('unified')).toEqual([`${DETECTION_RULES} tripline-${ENDPOINT}`]);
    expect(itemsOf('local')).toEqual([`${ALERT_RULES} ${ENDPOINT}`]);
  });
});

describe('an environment targeting Sentinel and Defender', { timeout: 120_000 }, () => {
  it('routes each rule with its reason, then creates, updates, detects drift of and prunes a Defender custom detection', async () => {
    const p = unifiedCopy();
    const plan = await p.run('plan');
    expect(plan.stdout).toMatch(new RegExp(`Defender +${PIM_FILE}: has a defender: key, and environment 'local' targets defender`));
    expect(plan.stdout).toMatch(/Sentinel +rules\/break-glass-sign-in\.yaml: no defender: key/);
    expect(plan.stdout).toMatch(new RegExp(`\\+ create Defender custom detection ${PIM_DEFENDER} "PIM activation outside business hours"`));
    expect(plan.stdout).not.toMatch(new RegExp(`create analytics rule ${PIM}`));

    const deploy = await p.run('deploy', '--yes');
    expect(deploy.code, deploy.stdout + deploy.stderr).toBe(0);
    expect(deploy.stdout).toMatch(/ {2}Defender: 1 succeeded, 0 failed, 0 not started/);
    expect((await p.run('plan', '--detailed-exitcode')).code).toBe(0);
    await expectDefenderDeployed(p);

    edit(join(p.dir, PIM_FILE), /^severity: Medium$/m, 'severity: High');
    const update = await p.run('plan');
    expect(update.stdout).toMatch(new RegExp(`~ update Defender custom detection ${PIM_DEFENDER}[^\\n]*\\n\\s+detectionAction.alertTemplate.severity: "medium" -> "high"`));
    expect((await p.run('deploy', '--yes')).code).toBe(0);
    expect((await p.run('plan', '--detailed-exitcode')).code).toBe(0);
    await expectDefenderDeployed(p);

    // A portal edit: Graph keeps no etag, the baseline in the workspace's metadata shows it.
    await withGraph(p, (graph) => graph.request('PATCH', rulePath(PIM_DEFENDER), { status: 'disabled' }));
    const drift = await p.run('plan');
    expect(drift.stdout).toMatch(new RegExp(`! drift +Defender custom detection ${PIM_DEFENDER}[^\\n]*\\n.*changed outside tripline[^\\n]*\\n\\s+status: "disabled" -> "enabled"`));
    expect((await p.run('deploy', '--yes')).code).toBe(1);
    expect((await p.run('deploy', '--yes', '--force')).code).toBe(0);
    await withGraph(p, async (graph) => expect((await graph.getRule(PIM_DEFENDER))?.['status']).toBe('enabled'));

    // Without the key the rule moves back to Sentinel; the managed Graph rule is deleted only with --prune.
    edit(join(p.dir, PIM_FILE), /^defender:\n.*\n/m, '');
    const moved = await p.run('plan', '--prune');
    expect(moved.stdout).toMatch(new RegExp(`\\+ create analytics rule ${PIM}`));
    expect(moved.stdout).toMatch(new RegExp(`- delete Defender custom detection ${PIM_DEFENDER} "PIM activation outside business hours"`));
    expect((await p.run('deploy', '--yes', '--prune')).code).toBe(0);
    await withGraph(p, async (graph) => expect(await graph.listRules()).toEqual([]));
    expect((await p.run('plan', '--prune', '--detailed-exitcode')).code).toBe(0);
  });

  it('a Graph rule tripline does not own is never deleted; one with its id is adopted', async () => {
    const p = unifiedCopy();
    const foreign = { id: 'portal-made-rule', displayName: 'Made in the portal', status: 'enabled', queryCondition: { queryText: 'SigninLogs' }, schedule: { frequency: 'PT1H' }, detectionAction: { alertTemplate: { title: 't', severity: 'low' } } };
    await withGraph(p, async (graph) => {
      await graph.request('POST', '/beta/security/rules/detectionRules', foreign);
      await graph.request('POST', '/beta/security/rules/detectionRules', { ...foreign, id: PIM_DEFENDER });
    });
    const plan = await p.run('plan', '--prune');
    expect(plan.stdout).toMatch(new RegExp(`~ adopt +Defender custom detection ${PIM_DEFENDER}`));
    expect(plan.stdout).not.toMatch(/portal-made-rule/);
    expect((await p.run('deploy', '--yes', '--prune')).code).toBe(0);
    await withGraph(p, async (graph) => expect((await graph.listRules()).map((r: GraphRule) => r.id).sort()).toEqual(['portal-made-rule', PIM_DEFENDER]));
    expect((await p.run('plan', '--prune', '--detailed-exitcode')).code).toBe(0);
  });

  it('a failed Defender write stops new writes on both platforms; the report lists each; a rerun converges', async () => {
    const p = unifiedCopy();
    // A custom table tripline knows but the workspace lacks: Graph refuses the rule (it runs the query at once).
    writeFileSync(join(p.dir, 'tripline.config.yaml'), 'customTables:\n  - { name: OnlyInRepo_CL, columns: [{ name: TimeGenerated, type: datetime }, { name: Account, type: string }] }\n');
    const bad = join(p.dir, 'rules/only-in-repo.yaml');
    writeFileSync(bad, [
      'id: 00000000-0000-4000-8000-0000000000ba', 'name: Only in the repository', 'description: Reads a table the workspace lacks.', 'severity: Low', 'kind: Scheduled',
      'queryFrequency: 1h', 'queryPeriod: 1h', 'triggerOperator: gt', 'triggerThreshold: 0', 'tactics: [CredentialAccess]', 'relevantTechniques: [T1110]',
      'query: |', '  OnlyInRepo_CL', '  | where Account != ""', 'entityMappings:', '  - entityType: Account', '    fieldMappings: [{ identifier: FullName, columnName: Account }]',
      'defender: { recommendedActions: Check the account. }', '',
    ].join('\n'));
    expect((await p.run('validate')).code).toBe(0);
    const deploy = await p.run('deploy', '--yes', '--concurrency', '1');
    expect(deploy.code, deploy.stdout + deploy.stderr).toBe(1);
    expect(deploy.stdout).toMatch(/FAILED create Defender custom detection tripline-00000000-0000-4000-8000-0000000000ba "Only in the repository"\n\s+POST \/beta\/security\/rules\/detectionRules failed with 400 BadRequest: .*'OnlyInRepo_CL' does not exist/);
    expect(deploy.stdout).toMatch(new RegExp(`not started: create Defender custom detection ${PIM_DEFENDER}`));
    expect(deploy.stdout).toMatch(/not started: create automation rule /);
    const sentinel = /\n {2}Sentinel: (\d+) succeeded, 0 failed, (\d+) not started/.exec(deploy.stdout);
    expect(sentinel, deploy.stdout).not.toBeNull();
    expect(Number(sentinel![2]), 'the automation rule').toBe(1);
    expect(deploy.stdout).toMatch(/\n {2}Defender: 0 succeeded, 1 failed, 1 not started/);

    edit(bad, /OnlyInRepo_CL\n {2}\| where Account != ""/, 'SigninLogs\n  | extend Account = UserPrincipalName');
    const rerun = await p.run('deploy', '--yes');
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/ {2}Defender: 2 succeeded, 0 failed, 0 not started/);
    expect((await p.run('plan', '--detailed-exitcode')).code).toBe(0);
    await expectDefenderDeployed(p);
  });

  // A failure on one platform stops new writes on both, the report lists what succeeded on each, and a
  // rerun converges: with faults on Graph's writes only (every one fails), then on ARM's (three in ten).
  it.each([
    ['Graph', 'graph-writes', '500=1', 'Defender', 'Sentinel'],
    ['ARM', 'arm-writes', '500=0.3', 'Sentinel', 'Defender'],
  ])('a fault on %s stops new writes on both platforms; the report lists each; a rerun converges', async (_name, scope, fault, faulted, other) => {
    const p = unifiedCopy(`\n  faults: "${fault},on=${scope}"\n  seed: 3`);
    edit(join(p.dir, 'environments/local.yaml'), /maxRetries: 6/, 'maxRetries: 0');
    const from = started.length;
    const run = await p.run('deploy', '--yes', '--concurrency', '1');
    expect(run.code, run.stdout + run.stderr).toBe(1);
    const report = deployReport(run.stdout);
    // The report: each platform's counts are its items' lines; the faulted platform failed, the other has writes never started.
    for (const platform of ['Sentinel', 'Defender'] as const) {
      const lines = report.items.filter((i) => i.platform === platform);
      expect(report.summary[platform], `${platform} in\n${run.stdout}`).toEqual({ succeeded: lines.filter((i) => i.outcome === 'succeeded').length, failed: lines.filter((i) => i.outcome === 'failed').length, notStarted: lines.filter((i) => i.outcome === 'not started').length });
    }
    expect(report.summary[faulted]!.failed, run.stdout).toBeGreaterThan(0);
    expect(report.summary[other]!.notStarted, run.stdout).toBeGreaterThan(0);
    // No content write began after the failing request (with --concurrency 1 nothing else was in flight).
    const requests = started.slice(from).filter((s) => s.options.faults).flatMap((s) => s.emulator.requests);
    const failedAt = requests.findIndex((r) => r.fault);
    expect(failedAt).toBeGreaterThanOrEqual(0);
    const later = requests.slice(failedAt + 1).filter((r) => ['PUT', 'POST', 'PATCH', 'DELETE'].includes(r.method) && !/\/metadata\//.test(r.path));
    expect(later.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    // Fixed, a rerun writes only what did not succeed, and the plan is then empty.
    edit(join(p.dir, 'environments/local.yaml'), /^ {2}faults: .*\n {2}seed: .*\n/m, '');
    const rerun = await p.run('deploy', '--yes');
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    const again = deployReport(rerun.stdout).items.map((i) => i.name);
    for (const done of report.items.filter((i) => i.outcome === 'succeeded')) expect(again, `${done.name} was reported deployed`).not.toContain(done.name);
    expect((await p.run('plan', '--detailed-exitcode')).code).toBe(0);
    await expectDefenderDeployed(p);
  });
});

type Outcome = 'succeeded' | 'failed' | 'not started';

/** A deploy's text report: each item's line, and the per-platform summary lines. */
function deployReport(stdout: string): { items: { platform: string; name: string; outcome: Outcome }[]; summary: Record<string, { succeeded: number; failed: number; notStarted: number }> } {
  const items: { platform: string; name: string; outcome: Outcome }[] = [];
  const re = /^ {2}(created|updated|adopted|deleted|FAILED \w+|not started: \w+) (watchlist|analytics rule|automation rule|workbook|Defender custom detection) (\S+) "/gm;
  // Each write's line as it completed, then (after the summary line) the failures again and the writes never started.
  const summaryAt = stdout.search(/^environment '/m);
  const lines = [...stdout.slice(0, summaryAt).matchAll(re)].filter((x) => !x[1]!.startsWith('FAILED')).concat([...stdout.slice(summaryAt).matchAll(re)]);
  for (const m of lines) {
    const outcome: Outcome = m[1]!.startsWith('FAILED') ? 'failed' : m[1]!.startsWith('not started') ? 'not started' : 'succeeded';
    items.push({ platform: m[2] === 'Defender custom detection' ? 'Defender' : 'Sentinel', name: m[3]!, outcome });
  }
  const summary: Record<string, { succeeded: number; failed: number; notStarted: number }> = {};
  for (const m of stdout.matchAll(/^ {2}(Sentinel|Defender): (\d+) succeeded, (\d+) failed, (\d+) not started$/gm)) {
    summary[m[1]!] = { succeeded: Number(m[2]), failed: Number(m[3]), notStarted: Number(m[4]) };
  }
  return { items, summary };
}
