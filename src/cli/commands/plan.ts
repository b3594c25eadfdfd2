// `tripline plan`: what deploy would change in each environment's workspace, without writing.
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { closeEmulators, formatPlanMarkdown, formatPlanText, pendingCount, prepare, type Plan } from '../../deploy/index.js';
import { selectEnvironments } from '../../environments/load.js';
import { ExitCode } from '../exit.js';
import { exitCodeFor, printErrors } from '../output.js';

interface PlanOptions {
  env?: string;
  all?: boolean;
  prune?: boolean;
  detailedExitcode?: boolean;
  out?: string;
  format: 'text' | 'json' | 'markdown';
}

export function register(program: Command): void {
  program
    .command('plan')
    .description('show what deploy would create, update, adopt or delete, and what drifted, per environment')
    .option('--env <names>', 'environment, or a comma list of environments', 'local')
    .option('--all', 'every environment in environments/')
    .option('--prune', 'make deletes of managed items no longer in the repository pending')
    .option('--detailed-exitcode', 'exit 0 when nothing is pending, 2 when changes are pending, 1 on any error')
    .option('--out <file>', 'save the plan (JSON) for `deploy --plan`')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .addHelpText(
      'after',
      '\nExamples:\n  tripline plan\n  tripline plan --env prod --format markdown > plan.md\n  tripline plan --env prod --prune --detailed-exitcode --out plan.json\n',
    )
    .action(async (opts: PlanOptions) => {
      try {
        process.exitCode = await runPlan(opts);
      } finally {
        await closeEmulators();
      }
    });
}

async function runPlan(opts: PlanOptions): Promise<number> {
  const root = process.cwd();
  const result = await prepare(root, selectEnvironments(root, opts.env, opts.all === true), { prune: opts.prune === true });
  printErrors([...result.configProblems, ...result.problems]);
  if (!result.plan) {
    const code = exitCodeFor(result.configProblems, result.problems);
    return opts.detailedExitcode ? ExitCode.Failed : code === ExitCode.Ok ? ExitCode.Failed : code;
  }
  process.stdout.write(render(result.plan, opts.format));
  if (opts.out) writeFileSync(opts.out, JSON.stringify(result.plan, null, 2) + '\n');
  const pending = result.plan.environments.reduce((n, e) => n + pendingCount(e), 0);
  return opts.detailedExitcode && pending ? 2 : ExitCode.Ok;
}

function render(plan: Plan, format: PlanOptions['format']): string {
  if (format === 'json') return JSON.stringify(plan, null, 2) + '\n';
  if (format === 'markdown') return formatPlanMarkdown(plan);
  return formatPlanText(plan);
}
