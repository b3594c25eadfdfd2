// `tripline run`: execute KQL on the embedded engine over fixture files, one query or a batch.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ConfigError, error, formatProblem } from '../../core/problems.js';
import { compileQuery, type KqlError } from '../../kql/engine/index.js';
import type { ColumnSchema, DataTable, WireValue } from '../../kql/table.js';
import { createSchemaContext } from '../../kql/schema/context.js';
import { buildGlobals, referencedNames } from '../../kql/schema/globals.js';
import { formatResult } from '../../run/format.js';
import { findRule } from '../../run/rule.js';
import { loadProject } from '../../project/load.js';
import { caseContext } from '../../testing/report/context.js';
import { formatOutcome } from '../../testing/report/outcome.js';
import { runNamedCase } from '../../testing/runner.js';
import { dataDirSources, emptyTableWarnings, loadRunTables, tableArgSources } from '../../run/tables.js';
import type { SchemaContext } from '../../kql/schema/types.js';
import { loadWatchlists } from '../../watchlists/load.js';
import { watchlistTables } from '../../watchlists/table.js';
import { parseIsoDatetime } from '../../fixtures/temporal.js';
import { ExitCode } from '../exit.js';

interface RunOptions {
  rule?: string;
  case?: string;
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

/** --data and --table as tables; usage errors stop the command, warnings go to stderr. */
function loadTables(opts: RunOptions): { tables: Record<string, DataTable>; schemas: Record<string, ColumnSchema[]> } {
  const data = opts.data ? dataDirSources(opts.data) : { sources: new Map<string, string[]>(), problems: [] };
  const problems = [...data.problems, ...tableArgSources(opts.table, data.sources)];
  const loaded = problems.some((p) => p.severity === 'error') ? undefined : loadRunTables(data.sources);
  problems.push(...(loaded?.problems ?? []));
  if (problems.some((p) => p.severity === 'error')) throw new ConfigError(problems.filter((p) => p.severity === 'error'));
  for (const p of problems) process.stderr.write(formatProblem(p) + '\n');
  return { tables: loaded!.tables, schemas: loaded!.schemas };
}

/**
 * What a query run from the command line can refer to: every catalog table (the fixtures' schemas for
 * tables the catalog lacks) and, inside a tripline repository, its watchlists through `_GetWatchlist`.
 */
function workspace(schemas: Record<string, ColumnSchema[]>): { ctx: SchemaContext; watchlists: Map<string, DataTable> } {
  const { watchlists } = loadWatchlists(process.cwd());
  return {
    ctx: createSchemaContext({ customTables: schemas, watchlists: new Map(watchlists.map((w) => [w.alias, w.columns])) }),
    watchlists: watchlistTables(watchlists),
  };
}

function execute(
  kql: string,
  now: string | Date,
  tables: Record<string, DataTable>,
  ws: { ctx: SchemaContext; watchlists: Map<string, DataTable> },
  warnEmpty = false,
): { result?: DataTable; error?: KqlError } {
  const { query, errors } = compileQuery(kql, { globals: buildGlobals(kql, ws.ctx) });
  if (!query) return { error: errors[0]! };
  if (warnEmpty) for (const p of emptyTableWarnings(referencedNames(kql, ws.ctx).tables, tables)) process.stderr.write(formatProblem(p) + '\n');
  const functions = { _GetWatchlist: (args: WireValue[]) => ws.watchlists.get(String(args[0] ?? '').toLowerCase()) ?? { columns: [], rows: [] } };
  try {
    return { result: query.run({ tables, now, functions }) };
  } catch (e) {
    const k = e as Partial<KqlError> & Error;
    return { error: { message: k.message, line: k.line ?? 1, column: k.column ?? 1, offset: k.offset ?? 0 } };
  }
}

/** The rule as rendered for --env, on one test case's inputs at its now: result rows and alerts. */
function runRule(opts: RunOptions): number {
  const loaded = loadProject(process.cwd(), { env: opts.env });
  if (!loaded.project) throw new ConfigError(loaded.configProblems);
  const found = findRule(loaded.project, opts.rule!);
  if (!found.rule) throw new ConfigError(found.problems);
  const { result, problems } = runNamedCase(loaded.project, found.rule, opts.case);
  if (!result) throw new ConfigError(problems);
  // json and csv stay machine-readable on stdout: the header goes to stderr for them.
  const header = `${found.rule.file}, case: ${result.case.name} [${caseContext(result)}]\n`;
  (opts.format === 'table' ? process.stdout : process.stderr).write(header);
  if (opts.format !== 'table' && result.runs.length === 1) process.stdout.write(formatResult(result.runs[0]!.result, opts.format));
  else process.stdout.write(formatOutcome(result) + '\n');
  for (const p of result.problems) process.stderr.write(formatProblem(p) + '\n');
  return result.problems.some((p) => p.severity === 'error') ? ExitCode.Failed : ExitCode.Ok;
}

function runBatch(opts: RunOptions): number {
  const { tables, schemas } = loadTables(opts);
  const ws = workspace(schemas);
  let text: string;
  try {
    text = readFileSync(opts.batch!, 'utf8');
  } catch {
    usage(`--batch ${opts.batch}: cannot read`);
  }
  const lines = text.split('\n');
  let inputs = 0;
  let outputs = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    inputs++;
    let item: { id?: unknown; kql?: unknown; now?: unknown };
    try {
      item = JSON.parse(line) as typeof item;
    } catch (e) {
      process.stdout.write(JSON.stringify({ id: null, error: { message: `line ${i + 1}: invalid JSON: ${(e as Error).message}`, line: 1, column: 1 } }) + '\n');
      outputs++;
      continue;
    }
    const id = (item.id ?? null) as WireValue;
    if (typeof item.kql !== 'string') {
      process.stdout.write(JSON.stringify({ id, error: { message: 'missing "kql"', line: 1, column: 1 } }) + '\n');
      outputs++;
      continue;
    }
    const now = typeof item.now === 'string' ? item.now : opts.now ?? new Date();
    let out: string;
    try {
      const { result, error: err } = execute(item.kql, now, tables, ws);
      out = err
        ? JSON.stringify({ id, error: { message: err.message, line: err.line, column: err.column } })
        : JSON.stringify({ id, columns: result!.columns, rows: result!.rows });
    } catch (e) {
      out = JSON.stringify({ id, error: { message: (e as Error).message, line: 1, column: 1 } });
    }
    process.stdout.write(out + '\n');
    outputs++;
  }
  return outputs === inputs ? ExitCode.Ok : ExitCode.Failed;
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
    .option('--env <name>', 'with --rule: the environment to render for', 'local')
    .addHelpText('after', '\nExamples:\n  tripline run "SigninLogs | summarize count() by UserPrincipalName" --data fixtures/signin --now 2026-03-03T09:30:00Z\n  tripline run --file q.kql --table SigninLogs=export.csv --format json\n  tripline run --rule break-glass-sign-in --case renamed --env example-prod\n')
    .action((query: string | undefined, opts: RunOptions) => {
      if (!['table', 'json', 'csv'].includes(opts.format)) usage(`--format ${opts.format}: expected table, json or csv`);
      // Date.parse accepts 'March 3'; --now takes what a test case's `now` takes.
      if (opts.now !== undefined && parseIsoDatetime(opts.now) === undefined) usage(`--now ${opts.now}: not an ISO 8601 time (e.g. 2026-03-02T03:00:00Z)`);
      if (opts.rule) {
        if (query || opts.file || opts.batch) usage('--rule takes no query, --file or --batch: it runs the rule on a test case');
        process.exitCode = runRule(opts);
        return;
      }
      if (opts.case !== undefined) usage('--case needs --rule');
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
      const { tables, schemas } = loadTables(opts);
      const { result, error: err } = execute(kql, opts.now ?? new Date(), tables, workspace(schemas), true);
      if (err) {
        process.stderr.write(`${opts.file ?? '<query>'}:${err.line}:${err.column}: error: ${err.message}\n`);
        process.exitCode = ExitCode.Failed;
        return;
      }
      process.stdout.write(formatResult(result!, opts.format));
      process.exitCode = ExitCode.Ok;
    });
}
