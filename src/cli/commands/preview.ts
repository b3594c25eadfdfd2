import { Command } from 'commander';
import { hasErrors } from '../../core/problems.js';
import { buildPreview, checkOutPath, loadPreviewData, writeReport } from '../../preview/index.js';
import { loadProject } from '../../project/load.js';
import { ExitCode } from '../exit.js';
import { plural, printProblems } from '../output.js';

export function register(program: Command): void {
  program
    .command('preview')
    .description('render the workbooks over recorded rows (default: the demo week in fixtures/demo) into one offline HTML page')
    .option('--env <name>', 'environment', 'local')
    .option('--data <dir>', 'folder of <Table>.jsonl|csv files (as for `run --data`)')
    .requiredOption('--out <file>', 'the HTML file to write')
    .addHelpText('after', '\nExamples:\n  tripline preview --out report.html\n  tripline preview --env example-prod --data recorded/ --out report.html\n')
    .action(async (opts: { env: string; data?: string; out: string }) => {
      const loaded = loadProject(process.cwd(), { env: opts.env });
      const data = loaded.project ? loadPreviewData(process.cwd(), opts.data) : undefined;
      const usage = [...loaded.configProblems, ...(data?.problems ?? []), ...checkOutPath(opts.out)];
      if (!loaded.project || !data || hasErrors(usage)) {
        printProblems(usage);
        process.stderr.write(`nothing written to ${opts.out}\n`);
        process.exitCode = ExitCode.Usage;
        return;
      }
      const preview = await buildPreview(loaded.project, data);
      const rendered = preview.panels.length > 0 || loaded.project.workbooks.length === 0;
      printProblems(preview.problems);
      if (!rendered && hasErrors(preview.problems)) {
        process.stderr.write(`nothing written to ${opts.out}: fix the errors above\n`);
        process.exitCode = ExitCode.Failed;
        return;
      }
      const writeProblems = writeReport(opts.out, preview.html);
      if (writeProblems.length) {
        printProblems(writeProblems);
        process.exitCode = ExitCode.Usage;
        return;
      }
      const failed = preview.panels.filter((p) => p.error).length;
      process.stdout.write(`wrote ${opts.out}: ${plural(preview.panels.length, 'panel')}${failed ? ` (${failed} failed)` : ''}, rule tests ${preview.tests.passed} passed, ${preview.tests.failed} failed\n`);
      process.exitCode = hasErrors(preview.problems) ? ExitCode.Failed : ExitCode.Ok;
    });
}
