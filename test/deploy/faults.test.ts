// Deploy under injected faults, write failures, stale etags, bad input and bad credentials: the CLI
// in-process and the real Azure SDK pipeline against the emulator, as separate commands would run them.
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ArmClient, type ArmResource } from '../../src/deploy/arm/client.js';
import { staticTokenCredential } from '../../src/deploy/arm/credentials.js';
import { applyPlan } from '../../src/deploy/apply.js';
import { closeEmulators } from '../../src/deploy/connect.js';
import { desiredState } from '../../src/deploy/desired.js';
import { prepare } from '../../src/deploy/prepare.js';
import { ALERT_RULES, WATCHLISTS, WORKBOOKS } from '../../src/deploy/types.js';
import { itemPath } from '../../src/deploy/workspace.js';
import { startEmulator, type EmulatorOptions, type EmulatorRequest, type RunningEmulator } from '../../src/emulator/index.js';
import { edit, openWorkspace, projectCopy, type Copy, type Workspace } from './helpers.js';

// Every emulator started in this file, the CLI's embedded ones included, with the options it got: the
// requests they served show which faults were injected into a command and how it answered them.
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

/** Requests served by the emulators started with fault injection since `from`. */
function faultedRequests(from: number): EmulatorRequest[] {
  return started.slice(from).filter((s) => s.options.faults).flatMap((s) => s.emulator.requests);
}

const PREVIEW = '2025-07-01-preview';
const STABLE = '2025-09-01';
const BREAK_GLASS = 'cc45de50-d867-4ac0-b21a-498e8f4e1d4b';
const MIXED_FAULTS = '429=0.1,500=0.05,reset=0.05,reset-after-commit=0.05,retry-after=0';

/** A valid Scheduled rule with its own id, name and query. */
function generatedRule(i: number): { id: string; yaml: string } {
  const id = `5eed0000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const yaml = [
    `id: ${id}`,
    `name: Generated password spray check ${i}`,
    'description: Generated for the fault-injection test.',
    'severity: Medium',
    'kind: Scheduled',
    'queryFrequency: 1h',
    'queryPeriod: 1h',
    'triggerOperator: gt',
    'triggerThreshold: 0',
    'tactics: [CredentialAccess]',
    'relevantTechniques: [T1110]',
    'query: |',
    '  SigninLogs',
    '  | where ResultType == "50126"',
    `  | where UserPrincipalName != "user${i}@contoso.example"`,
    '  | take 10',
    '',
  ].join('\n');
  return { id, yaml };
}

function addRules(p: Copy, n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const r = generatedRule(i + 1);
    writeFileSync(join(p.dir, 'rules', `generated-${String(i + 1).padStart(3, '0')}.yaml`), r.yaml);
    return r.id;
  });
}

/** A problem as the text report prints it: the file, then `line:col` or a JSON pointer, then the message. */
function located(file: string, message: string): RegExp {
  return new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\n\\s+(\\d+:\\d+|#/\\S*)\\s+error\\s+.*${message}`);
}

function faultLines(faults: string, seed: number): string {
  return `\n  faults: "${faults}"\n  seed: ${seed}`;
}

function removeFaults(p: Copy): void {
  edit(join(p.dir, 'environments/local.yaml'), /^ {2}faults: .*\n {2}seed: .*\n/m, '');
}

/** Deploys until it succeeds; the outputs of every run. */
async function deployUntilConverged(p: Copy, maxRuns: number, ...args: string[]): Promise<{ runs: number; outputs: string[] }> {
  const outputs: string[] = [];
  for (let run = 1; run <= maxRuns; run++) {
    const r = await p.run('deploy', '--yes', ...args);
    outputs.push(r.stdout + r.stderr);
    if (r.code === 0) return { runs: run, outputs };
    expect(r.code, r.stdout + r.stderr).toBe(1);
  }
  throw new Error(`deploy did not converge in ${maxRuns} runs:\n${outputs.join('\n----\n')}`);
}

const workbooksPath = (w: Workspace): string => w.base.replace(/\/providers\/Microsoft\.OperationalInsights\/.*$/, '/providers/Microsoft.Insights/workbooks');

