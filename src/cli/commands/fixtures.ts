// `tripline fixtures import FILE --table T --out F.jsonl`: a Log Analytics export to a clean fixture.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { Command } from 'commander';
import { error, formatProblem, hasErrors, sortProblems, type Problem } from '../../core/problems.js';
import { formatJsonLines, importPortalExport } from '../../fixtures/import.js';
import { loadFixtureFile, readText } from '../../fixtures/load.js';
import { unknownTableProblem } from '../../fixtures/rows.js';
import { loadConfig } from '../../kql/schema/config.js';
import { tableCatalog, type TableCatalog } from '../../tables/catalog.js';
import { ExitCode } from '../exit.js';

export interface FixturesImportOptions {
  file: string;
  table: string;
  out: string;
}

export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: CommandIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

function print(io: CommandIo, problems: readonly Problem[]): void {
  for (const p of sortProblems(problems)) io.stderr(formatProblem(p) + '\n');
}

/** The command as a function, so tests run it in-process; returns the exit code. */
export function runFixturesImport(
  opts: FixturesImportOptions,
  io: CommandIo = processIo,
  catalog: TableCatalog = tableCatalog(),
): number {
  const usage: Problem[] = [];
  if (!catalog.table(opts.table)) usage.push(unknownTableProblem(opts.table, catalog, { file: opts.file }));
  if (extname(opts.out).toLowerCase() !== '.jsonl') {
    usage.push(error('usage', `--out ${opts.out}: the fixture is written as JSON Lines; name it *.jsonl`, { file: opts.out }));
  }
  const read = readText(opts.file, opts.file);
  usage.push(...read.problems);
  if (usage.length || read.text === undefined) {
    print(io, usage);
    return ExitCode.Usage;
  }

  const result = importPortalExport(read.text, opts.table, catalog, opts.file);
  for (const n of result.notes) io.stderr(`${opts.file}: note: ${n}\n`);
  print(io, result.problems);
  if (hasErrors(result.problems)) {
    io.stderr(`nothing written to ${opts.out}: fix the errors above\n`);
    return ExitCode.Failed;
  }

  // Written beside the target and renamed into place, after checking the file loads back cleanly, so an
  // interrupted or failed import never leaves a partial fixture behind.
  mkdirSync(dirname(opts.out) || '.', { recursive: true });
  const tmp = join(dirname(opts.out), `.${basename(opts.out)}.${process.pid}.tmp.jsonl`);
  try {
    writeFileSync(tmp, formatJsonLines(result.rows));
    const check = loadFixtureFile(tmp, opts.table, catalog, opts.out);
    if (hasErrors(check.problems)) {
      print(io, check.problems);
      io.stderr(`nothing written to ${opts.out}: the imported rows do not load back (a tripline bug; please report it)\n`);
      return ExitCode.Failed;
    }
    renameSync(tmp, opts.out);
  } finally {
    rmSync(tmp, { force: true });
  }
  io.stdout(`imported ${result.rows.length} ${opts.table} row${result.rows.length === 1 ? '' : 's'} into ${opts.out}\n`);
  io.stderr(`${opts.out}: note: recorded data must be pseudonymized before it is committed\n`);
  return ExitCode.Ok;
}

export function register(program: Command): void {
  const fixtures = program
    .command('fixtures')
    .description('log fixtures for rule tests')
    .addHelpText('after', '\nExamples:\n  tripline fixtures import query_data.csv --table SigninLogs --out fixtures/signin/my-case.jsonl\n  tripline fixtures import export.jsonl --table AuditLogs --out fixtures/audit/my-case.jsonl\n');
  fixtures
    .command('import')
    .description('turn a Log Analytics export (portal CSV, JSON Lines) into a clean JSON Lines fixture')
    .argument('<file>', 'the export')
    .requiredOption('--table <name>', 'the table the rows belong to, e.g. SigninLogs')
    .requiredOption('--out <file.jsonl>', 'the fixture to write')
    .addHelpText('after', '\nExamples:\n  tripline fixtures import query_data.csv --table SigninLogs --out fixtures/signin/my-case.jsonl\n  tripline fixtures import export.jsonl --table AuditLogs --out fixtures/audit/my-case.jsonl\n')
    .action((file: string, opts: { table: string; out: string }) => {
      // Custom tables (`*_CL`) come from tripline.config.yaml, as for validate and test.
      const { config, problems } = loadConfig(process.cwd());
      if (hasErrors(problems)) {
        print(processIo, problems);
        process.exitCode = ExitCode.Usage;
        return;
      }
      process.exitCode = runFixturesImport({ file, table: opts.table, out: opts.out }, processIo, tableCatalog(config.customTables));
    });
}
