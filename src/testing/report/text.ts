// The text reporter: one line per case, and for each failure the location, the reason and the diff.
import { formatLocation, formatProblem } from '../../core/problems.js';
import type { RuleTestReport } from '../runner.js';
import { caseContext, commonContext, platformsNote, resultName } from './context.js';
import { formatOutcome } from './outcome.js';
import { plural, summarize } from './summary.js';

export interface TextOptions {
  /** Print every case's result rows and alerts, passing ones too. */
  verbose?: boolean;
}

export function formatText(reports: RuleTestReport[], options: TextOptions = {}): string {
  const out: string[] = [];
  for (const r of reports) {
    // A rule none of whose cases was selected (--grep) has nothing to say.
    if (!r.results.length && !r.problems.length) continue;
    out.push(`${r.rule.file}  ${r.rule.doc.name}`);
    const common = commonContext(r.results);
    if (common) out.push(`  (${common})`);
    const platforms = platformsNote(r.results);
    if (platforms) out.push(`  (${platforms})`);
    for (const res of r.results) {
      const mark = res.status === 'passed' ? '  ✓' : res.status === 'failed' ? '  ✗' : '  !';
      const runs = res.runs.length > 1 ? `, ${res.runs.length} runs` : '';
      const own = caseContext(res) === common ? '' : ` [${caseContext(res)}]`;
      out.push(`${mark} ${resultName(res)} (${Math.round(res.durationMs)} ms${runs})${own}`);
      if (options.verbose) out.push(formatOutcome(res).replace(/^/gm, '      '));
      for (const p of res.problems) out.push(`      ${formatProblem(p)}`);
      for (const f of res.failures) {
        out.push(`      ${formatLocation(f.at)}: ${f.message}`);
        if (f.detail) out.push(f.detail.replace(/^/gm, '      '));
      }
    }
    for (const p of r.problems) out.push(`  ! ${formatProblem(p)}`);
  }
  const s = summarize(reports);
  out.push('');
  out.push(`${s.passed} passed, ${s.failed} failed` + (s.errors ? `, ${plural(s.errors, 'error')}` : '') + ` (${plural(s.rules, 'rule')})`);
  return out.join('\n') + '\n';
}
