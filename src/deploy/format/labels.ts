// Words for plan output: short type names and action markers in Terraform's spirit.
import type { Action, ContentType, EnvironmentPlan, RuleRoute } from '../types.js';

export const TYPE_LABEL: Record<ContentType, string> = {
  'Microsoft.SecurityInsights/watchlists': 'watchlist',
  'Microsoft.SecurityInsights/alertRules': 'analytics rule',
  'Microsoft.SecurityInsights/automationRules': 'automation rule',
  'Microsoft.Insights/workbooks': 'workbook',
  'microsoft.graph.security.detectionRule': 'Defender custom detection',
};

export const MARK: Record<Action, string> = { create: '+', update: '~', adopt: '~', drift: '!', delete: '-', unchanged: '=' };

export const ACTION_NOTE: Partial<Record<Action, string>> = {
  adopt: 'exists without tripline ownership (made in the portal, or an earlier ownership write failed): deploy updates it and takes ownership',
  drift: 'changed outside tripline since its last deploy: deploy refuses to overwrite it without --force',
};

/** Counts per action, pending deletes apart from the listed-only ones. */
export function summaryLine(items: readonly { action: Action; pending: boolean }[]): string {
  const n = (a: Action, pending?: boolean): number => items.filter((i) => i.action === a && (pending === undefined || i.pending === pending)).length;
  const parts = [`${n('create')} to create`, `${n('update')} to update`, `${n('adopt')} to adopt`, `${n('drift')} drifted`, `${n('delete', true)} to delete`];
  const listed = n('delete', false);
  if (listed) parts.push(`${listed} deletable with --prune`);
  parts.push(`${n('unchanged')} unchanged`);
  return parts.join(', ');
}

const PLATFORM = { sentinel: 'Sentinel', defender: 'Defender' } as const;

/**
 * Each rule's platform and why: every rule where the environment targets Defender; elsewhere only the
 * rules whose `defender:` key is not followed there (the rest go to Sentinel as always).
 */
export function routeLines(env: EnvironmentPlan): string[] {
  const targets = env.targets ?? ['sentinel'];
  const shown = (env.routes ?? []).filter((r) => targets.includes('defender') || r.targets.includes('defender') || r.reason !== 'no defender: key');
  if (!shown.length) return [];
  return [`Routing (targets: ${targets.join(', ')}):`, ...shown.map(routeLine), ''];
}

function routeLine(r: RuleRoute): string {
  return `  ${r.targets.map((t) => PLATFORM[t]).join(' + ').padEnd(19)} ${r.file}: ${r.reason}`;
}