/** The workspace holds exactly the repository's items, each once, each with its tripline metadata, watchlists with every CSV row. */
async function expectExactlyDeployed(p: Copy): Promise<void> {
  const desired = desiredState(p.dir, 'local').items;
  expect(desired.length).toBeGreaterThan(0);
  await openWorkspace(p.state, async (w) => {
    const rules = await w.client.list(`${w.base}/alertRules`, PREVIEW);
    const ruleNames = rules.map((r) => r.name!);
    expect(new Set(ruleNames).size, 'no rule listed twice').toBe(ruleNames.length);
    expect([...ruleNames].sort()).toEqual(desired.filter((d) => d.type === ALERT_RULES).map((d) => d.name).sort());

    const metadata = await w.client.list(`${w.base}/metadata`, STABLE);
    const metaNames = metadata.map((m) => m.name!);
    expect(new Set(metaNames).size).toBe(metaNames.length);
    expect(metadata).toHaveLength(desired.length);
    for (const d of desired) {
      const m = metadata.find((x) => x.properties?.['contentId'] === d.name);
      expect(m, `metadata of ${d.type} ${d.name}`).toBeDefined();
      expect(m!.properties).toMatchObject({ source: { kind: 'SourceRepository', name: 'tripline' }, customVersion: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
      const parentId = String(m!.properties!['parentId']).toLowerCase();
      expect(parentId.endsWith(`/${d.name.toLowerCase()}`), `${parentId} is ${d.name}`).toBe(true);
    }

    const watchlists = await w.client.list(`${w.base}/watchlists`, STABLE);
    expect(watchlists.map((x) => x.name).sort()).toEqual(desired.filter((d) => d.type === WATCHLISTS).map((d) => d.name).sort());
    for (const d of desired.filter((x) => x.type === WATCHLISTS)) {
      const items = await w.client.list<ArmResource>(`${w.base}/watchlists/${d.name}/watchlistItems`, STABLE);
      const csvRows = readFileSync(join(p.dir, String(d.file).replace(/\.ya?ml$/, '.csv')), 'utf8').trim().split('\n').length - 1;
      expect(items, `items of ${d.name}`).toHaveLength(csvRows);
      expect(d.rows).toHaveLength(csvRows);
      const searchKey = String(d.body.properties?.['itemsSearchKey']);
      const keys = items.map((i) => String((i.properties?.['itemsKeyValue'] as Record<string, unknown>)[searchKey]));
      expect(new Set(keys).size).toBe(keys.length);
    }
    for (const d of desired.filter((x) => x.type === WORKBOOKS)) {
      expect(await w.client.get(`${workbooksPath(w)}/${d.name}`, '2023-06-01'), `workbook ${d.name}`).toBeDefined();
    }
  });
}

/** How many items of each type the copy's `local` environment wants (the pack grows; the tests do not count it by hand). */
function wanted(p: Copy): { all: number; watchlists: number; rules: number; workbooks: number } {
  const items = desiredState(p.dir, 'local').items;
  const count = (type: string): number => items.filter((d) => d.type === type).length;
  return { all: items.length, watchlists: count(WATCHLISTS), rules: count(ALERT_RULES), workbooks: count('Microsoft.Insights/workbooks') };
}

async function nothingDeployed(p: Copy): Promise<void> {
  await openWorkspace(p.state, async (w) => {
    expect(await w.client.list(`${w.base}/alertRules`, PREVIEW)).toEqual([]);
    expect(await w.client.list(`${w.base}/watchlists`, STABLE)).toEqual([]);
    expect(await w.client.list(`${w.base}/metadata`, STABLE)).toEqual([]);
  });
}

// Several deploys of 60-odd items each, with retries: slow on a loaded machine, so a longer limit than the default.
describe('deploy under injected faults', { timeout: 240_000 }, () => {
  it('deploys 50 more rules under 429, 500, reset and reset-after-commit and converges with nothing lost or duplicated', async () => {
    const p = projectCopy(faultLines(MIXED_FAULTS, 11));
    const ids = addRules(p, 50);
    const mark = started.length;
    const { runs } = await deployUntilConverged(p, 5);
    expect(runs).toBeLessThanOrEqual(5);
    const requests = faultedRequests(mark);
    for (const kind of ['429', '500', 'reset', 'reset-after-commit']) expect(requests.filter((r) => r.fault === kind).length, `${kind} faults injected`).toBeGreaterThan(0);
    // Writes committed whose answer was lost, then sent again by the retry (about 8 expected).
    expect(requests.filter((r) => r.method === 'PUT' && r.fault === 'reset-after-commit').length, 'writes committed without an answer').toBeGreaterThan(0);

    // Updates carry the planned etag: a retry after a committed-but-unanswered write gets 409, which
    // deploy resolves by reading the rule back (it holds what was sent) instead of failing.
    edit(join(p.dir, 'environments/local.yaml'), /^ {2}faults: .*$/m, '  faults: "reset-after-commit=0.3,retry-after=0"');
    for (let i = 1; i <= 50; i++) edit(join(p.dir, 'rules', `generated-${String(i).padStart(3, '0')}.yaml`), /^severity: Medium$/m, 'severity: Low');
    const updateMark = started.length;
    const updated = await deployUntilConverged(p, 5);
    expect(updated.outputs.at(-1)).toMatch(/environment 'local': 0 created, \d+ updated, 0 deleted/);
    const updates = faultedRequests(updateMark);
    const conflicts = updates.filter((r) => r.method === 'PUT' && r.status === 409 && /\/alertRules\//.test(r.path));
    expect(conflicts.length, 'retried updates answered 409').toBeGreaterThan(0);
    for (const c of conflicts) expect(updates.some((r) => r.path === c.path && r.fault === 'reset-after-commit'), c.path).toBe(true);
    removeFaults(p);
    const plan = await p.run('plan', '--detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(new RegExp(`0 to create, 0 to update, 0 to adopt, 0 drifted, 0 to delete, ${wanted(p).all} unchanged`));
    await expectExactlyDeployed(p);
    await openWorkspace(p.state, async (w) => {
      for (const id of ids.slice(0, 3)) expect((await w.client.get(`${w.base}/alertRules/${id}`, PREVIEW))!.properties!['displayName']).toMatch(/^Generated password spray check \d+$/);
    });
  });

  it('retries 429 without Retry-After (which the SDK does not) with its own back-off', async () => {
    const p = projectCopy(faultLines('429-bare=0.25', 5));
    addRules(p, 20);
    const mark = started.length;
    const deploy = await p.run('deploy', '--yes');
    expect(deploy.code, deploy.stdout + deploy.stderr).toBe(0);
    expect(deploy.stdout).toMatch(new RegExp(`environment 'local': ${wanted(p).all} created, 0 updated, 0 deleted`));
    expect(faultedRequests(mark).filter((r) => r.fault === '429-bare' && r.status === 429).length).toBeGreaterThan(10);
    removeFaults(p);
    expect((await p.run('plan', '--detailed-exitcode')).code).toBe(0);
    await expectExactlyDeployed(p);
  });
});

describe('a write that fails', () => {
  it('stops new writes, reports what succeeded, what failed with the service message and what was not started; a rerun converges', async () => {
    const p = projectCopy();
    // A custom table tripline knows (declared in the configuration) but the workspace does not have.
    writeFileSync(join(p.dir, 'tripline.config.yaml'), 'customTables:\n  - { name: OnlyInRepo_CL, columns: [{ name: TimeGenerated, type: datetime }, { name: Account, type: string }] }\n');
    const bad = { ...generatedRule(0), id: '00000000-0000-4000-8000-0000000000ba' };
    bad.yaml = bad.yaml.replace(/^id: .*$/m, `id: ${bad.id}`);
    const badFile = join(p.dir, 'rules/only-in-repo.yaml');
    writeFileSync(badFile, bad.yaml.replace(/ {2}SigninLogs\n {2}\| where ResultType == "50126"\n {2}\| where UserPrincipalName != "user0@contoso.example"\n/, '  OnlyInRepo_CL\n  | where Account != ""\n'));
    expect((await p.run('validate')).code).toBe(0);
    const deploy = await p.run('deploy', '--yes', '--concurrency', '1');
    expect(deploy.code, deploy.stdout + deploy.stderr).toBe(1);
    // Watchlists and workbooks (which depend on nothing) go first and succeed; the failing rule sorts first
    // among the rules; nothing after it starts.
    const n = wanted(p);
    const first = n.watchlists + n.workbooks;
    expect(deploy.stdout).toMatch(new RegExp(`environment 'local': ${first} created, 0 updated, 0 deleted, 1 failed, ${n.all - first - 1} not started`));
    expect(deploy.stdout).toMatch(new RegExp(`FAILED create analytics rule ${bad.id} "Generated password spray check 0"\\n\\s+PUT /subscriptions/.*/alertRules/${bad.id} failed with 400 \\w+: .*OnlyInRepo_CL`));
    expect(deploy.stdout).toMatch(/created watchlist BreakGlassAccounts/);
    expect(deploy.stdout).toMatch(new RegExp(`not started: create analytics rule ${BREAK_GLASS} "Break-glass account sign-in"`));
    expect(deploy.stdout).toMatch(/not started: create automation rule /);
    expect(deploy.stdout).toMatch(/created workbook /);
    await openWorkspace(p.state, async (w) => {
      expect(await w.client.list(`${w.base}/alertRules`, PREVIEW)).toEqual([]);
      expect(await w.client.list(`${w.base}/watchlists`, STABLE)).toHaveLength(n.watchlists);
    });
    const plan = await p.run('plan', '--detailed-exitcode');
    expect(plan.stdout).toMatch(new RegExp(`Plan: ${n.all - first} to create, 0 to update, 0 to adopt, 0 drifted, 0 to delete, ${first} unchanged`));

    edit(badFile, /OnlyInRepo_CL\n {2}\| where Account != ""/, 'SigninLogs\n  | where ResultType == "50126"');
    const rerun = await p.run('deploy', '--yes');
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(new RegExp(`environment 'local': ${n.all - first} created, 0 updated, 0 deleted`));
    expect((await p.run('plan', '--detailed-exitcode')).code).toBe(0);
    await expectExactlyDeployed(p);
  });
});

describe('stale etags and saved plans', () => {
  it('refuses a saved plan when the workspace changed since it was made, writing nothing', async () => {
    const p = projectCopy();
    expect((await p.run('deploy', '--yes')).code).toBe(0);
    edit(join(p.dir, 'rules/break-glass-sign-in.yaml'), /^severity: High$/m, 'severity: Medium');
    const planned = await p.run('plan', '--out', 'plan.json');
    expect(planned.code).toBe(0);
    expect(planned.stdout).toMatch(/~ update analytics rule cc45de50/);
    await openWorkspace(p.state, async (w) => {
      const path = `${w.base}/alertRules/${BREAK_GLASS}`;
      const rule = (await w.client.get(path, PREVIEW))!;
      await w.client.request('PUT', path, PREVIEW, { kind: rule.kind, properties: { ...rule.properties, displayName: 'renamed in the portal', lastModifiedUtc: undefined } });
    });
    const before = readFileSync(p.state, 'utf8');
    const deploy = await p.run('deploy', '--plan', 'plan.json', '--yes');
    expect(deploy.code, deploy.stdout + deploy.stderr).toBe(1);
    expect(deploy.stderr).toMatch(located('plan.json', "the workspace of 'local' changed since the plan was made: run plan again"));
    expect(readFileSync(p.state, 'utf8')).toBe(before);
    await openWorkspace(p.state, async (w) => {
      const rule = (await w.client.get(`${w.base}/alertRules/${BREAK_GLASS}`, PREVIEW))!;
      expect(rule.properties).toMatchObject({ displayName: 'renamed in the portal', severity: 'High' });
    });
  });

  it('applyPlan fails an item changed after the plan with a 409 rather than overwrite it', async () => {
    const p = projectCopy();
    expect((await p.run('deploy', '--yes')).code).toBe(0);
    edit(join(p.dir, 'rules/break-glass-sign-in.yaml'), /^severity: High$/m, 'severity: Medium');
    try {
      const prepared = await prepare(p.dir, ['local'], { prune: false });
      expect(prepared.problems).toEqual([]);
      const env = prepared.prepared[0]!;
      const item = env.plan.items.find((i) => i.name === BREAK_GLASS)!;
      expect(item).toMatchObject({ action: 'update', etag: expect.any(String) });
      // Out of band, between plan and apply (a portal edit), through the command's own emulator.
      const { client, workspace } = env.connection;
      const path = itemPath(workspace, ALERT_RULES, BREAK_GLASS);
      const rule = (await client.get(path, PREVIEW))!;
      await client.request('PUT', path, PREVIEW, { kind: rule.kind, properties: { ...rule.properties, displayName: 'renamed in the portal', lastModifiedUtc: undefined } });
      const result = await applyPlan(client, workspace, env.plan, env.desired, { prune: false, force: false, concurrency: 2, repository: prepared.repository });
      const r = result.results.find((x) => x.item.name === BREAK_GLASS)!;
      expect(r.ok).toBe(false);
      expect(r.error).toMatch(/failed with 409/);
      expect(r.error).toMatch(/changed in the workspace after the plan was made/);
      const now = (await client.get(path, PREVIEW))!;
      expect(now.properties).toMatchObject({ displayName: 'renamed in the portal', severity: 'High' });
    } finally {
      await closeEmulators();
    }
  });

  it('refuses a saved plan made from another repository state (exit 2), deploying nothing', async () => {
    const p = projectCopy();
    expect((await p.run('plan', '--out', 'plan.json')).code).toBe(0);
    edit(join(p.dir, 'rules/break-glass-sign-in.yaml'), /^severity: High$/m, 'severity: Medium');
    const deploy = await p.run('deploy', '--plan', 'plan.json', '--yes');
    expect(deploy.code, deploy.stdout + deploy.stderr).toBe(2);
    expect(deploy.stderr).toMatch(located('plan.json', "the saved plan for 'local' was made from another repository state"));
    await nothingDeployed(p);
  });
});

describe('bad input deploys nothing', () => {
  it('refuses without --yes and without a terminal; unknown environments; --detailed-exitcode', async () => {
    const p = projectCopy();
    // As in CI: no terminal on stdin (also when the tests themselves run in one).
    const tty = Object.getOwnPropertyDescriptor(process.stdin, 'isTTY');
    Object.defineProperty(process.stdin, 'isTTY', { value: undefined, configurable: true });
    const noTty = await p.run('deploy').finally(() => {
      if (tty) Object.defineProperty(process.stdin, 'isTTY', tty);
      else delete (process.stdin as { isTTY?: boolean }).isTTY;
    });
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toMatch(/no terminal to confirm on/);

    const unknownPlan = await p.run('plan', '--env', 'nowhere');
    expect(unknownPlan.code).toBe(2);
    expect(unknownPlan.stderr).toMatch(/environment 'nowhere' not found/);
    expect((await p.run('plan', '--env', 'nowhere', '--detailed-exitcode')).code).toBe(1);

    const list = await p.run('deploy', '--env', 'local,nowhere', '--yes');
    expect(list.code).toBe(2);
    expect(list.stderr).toMatch(/environments\/nowhere\.yaml\n\s+error\s+environment 'nowhere' not found/);
    await nothingDeployed(p);
  });

  it('a malformed environment, an invalid state file or content that does not validate', async () => {
    const p = projectCopy();
    const envFile = join(p.dir, 'environments/local.yaml');
    const original = readFileSync(envFile, 'utf8');

    writeFileSync(envFile, original.replace(/^workspaceName: .*\n/m, ''));
    const malformed = await p.run('deploy', '--yes');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(located('environments/local.yaml', "missing required key 'workspaceName'"));
    writeFileSync(envFile, original.replace(/^credential: emulator$/m, 'credential: password'));
    const unknownCredential = await p.run('deploy', '--yes');
    expect(unknownCredential.code).toBe(2);
    expect(unknownCredential.stderr).toMatch(/environments\/local\.yaml\n\s+\d+:\d+\s+error\s+.*credential/);
    writeFileSync(envFile, original);
    await nothingDeployed(p);

    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(p.dir, '.tripline'), { recursive: true });
    writeFileSync(p.state, '{"resources": {\n  "x": [1, 2,\n');
    const corrupt = await p.run('deploy', '--yes');
    expect(corrupt.code).toBe(2);
    expect(corrupt.stderr).toMatch(located('environments/local.yaml', '\\.tripline/workspace\\.json:3:1: the emulator state is not valid JSON'));
    expect(readFileSync(p.state, 'utf8')).toBe('{"resources": {\n  "x": [1, 2,\n');
    writeFileSync(p.state, JSON.stringify({ version: 1, resources: { x: { id: 7 } }, operations: {} }));
    const shape = await p.run('deploy', '--yes');
    expect(shape.code).toBe(2);
    expect(shape.stderr).toMatch(/\.tripline\/workspace\.json#\/resources\/x.*invalid emulator state/);
    expect((await p.run('plan', '--detailed-exitcode')).code).toBe(1);

    const { rmSync } = await import('node:fs');
    rmSync(p.state);
    edit(join(p.dir, 'rules/break-glass-sign-in.yaml'), /^severity: High$/m, 'severity: Extreme');
    const invalid = await p.run('deploy', '--yes');
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(located('rules/break-glass-sign-in.yaml', 'Extreme'));
    await nothingDeployed(p);
  });
});

describe('several workspaces in one command', () => {
  it('deploys two workspaces with one summary each, then plans nothing for both', async () => {
    const p = projectCopy();
    const local = readFileSync(join(p.dir, 'environments/local.yaml'), 'utf8');
    // Another resource group: workbooks are resource-group resources named by their GUID, so two
    // workspaces in one resource group would share (and overwrite) one workbook.
    writeFileSync(join(p.dir, 'environments/second.yaml'), local.replace(/^workspaceName: .*$/m, 'workspaceName: law-sentinel-second').replace(/^resourceGroup: .*$/m, 'resourceGroup: rg-sentinel-second'));
    const deploy = await p.run('deploy', '--env', 'local,second', '--yes');
    expect(deploy.code, deploy.stdout + deploy.stderr).toBe(0);
    expect(deploy.stdout).toMatch(/Deploying to 'local' \(.*\/workspaces\/law-sentinel-local\)/);
    expect(deploy.stdout).toMatch(/Deploying to 'second' \(.*\/workspaces\/law-sentinel-second\)/);
    const n = wanted(p);
    expect(deploy.stdout.match(/environment '(local|second)': \d+ created, 0 updated, 0 deleted/g)).toEqual([
      `environment 'local': ${n.all} created, 0 updated, 0 deleted`,
      `environment 'second': ${n.all} created, 0 updated, 0 deleted`,
    ]);
    const plan = await p.run('plan', '--env', 'local,second', '--detailed-exitcode');
    expect(plan.code, plan.stdout).toBe(0);
    expect(plan.stdout.match(/No changes/g)).toHaveLength(2);
    await openWorkspace(p.state, async (w) => {
      const second = w.base.replace('law-sentinel-local', 'law-sentinel-second').replace('rg-sentinel-local', 'rg-sentinel-second');
      expect(await w.client.list(`${second}/alertRules`, PREVIEW)).toHaveLength(n.rules);
      expect(await w.client.list(`${w.base}/alertRules`, PREVIEW)).toHaveLength(n.rules);
    });
  });
});

describe('credentials', () => {
  it('a token the service does not accept: a message naming the credential and the role, never the secret', async () => {
    const emulator = await startEmulator({ readerToken: 'a-reader-token-value-456' });
    try {
      const agent = new Agent({ ca: emulator.ca });
      const secret = 'a-wrong-secret-value-123';
      const wrong = new ArmClient({ endpoint: emulator.url, credential: staticTokenCredential(secret), agent, retry: { maxRetries: 0 }, secrets: [secret] });
      const path = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/ws/providers/Microsoft.SecurityInsights/alertRules';
      const e = await wrong.list(path, STABLE).then(
        () => undefined,
        (x: Error) => x,
      );
      expect(e).toBeInstanceOf(Error);
      expect(e!.message).toMatch(/failed with 401/);
      expect(e!.message).toMatch(/credential was not accepted/);
      expect(e!.message).toMatch(/Microsoft Sentinel Contributor/);
      expect(e!.message).not.toContain(secret);

      const reader = new ArmClient({ endpoint: emulator.url, credential: staticTokenCredential('a-reader-token-value-456'), agent, retry: { maxRetries: 0 } });
      expect(await reader.list(path, STABLE)).toEqual([]);
      const denied = await reader.request('PUT', `${path}/${BREAK_GLASS}`, STABLE, { kind: 'Scheduled', properties: {} }).then(
        () => undefined,
        (x: Error) => x,
      );
      expect(denied!.message).toMatch(/failed with 403 AuthorizationFailed/);
      expect(denied!.message).toMatch(/needs Microsoft Sentinel Contributor on the workspace's resource group/);
      expect(denied!.message).not.toContain('a-reader-token-value-456');
    } finally {
      await emulator.close();
    }
  });

  it('client-secret without AZURE_CLIENT_SECRET is a located configuration error', async () => {
    const p = projectCopy();
    const envFile = join(p.dir, 'environments/local.yaml');
    writeFileSync(
      envFile,
      readFileSync(envFile, 'utf8')
        .replace(/^credential: emulator$/m, 'credential: client-secret\ntenantId: 11111111-1111-4111-8111-111111111111\nclientId: 22222222-2222-4222-8222-222222222222'),
    );
    const saved = process.env['AZURE_CLIENT_SECRET'];
    delete process.env['AZURE_CLIENT_SECRET'];
    try {
      const deploy = await p.run('deploy', '--yes');
      expect(deploy.code).toBe(2);
      expect(deploy.stderr).toMatch(located('environments/local.yaml', "credential 'client-secret' of environment 'local' needs .*AZURE_CLIENT_SECRET"));
    } finally {
      if (saved !== undefined) process.env['AZURE_CLIENT_SECRET'] = saved;
    }
    await nothingDeployed(p);
  });
});
