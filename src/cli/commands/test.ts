import { Command, Option } from 'commander';
import { writeReport } from '../../core/fs.js';
import { hasErrors } from '../../core/problems.js';
import { loadProject } from '../../project/load.js';
import { changedFiles, rulesAffected } from '../../testing/changed.js';
import { formatJson } from '../../testing/report/json.js';
import { formatJunit } from '../../testing/report/junit.js';
import { allPassed } from '../../testing/report/summary.js';
import { formatText } from '../../testing/report/text.js';
import { runProjectTests } from '../../testing/runner.js';
import { ExitCode } from '../exit.js';
import { printProblems } from '../output.js';

const reporters = { text: formatText, json: formatJson, junit: formatJunit };

export function register(program: Command): void {
  program
    .command('test')
    .description("run the rules' test cases on the embedded KQL engine, with Sentinel's scheduling and alerting")
    .argument('[paths...]', 'rule files or folders (default: rules/)')
    .option('--env <name>', 'default environment of the test cases', 'local')
    .addOption(new Option('--reporter <format>', 'report format').choices(['text', 'json', 'junit']).default('text'))
    .option('--out <file>', 'write the report to a file (text is also printed)')
    .option('--changed-since <ref>', 'only rules affected by changes since this git ref')
    .option('--no-require-cases', 'do not require a firing and a non-firing case per rule')
    .action((paths: string[], opts: { env: string; reporter: keyof typeof reporters; out?: string; changedSince?: string; requireCases: boolean }) => {
      const root = process.cwd();
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
      const reports = runProjectTests(loaded.project, rules, { requireFiringAndQuiet: opts.requireCases });
      const report = reporters[opts.reporter](reports);
      if (opts.out) {
        const written = writeReport(opts.out, report);
        if (written) {
          printProblems([written]);
          process.exitCode = ExitCode.Usage;
          return;
        }
        process.stdout.write(formatText(reports));
      } else process.stdout.write(report);
      process.exitCode = allPassed(reports) && !hasErrors(loaded.problems) ? ExitCode.Ok : ExitCode.Failed;
    });
}
