// Plan and deploy against the embedded emulator (issue #9, item 9): deploy of 500 rules with and without
// faults (429=0.1,500=0.05,reset=0.05,reset-after-commit=0.05, Retry-After 1 s), plan of 500 deployed
// rules, and deploy of 50 rules under the same faults. Targets on a 2-core machine: plan of 500 under
// 5 s; deploy of 50 with those faults under 15 s. Prints figures, asserts nothing about time.
//
// Each step runs what `tripline plan` / `tripline deploy --yes` run (desiredState = validate and render,
// readDeployed, planEnvironment, applyPlan with the default retry settings and concurrency 4) against an
// emulator started in this process, as `emulator:` environments start it, so its request log can be
// counted. The last line times the `tripline plan` command itself, end to end.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ArmClient } from '../src/deploy/arm/client.js';
import { staticTokenCredential } from '../src/deploy/arm/credentials.js';
import { applyPlan, DEFAULT_CONCURRENCY, type ApplyResult } from '../src/deploy/apply.js';
import { closeEmulators } from '../src/deploy/connect.js';
import { desiredState } from '../src/deploy/desired.js';
import { repositoryId } from '../src/deploy/ownership.js';
import { planEnvironment } from '../src/deploy/plan.js';
import { readDeployed } from '../src/deploy/read.js';
import { DEPLOY_ORDER, type DesiredItem, type EnvironmentPlan } from '../src/deploy/types.js';
import { workspaceOf, workspacePath, type Workspace } from '../src/deploy/workspace.js';
import { startEmulator, type EmulatorRequest, type RunningEmulator } from '../src/emulator/index.js';
import { main } from '../src/cli/main.js';

const FAULTS = '429=0.1,500=0.05,reset=0.05,reset-after-commit=0.05';
const SEED = 42;
const CONCURRENCY = DEFAULT_CONCURRENCY;
const root = resolve(import.meta.dirname, '..');

