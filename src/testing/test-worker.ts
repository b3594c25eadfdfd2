// A worker thread of `tripline test --jobs N`: loads the project for its share of the rule files (and so
// Kusto.Language once), runs their cases as the serial runner does, and posts the reports back.
import { parentPort, workerData } from 'node:worker_threads';
import { loadProject } from '../project/load.js';
import { runProjectTests } from './runner.js';
import { caseKey, type ClonedReport, type WorkerReply, type WorkerTask } from './worker-protocol.js';

function run(task: WorkerTask): WorkerReply {
  const loaded = loadProject(task.root, { env: task.env, paths: task.files });
  if (!loaded.project) return { failed: 'its test worker could not load the project', problems: loaded.configProblems };
  const grep = task.grep ? new RegExp(task.grep.source, task.grep.flags) : undefined;
  const reports = runProjectTests(loaded.project, loaded.project.rules, { requireFiringAndQuiet: task.requireFiringAndQuiet, grep });
  return {
    reports: reports.map(
      (r): ClonedReport => ({
        file: r.rule.file,
        problems: r.problems,
        results: r.results.map(({ case: tc, ...rest }) => ({ ...rest, caseKey: caseKey(tc) })),
      }),
    ),
  };
}

parentPort!.postMessage(run(workerData as WorkerTask));
