// Automation rules. Conditions naming analytics rules (IncidentRelatedAnalyticRuleIds,
// AlertAnalyticRuleIds) are not checked against existing rules: the real service accepts ids of rules
// that do not exist (yet), which is what lets a deploy create them in any order.
import { badRequest } from '../errors.js';
import { arrayAt, booleanAt, clone, enumAt, integerAt, isObject, objectAt, stringAt } from '../check.js';
import type { JsonObject } from '../state.js';
import { EMULATOR_IDENTITY, type PutContext, type PutOutcome, type ResourceType } from './types.js';

const ACTIONS = ['ModifyProperties', 'RunPlaybook', 'AddIncidentTask'] as const;
const clientInfo = {
  email: EMULATOR_IDENTITY.email,
  name: EMULATOR_IDENTITY.name,
  objectId: EMULATOR_IDENTITY.objectId,
  userPrincipalName: EMULATOR_IDENTITY.userPrincipalName,
};

function checkTrigger(p: JsonObject): void {
  const at = 'properties.triggeringLogic';
  const t = objectAt(p, 'triggeringLogic', at, true)!;
  booleanAt(t, 'isEnabled', `${at}.isEnabled`, true);
  enumAt(t, 'triggersOn', `${at}.triggersOn`, ['Incidents', 'Alerts'], true);
  enumAt(t, 'triggersWhen', `${at}.triggersWhen`, ['Created', 'Updated'], true);
  stringAt(t, 'expirationTimeUtc', `${at}.expirationTimeUtc`, {});
  arrayAt(t, 'conditions', `${at}.conditions`, false)?.forEach((c, i) => {
    const cat = `${at}.conditions[${i}]`;
    if (!isObject(c)) throw badRequest(`The property '${cat}' must be an object.`, cat);
    stringAt(c, 'conditionType', `${cat}.conditionType`, { required: true });
  });
}

function checkActions(p: JsonObject): void {
  const actions = arrayAt(p, 'actions', 'properties.actions', true)!;
  if (actions.length === 0) throw badRequest("The property 'properties.actions' must contain at least one action.", 'properties.actions');
  actions.forEach((a, i) => {
    const at = `properties.actions[${i}]`;
    if (!isObject(a)) throw badRequest(`The property '${at}' must be an object.`, at);
    integerAt(a, 'order', `${at}.order`, 1, 1000, true);
    const type = enumAt(a, 'actionType', `${at}.actionType`, ACTIONS, true);
    const config = objectAt(a, 'actionConfiguration', `${at}.actionConfiguration`, type !== 'ModifyProperties');
    if (type === 'RunPlaybook') stringAt(config!, 'logicAppResourceId', `${at}.actionConfiguration.logicAppResourceId`, { required: true });
    if (type === 'AddIncidentTask') stringAt(config!, 'title', `${at}.actionConfiguration.title`, { required: true });
  });
}

function put(ctx: PutContext): PutOutcome {
  const p = clone(objectAt(ctx.body, 'properties', 'properties', true)!);
  stringAt(p, 'displayName', 'properties.displayName', { required: true, max: 500 });
  integerAt(p, 'order', 'properties.order', 1, 1000, true);
  checkTrigger(p);
  checkActions(p);
  for (const k of ['createdTimeUtc', 'lastModifiedTimeUtc', 'createdBy', 'lastModifiedBy']) delete p[k];
  const old = ctx.existing?.properties;
  const properties: JsonObject = {
    ...p,
    createdTimeUtc: (old?.createdTimeUtc as string | undefined) ?? ctx.now,
    lastModifiedTimeUtc: ctx.now,
    createdBy: (old?.createdBy as JsonObject | undefined) ?? clientInfo,
    lastModifiedBy: clientInfo,
  };
  return { resource: { id: ctx.id, name: ctx.name, type: 'Microsoft.SecurityInsights/automationRules', properties } };
}

export const automationRules: ResourceType = {
  segment: 'automationRules',
  type: 'Microsoft.SecurityInsights/automationRules',
  action: 'Microsoft.SecurityInsights/automationRules',
  api: 'securityInsights',
  put,
};
