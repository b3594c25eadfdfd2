import { Command, Option } from 'commander';
import { writeReport } from '../../core/fs.js';
import { ConfigError, error, hasErrors } from '../../core/problems.js';
import { loadProject, ruleFiles } from '../../project/load.js';
import { changedFiles, rulesAffected } from '../../testing/changed.js';
import { formatHtml } from '../../testing/report/html.js';
import { formatJson } from '../../testing/report/json.js';
import { formatJunit } from '../../testing/report/junit.js';
import { allPassed } from '../../testing/report/summary.js';
import { formatText } from '../../testing/report/text.js';
import type { Jobs } from '../../testing/jobs.js';
import { jobsOption } from '../jobs-option.js';
import { runTestsInParallel, type ParallelOptions } from '../../testing/parallel.js';
import { unreadableReports, untestedReports, type RuleTestReport, type TestRunOptions } from '../../testing/runner.js';
import { formatDifferences } from '../../testing/engines/format.js';
import { kustoBackend } from '../../testing/engines/kusto-client.js';
import { runOnEngine } from '../../testing/engines/run.js';
import type { Project } from '../../project/load.js';
import type { RuleDefinition } from '../../rules/types.js';
import { ExitCode } from '../exit.js';
import { printProblems } from '../output.js';

const reporters = { text: formatText, json: formatJson, junit: formatJunit, html: formatHtml };

interface TestOptions {
  env: string;
  reporter: keyof typeof reporters;
  out?: string;
  changedSince?: string;
  requireCases: boolean;
  grep?: string;
  verbose?: boolean;
  bail?: boolean;
  engine: 'embedded' | 'adx';
  cluster?: string;
  database?: string;
  compare?: boolean;
  jobs: Jobs;
}

/** --engine adx needs a cluster URL and a database; --compare needs --engine adx. */
function checkEngineOptions(opts: TestOptions): void {
  const usage = (message: string): never => {
    throw new ConfigError([error('usage', message, { file: '<command line>' })]);
  };
  if (opts.engine !== 'adx') {
    if (opts.compare || opts.cluster || opts.database) usage('--compare, --cluster and --database go with --engine adx');
    return;
  }
  if (!opts.cluster || !opts.database) usage('--engine adx needs --cluster URL and --database NAME');
  let url: URL | undefined;
  try {
    url = new URL(opts.cluster!);
  } catch {
    usage(`--cluster ${opts.cluster}: not a URL (e.g. https://mycluster.westeurope.kusto.windows.net)`);
  }
  if (url!.protocol !== 'https:' && url!.protocol !== 'http:') usage(`--cluster ${opts.cluster}: not an http(s) URL`);
}

/** The cases on the real Kusto engine; with --compare, the runs whose results differ are printed too. */
async function runOnKusto(project: Project, rules: RuleDefinition[], options: TestRunOptions, opts: TestOptions): Promise<{ reports: RuleTestReport[]; differ: boolean }> {
  const token = process.env['TRIPLINE_KUSTO_TOKEN'];
  const backend = kustoBackend({ cluster: opts.cluster!, database: opts.database!, ...(token ? { token } : {}) });
  try {
    const run = await runOnEngine(project, rules, options, backend, opts.compare ?? false);
    process.stderr.write(`${run.queries} quer${run.queries === 1 ? 'y' : 'ies'} sent to ${backend.name}\n`);
    if (opts.compare) process.stdout.write(formatDifferences(run.differences, backend.name));
    return { reports: run.reports, differ: run.differences.length > 0 };
  } finally {
    backend.close();
  }
}

/** The cases on the embedded engine; when they ran on worker threads, stderr says how many. */
async function embeddedRun(project: Project, rules: RuleDefinition[], options: ParallelOptions): Promise<RuleTestReport[]> {
  const run = await runTestsInParallel(project, rules, options);
  if (run.workers) process.stderr.write(`cases ran on ${run.workers} worker threads (--jobs ${options.jobs}; --jobs 1 runs them in this process)\n`);
  return run.reports;
}

/** --grep is a case-insensitive regular expression; one that does not compile is a usage error. */
function grepPattern(text: string | undefined): RegExp | undefined {
  if (text === undefined) return undefined;
  try {
    return new RegExp(text, 'i');
  } catch (e) {
    throw new ConfigError([error('usage', `--grep ${text}: not a regular expression (${(e as Error).message})`, { file: '<command line>' })]);
  }
}

