// Words for plan output: short type names and action markers in Terraform's spirit.
import type { Action, ContentType } from '../types.js';

export const TYPE_LABEL: Record<ContentType, string> = {
  'Microsoft.SecurityInsights/watchlists': 'watchlist',
  'Microsoft.SecurityInsights/alertRules': 'analytics rule',
  'Microsoft.SecurityInsights/automationRules': 'automation rule',
  'Microsoft.Insights/workbooks': 'workbook',
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
