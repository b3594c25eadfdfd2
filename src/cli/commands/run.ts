// `tripline run`: execute KQL on the embedded engine over fixture files, one query or a batch.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ConfigError, error, formatProblem, type Problem } from '../../core/problems.js';
import type { Keep } from '../../fixtures/index.js';
import type { InputTable } from '../../kql/table.js';
import type { TableCatalog } from '../../tables/catalog.js';
import { formatResult } from '../../run/format.js';
import { findRule } from '../../run/rule.js';
import { loadProject } from '../../project/load.js';
import type { Target } from '../../environments/types.js';
import { caseContext, resultName } from '../../testing/report/context.js';
import { formatOutcome } from '../../testing/report/outcome.js';
import { runNamedCase } from '../../testing/runner.js';
import { dataDirSources, keepFor, loadRunTables, runSchemas, tableArgSources, type TableSources } from '../../run/tables.js';
import { compileRunQuery, executeQuery, runCompiled, runWorkspace } from '../../run/query.js';
import { runBatchLines } from '../../run/batch.js';
import { parseIsoDatetime } from '../../fixtures/temporal.js';
import { ExitCode } from '../exit.js';

interface RunOptions {
  rule?: string;
  case?: string;
  target: string;
  env: string;
  file?: string;
  table: string[];
  data?: string;
  now?: string;
  format: string;
  batch?: string;
}

function usage(message: string, file = '<command line>'): never {
  throw new ConfigError([error('usage', message, { file })]);
}

/** --data and --table as table sources; usage errors stop the command, warnings go to stderr. */
function tableSources(opts: RunOptions): TableSources {
  const data = opts.data ? dataDirSources(opts.data) : { sources: new Map<string, string[]>(), problems: [] };
  const problems = [...data.problems, ...tableArgSources(opts.table, data.sources)];
  stopOnErrors(problems);
  return data.sources;
}

/** The tables of `sources`, keeping in memory the columns `keep` names (the others when a query asks). */
function loadTables(sources: TableSources, catalog: TableCatalog, keep?: (table: string) => Keep): Record<string, InputTable> {
  const loaded = loadRunTables(sources, catalog, keep);
  stopOnErrors(loaded.problems);
  return loaded.tables;
}

function stopOnErrors(problems: readonly Problem[]): void {
  if (problems.some((p) => p.severity === 'error')) throw new ConfigError(problems.filter((p) => p.severity === 'error'));
  for (const p of problems) process.stderr.write(formatProblem(p) + '\n');
}

/** The rule as rendered for --env, on one test case's inputs at its now: result rows and alerts. */
function runRule(opts: RunOptions): number {
  const loaded = loadProject(process.cwd(), { env: opts.env });
  if (!loaded.project) throw new ConfigError(loaded.configProblems);
  const found = findRule(loaded.project, opts.rule!);
  if (!found.rule) throw new ConfigError(found.problems);
  const { result, problems } = runNamedCase(loaded.project, found.rule, opts.case, opts.target as Target);
  if (!result) throw new ConfigError(problems);
  // json and csv stay machine-readable on stdout: the header goes to stderr for them.
  const header = `${found.rule.file}, case: ${resultName(result)} [${caseContext(result)}]\n`;
  (opts.format === 'table' ? process.stdout : process.stderr).write(header);
  if (opts.format !== 'table' && result.runs.length === 1) process.stdout.write(formatResult(result.runs[0]!.result, opts.format));
  else process.stdout.write(formatOutcome(result) + '\n');
  for (const p of result.problems) process.stderr.write(formatProblem(p) + '\n');
  return result.problems.some((p) => p.severity === 'error') ? ExitCode.Failed : ExitCode.Ok;
}

function runBatch(opts: RunOptions): number {
  const sources = tableSources(opts);
  const { catalog, schemas } = runSchemas(sources);
  const tables = loadTables(sources, catalog);
  const ws = runWorkspace(process.cwd(), schemas);
  let text: string;
  try {
    text = readFileSync(opts.batch!, 'utf8');
  } catch {
    usage(`--batch ${opts.batch}: cannot read`);
  }
  const { lines, complete } = runBatchLines(text, opts.now ?? new Date(), (kql, now) => executeQuery(kql, now, tables, ws));
  for (const line of lines) process.stdout.write(line + '\n');
  return complete ? ExitCode.Ok : ExitCode.Failed;
}

