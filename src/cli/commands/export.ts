import { Command } from 'commander';
import { exportTemplates, writeExport } from '../../export/index.js';
import { loadProject } from '../../project/load.js';
import { ExitCode } from '../exit.js';
import { exitCodeFor, plural, printProblems } from '../output.js';
import { hasErrors } from '../../core/problems.js';

export function register(program: Command): void {
  program
    .command('export')
    .description('write one ARM deployment template per rule, watchlist, automation rule and workbook of an environment')
    .option('--env <name>', 'environment', 'local')
    .requiredOption('--out <dir>', 'output folder (replaced as a whole)')
    .option('--legacy-form', 'emit Microsoft.OperationalInsights/workspaces/providers/<type> resources instead of the scope form')
    .addHelpText('after', '\nExamples:\n  tripline export --out arm\n  tripline export --env prod --out arm --legacy-form\n')
    .action((opts: { env: string; out: string; legacyForm?: boolean }) => {
      const loaded = loadProject(process.cwd(), { env: opts.env });
      if (!loaded.project) {
        printProblems(loaded.configProblems);
        process.exitCode = ExitCode.Usage;
        return;
      }
      const result = exportTemplates(loaded.project, { legacyForm: opts.legacyForm ?? false });
      const all = [...loaded.problems, ...result.problems];
      printProblems(all);
      if (hasErrors(all)) {
        process.stderr.write(`nothing written to ${opts.out}: fix the errors above\n`);
        process.exitCode = exitCodeFor(loaded.configProblems, all);
        return;
      }
      writeExport(opts.out, result.files);
      const templates = result.files.filter((f) => f.path.endsWith('.json')).length;
      process.stdout.write(`exported ${plural(templates, 'template')} for environment '${opts.env}' into ${opts.out} (deploy order in ${opts.out}/README.md)\n`);
      process.exitCode = ExitCode.Ok;
    });
}
