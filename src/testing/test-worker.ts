// A worker thread of `tripline test --jobs`: loads the project for its share of the rule files (and so
// Kusto.Language once), runs their cases as the serial runner does in one session (each rule compiled
// once), and posts each rule's report as soon as it has it, so a worker that dies loses only its
// current rule.
import { parentPort, workerData } from 'node:worker_threads';
import { error } from '../core/problems.js';
import { realMarksOf } from '../kql/json.js';
import { loadProject } from '../project/load.js';
import type { RuleDefinition } from '../rules/types.js';
import { runRuleTests, TestSession, type RuleTestReport } from './runner.js';
import { caseKey, type ClonedReport, type WorkerMessage, type WorkerTask } from './worker-protocol.js';

const post = (message: WorkerMessage): void => parentPort!.postMessage(message);

function cloned(r: RuleTestReport): ClonedReport {
  const results = r.results.map(({ case: tc, ...rest }) => ({ ...rest, caseKey: caseKey(tc) }));
  return { file: r.rule.file, problems: r.problems, results, reals: realMarksOf(results) };
}

/** A fault of tripline while running one rule's tests is that rule's located error; the others still run. */
function faulted(rule: RuleDefinition, e: unknown): ClonedReport {
  const message = `the tests of rule '${rule.doc.name}' stopped: a fault of tripline: ${e instanceof Error ? e.message : String(e)}`;
  return { file: rule.file, results: [], problems: [error('test-worker', message, { file: rule.file })] };
}

function run(task: WorkerTask): void {
  const loaded = loadProject(task.root, { env: task.env, paths: task.files });
  if (!loaded.project) return post({ failed: 'its test worker could not load the project', problems: loaded.configProblems });
  const project = loaded.project;
  const grep = task.grep ? new RegExp(task.grep.source, task.grep.flags) : undefined;
  const session = new TestSession(project);
  for (const rule of project.rules) {
    let report: ClonedReport;
    try {
      report = cloned(runRuleTests(project, rule, { requireFiringAndQuiet: task.requireFiringAndQuiet, grep }, session));
    } catch (e) {
      report = faulted(rule, e);
    }
    post({ report });
  }
  post({ done: true });
}

run(workerData as WorkerTask);
