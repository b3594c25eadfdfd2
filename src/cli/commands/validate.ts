import { Command, Option } from 'commander';
import { validateProject } from '../../pipeline/validate.js';
import type { ReportFormat } from '../../report/index.js';
import { exitCodeFor, plural, reportProblems } from '../output.js';

export function register(program: Command): void {
  program
    .command('validate')
    .description('check rule files, parameters, templates and queries against the table schemas')
    .argument('[paths...]', 'rule files or folders (default: rules/)')
    .option('--env <name>', 'environment', 'local')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json', 'sarif']).default('text'))
    .addHelpText('after', '\nExamples:\n  tripline validate\n  tripline validate rules/break-glass-sign-in.yaml --env example-prod\n  tripline validate --format sarif > tripline.sarif\n')
    .action((paths: string[], opts: { env: string; format: ReportFormat }) => {
      const result = validateProject(process.cwd(), { env: opts.env, paths });
      const all = [...result.configProblems, ...result.problems];
      if (opts.format === 'text') {
        if (all.length) process.stdout.write(reportProblems('text', all));
        else if (result.project) {
          process.stdout.write(`${plural(result.project.rules.length, 'rule')} valid for environment '${opts.env}'\n`);
        }
      } else process.stdout.write(reportProblems(opts.format, all));
      process.exitCode = exitCodeFor(result.configProblems, result.problems);
    });
}
