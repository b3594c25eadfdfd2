// The live check as text, JSON or a Markdown table (a pull-request comment).
import type { RuleCheck } from './check.js';
import type { RuleHealth } from './health.js';

export interface LiveReport {
  environment: string;
  period: { start: string; end: string };
  rules: RuleCheck[];
  health?: RuleHealth[];
  healthError?: string;
}

const perDay = (c: RuleCheck, days: number): string => (c.alerts / Math.max(1, days)).toFixed(1);
const daysOf = (r: LiveReport): number => Math.max(1, (Date.parse(r.period.end) - Date.parse(r.period.start)) / 86_400_000);

export function formatText(r: LiveReport): string {
  const lines = [`Environment '${r.environment}', ${r.period.start} .. ${r.period.end}`];
  for (const c of r.rules) {
    const flags = c.verdicts.length ? `  [${c.verdicts.join(', ')}]` : '';
    lines.push(`${c.rule} (${c.kind}): ${c.runs} runs, ${c.rows} result rows, ${c.alerts} alerts (${perDay(c, daysOf(r))}/day)${flags}`);
    for (const d of c.days.filter((x) => x.rows || x.alerts)) lines.push(`  ${d.day}: ${d.rows} rows, ${d.alerts} alerts`);
    if (c.emptyTables.length) lines.push(`  no data in the workspace: ${c.emptyTables.join(', ')}`);
    if (c.partialRuns) lines.push(`  ${c.partialRuns} runs returned partial results`);
    for (const e of c.errors) lines.push(`  error: ${e}`);
  }
  if (r.healthError) lines.push(`health: ${r.healthError}`);
  for (const h of r.health ?? []) {
    lines.push(`health ${h.name || h.ruleId}: ${h.failures} failed runs${h.autoDisabled ? ', AUTO-DISABLED' : ''}${h.lastFailure ? `, last ${h.lastFailure}` : ''}`);
    for (const reason of h.reasons) lines.push(`  ${reason}`);
  }
  return lines.join('\n') + '\n';
}

export function formatMarkdown(r: LiveReport): string {
  const lines = [
    `### Live check: \`${r.environment}\`, ${r.period.start.slice(0, 10)} to ${r.period.end.slice(0, 10)}`,
    '',
    '| rule | runs | result rows | alerts | alerts/day | verdict |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...r.rules.map((c) => `| ${c.name} | ${c.runs} | ${c.rows} | ${c.alerts} | ${perDay(c, daysOf(r))} | ${c.verdicts.join(', ') || 'ok'}${c.errors.length ? `: ${c.errors[0]!.replace(/\|/g, '\\|')}` : ''} |`),
  ];
  if (r.health?.length || r.healthError) {
    lines.push('', '| rule | failed runs | auto-disabled | last failure |', '| --- | ---: | --- | --- |');
    for (const h of r.health ?? []) lines.push(`| ${h.name || h.ruleId} | ${h.failures} | ${h.autoDisabled ? 'yes' : 'no'} | ${h.lastFailure ?? ''} |`);
    if (r.healthError) lines.push('', `Health: ${r.healthError}`);
  }
  return lines.join('\n') + '\n';
}
