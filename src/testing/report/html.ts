// The test results as one self-contained page (`test --reporter html`): per rule, per case, its status, the
// failures with their diffs, and each run's result rows and the alerts the SOC would receive. No script, no
// fetch (core/html.ts); everything is visible without interaction, so the page prints as it shows.
import { escapeHtml as esc, htmlPage } from '../../core/html.js';
import { formatLocation, formatProblem, type Problem } from '../../core/problems.js';
import type { DataTable } from '../../kql/table.js';
import { displayValue } from '../alerts.js';
import type { RuleTestReport } from '../runner.js';
import type { Alert, Run, TestResult } from '../types.js';
import { caseContext, resultName } from './context.js';
import { plural, summarize } from './summary.js';
import { jsonText } from '../../kql/json.js';

/** A replay has a run per tick: the page shows the runs that raised alerts, and this many result rows a run. */
const MAX_ROWS = 50;

const STYLE = `
body { font: 14px/1.4 "Segoe UI", system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 16px 24px; color: #201f1e; }
header { border-bottom: 1px solid #edebe9; margin-bottom: 12px; }
.rule { border: 1px solid #edebe9; border-radius: 4px; padding: 8px 12px; margin: 12px 0; }
.rule h2 { font-size: 16px; margin: 0; } .file { color: #605e5c; font-size: 12px; }
.case { border-left: 4px solid #107c10; padding: 4px 10px; margin: 10px 0; }
.case[data-status=failed], .case[data-status=error] { border-left-color: #a4262c; }
.case h3 { font-size: 14px; margin: 0; } .meta { color: #605e5c; font-size: 12px; }
.passed { color: #107c10; } .failed, .error { color: #a4262c; }
pre { background: #faf9f8; padding: 6px 8px; overflow-x: auto; font-size: 12px; }
table { border-collapse: collapse; font-size: 12px; margin: 4px 0; }
th, td { border-bottom: 1px solid #edebe9; padding: 2px 8px; text-align: left; white-space: nowrap; }
th { background: #faf9f8; }
.alert { border: 1px solid #edebe9; border-radius: 4px; padding: 4px 10px; margin: 6px 0; background: #fffdf9; }
.alert h4 { margin: 0; font-size: 13px; } .sev-High { color: #a4262c; } .sev-Medium { color: #ca5010; }
.scroll { overflow-x: auto; }
`;

function rowsTable(table: DataTable): string {
  const head = table.columns.map((c) => `<th>${esc(c.name)}</th>`).join('');
  const body = table.rows.slice(0, MAX_ROWS).map((r) => `<tr>${r.map((v) => `<td>${esc(displayValue(v))}</td>`).join('')}</tr>`).join('');
  const more = table.rows.length > MAX_ROWS ? `<p class="meta">first ${MAX_ROWS} of ${table.rows.length} rows</p>` : '';
  return `<div class="scroll"><table class="rows"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>${more}`;
}

function alertHtml(a: Alert): string {
  const entities = a.entities.map((e) => `<li>${esc(e.type)}: ${esc(Object.entries(e.identifiers).map(([k, v]) => `${k}=${v}`).join(', '))}</li>`).join('');
  const details = Object.entries(a.customDetails).map(([k, v]) => `<li>${esc(k)}: ${esc(jsonText(v))}</li>`).join('');
  return (
    `<div class="alert" data-alert="${esc(a.displayName)}"><h4>${esc(a.displayName)}</h4>` +
    `<p class="meta"><span class="sev-${esc(a.severity)}">${esc(a.severity)}</span> · tactics ${esc(a.tactics.join(', ') || '-')} · from ${plural(a.rows.length, 'result row')}</p>` +
    `<pre>${esc(a.description)}</pre>` +
    `<p>Entities</p><ul>${entities || '<li>none</li>'}</ul>` +
    (a.entitiesDropped ? `<p class="meta">${a.entitiesDropped} more ${a.entitiesDropped === 1 ? 'entity' : 'entities'} beyond Sentinel's per-alert limits, not extracted</p>` : '') +
    (details ? `<p>Custom details</p><ul>${details}</ul>` : '') +
    `</div>`
  );
}

function runHtml(run: Run, showRows: boolean): string {
  const head = `<p class="meta">run at ${esc(run.at)} (window ${esc(run.window.from)} .. ${esc(run.window.to)}): ${plural(run.result.rows.length, 'result row')}, ${plural(run.alerts.length, 'alert')}</p>`;
  return `<div class="run" data-at="${esc(run.at)}">${head}${showRows && run.result.rows.length ? rowsTable(run.result) : ''}${run.alerts.map(alertHtml).join('')}</div>`;
}

function runsHtml(res: TestResult): string {
  if (res.runs.length === 1) return runHtml(res.runs[0]!, true);
  const fired = res.runs.filter((r) => r.alerts.length);
  const total = fired.reduce((n, r) => n + r.alerts.length, 0);
  const missed = res.missed ? `, ${plural(res.missed.length, 'row')} no run saw, ${plural(res.duplicates?.length ?? 0, 'row')} alerting in more than one run` : '';
  return `<p class="meta">replay: ${plural(res.runs.length, 'run')}, ${plural(total, 'alert')}${missed}</p>${fired.map((r) => runHtml(r, false)).join('')}`;
}

const problemsHtml = (problems: readonly Problem[]): string => (problems.length ? `<pre class="problems">${esc(problems.map(formatProblem).join('\n'))}</pre>` : '');

function caseHtml(res: TestResult): string {
  const failures = res.failures
    .map((f) => `<div class="failure"><p class="failed">${esc(formatLocation(f.at))}: ${esc(f.message)}</p>${f.detail ? `<pre class="diff">${esc(f.detail)}</pre>` : ''}</div>`)
    .join('');
  return (
    `<article class="case" data-case="${esc(resultName(res))}" data-status="${res.status}">` +
    `<h3><span class="${res.status}">${res.status}</span> ${esc(resultName(res))}</h3>` +
    `<p class="meta">${esc(caseContext(res))} · ${Math.round(res.durationMs)} ms</p>` +
    failures + problemsHtml(res.problems) + runsHtml(res) +
    `</article>`
  );
}

export function formatHtml(reports: RuleTestReport[]): string {
  const s = summarize(reports);
  const rules = reports
    .filter((r) => r.results.length || r.problems.length)
    .map(
      (r) =>
        `<section class="rule" data-rule="${esc(r.rule.stem)}"><h2>${esc(String(r.rule.doc.name ?? r.rule.stem))}</h2><p class="file">${esc(r.rule.file)}</p>` +
        problemsHtml(r.problems) + r.results.map(caseHtml).join('') + `</section>`,
    );
  const header = `<h1>tripline test</h1><p id="summary" data-passed="${s.passed}" data-failed="${s.failed}" data-errors="${s.errors}">${s.passed} passed, ${s.failed} failed${s.errors ? `, ${plural(s.errors, 'error')}` : ''} (${plural(s.rules, 'rule')})</p>`;
  return htmlPage('tripline test report', STYLE, header, rules.join('\n'));
}
