// `tripline plan` as a reviewer reads it, like `terraform plan`: one line per item that changes, its
// property changes under it, the query as a line diff.
import { lineDiff } from '../diff.js';
import type { Change, EnvironmentPlan, Plan, PlanItem } from '../types.js';
import { ACTION_NOTE, MARK, routeLines, summaryLine, TYPE_LABEL } from './labels.js';

export function formatPlanText(plan: Plan): string {
  return plan.environments.map(environmentText).join('\n');
}

function environmentText(env: EnvironmentPlan): string {
  const lines = [`Environment '${env.name}' (${env.workspace})`, '', ...routeLines(env)];
  const shown = env.items.filter((i) => i.action !== 'unchanged');
  for (const item of shown) lines.push(...itemText(item));
  if (!shown.length) lines.push('  No changes: the workspace matches the repository.');
  lines.push('', `Plan: ${summaryLine(env.items)}.`, '');
  return lines.join('\n');
}

function itemText(item: PlanItem): string[] {
  const where = item.file ? ` (${item.file})` : '';
  const pending = item.action === 'delete' && !item.pending ? '  [not pending: run with --prune to delete]' : '';
  const out = [`  ${MARK[item.action]} ${item.action.padEnd(6)} ${TYPE_LABEL[item.type]} ${item.name} "${item.label}"${where}${pending}`];
  const note = ACTION_NOTE[item.action];
  if (note) out.push(`      ${note}`);
  if (item.action !== 'create') for (const c of item.changes) out.push(...changeText(c));
  return out;
}

export function changeText(c: Change): string[] {
  if (typeof c.before === 'string' && typeof c.after === 'string' && (c.before.includes('\n') || c.after.includes('\n'))) {
    return [`      ${c.path}:`, ...contextLines(lineDiff(c.before, c.after)).map((l) => `        ${l}`)];
  }
  return [`      ${c.path}: ${show(c.before)} -> ${show(c.after)}`];
}

/** Changed lines with two lines of context, gaps marked. */
export function contextLines(diff: string[], context = 2): string[] {
  const keep = diff.map((l, i) => diff.slice(Math.max(0, i - context), i + context + 1).some((x) => x[0] !== ' '));
  const out: string[] = [];
  diff.forEach((l, i) => {
    if (keep[i]) out.push(l);
    else if (keep[i - 1]) out.push(' ...');
  });
  return out;
}

function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  const s = JSON.stringify(v);
  return s.length > 160 ? s.slice(0, 157) + '...' : s;
}