function rule(i: number): string {
  const tables = ['SigninLogs', 'AADNonInteractiveUserSignInLogs', 'AuditLogs', 'AzureActivity'];
  const table = tables[i % tables.length]!;
  const filter = table === 'AuditLogs' ? `OperationName has "role ${i}"` : table === 'AzureActivity' ? `OperationNameValue has "write ${i}"` : `ResultType == "${50000 + i}"`;
  return [
    `id: be0c0000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    `name: Generated deploy benchmark rule ${i}`,
    'description: Generated for the deploy benchmark.',
    `severity: ${['Low', 'Medium', 'High'][i % 3]}`,
    'kind: Scheduled',
    `queryFrequency: ${[1, 2, 6][i % 3]}h`,
    'queryPeriod: 1d',
    'triggerOperator: gt',
    `triggerThreshold: ${i % 5}`,
    'tactics: [CredentialAccess]',
    'relevantTechniques: [T1110]',
    'query: |',
    `  ${table}`,
    `  | where ${filter}`,
    '  | take 10',
    '',
  ].join('\n');
}

/** A copy of the repository's content with `rules` generated rules added; its `local` environment is the embedded emulator. */
function project(rules: number): { dir: string; state: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-bench-deploy-'));
  for (const d of ['rules', 'watchlists', 'templates', 'environments', 'fixtures', 'automation', 'workbooks']) {
    if (existsSync(join(root, d))) cpSync(join(root, d), join(dir, d), { recursive: true });
  }
  for (let i = 0; i < rules; i++) writeFileSync(join(dir, 'rules', `bench-${String(i).padStart(4, '0')}.yaml`), rule(i));
  const envFile = join(dir, 'environments/local.yaml');
  writeFileSync(envFile, readFileSync(envFile, 'utf8').replace(/^emulator: \{\}$/m, 'emulator:\n  state: .tripline/workspace.json'));
  return { dir, state: join(dir, '.tripline/workspace.json') };
}

interface Session {
  emulator: RunningEmulator;
  client: ArmClient;
  /** Every client call (one request with its retries), its wall time and what the emulator saw of it. */
  calls: Call[];
  close(): Promise<void>;
}

interface Call {
  ms: number;
  what: string;
  /** Status (or fault) of each attempt the emulator received for this call's path while it ran. */
  attempts: string[];
}

/** The emulator and client a command of an `emulator:` environment gets (connect.ts), default retry settings. */
async function open(state: string, faults = '', seed = SEED): Promise<Session> {
  const emulator = await startEmulator({ statePath: state, faults, seed });
  const agent = new Agent({ ca: emulator.ca, keepAlive: true });
  const client = new ArmClient({ endpoint: emulator.url, credential: staticTokenCredential(emulator.token), agent });
  const calls: Call[] = [];
  const request = client.request.bind(client);
  client.request = (async (method, path, apiVersion, body) => {
    const t = performance.now();
    const from = emulator.requests.length;
    try {
      return await request(method, path, apiVersion, body);
    } finally {
      const pathname = new URL(path, emulator.url).pathname;
      const attempts = emulator.requests.slice(from).filter((r) => r.method === method && r.path === pathname).map((r) => r.fault ?? String(r.status));
      calls.push({ ms: performance.now() - t, what: `${method} ${pathname.split('/').slice(-2).join('/')}`, attempts });
    }
  }) as ArmClient['request'];
  return {
    emulator,
    client,
    calls,
    close: async () => {
      agent.destroy();
      await emulator.close();
    },
  };
}

interface Timed {
  desiredMs: number;
  readPlanMs: number;
  applyMs: number;
  plan: EnvironmentPlan;
  result?: ApplyResult;
}

/** Where the time goes: calls spend it waiting before retries, and a content type's writes end with its slowest call. */
function callFigures(calls: Call[]): string {
  const total = calls.reduce((n, c) => n + c.ms, 0);
  const retried = calls.filter((c) => c.attempts.length > 1);
  const slowest = [...calls].sort((a, b) => b.ms - a.ms).slice(0, 3);
  return `${calls.length} calls, ${s1(total)} in calls (${retried.length} retried, ${s1(retried.reduce((n, c) => n + c.ms, 0))} of it); slowest: ` +
    slowest.map((c) => `${c.what} ${s1(c.ms)} [${c.attempts.join(' ')}]`).join('; ');
}

/** When each content type's writes had all finished, from the start of apply (types are written one after the other). */
function phaseEnds(ends: Map<string, number>): string {
  return DEPLOY_ORDER.filter((t) => ends.has(t)).map((t) => `${t.split('/')[1]} ${s1(ends.get(t)!)}`).join(', ');
}

async function planAndMaybeApply(dir: string, s: Session, apply: boolean, desired?: { items: DesiredItem[]; ws: Workspace }, concurrency = CONCURRENCY, ends = new Map<string, number>()): Promise<Timed> {
  const t0 = performance.now();
  let d = desired;
  if (!d) {
    const state = desiredState(dir, 'local');
    if (!state.project || !state.items.length) throw new Error(`the benchmark project does not validate: ${JSON.stringify(state.problems.slice(0, 3))}`);
    d = { items: state.items, ws: workspaceOf(state.project.env) };
  }
  const t1 = performance.now();
  const deployed = await readDeployed(s.client, d.ws, d.items);
  const repository = repositoryId(dir);
  const plan = planEnvironment(d.items, deployed, { name: 'local', workspace: workspacePath(d.ws), prune: false, repository });
  const t2 = performance.now();
  const onResult = (r: { item: { type: string } }): void => void ends.set(r.item.type, performance.now() - t2);
  const result = apply ? await applyPlan(s.client, d.ws, plan, d.items, { prune: false, force: false, concurrency, repository, onResult }) : undefined;
  const t3 = performance.now();
  return { desiredMs: t1 - t0, readPlanMs: t2 - t1, applyMs: t3 - t2, plan, ...(result ? { result } : {}) };
}

const s1 = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

function requestFigures(requests: EmulatorRequest[]): string {
  const by = (f: (r: EmulatorRequest) => boolean): number => requests.filter(f).length;
  const faults = by((r) => r.fault !== undefined);
  return `${requests.length} requests (${by((r) => r.method === 'GET')} GET, ${by((r) => r.method === 'PUT')} PUT), ${faults} faulted` +
    (faults ? ` (429 ${by((r) => r.fault === '429')}, 500 ${by((r) => r.fault === '500')}, reset ${by((r) => r.fault === 'reset')}, reset-after-commit ${by((r) => r.fault === 'reset-after-commit')})` : '');
}

/** Deploys until a run has no failure; returns the figures of each run. */
async function deployUntilConverged(dir: string, state: string, faults: string, label: string, concurrency = CONCURRENCY, maxRuns = 10, seed = SEED): Promise<void> {
  const t0 = performance.now();
  let desired: { items: DesiredItem[]; ws: Workspace } | undefined;
  for (let run = 1; run <= maxRuns; run++) {
    // A new seed per run: each rerun is a new command, whose faults differ from the last one's.
    const s = await open(state, faults, seed + run - 1);
    try {
      const tRun = performance.now();
      if (!desired) {
        const st = desiredState(dir, 'local');
        desired = { items: st.items, ws: workspaceOf(st.project!.env) };
      }
      const desiredMs = run === 1 ? performance.now() - tRun : 0;
      const ends = new Map<string, number>();
      const t = await planAndMaybeApply(dir, s, true, desired, concurrency, ends);
      const failed = t.result!.results.filter((r) => !r.ok);
      const pending = t.plan.items.filter((i) => i.pending).length;
      console.log(
        `  ${label} run ${run}: ${s1(performance.now() - tRun)} (validate+render ${s1(desiredMs)}, read+plan ${s1(t.readPlanMs)}, apply ${s1(t.applyMs)}); ` +
          `${pending} pending, ${t.result!.results.length - failed.length} written, ${failed.length} failed, ${t.result!.notStarted.length} not started; ${requestFigures(s.emulator.requests)}`,
      );
      console.log(`    writes of each type done at: ${phaseEnds(ends)}`);
      console.log(`    ${callFigures(s.calls)}`);
      if (!failed.length) {
        console.log(`  ${label}: converged after ${run} run(s), ${s1(performance.now() - t0)} in all`);
        return;
      }
      console.log(`    first failure: ${failed[0]!.error!.split('\n')[0]}`);
    } finally {
      await s.close();
    }
  }
  console.log(`  ${label}: NOT converged after ${maxRuns} runs`);
}

/** `tripline plan` in this process, its output (and the generated rules' "no test cases" warnings) discarded; the exit code and wall time. */
async function cliPlan(dir: string): Promise<{ code: number; ms: number }> {
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  const cwd = process.cwd();
  process.chdir(dir);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  const t = performance.now();
  try {
    const code = await main(['node', 'tripline', 'plan', '--detailed-exitcode']);
    return { code, ms: performance.now() - t };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
    process.chdir(cwd);
    process.exitCode = undefined;
    await closeEmulators();
  }
}

export default async function bench(): Promise<void> {
  const dirs: string[] = [];
  try {
    // Warm-up: the first validation loads Kusto.Language and the table schemas (about a second).
    desiredState(project(0).dir, 'local');

    console.log('(a) deploy of 500 rules (plus the pack: 3 watchlists, 5 rules, 2 automation rules, 1 workbook), no faults');
    const a = project(500);
    dirs.push(a.dir);
    {
      const s = await open(a.state);
      try {
        const t = await planAndMaybeApply(a.dir, s, true);
        const failed = t.result!.results.filter((r) => !r.ok).length;
        console.log(`  ${s1(t.desiredMs + t.readPlanMs + t.applyMs)} (validate+render ${s1(t.desiredMs)}, read+plan ${s1(t.readPlanMs)}, apply ${s1(t.applyMs)}); ${t.result!.results.length} written, ${failed} failed; ${requestFigures(s.emulator.requests)}`);
      } finally {
        await s.close();
      }
    }

    console.log('(c) plan of 500 deployed rules');
    {
      const s = await open(a.state);
      try {
        const t = await planAndMaybeApply(a.dir, s, false);
        const pending = t.plan.items.filter((i) => i.pending).length;
        console.log(`  ${s1(t.desiredMs + t.readPlanMs)} (validate+render ${s1(t.desiredMs)}, read+plan ${s1(t.readPlanMs)}); ${t.plan.items.length} items, ${pending} pending; ${requestFigures(s.emulator.requests)}`);
      } finally {
        await s.close();
      }
      const cli = await cliPlan(a.dir);
      console.log(`  \`tripline plan --detailed-exitcode\` end to end (emulator start, validate, read, plan, print): ${s1(cli.ms)}, exit ${cli.code}`);
    }

    console.log(`(b) deploy of 500 rules with faults ${FAULTS} (Retry-After 1 s), default retry settings, reruns until converged`);
    const b = project(500);
    dirs.push(b.dir);
    await deployUntilConverged(b.dir, b.state, FAULTS, '500 rules');

    console.log('(d0) for comparison, deploy of 50 rules (plus the pack) without faults');
    const d0 = project(50);
    dirs.push(d0.dir);
    await deployUntilConverged(d0.dir, d0.state, '', '50 rules, no faults');

    console.log(`(d) deploy of 50 rules (plus the pack) with faults ${FAULTS} (Retry-After 1 s), reruns until converged`);
    const d = project(50);
    dirs.push(d.dir);
    await deployUntilConverged(d.dir, d.state, FAULTS, '50 rules');
    // Other seeds: the cost of faults is mostly time spent waiting before retries, so it varies with
    // which writes are unlucky.
    for (const seed of [1, 2]) {
      const ds = project(50);
      dirs.push(ds.dir);
      await deployUntilConverged(ds.dir, ds.state, FAULTS, `50 rules, seed ${seed}`, CONCURRENCY, 10, seed);
    }
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
