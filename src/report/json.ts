// Machine-readable problems: the Problem values themselves, sorted, with a summary for scripts that
// only need counts.
import { sortProblems, type Problem } from '../core/problems.js';

export interface ProblemSummary {
  errors: number;
  warnings: number;
  notes: number;
}

export function summarize(problems: readonly Problem[]): ProblemSummary {
  return {
    errors: problems.filter((p) => p.severity === 'error').length,
    warnings: problems.filter((p) => p.severity === 'warning').length,
    notes: problems.filter((p) => p.severity === 'note').length,
  };
}

export function formatJson(problems: readonly Problem[]): string {
  return JSON.stringify({ summary: summarize(problems), problems: sortProblems(problems) }, null, 2) + '\n';
}