export function register(program: Command): void {
  program
    .command('test')
    .description("run the rules' test cases on the embedded KQL engine, with Sentinel's scheduling and alerting")
    .argument('[paths...]', 'rule files or folders (default: rules/)')
    .option('--env <name>', 'default environment of the test cases', 'local')
    .addOption(new Option('--reporter <format>', 'report format').choices(['text', 'json', 'junit', 'html']).default('text'))
    .option('--out <file>', 'write the report to a file (text is also printed)')
    .option('--changed-since <ref>', 'only rules affected by changes since this git ref')
    .option('--no-require-cases', 'do not require a firing and a non-firing case per rule')
    .option('--grep <pattern>', 'only the cases whose name matches (a case-insensitive regular expression)')
    .option('--verbose', "print every case's result rows and alerts, passing ones too")
    .option('--bail', 'stop at the first failing case')
    .addOption(jobsOption())
    .addOption(new Option('--engine <engine>', 'where the queries run: the embedded engine, or Azure Data Explorer / the Kusto emulator').choices(['embedded', 'adx']).default('embedded'))
    .option('--cluster <url>', 'with --engine adx: the cluster URL (sign-in: TRIPLINE_KUSTO_TOKEN, else DefaultAzureCredential; none for http://localhost)')
    .option('--database <name>', 'with --engine adx: the database the queries run in (fixtures are sent inline)')
    .option('--compare', 'with --engine adx: also run on the embedded engine and report every case whose results differ')
    .addHelpText('after', '\nExamples:\n  tripline test\n  tripline test rules/break-glass-sign-in.yaml --grep renamed --verbose\n  tripline test --env example-prod --reporter junit --out test-results.xml\n  tripline test --reporter html --out test-report.html\n  tripline test --engine adx --cluster http://localhost:8080 --database NetDefaultDB --compare\n')
    .action(async (paths: string[], opts: TestOptions) => {
      const root = process.cwd();
      const grep = grepPattern(opts.grep);
      checkEngineOptions(opts);
      const loaded = loadProject(root, { env: opts.env, paths });
      if (!loaded.project) {
        printProblems(loaded.configProblems);
        process.exitCode = ExitCode.Usage;
        return;
      }
      printProblems(loaded.problems);
      let rules = loaded.project.rules;
      if (opts.changedSince) {
        const changed = changedFiles(root, opts.changedSince);
        if (!changed.files) {
          printProblems(changed.problems);
          process.exitCode = ExitCode.Usage;
          return;
        }
        rules = rulesAffected(loaded.project, rules, changed.files);
        process.stderr.write(`${rules.length} of ${loaded.project.rules.length} rules affected by changes since ${opts.changedSince}\n`);
      }
      const runOptions: TestRunOptions = { requireFiringAndQuiet: opts.requireCases, grep, bail: opts.bail };
      const kusto = opts.engine === 'adx' ? await runOnKusto(loaded.project, rules, runOptions, opts) : undefined;
      const tested = kusto?.reports ?? (await embeddedRun(loaded.project, rules, { ...runOptions, jobs: opts.jobs }));
      if (grep && !tested.some((r) => r.results.length)) {
        printProblems([error('test-grep', `no test case name matches --grep ${opts.grep}`, { file: '<command line>' })]);
        process.exitCode = ExitCode.Failed;
        return;
      }
      const parsed = new Set([...loaded.project.rules, ...(loaded.project.flawed ?? [])].map((r) => r.file));
      const unreadable = ruleFiles(root, paths.length ? paths : undefined).files.map(([, file]) => file).filter((f) => !parsed.has(f));
      const reports = [...unreadableReports(unreadable), ...untestedReports(loaded.project.flawed ?? []), ...tested];
      const text = formatText(reports, { verbose: opts.verbose });
      const report = opts.reporter === 'text' ? text : reporters[opts.reporter](reports);
      if (opts.out) {
        const written = writeReport(opts.out, report);
        if (written) {
          printProblems([written]);
          process.exitCode = ExitCode.Usage;
          return;
        }
        process.stdout.write(text);
      } else process.stdout.write(report);
      process.exitCode = allPassed(reports) && !hasErrors(loaded.problems) && !kusto?.differ ? ExitCode.Ok : ExitCode.Failed;
    });
}
