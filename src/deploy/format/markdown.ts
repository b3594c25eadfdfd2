// `tripline plan --format markdown`: a pull-request comment. A summary table per environment, then each
// changed item with its property changes in a collapsible block.
import type { EnvironmentPlan, Plan, PlanItem } from '../types.js';
import { ACTION_NOTE, MARK, routeLines, summaryLine, TYPE_LABEL } from './labels.js';
import { changeText } from './text.js';

export function formatPlanMarkdown(plan: Plan): string {
  return plan.environments.map(environmentMarkdown).join('\n');
}

function environmentMarkdown(env: EnvironmentPlan): string {
  const shown = env.items.filter((i) => i.action !== 'unchanged');
  const routes = routeLines(env);
  const lines = [`### tripline plan: \`${env.name}\``, '', `**${summaryLine(env.items)}**`, '', ...(routes.length ? ['```', ...routes.slice(0, -1), '```', ''] : [])];
  if (!shown.length) return [...lines, 'No changes: the workspace matches the repository.', ''].join('\n');
  lines.push('| | action | type | name | file |', '|---|---|---|---|---|');
  for (const i of shown) lines.push(`| ${MARK[i.action]} | ${i.action}${i.action === 'delete' && !i.pending ? ' (needs --prune)' : ''} | ${TYPE_LABEL[i.type]} | ${cell(i.label)} | ${i.file ? `\`${i.file}\`` : ''} |`);
  lines.push('');
  for (const i of shown.filter((x) => x.action !== 'create' && (x.changes.length || ACTION_NOTE[x.action]))) lines.push(...details(i));
  return lines.join('\n');
}

function details(i: PlanItem): string[] {
  const note = ACTION_NOTE[i.action];
  const body = i.changes.flatMap(changeText).map((l) => l.slice(6));
  return [
    `<details><summary>${MARK[i.action]} ${i.action} ${TYPE_LABEL[i.type]} <b>${escapeHtml(i.label)}</b> (${i.changes.length} change${i.changes.length === 1 ? '' : 's'})</summary>`,
    '',
    ...(note ? [`> ${note}`, ''] : []),
    ...(body.length ? ['```diff', ...body.map(diffLine), '```'] : []),
    '',
    '</details>',
    '',
  ];
}

/** Query diff lines keep their +/- in the diff gutter; property lines are context. */
function diffLine(l: string): string {
  const m = /^\s{2}([+-])(.*)$/.exec(l);
  return m ? `${m[1]}   ${m[2]}` : `  ${l}`;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
