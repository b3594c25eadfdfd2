// `tripline ci` (what `npm start` runs): the whole pre-deploy pipeline on the repository's content —
// load, render for the environment, analyze against the table schemas — with one summary at the end.
import { Command } from 'commander';
import { validateProject } from '../../pipeline/validate.js';
import { exitCodeFor, plural, printProblems } from '../output.js';

export function register(program: Command): void {
  program
    .command('ci')
    .description('validate and render every rule for an environment (the main CI job)')
    .option('--env <name>', 'environment', 'local')
    .action((opts: { env: string }) => {
      const result = validateProject(process.cwd(), { env: opts.env });
      const all = [...result.configProblems, ...result.problems];
      printProblems(all);
      const out = process.stdout;
      if (result.project) {
        const failing = new Set(all.filter((p) => p.severity === 'error').map((p) => p.file));
        out.write(`environment '${opts.env}' (${result.project.env.file})\n`);
        for (const r of result.rendered) {
          const d = r.rule.doc;
          const mark = failing.has(r.rule.file) ? 'FAIL' : 'ok  ';
          out.write(`  ${mark} ${r.rule.file}  ${d.kind} ${d.severity}  ${d.name}\n`);
        }
        const errors = all.filter((p) => p.severity === 'error').length;
        const warnings = all.filter((p) => p.severity === 'warning').length;
        out.write(
          `${plural(result.project.rules.length, 'rule')} loaded, ${result.rendered.length} rendered and analyzed, ` +
            `${plural(result.project.watchlists.length, 'watchlist')}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`,
        );
      }
      process.exitCode = exitCodeFor(result.configProblems, result.problems);
    });
}