export function register(program: Command): void {
  program
    .command('run')
    .description('run a KQL query on the embedded engine over fixture files')
    .argument('[query]', 'the KQL query text')
    .option('--file <file>', 'read the query from a file')
    .option('--table <name=path>', 'a table from a JSONL or CSV file (repeatable; files of one table are concatenated)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--data <dir>', 'a folder of <Table>.jsonl|csv, <Table>.<anything>.jsonl|csv or <Table>/*.jsonl|csv files')
    .option('--now <iso>', 'the time now() and ago() use (default: the current time)')
    .option('--format <format>', 'table | json | csv', 'table')
    .option('--batch <in.jsonl>', 'run many queries: lines of {"id","kql","now"?}')
    .option('--rule <rule>', "render a rule (file, file name, id or name) and run it on a test case's inputs at its now")
    .option('--case <name>', 'with --rule: the test case (its name, or a unique part of it; default the first)')
    .option('--target <target>', 'with --rule: run the case as a Sentinel analytics rule (sentinel) or as a Defender custom detection (defender)', 'sentinel')
    .option('--env <name>', 'with --rule: the environment to render for', 'local')
    .addHelpText('after', '\nExamples:\n  tripline run "SigninLogs | summarize count() by UserPrincipalName" --data fixtures/signin --now 2026-03-03T09:30:00Z\n  tripline run --file q.kql --table SigninLogs=export.csv --format json\n  tripline run --rule break-glass-sign-in --case renamed --env example-prod\n  tripline run --rule pim-repeated-failed-activations --case \"minFailedActivations 2\" --target defender\n')
    .action((query: string | undefined, opts: RunOptions) => {
      if (!['table', 'json', 'csv'].includes(opts.format)) usage(`--format ${opts.format}: expected table, json or csv`);
      // Date.parse accepts 'March 3'; --now takes what a test case's `now` takes.
      if (opts.now !== undefined && parseIsoDatetime(opts.now) === undefined) usage(`--now ${opts.now}: not an ISO 8601 time (e.g. 2026-03-02T03:00:00Z)`);
      if (!['sentinel', 'defender'].includes(opts.target)) usage(`--target ${opts.target}: expected sentinel or defender`);
      if (opts.rule) {
        if (query || opts.file || opts.batch) usage('--rule takes no query, --file or --batch: it runs the rule on a test case');
        process.exitCode = runRule(opts);
        return;
      }
      if (opts.case !== undefined) usage('--case needs --rule');
      if (opts.target !== 'sentinel') usage('--target needs --rule');
      if (opts.batch) {
        if (query || opts.file) usage('--batch takes no query');
        process.exitCode = runBatch(opts);
        return;
      }
      let kql = query;
      if (opts.file) {
        if (kql) usage('give either a query or --file, not both');
        try {
          kql = readFileSync(opts.file, 'utf8');
        } catch {
          usage(`--file ${opts.file}: cannot read`);
        }
      }
      if (!kql) usage('a query (or --file, or --batch) is required');
      const sources = tableSources(opts);
      const { catalog, schemas } = runSchemas(sources);
      const ws = runWorkspace(process.cwd(), schemas);
      // Compiled before the data is loaded: only the columns the query reads are kept in memory.
      const compiled = compileRunQuery(kql, ws);
      const { result, error: err, warnings } = compiled.query
        ? runCompiled(compiled.query, kql, opts.now ?? new Date(), loadTables(sources, catalog, keepFor(compiled.query.reads)), ws)
        : { error: compiled.error!, warnings: [], result: undefined };
      for (const p of warnings) process.stderr.write(formatProblem(p) + '\n');
      if (err) {
        process.stderr.write(`${opts.file ?? '<query>'}:${err.line}:${err.column}: error: ${err.message}\n`);
        process.exitCode = ExitCode.Failed;
        return;
      }
      process.stdout.write(formatResult(result!, opts.format));
      process.exitCode = ExitCode.Ok;
    });
}
