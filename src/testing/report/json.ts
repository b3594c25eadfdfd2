// Machine-readable results: every case with its runs' alerts, failures and problems.
import type { RuleTestReport } from '../runner.js';
import { summarize } from './summary.js';
import { jsonText } from '../../kql/json.js';

export function formatJson(reports: RuleTestReport[]): string {
  return (
    jsonText(
      {
        summary: summarize(reports),
        rules: reports.map((r) => ({
          file: r.rule.file,
          id: r.rule.doc.id,
          name: r.rule.doc.name,
          problems: r.problems,
          cases: r.results.map((res) => ({
            name: res.case.name,
            platform: res.platform,
            status: res.status,
            environment: res.environment,
            watchlists: res.watchlists,
            durationMs: Math.round(res.durationMs * 10) / 10,
            runs: res.runs.map((run) => ({
              at: run.at,
              window: run.window,
              suppressed: run.suppressed,
              resultRows: run.result.rows.length,
              fired: run.fired,
              alerts: run.alerts.map(({ rows, ...a }) => ({ ...a, resultRows: rows.length })),
            })),
            failures: res.failures.map((f) => ({ message: f.message, detail: f.detail, ...f.at })),
            problems: res.problems,
            ...(res.missed ? { missed: res.missed, duplicates: res.duplicates } : {}),
          })),
        })),
      },
      undefined,
      2,
    ) + '\n'
  );
}
