// `tripline record`: rows from an environment's workspace into pseudonymized fixture files.
import type { Command } from 'commander';
import { ConfigError, error, type Problem } from '../../core/problems.js';
import { parseDuration } from '../../core/duration.js';
import { closeEmulators } from '../../deploy/connect.js';
import { openWorkspace } from '../../live/client.js';
import { loadProject } from '../../project/load.js';
import { planRecording } from '../../record/plan.js';
import { record } from '../../record/record.js';
import { ExitCode } from '../exit.js';
import { exitCodeFor, printProblems } from '../output.js';

interface RecordOptions {
  env: string;
  rule?: string;
  table?: string;
  query?: string;
  since: string;
  until?: string;
  out: string;
  rebase?: string;
  pseudonymize: boolean;
}

const MIN_KEY_LENGTH = 16;

function usage(message: string): ConfigError {
  return new ConfigError([error('usage', message, { file: '<command line>' })]);
}

/** The time range and the key, or a usage error (exit 2) before anything is read. */
function checkOptions(opts: RecordOptions, penv: NodeJS.ProcessEnv): { start: Date; end: Date; key?: string; rebase?: Date } {
  if (!opts.rule === !opts.table) throw usage('give either --rule R or --table T');
  if (opts.query && !opts.table) throw usage('--query goes with --table');
  const since = parseDuration(opts.since);
  if (!since || since.ms <= 0) throw usage(`--since ${opts.since}: expected a duration such as 7d or 12h`);
  const end = opts.until ? new Date(opts.until) : new Date();
  if (Number.isNaN(end.getTime())) throw usage(`--until ${opts.until}: not an ISO 8601 time`);
  const rebase = opts.rebase ? new Date(opts.rebase) : undefined;
  if (rebase && Number.isNaN(rebase.getTime())) throw usage(`--rebase ${opts.rebase}: not an ISO 8601 time`);
  const key = penv['TRIPLINE_PSEUDONYM_KEY'];
  if (opts.pseudonymize) {
    if (!key) throw usage('record pseudonymizes with a key from TRIPLINE_PSEUDONYM_KEY (never stored); set it, or pass --no-pseudonymize to record real identifiers');
    if (key.length < MIN_KEY_LENGTH) throw usage(`TRIPLINE_PSEUDONYM_KEY is too short: use at least ${MIN_KEY_LENGTH} random characters`);
  }
  return { start: new Date(end.getTime() - since.ms), end, ...(opts.pseudonymize ? { key: key! } : {}), ...(rebase ? { rebase } : {}) };
}

async function runRecord(opts: RecordOptions): Promise<number> {
  const checked = checkOptions(opts, process.env);
  const root = process.cwd();
  const loaded = loadProject(root, { env: opts.env });
  if (!loaded.project) {
    printProblems(loaded.configProblems);
    return ExitCode.Usage;
  }
  const plan = planRecording(loaded.project, { ...(opts.rule ? { rule: opts.rule } : {}), ...(opts.table ? { table: opts.table } : {}), ...(opts.query ? { query: opts.query } : {}), out: opts.out });
  if (plan.problems.length) {
    printProblems(plan.problems);
    return exitCodeFor([], plan.problems) || ExitCode.Failed;
  }
  const opened = await openWorkspace(loaded.project.env, root);
  if (!opened.workspace) {
    printProblems(opened.problems);
    return ExitCode.Usage;
  }
  const result = await record({
    environment: opts.env,
    workspace: opened.workspace,
    range: { start: checked.start, end: checked.end },
    sources: plan.sources,
    extra: plan.extra,
    ...(checked.key !== undefined ? { key: checked.key } : {}),
    ...(checked.rebase ? { rebase: checked.rebase } : {}),
  });
  for (const w of result.written) process.stdout.write(`wrote ${w.file} (${w.rows} ${w.file.endsWith('.yaml') ? 'values' : 'rows'})\n`);
  if (!checked.key && result.written.length) process.stderr.write('warning: NOT pseudonymized (--no-pseudonymize): these files hold real identifiers; do not commit them\n');
  const problems: Problem[] = result.problems;
  printProblems(problems);
  return exitCodeFor([], problems);
}

export function register(program: Command): void {
  program
    .command('record')
    .description("record a workspace's rows as pseudonymized fixtures: a rule's tables (with its watchlists and parameters) or one table")
    .option('--env <name>', 'environment', 'local')
    .option('--rule <rule>', 'record what this rule reads (id, file stem or name)')
    .option('--table <table>', 'record this table')
    .option('--query <kql>', 'with --table: the query to record instead of all rows')
    .option('--since <duration>', 'how far back', '7d')
    .option('--until <iso>', 'end of the time range (default: now)')
    .requiredOption('--out <file.jsonl>', 'output fixture (one per table, suffixed with the table, when a rule reads several)')
    .option('--rebase <iso>', 'shift every timestamp so that the end of the time range becomes this time')
    .option('--no-pseudonymize', 'record real identifiers (the header says so); without it TRIPLINE_PSEUDONYM_KEY is required')
    .addHelpText(
      'after',
      '\nExamples:\n  TRIPLINE_PSEUDONYM_KEY=... tripline record --env prod --rule break-glass-sign-in --since 7d --out fixtures/signin/last-week.jsonl\n' +
        '  TRIPLINE_PSEUDONYM_KEY=... tripline record --env prod --table AuditLogs --query "AuditLogs | where Category == \'RoleManagement\'" --out fixtures/audit/roles.jsonl --rebase 2026-03-02T00:00:00Z\n',
    )
    .action(async (opts: RecordOptions) => {
      try {
        process.exitCode = await runRecord(opts);
      } finally {
        await closeEmulators();
      }
    });
}
