// `tripline check`: the rules against an environment's real data (--live) and the deployed rules'
// health (--health), before and after a deploy.
import { Command, Option } from 'commander';
import { ConfigError, error } from '../../core/problems.js';
import { parseDuration } from '../../core/duration.js';
import { closeEmulators } from '../../deploy/connect.js';
import { openWorkspace } from '../../live/client.js';
import { formatMarkdown, formatText } from '../../live-check/format.js';
import { failed, liveCheck } from '../../live-check/run.js';
import { loadProject } from '../../project/load.js';
import { ExitCode } from '../exit.js';
import { printProblems } from '../output.js';

interface CheckOptions {
  env: string;
  live?: boolean;
  health?: boolean;
  since: string;
  until?: string;
  rule?: string;
  format: 'text' | 'json' | 'markdown';
  maxAlertsPerDay: string;
  maxRuns: string;
}

function usage(message: string): ConfigError {
  return new ConfigError([error('usage', message, { file: '<command line>' })]);
}

function positive(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw usage(`${name} ${v}: expected a positive number`);
  return n;
}

async function runCheck(opts: CheckOptions): Promise<number> {
  if (!opts.live && !opts.health) throw usage('check needs --live (replay the rules on the workspace) and/or --health (SentinelHealth)');
  const since = parseDuration(opts.since);
  if (!since || since.ms <= 0) throw usage(`--since ${opts.since}: expected a duration such as 14d`);
  const end = opts.until ? new Date(opts.until) : new Date();
  if (Number.isNaN(end.getTime())) throw usage(`--until ${opts.until}: not an ISO 8601 time`);
  const root = process.cwd();
  const loaded = loadProject(root, { env: opts.env });
  if (!loaded.project) {
    printProblems(loaded.configProblems);
    return ExitCode.Usage;
  }
  if (opts.rule && !loaded.project.rules.some((r) => [r.doc.id, r.stem, r.doc.name].includes(opts.rule!))) throw usage(`--rule ${opts.rule}: no such rule`);
  const opened = await openWorkspace(loaded.project.env, root);
  if (!opened.workspace) {
    printProblems(opened.problems);
    return ExitCode.Usage;
  }
  const report = await liveCheck(loaded.project, opened.workspace, {
    period: { start: new Date(end.getTime() - since.ms), end },
    ...(opts.rule ? { rule: opts.rule } : {}),
    live: opts.live === true,
    health: opts.health === true,
    maxAlertsPerDay: positive('--max-alerts-per-day', opts.maxAlertsPerDay),
    maxRuns: positive('--max-runs', opts.maxRuns),
  });
  const text = opts.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : opts.format === 'markdown' ? formatMarkdown(report) : formatText(report);
  process.stdout.write(text);
  return failed(report) ? ExitCode.Failed : ExitCode.Ok;
}

export function register(program: Command): void {
  program
    .command('check')
    .description("replay the rules on a workspace's data as their schedules would (--live) and read the deployed rules' health (--health)")
    .option('--env <name>', 'environment', 'local')
    .option('--live', 'run each rule over the period, window by window')
    .option('--health', 'failed runs and auto-disables of the deployed rules from SentinelHealth')
    .option('--since <duration>', 'the period, back from --until', '14d')
    .option('--until <iso>', 'end of the period (default: now)')
    .option('--rule <rule>', 'only this rule (id, file stem or name)')
    .option('--max-alerts-per-day <n>', 'average alerts per day above which a rule fires too often', '20')
    .option('--max-runs <n>', 'runs per rule at most', '5000')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .addHelpText('after', '\nExamples:\n  tripline check --env prod --live --since 14d\n  tripline check --env prod --live --rule break-glass-sign-in --format markdown\n  tripline check --env prod --health\n')
    .action(async (opts: CheckOptions) => {
      try {
        process.exitCode = await runCheck(opts);
      } finally {
        await closeEmulators();
      }
    });
}
