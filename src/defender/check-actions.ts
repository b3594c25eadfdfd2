// Defender-only settings checked against what the service needs (reference §2.2 automatedActionSet,
// §3.2): the rule file's schema holds each action's shape; here, what the shape cannot say. Automated
// actions exist only for rules on Defender XDR data, each `*Column` must name a column of the query's
// result, email actions need the message and recipient columns, and device-group scoping needs DeviceId.
import { error, type Problem } from '../core/problems.js';
import type { QueryResultSchema } from '../kql/analyze/types.js';
import type { RuleDefinition } from '../rules/types.js';
import { TABLE_FAMILIES } from './limits.js';

const EMAIL_ACTION = /^(soft|hard)DeleteEmails$|^moveEmailsTo/;

export function checkDefenderActions(rule: RuleDefinition, tables: readonly string[], result: QueryResultSchema | undefined): Problem[] {
  const settings = rule.doc.defender ?? {};
  const problems: Problem[] = [];
  const actions = Object.entries(settings.automatedActions ?? {});
  if (actions.length && !tables.some((t) => TABLE_FAMILIES.some((f) => f.matches(t)))) {
    const read = tables.length ? `this query reads ${tables.join(', ')}` : 'this query reads no table';
    problems.push(error('defender-actions', `automated actions run only for custom detections on Defender XDR data (device, email, identity, cloud app tables); ${read}`, rule.source.locate('/defender/automatedActions')));
  }
  const columns = result && !result.open ? new Set(result.columns.map((c) => c.name)) : undefined;
  if (!columns) return problems;
  for (const [action, entries] of actions) {
    if (!Array.isArray(entries)) continue; // the schema reports it
    entries.forEach((entry, i) => {
      for (const [field, column] of Object.entries(entry ?? {})) {
        if (!field.endsWith('Column') || typeof column !== 'string' || columns.has(column)) continue;
        problems.push(error('defender-actions', `${action} ${field}: the query's result has no column '${column}'`, rule.source.locate(`/defender/automatedActions/${action}/${i}/${field}`)));
      }
    });
    if (EMAIL_ACTION.test(action)) problems.push(...needs(rule, columns, ['NetworkMessageId', 'RecipientEmailAddress'], `${action} (email actions)`, `/defender/automatedActions/${action}`));
  }
  if (settings.deviceGroups?.length) problems.push(...needs(rule, columns, ['DeviceId'], 'deviceGroups (device-group scoping)', '/defender/deviceGroups'));
  return problems;
}

function needs(rule: RuleDefinition, have: ReadonlySet<string>, wanted: readonly string[], what: string, pointer: string): Problem[] {
  const missing = wanted.filter((c) => !have.has(c));
  if (!missing.length) return [];
  return [error('defender-actions', `${what}: the query's result must carry ${missing.join(' and ')}`, rule.source.locate(pointer))];
}
