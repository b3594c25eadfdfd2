// `tripline ci` (what `npm start` runs): the whole pipeline on the repository's content — load, render
// for the environment, analyze against the table schemas, run every rule's tests — with one summary at
// the end; for an emulator environment (the default `local`) it then plans and deploys, so a new user
// sees every stage without Azure. Real workspaces are deployed only by `tripline deploy`. Exit 1 when
// any stage found an error.
import { Command } from 'commander';
import { hasErrors } from '../../core/problems.js';
import { validateProject, type ValidationResult } from '../../pipeline/validate.js';
import { allPassed, summarize } from '../../testing/report/summary.js';
import { formatText } from '../../testing/report/text.js';
import type { Jobs } from '../../testing/jobs.js';
import { runTestsInParallel } from '../../testing/parallel.js';
import { applyPlan, closeEmulators, DEFAULT_CONCURRENCY, formatPlanText, pendingCount, prepare, summarizeApply } from '../../deploy/index.js';
import { ExitCode } from '../exit.js';
import { jobsOption } from '../jobs-option.js';
import { exitCodeFor, plural, printProblems } from '../output.js';

export function register(program: Command): void {
  program
    .command('ci')
    .description('validate, render and test every rule for an environment (the main CI job); an emulator environment is then planned and deployed')
    .option('--env <name>', 'environment', 'local')
    .addOption(jobsOption())
    .addHelpText('after', '\nExamples:\n  tripline ci\n  tripline ci --env example-prod\n  tripline ci --jobs 1\n')
    .action(async (opts: { env: string; jobs: Jobs }) => {
      const result = validateProject(process.cwd(), { env: opts.env });
      const all = [...result.configProblems, ...result.problems];
      printProblems(all);
      const out = process.stdout;
      if (!result.project) {
        process.exitCode = exitCodeFor(result.configProblems, result.problems);
        return;
      }
      const failing = new Set(all.filter((p) => p.severity === 'error').map((p) => p.file));
      out.write(`validate: environment '${opts.env}' (${result.project.env.file})\n`);
      for (const r of result.rendered) {
        const d = r.rule.doc;
        out.write(`  ${failing.has(r.rule.file) ? 'FAIL' : 'ok  '} ${r.rule.file}  ${d.kind} ${d.severity}  ${d.name}\n`);
      }
      const errors = all.filter((p) => p.severity === 'error').length;
      const warnings = all.filter((p) => p.severity === 'warning').length;
      out.write(
        `${plural(result.project.rules.length, 'rule')} loaded, ${result.rendered.length} rendered and analyzed, ` +
          `${plural(result.project.watchlists.length, 'watchlist')}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n\n`,
      );
      // Rules with validation errors are not tested: their failures would only repeat those errors.
      const valid = result.project.rules.filter((r) => !failing.has(r.file));
      const { reports, workers } = await runTestsInParallel(result.project, valid, { jobs: opts.jobs });
      out.write(`test:${workers ? ` (on ${plural(workers, 'worker thread')})` : ''}\n` + formatText(reports));
      const s = summarize(reports);
      const passed = !errors && allPassed(reports);
      const deployed = passed && result.project.env.emulator ? await deployToEmulator(opts.env, result) : undefined;
      out.write(
        `\ntripline ci: ${errors ? 'validation failed' : 'validation passed'}, tests ${s.passed} passed, ${s.failed} failed${s.errors ? `, ${s.errors} errors` : ''}` +
          `${deployed === undefined ? '' : deployed ? ', deployed to the emulator' : ', deploy failed'}\n`,
      );
      process.exitCode = hasErrors(result.configProblems) ? ExitCode.Usage : !passed || deployed === false ? ExitCode.Failed : ExitCode.Ok;
    });
}

/** plan, then deploy with --prune: the emulator workspace is this repository's own, so it mirrors it exactly. */
async function deployToEmulator(env: string, validated: ValidationResult): Promise<boolean> {
  const out = process.stdout;
  try {
    const r = await prepare(process.cwd(), [env], { prune: true, validated: new Map([[env, validated]]) });
    printProblems([...r.configProblems, ...r.problems]);
    if (!r.plan) return false;
    out.write('\nplan:\n' + formatPlanText(r.plan));
    let ok = true;
    for (const p of r.prepared) {
      if (!pendingCount(p.plan)) continue;
      const applied = await applyPlan(p.connection.client, p.connection.workspace, p.plan, p.desired, { prune: true, force: true, concurrency: DEFAULT_CONCURRENCY, repository: r.repository, graph: p.connection.graph });
      out.write('deploy:\n' + summarizeApply(applied));
      ok &&= applied.results.every((x) => x.ok);
    }
    return ok;
  } finally {
    await closeEmulators();
  }
}
