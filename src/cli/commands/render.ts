import { Command } from 'commander';
import { hasErrors } from '../../core/problems.js';
import { automationOutputs } from '../../automation/index.js';
import { projectSchemaContext } from '../../pipeline/validate.js';
import { loadProject } from '../../project/load.js';
import { renderWorkbooks } from '../../workbooks/index.js';
import { renderAll } from '../../pipeline/render-all.js';
import { routedWriteProblems } from '../../pipeline/routed-rules.js';
import { renderOutputs, writeOutputs } from '../../pipeline/write-render.js';
import { ExitCode } from '../exit.js';
import { exitCodeFor, plural, printProblems } from '../output.js';

export function register(program: Command): void {
  program
    .command('render')
    .description('render rules, watchlists, automation rules and workbooks for an environment into ARM request bodies (Microsoft Graph bodies for rules it deploys to Defender)')
    .option('--env <name>', 'environment', 'local')
    .requiredOption('--out <dir>', 'output folder (left holding exactly what this render produced)')
    .addHelpText('after', '\nExamples:\n  tripline render --out out/local\n  tripline render --env example-prod --out out/prod\n')
    .action((opts: { env: string; out: string }) => {
      const loaded = loadProject(process.cwd(), { env: opts.env });
      if (!loaded.project) {
        printProblems(loaded.configProblems);
        process.exitCode = ExitCode.Usage;
        return;
      }
      const project = loaded.project;
      const { rendered, problems } = renderAll(project);
      const ctx = projectSchemaContext(project);
      const workbooks = renderWorkbooks(project.workbooks, project.env, ctx, project.partials);
      // A rule that goes to Defender here and Defender would refuse has no body to write.
      const all = [...loaded.problems, ...problems, ...routedWriteProblems(project, rendered), ...workbooks.problems];
      printProblems(all);
      if (hasErrors(all)) {
        process.stderr.write(`nothing written to ${opts.out}: fix the errors above\n`);
        process.exitCode = exitCodeFor(loaded.configProblems, all);
        return;
      }
      const files = [
        ...renderOutputs(rendered, project.watchlists, project.env),
        ...automationOutputs(project.automation, project.env),
        ...workbooks.outputs,
      ];
      const writeProblems = writeOutputs(opts.out, files);
      if (writeProblems.length) {
        printProblems(writeProblems);
        process.exitCode = ExitCode.Usage;
        return;
      }
      const toDefender = files.filter((f) => f.path.startsWith('defender/')).length;
      process.stdout.write(
        `rendered ${plural(rendered.length, 'rule')}${toDefender ? ` (${toDefender} as Defender custom detections, in defender/)` : ''}, ${plural(project.watchlists.length, 'watchlist')}, ` +
          `${plural(project.automation.length, 'automation rule')} and ${plural(workbooks.outputs.length, 'workbook')} for environment '${opts.env}' into ${opts.out}\n`,
      );
      process.exitCode = ExitCode.Ok;
    });
}
