// `tripline deploy`: plan, check (saved plan, drift, confirmation), then apply per environment.
import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import { formatProblem } from '../../core/problems.js';
import {
  applyPlan,
  DEFAULT_CONCURRENCY,
  checkSavedPlan,
  closeEmulators,
  driftRefusals,
  formatPlanText,
  pendingCount,
  prepare,
  readSavedPlan,
  summarizeApply,
  type PrepareResult,
} from '../../deploy/index.js';
import { resultLine } from '../../deploy/format/apply.js';
import { selectEnvironments } from '../../environments/load.js';
import { ExitCode } from '../exit.js';
import { exitCodeFor, printErrors, printProblems } from '../output.js';

interface DeployOptions {
  env?: string;
  all?: boolean;
  prune?: boolean;
  force?: boolean;
  yes?: boolean;
  concurrency?: string;
  plan?: string;
}

export function register(program: Command): void {
  program
    .command('deploy')
    .description('apply the plan to each environment: watchlists and workbooks, analytics rules, then automation rules')
    .option('--env <names>', 'environment, or a comma list of environments', 'local')
    .option('--all', 'every environment in environments/')
    .option('--prune', 'delete managed items that are no longer in the repository')
    .option('--force', 'overwrite items changed outside tripline (drift)')
    .option('--yes', 'do not ask for confirmation')
    .option('--concurrency <n>', 'writes in flight at once per workspace')
    .option('--plan <file>', 'apply a plan saved by `plan --out`; refused if the repository or workspace changed since')
    .addHelpText(
      'after',
      '\nExamples:\n  tripline deploy --yes\n  tripline deploy --env test,prod --prune --yes\n  tripline deploy --plan plan.json --yes\n',
    )
    .action(async (opts: DeployOptions) => {
      try {
        process.exitCode = await runDeploy(opts);
      } finally {
        await closeEmulators();
      }
    });
}

async function runDeploy(opts: DeployOptions): Promise<number> {
  const root = process.cwd();
  const concurrency = opts.concurrency === undefined ? undefined : Number(opts.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 32)) {
    process.stderr.write(`tripline deploy: --concurrency must be an integer from 1 to 32, not '${opts.concurrency}'\n`);
    return ExitCode.Usage;
  }
  const saved = opts.plan ? readSavedPlan(opts.plan) : undefined;
  if (saved && !saved.plan) return fail(saved.problems, ExitCode.Usage);
  const names = saved?.plan ? saved.plan.environments.map((e) => e.name) : selectEnvironments(root, opts.env, opts.all === true);
  const prune = saved?.plan ? saved.plan.prune : opts.prune === true;
  const result = await prepare(root, names, { prune });
  printErrors([...result.configProblems, ...result.problems]);
  if (!result.plan) return exitCodeFor(result.configProblems, result.problems) || ExitCode.Failed;
  if (saved?.plan) {
    const check = checkSavedPlan(opts.plan!, saved.plan, result.plan.environments);
    if (check.stale.length) return fail(check.stale, ExitCode.Usage);
    if (check.changed.length) return fail(check.changed, ExitCode.Failed);
  }
  process.stdout.write(formatPlanText(result.plan));
  const refused = result.prepared.flatMap((p) => driftRefusals(p.plan, opts.force === true).map((i) => ({ env: p.name, i })));
  if (refused.length) {
    for (const { env, i } of refused) process.stderr.write(`refused: ${i.type} ${i.name} "${i.label}" in environment '${env}' changed outside tripline since its last deploy; review the drift above, then deploy with --force to overwrite it\n`);
    process.stderr.write('nothing deployed\n');
    return ExitCode.Failed;
  }
  const pending = result.prepared.reduce((n, p) => n + pendingCount(p.plan), 0);
  if (!pending) {
    process.stdout.write('Nothing to deploy.\n');
    return ExitCode.Ok;
  }
  if (!opts.yes) {
    const answer = await confirm(`Deploy ${pending} change${pending === 1 ? '' : 's'} to ${names.map((n) => `'${n}'`).join(', ')}? Type 'yes' to continue: `);
    if (answer === undefined) {
      process.stderr.write('tripline deploy: no terminal to confirm on: review the plan, then run with --yes\n');
      return ExitCode.Usage;
    }
    if (answer !== 'yes') {
      process.stderr.write('deploy cancelled: nothing deployed\n');
      return ExitCode.Failed;
    }
  }
  return apply(result, concurrency, opts.force === true);
}

async function apply(result: PrepareResult, concurrency: number | undefined, force: boolean): Promise<number> {
  let failed = false;
  for (const p of result.prepared) {
    // As within a workspace: after a failed write nothing new starts, here not the next workspace either.
    if (failed) {
      process.stdout.write(`\nenvironment '${p.name}': not started (a write to an earlier environment failed)\n`);
      continue;
    }
    process.stdout.write(`\nDeploying to '${p.name}' (${p.plan.workspace})\n`);
    const r = await applyPlan(p.connection.client, p.connection.workspace, p.plan, p.desired, {
      prune: result.plan!.prune,
      force,
      concurrency: concurrency ?? p.concurrency ?? DEFAULT_CONCURRENCY,
      repository: result.repository,
      graph: p.connection.graph,
      onResult: (x) => process.stdout.write(resultLine(x) + '\n'),
    });
    process.stdout.write(summarizeApply(r));
    if (r.results.some((x) => !x.ok)) failed = true;
  }
  return failed ? ExitCode.Failed : ExitCode.Ok;
}

/** The answer typed on a terminal, or undefined when there is none to ask on. */
async function confirm(question: string): Promise<string | undefined> {
  if (!process.stdin.isTTY) return undefined;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim().toLowerCase();
  } finally {
    rl.close();
  }
}

function fail(problems: Parameters<typeof formatProblem>[0][], code: number): number {
  printProblems(problems);
  return code;
}
