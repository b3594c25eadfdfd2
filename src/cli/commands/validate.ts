import { Command, Option } from 'commander';
import { validateProject } from '../../pipeline/validate.js';
import { exitCodeFor, plural, printProblems } from '../output.js';

export function register(program: Command): void {
  program
    .command('validate')
    .description('check rule files, parameters, templates and queries')
    .argument('[paths...]', 'rule files or folders (default: rules/)')
    .option('--env <name>', 'environment', 'local')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json', 'sarif']).default('text'))
    .action((paths: string[], opts: { env: string; format: string }) => {
      const result = validateProject(process.cwd(), { env: opts.env, paths });
      const all = [...result.configProblems, ...result.problems];
      if (opts.format === 'json') {
        process.stdout.write(JSON.stringify({ problems: all }, null, 2) + '\n');
      } else {
        printProblems(all);
        const errors = all.filter((p) => p.severity === 'error').length;
        if (result.project) {
          process.stdout.write(
            `${plural(result.project.rules.length, 'rule')} loaded, ${result.rendered.length} rendered for '${opts.env}': ${errors ? plural(errors, 'error') : 'no errors'}\n`,
          );
        }
      }
      process.exitCode = exitCodeFor(result.configProblems, result.problems);
    });
}
