// Shared CLI plumbing: print problems in the requested format and turn outcomes into exit codes.
import { formatProblem, hasErrors, sortProblems, type Problem } from '../core/problems.js';
import { ExitCode } from './exit.js';

export function printProblems(problems: readonly Problem[], stream: NodeJS.WritableStream = process.stderr): void {
  for (const p of sortProblems(problems)) stream.write(formatProblem(p) + '\n');
}

/** Exit 2 for configuration problems, 1 for content errors, else 0. */
export function exitCodeFor(configProblems: readonly Problem[], problems: readonly Problem[]): number {
  if (hasErrors(configProblems)) return ExitCode.Usage;
  if (hasErrors(problems)) return ExitCode.Failed;
  return ExitCode.Ok;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
