import { Command } from 'commander';
import { hasErrors } from '../../core/problems.js';
import { loadProject } from '../../project/load.js';
import { renderAll } from '../../pipeline/render-all.js';
import { renderOutputs, writeOutputs } from '../../pipeline/write-render.js';
import { ExitCode } from '../exit.js';
import { exitCodeFor, plural, printProblems } from '../output.js';

export function register(program: Command): void {
  program
    .command('render')
    .description('render every rule and watchlist for an environment into ARM request bodies')
    .option('--env <name>', 'environment', 'local')
    .requiredOption('--out <dir>', 'output folder')
    .action((opts: { env: string; out: string }) => {
      const loaded = loadProject(process.cwd(), { env: opts.env });
      if (!loaded.project) {
        printProblems(loaded.configProblems);
        process.exitCode = ExitCode.Usage;
        return;
      }
      const { rendered, problems } = renderAll(loaded.project);
      const all = [...loaded.problems, ...problems];
      printProblems(all);
      if (hasErrors(all)) {
        process.stderr.write(`nothing written to ${opts.out}: fix the errors above\n`);
        process.exitCode = exitCodeFor(loaded.configProblems, all);
        return;
      }
      const files = renderOutputs(rendered, loaded.project.watchlists, loaded.project.env);
      writeOutputs(opts.out, files);
      process.stdout.write(`rendered ${plural(rendered.length, 'rule')} and ${plural(loaded.project.watchlists.length, 'watchlist')} for environment '${opts.env}' into ${opts.out}\n`);
      process.exitCode = ExitCode.Ok;
    });
}
