// `tripline test` on several cores: the rules are split into contiguous shares, one worker thread each
// (test-worker.ts), and the reports are put back in rule order, so the report is the serial run's.
import { Worker } from 'node:worker_threads';
import { error, type Problem } from '../core/problems.js';
import type { Project } from '../project/load.js';
import type { RuleDefinition } from '../rules/types.js';
import { loadTestCases } from './cases.js';
import { runProjectTests, type RuleTestReport, type TestRunOptions } from './runner.js';
import type { TestCase } from './types.js';
import { caseKey, type ClonedReport, type WorkerReply, type WorkerTask } from './worker-protocol.js';

export interface ParallelOptions extends TestRunOptions {
  /**
   * Worker threads; 1 (the default) runs in this process. Each worker pays Kusto.Language's start-up
   * (about 1.2 s of CPU) and loads its rules again, so workers pay off when cases are heavy (large
   * fixtures), not for many light ones: on the 500-rule bench pack 2 workers double the CPU time.
   */
  jobs?: number;
}

/** How many workers a run uses: --bail and an execution hook need one sequence of cases. */
function workerCount(rules: number, options: ParallelOptions): number {
  if (options.bail || options.execution) return 1;
  return Math.max(1, Math.min(options.jobs ?? 1, rules));
}

export async function runTestsInParallel(project: Project, rules: RuleDefinition[], options: ParallelOptions = {}): Promise<RuleTestReport[]> {
  const jobs = workerCount(rules.length, options);
  if (jobs === 1) return runProjectTests(project, rules, options);
  const shares = split(rules, jobs);
  const replies = await Promise.all(shares.map((share) => runWorker(task(project, share, options))));
  return shares.flatMap((share, i) => rehydrate(project, share, replies[i]!));
}

function split<T>(items: T[], parts: number): T[][] {
  const size = Math.ceil(items.length / parts);
  return Array.from({ length: parts }, (_, i) => items.slice(i * size, (i + 1) * size)).filter((s) => s.length);
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

/** The worker's reply; a worker that fails or exits without replying is a reply of located problems. */
function runWorker(task: WorkerTask): Promise<WorkerReply> {
  return new Promise((resolve) => {
    const fault = (why: string): void => resolve({ failed: `a test worker failed: ${why}`, problems: [] });
    let worker: Worker;
    try {
      worker = new Worker(...workerEntry(task));
    } catch (e) {
      fault((e as Error).message);
      return;
    }
    worker.once('message', (reply: WorkerReply) => resolve(reply));
    worker.once('error', (e) => fault(e.message));
    worker.once('exit', (code) => fault(`it exited with code ${code} before reporting`));
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
  if ('failed' in reply) return share.map((rule, i) => ({ rule, results: [], problems: [notRun(rule, reply.failed), ...(i === 0 ? reply.problems : [])] }));
  const byFile = new Map(reply.reports.map((r) => [r.file, r]));
  return share.map((rule) => {
    const report = byFile.get(rule.file);
    return report ? withCases(project, rule, report) : { rule, results: [], problems: [notRun(rule, 'its test worker did not report it')] };
  });
}

function withCases(project: Project, rule: RuleDefinition, report: ClonedReport): RuleTestReport {
  const cases = new Map<string, TestCase>(loadTestCases(project.root, rule).cases.map((tc) => [caseKey(tc), tc]));
  const problems = [...report.problems];
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
