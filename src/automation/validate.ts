// Checks across files that JSON Schema cannot express: referenced analytics rules exist in rules/,
// automation rule ids are unique, and action orders within a rule do not collide.
import { error, warning, type Problem } from '../core/problems.js';
import { toPointer } from '../core/yaml.js';
import type { RuleDefinition } from '../rules/types.js';
import { propertyConditions } from './conditions.js';
import { RULE_ID_PROPERTIES, type AutomationRule } from './types.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every analytics rule id referenced by a condition must be the `id` of a rule in rules/. */
export function checkRuleReferences(automation: AutomationRule, rules: readonly RuleDefinition[], unloadedIds: ReadonlySet<string> = new Set()): Problem[] {
  const byId = new Map(rules.map((r) => [r.doc.id.toLowerCase(), r]));
  const problems: Problem[] = [];
  for (const { condition, pointer } of propertyConditions(automation.doc.triggeringLogic?.conditions)) {
    const props = condition.conditionProperties;
    if (typeof props?.propertyName !== 'string' || !RULE_ID_PROPERTIES.has(props.propertyName) || !Array.isArray(props.propertyValues)) continue;
    props.propertyValues.forEach((value, i) => {
      // A rule whose file has errors of its own is reported there, not again here.
      if (typeof value !== 'string' || byId.has(value.toLowerCase()) || unloadedIds.has(value.toLowerCase())) return;
      const at = automation.source.locate(`${pointer}/conditionProperties/propertyValues/${i}`);
      // A file stem or display name is the usual mistake: name the id to write instead.
      const meant = rules.find((r) => r.stem === value || r.doc.name === value);
      const hint = meant
        ? ` (did you mean ${meant.doc.id}, the id of ${meant.file}?)`
        : GUID.test(value)
          ? ''
          : ' (write the rule\'s `id` GUID)';
      const known = rules.length ? `; rules: ${rules.map((r) => `${r.doc.id} (${r.stem})`).join(', ')}` : '';
      problems.push(error('automation-unknown-rule', `${props.propertyName} refers to analytics rule '${value}', which is not the id of any rule in rules/${hint}${meant ? '' : known}`, at));
    });
  }
  return problems;
}

/** Two actions with the same order run in an unspecified order; almost always a copy-paste slip. */
export function checkActionOrders(automation: AutomationRule): Problem[] {
  const seen = new Map<number, number>();
  const problems: Problem[] = [];
  (automation.doc.actions ?? []).forEach((action, i) => {
    if (typeof action?.order !== 'number') return;
    const first = seen.get(action.order);
    if (first === undefined) seen.set(action.order, i);
    else problems.push(warning('automation-action-order', `actions[${i}] has the same order (${action.order}) as actions[${first}]; give each action its own order`, automation.source.locate(toPointer(['actions', i, 'order']))));
  });
  return problems;
}

/** Automation rule ids are resource names: two files with one id would overwrite each other on deploy. */
export function checkUniqueIds(automation: readonly AutomationRule[]): Problem[] {
  const seen = new Map<string, AutomationRule>();
  const problems: Problem[] = [];
  for (const a of automation) {
    if (typeof a.doc.id !== 'string') continue;
    const key = a.doc.id.toLowerCase();
    const first = seen.get(key);
    if (first) problems.push(error('automation-duplicate-id', `automation rule id ${a.doc.id} is also the id of ${first.file}; every automation rule needs its own GUID`, a.source.locate('/id')));
    else seen.set(key, a);
  }
  return problems;
}

/** Sentinel runs alert-triggered automation rules only on creation, and they can only run playbooks. */
export function checkAlertTrigger(automation: AutomationRule): Problem[] {
  const logic = automation.doc.triggeringLogic;
  if (logic?.triggersOn !== 'Alerts') return [];
  const problems: Problem[] = [];
  if (logic.triggersWhen === 'Updated') {
    problems.push(error('automation-alert-trigger', 'automation rules that trigger on Alerts run only when an alert is Created; use triggersWhen: Created, or trigger on Incidents', automation.source.locate('/triggeringLogic/triggersWhen')));
  }
  (automation.doc.actions ?? []).forEach((action, i) => {
    if (action && typeof action.actionType === 'string' && action.actionType !== 'RunPlaybook') {
      problems.push(error('automation-alert-trigger', `automation rules that trigger on Alerts can only run playbooks; ${action.actionType} needs triggersOn: Incidents`, automation.source.locate(toPointer(['actions', i, 'actionType']))));
    }
  });
  return problems;
}
