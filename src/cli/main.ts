// The CLI only wires library functions together; every command lives in ./commands/<name>.ts and
// exposes `register(program)`.
import { Command, CommanderError } from 'commander';
import { ConfigError, formatProblem } from '../core/problems.js';
import { readShippedJson } from '../core/shipped.js';
import { ExitCode } from './exit.js';

const commands: (() => Promise<{ register(program: Command): void }>)[] = [
  () => import('./commands/ci.js'),
  () => import('./commands/validate.js'),
  () => import('./commands/render.js'),
  () => import('./commands/test.js'),
  () => import('./commands/fixtures.js'),
  () => import('./commands/new.js'),
  () => import('./commands/run.js'),
  () => import('./commands/plan.js'),
  () => import('./commands/deploy.js'),
  () => import('./commands/export.js'),
  () => import('./commands/emulator.js'),
  () => import('./commands/record.js'),
  () => import('./commands/check.js'),
  () => import('./commands/coverage.js'),
  () => import('./commands/pull.js'),
  () => import('./commands/preview.js'),
  () => import('./commands/convert.js'),
];

export async function main(argv: string[]): Promise<number> {
  const program = new Command('tripline')
    .description('Detection-as-code for Microsoft Sentinel')
    .version(readShippedJson<{ version: string }>('package.json').version)
    .addHelpText('after', '\nExamples:\n  tripline new rule "Admin sign-in from a new country" --table SigninLogs\n  tripline test rules/admin-sign-in-from-a-new-country.yaml\n  tripline ci\n\nRun `tripline <command> --help` for a command\'s options and examples.\n')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const load of commands) (await load()).register(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.Ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    if (e instanceof ConfigError) {
      for (const p of e.problems) process.stderr.write(formatProblem(p) + '\n');
      return ExitCode.Usage;
    }
    // A fault of tripline itself: its message, never a stack trace, unless asked for when reporting it.
    const detail = process.env['TRIPLINE_DEBUG'] ? ((e as Error).stack ?? String(e)) : e instanceof Error ? e.message : String(e);
    process.stderr.write(`tripline: internal error: ${detail}\n(please report it; TRIPLINE_DEBUG=1 shows where it happened)\n`);
    return ExitCode.Usage;
  }
}
