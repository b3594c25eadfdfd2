// Shared CLI plumbing: print problems in the requested format and turn outcomes into exit codes.
import { hasErrors, type Problem } from '../core/problems.js';
import { formatProblems, type ReportFormat } from '../report/index.js';
import { ExitCode } from './exit.js';

/** Problems as text (with code frames) on stderr; nothing when there are none. */
export function printProblems(problems: readonly Problem[], root = process.cwd()): void {
  if (problems.length) process.stderr.write(formatProblems('text', problems, { root, color: process.stderr.isTTY === true }));
}

/** Errors in full, warnings only counted: plan and deploy are not where content is reviewed (validate is). */
export function printErrors(problems: readonly Problem[], root = process.cwd()): void {
  printProblems(problems.filter((p) => p.severity === 'error'), root);
  const warnings = problems.filter((p) => p.severity === 'warning').length;
  if (warnings) process.stderr.write(`${plural(warnings, 'warning')} in the content: \`tripline validate\` shows them\n`);
}

export function reportProblems(format: ReportFormat, problems: readonly Problem[], root = process.cwd()): string {
  return formatProblems(format, problems, { root, color: format === 'text' && process.stdout.isTTY === true });
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
