// What a case produced, as the SOC would meet it: each run's result rows and the alerts raised. Shown by
// `test --verbose` (passing cases too) and `run --rule`.
import { formatResult } from '../../run/format.js';
import { formatAlert } from '../expect.js';
import type { TestResult } from '../types.js';

export function formatOutcome(res: TestResult): string {
  const out: string[] = [];
  for (const run of res.runs) {
    if (run.suppressed) {
      out.push(`run at ${run.at}: suppressed`);
      continue;
    }
    const rows = run.result.rows.length;
    out.push(`run at ${run.at} (window ${run.window.from} .. ${run.window.to}): ${rows} result row${rows === 1 ? '' : 's'}, ${run.alerts.length} alert${run.alerts.length === 1 ? '' : 's'}`);
    // A replay has many runs: their rows would drown the alerts, which are what the SOC sees.
    if (res.runs.length === 1 && rows) out.push(formatResult(run.result, 'table').trimEnd());
    out.push(...run.alerts.map(formatAlert));
  }
  return out.join('\n');
}
