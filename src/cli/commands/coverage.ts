// `tripline coverage`: the ATT&CK tactics and techniques the pack covers, and the tables its rules need.
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { coverageOf } from '../../coverage/coverage.js';
import { coverageMarkdown, navigatorLayer } from '../../coverage/format.js';
import { createSchemaContext } from '../../kql/schema/context.js';
import { loadProject } from '../../project/load.js';
import { queryReads } from '../../record/reads.js';
import { renderRule } from '../../render/render.js';
import { ExitCode } from '../exit.js';
import { printProblems } from '../output.js';

interface CoverageOptions {
  env: string;
  format: 'md' | 'navigator' | 'json';
  out?: string;
}

export function register(program: Command): void {
  program
    .command('coverage')
    .description('ATT&CK tactics and techniques the rules cover (Markdown, ATT&CK Navigator layer, JSON), and the tables each rule needs')
    .option('--env <name>', 'environment the queries are rendered for', 'local')
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'navigator', 'json']).default('md'))
    .option('--out <file>', 'write to a file instead of stdout')
    .addHelpText('after', '\nExamples:\n  tripline coverage\n  tripline coverage --format navigator --out layer.json   # open in ATT&CK Navigator\n')
    .action((opts: CoverageOptions) => {
      const root = process.cwd();
      const loaded = loadProject(root, { env: opts.env });
      if (!loaded.project) {
        printProblems(loaded.configProblems);
        process.exitCode = ExitCode.Usage;
        return;
      }
      const project = loaded.project;
      const ctx = createSchemaContext({ customTables: project.config.customTables, functions: project.config.functions, watchlists: new Map(project.watchlists.map((w) => [w.alias, w.columns])) });
      const c = coverageOf(project.rules, (r) => {
        const rendered = renderRule(r, { env: project.env, partials: project.partials }).rendered;
        return rendered ? queryReads(rendered.query, ctx).tables : [];
      });
      const text = opts.format === 'md' ? coverageMarkdown(c) : JSON.stringify(opts.format === 'navigator' ? navigatorLayer(c) : c, null, 2) + '\n';
      if (opts.out) writeFileSync(opts.out, text);
      else process.stdout.write(text);
      process.exitCode = ExitCode.Ok;
    });
}
