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
    process.stderr.write(`tripline: ${(e as Error).stack ?? String(e)}\n`);
    return ExitCode.Usage;
  }
}
