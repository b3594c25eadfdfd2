// `tripline convert RULE --to defender`: the rule as a Defender XDR custom detection, verdict per property,
// with every problem Defender would refuse it for.
import { Command, Option } from 'commander';
import { ConfigError, hasErrors } from '../../core/problems.js';
import { convertRule } from '../../defender/convert-rule.js';
import { conversionJson, conversionText } from '../../defender/format.js';
import { loadProject } from '../../project/load.js';
import { ExitCode } from '../exit.js';
import { printProblems } from '../output.js';

export function register(program: Command): void {
  program
    .command('convert')
    .description('convert a rule to a Microsoft Defender XDR custom detection (Graph detectionRule): how each property carries over, and what Defender would refuse')
    .argument('<rule>', 'the rule: its file, file name, id or name')
    .addOption(new Option('--to <target>', 'the target platform').choices(['defender']).makeOptionMandatory())
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--env <name>', 'environment to render the rule for', 'local')
    .addHelpText('after', '\nExamples:\n  tripline convert break-glass-sign-in --to defender\n  tripline convert rules/break-glass-sign-in.yaml --to defender --format json\n')
    .action((spec: string, opts: { format: 'text' | 'json'; env: string }) => {
      const loaded = loadProject(process.cwd(), { env: opts.env });
      if (!loaded.project) throw new ConfigError(loaded.configProblems);
      const result = convertRule(loaded.project, spec, loaded.problems);
      if (result.usage.length) throw new ConfigError(result.usage);
      if (opts.format === 'json') process.stdout.write(conversionJson(result.conversion, result.problems));
      else if (result.conversion) process.stdout.write(conversionText(result.file!, result.conversion, result.problems));
      printProblems(result.problems);
      process.exitCode = hasErrors(result.problems) || !result.conversion ? ExitCode.Failed : ExitCode.Ok;
    });
}
