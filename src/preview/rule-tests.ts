// The rules' own test results as a section of the preview: per rule, per case, passed or the first
// failure, so the page shows what the pack detects beside what the workbook shows.
import type { RuleTestReport } from '../testing/runner.js';
import { escapeHtml } from './html.js';

export interface RuleTestCounts {
  passed: number;
  failed: number;
}

export function countResults(reports: readonly RuleTestReport[]): RuleTestCounts {
  const all = reports.flatMap((r) => r.results);
  return { passed: all.filter((r) => r.status === 'passed').length, failed: all.filter((r) => r.status !== 'passed').length };
}

export function ruleTestsHtml(reports: readonly RuleTestReport[]): string {
  const { passed, failed } = countResults(reports);
  const rows = reports.flatMap((report) =>
    report.results.map((r) => {
      const why = r.failures[0]?.message ?? r.problems[0]?.message ?? '';
      const cls = r.status === 'passed' ? 'passed' : r.status === 'failed' ? 'failed' : 'error-status';
      return `<tr><td>${escapeHtml(report.rule.doc.name)}</td><td>${escapeHtml(r.case.name)}</td><td class="${cls}">${r.status}</td><td>${escapeHtml(why)}</td></tr>`;
    }),
  );
  return (
    `<section class="panel" id="rule-tests" data-passed="${passed}" data-failed="${failed}"><h3>Rule tests: ${passed} passed, ${failed} failed</h3>` +
    `<div class="scroll"><table><thead><tr><th>Rule</th><th>Case</th><th>Result</th><th>Failure</th></tr></thead><tbody>${rows.join('')}</tbody></table></div></section>`
  );
}
