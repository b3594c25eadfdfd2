// `tripline test` on several cores: the rules are split into shares of about equal estimated work
// (jobs.ts), one worker thread each (test-worker.ts), and the reports are put back in rule order, so the
// report is the in-process run's. Worker threads live in this process: Ctrl-C or an exit ends them too.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { error, type Problem } from '../core/problems.js';
import { putRealMarks } from '../kql/json.js';
import type { Project } from '../project/load.js';
import type { RuleDefinition } from '../rules/types.js';
import { loadTestCases } from './cases.js';
import { autoWorkers, balancedShares, ruleWorkMs, type Jobs } from './jobs.js';
import { runProjectTests, type RuleTestReport, type TestRunOptions } from './runner.js';
import type { TestCase } from './types.js';
import { caseKey, type ClonedReport, type WorkerMessage, type WorkerTask } from './worker-protocol.js';

export interface ParallelOptions extends TestRunOptions {
  /** `auto` (the default): workers when they pay (jobs.ts); 1: in this process; N: N workers. */
  jobs?: Jobs;
}

export interface ParallelRun {
  reports: RuleTestReport[];
  /** Worker threads used; 0 when the cases ran in this process. */
  workers: number;
}

/** The rules in shares, one per worker thread; a single share runs in this process. --bail and an execution hook need one sequence of cases. */
function plan(project: Project, rules: RuleDefinition[], options: ParallelOptions): RuleDefinition[][] {
  const jobs = options.jobs ?? 'auto';
  if (options.bail || options.execution || jobs === 1 || rules.length < 2) return [rules];
  const weights = rules.map((r) => ruleWorkMs(project.root, r));
  const workers = jobs === 'auto' ? autoWorkers(weights, availableParallelism()) : jobs;
  if (workers < 2) return [rules];
  return balancedShares(weights, workers).map((share) => share.map((i) => rules[i]!));
}

export async function runTestsInParallel(project: Project, rules: RuleDefinition[], options: ParallelOptions = {}): Promise<ParallelRun> {
  const shares = plan(project, rules, options);
  if (shares.length === 1) return { reports: runProjectTests(project, rules, options), workers: 0 };
  const replies = await Promise.all(shares.map((share) => runWorker(task(project, share, options))));
  const byFile = new Map(shares.flatMap((share, i) => rehydrate(project, share, replies[i]!)).map((r) => [r.rule.file, r]));
  return { reports: rules.map((r) => byFile.get(r.file)!), workers: shares.length };
}

function task(project: Project, share: RuleDefinition[], options: ParallelOptions): WorkerTask {
  return {
    root: project.root,
    env: project.env.name,
    files: share.map((r) => r.file),
    requireFiringAndQuiet: options.requireFiringAndQuiet,
    ...(options.grep ? { grep: { source: options.grep.source, flags: options.grep.flags } } : {}),
  };
}

/** What a worker sent: its rules' reports, and why it stopped before the rest (`failed`). */
interface WorkerReply {
  reports: ClonedReport[];
  failed?: string;
  problems: Problem[];
}

/** A worker that fails or exits before it is done is a reply with `failed`, never a hang. */
function runWorker(task: WorkerTask): Promise<WorkerReply> {
  return new Promise((resolve) => {
    const reply: WorkerReply = { reports: [], problems: [] };
    const fault = (why: string): void => resolve({ ...reply, failed: reply.failed ?? `a test worker failed: ${why}` });
    let worker: Worker;
    try {
      worker = new Worker(...workerEntry(task));
    } catch (e) {
      fault((e as Error).message);
      return;
    }
    worker.on('message', (message: WorkerMessage) => {
      if ('report' in message) reply.reports.push(message.report);
      else if ('failed' in message) Object.assign(reply, message);
      else resolve(reply);
    });
    worker.once('error', (e) => fault(e.message));
    worker.once('exit', (code) => fault(`it exited with code ${code} before it was done`));
  });
}

/**
 * Built, the worker is a .js file; under the test suite it is TypeScript, so a bootstrap registers tsx
 * (found from here: the run's folder may be any project) before importing it.
 */
function workerEntry(task: WorkerTask): ConstructorParameters<typeof Worker> {
  if (!import.meta.url.endsWith('.ts')) return [new URL('./test-worker.js', import.meta.url), { workerData: task }];
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./test-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return [bootstrap, { eval: true, workerData: task }];
}

function rehydrate(project: Project, share: RuleDefinition[], reply: WorkerReply): RuleTestReport[] {
  const byFile = new Map(reply.reports.map((r) => [r.file, r]));
  let unreported = 0;
  return share.map((rule) => {
    const report = byFile.get(rule.file);
    if (report) return withCases(project, rule, report);
    const why = reply.failed ?? 'its test worker did not report it';
    return { rule, results: [], problems: [notRun(rule, why), ...(unreported++ === 0 ? reply.problems : [])] };
  });
}

function withCases(project: Project, rule: RuleDefinition, report: ClonedReport): RuleTestReport {
  const cases = new Map<string, TestCase>(loadTestCases(project.root, rule).cases.map((tc) => [caseKey(tc), tc]));
  const problems = [...report.problems];
  putRealMarks(report.results, report.reals ?? []);
  const results = report.results.flatMap(({ caseKey: key, ...rest }) => {
    const tc = cases.get(key);
    if (!tc) problems.push(notRun(rule, `its test worker ran a case this process does not know (${key})`));
    return tc ? [{ ...rest, case: tc }] : [];
  });
  return { rule, results, problems };
}

function notRun(rule: RuleDefinition, why: string): Problem {
  return error('test-worker', `the tests of rule '${rule.doc.name}' did not run: ${why}`, { file: rule.file });
}
