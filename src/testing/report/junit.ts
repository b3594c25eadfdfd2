// JUnit XML, the format CI systems (GitHub Actions test reporters, Azure Pipelines, GitLab) display:
// one <testsuite> per rule file, one <testcase> per test case.
import { resultName } from './context.js';
import { formatLocation, formatProblem } from '../../core/problems.js';
import type { RuleTestReport } from '../runner.js';

const escape = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // XML 1.0 cannot carry most control characters, even escaped.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

export function formatJunit(reports: RuleTestReport[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = reports.flatMap((r) => r.results);
  out.push(`<testsuites name="tripline" tests="${all.length}" failures="${all.filter((r) => r.status === 'failed').length}" errors="${all.filter((r) => r.status === 'error').length + reports.filter((r) => r.problems.length).length}">`);
  for (const r of reports) {
    const failures = r.results.filter((x) => x.status === 'failed').length;
    const errors = r.results.filter((x) => x.status === 'error').length + (r.problems.length ? 1 : 0);
    const time = r.results.reduce((n, x) => n + x.durationMs, 0) / 1000;
    out.push(`  <testsuite name="${escape(r.rule.file)}" tests="${r.results.length + (r.problems.length ? 1 : 0)}" failures="${failures}" errors="${errors}" time="${time.toFixed(3)}">`);
    for (const res of r.results) {
      out.push(`    <testcase classname="${escape(r.rule.doc.name)}" name="${escape(resultName(res))}" file="${escape(res.case.source.file)}" time="${(res.durationMs / 1000).toFixed(3)}">`);
      for (const f of res.failures) {
        out.push(`      <failure message="${escape(f.message)}">${escape(`${formatLocation(f.at)}: ${f.message}${f.detail ? '\n' + f.detail : ''}`)}</failure>`);
      }
      if (res.problems.length) {
        out.push(`      <error message="${escape(res.problems[0]!.message)}">${escape(res.problems.map(formatProblem).join('\n'))}</error>`);
      }
      out.push('    </testcase>');
    }
    if (r.problems.length) {
      out.push(`    <testcase classname="${escape(r.rule.doc.name)}" name="test coverage" file="${escape(r.rule.file)}">`);
      out.push(`      <error message="${escape(r.problems[0]!.message)}">${escape(r.problems.map(formatProblem).join('\n'))}</error>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
