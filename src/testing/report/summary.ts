import { hasErrors } from '../../core/problems.js';
import type { RuleTestReport } from '../runner.js';

export interface Summary {
  rules: number;
  passed: number;
  failed: number;
  /** Cases that could not run, plus rule-level problems (missing firing/non-firing case, bad tests file). */
  errors: number;
}

export function summarize(reports: RuleTestReport[]): Summary {
  const results = reports.flatMap((r) => r.results);
  return {
    rules: reports.length,
    passed: results.filter((r) => r.status === 'passed').length,
    failed: results.filter((r) => r.status === 'failed').length,
    errors: results.filter((r) => r.status === 'error').length + reports.filter((r) => hasErrors(r.problems)).length,
  };
}

export function allPassed(reports: RuleTestReport[]): boolean {
  const s = summarize(reports);
  return s.failed === 0 && s.errors === 0;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
