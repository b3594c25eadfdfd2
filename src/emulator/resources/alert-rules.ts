// Analytics rules (Microsoft.SecurityInsights/alertRules), Scheduled and NRT. The checks are the
// service's (swagger required lists and enums) plus the limits Sentinel enforces (reference/
// sentinel-arm-api.md §1.3-1.5); NRT and the preview-only properties exist only at preview api-versions.
import { ArmError, badRequest } from '../errors.js';
import { arrayAt, booleanAt, clone, durationAt, enumAt, integerAt, isObject, objectAt, stringAt } from '../check.js';
import { unknownTables } from '../tables.js';
import { ENTITY_MAPPING_LIMITS, ENTITY_TYPES } from '../../rules/entity-model.js';
import type { JsonObject } from '../state.js';
import type { PutContext, PutOutcome, ResourceType } from './types.js';

const SEVERITIES = ['High', 'Medium', 'Low', 'Informational'] as const;
const OPERATORS = ['GreaterThan', 'LessThan', 'Equal', 'NotEqual'] as const;
const TACTICS = [
  'Reconnaissance', 'ResourceDevelopment', 'InitialAccess', 'Execution', 'Persistence', 'PrivilegeEscalation', 'DefenseEvasion',
  'CredentialAccess', 'Discovery', 'LateralMovement', 'Collection', 'Exfiltration', 'CommandAndControl', 'Impact', 'PreAttack',
  'ImpairProcessControl', 'InhibitResponseFunction',
] as const;
const DYNAMIC_PROPERTIES = [
  'AlertLink', 'ConfidenceLevel', 'ConfidenceScore', 'ExtendedLinks', 'ProductName', 'ProviderName', 'ProductComponentName',
  'RemediationSteps', 'Techniques',
] as const;
const MATCHING = ['AllEntities', 'AnyAlert', 'Selected'] as const;

/** Properties the service models; anything else is dropped, as the real RP does not echo unknown properties. */
const COMMON = [
  'displayName', 'description', 'enabled', 'query', 'severity', 'suppressionEnabled', 'suppressionDuration', 'tactics',
  'techniques', 'subTechniques', 'alertRuleTemplateName', 'templateVersion', 'eventGroupingSettings', 'customDetails',
  'entityMappings', 'sentinelEntitiesMappings', 'alertDetailsOverride', 'incidentConfiguration',
];
const SCHEDULED_ONLY = ['queryFrequency', 'queryPeriod', 'triggerOperator', 'triggerThreshold'];
const PREVIEW_ONLY = ['subTechniques', 'sentinelEntitiesMappings'];

const MIN_PERIOD = 5 * 60;
const MAX_PERIOD = 14 * 86_400;

function checkSchedule(p: JsonObject): void {
  const frequency = durationAt(p, 'queryFrequency', 'properties.queryFrequency', true)!;
  const period = durationAt(p, 'queryPeriod', 'properties.queryPeriod', true)!;
  for (const [name, v] of [['queryFrequency', frequency], ['queryPeriod', period]] as const) {
    if (v < MIN_PERIOD || v > MAX_PERIOD) {
      throw badRequest(`The value '${p[name] as string}' of property 'properties.${name}' is out of range; it must be between PT5M and P14D.`, `properties.${name}`);
    }
  }
  if (period < frequency) throw badRequest("'queryPeriod' should be greater than or equal to 'queryFrequency'", 'properties.queryPeriod');
  enumAt(p, 'triggerOperator', 'properties.triggerOperator', OPERATORS, true);
  integerAt(p, 'triggerThreshold', 'properties.triggerThreshold', 0, 10_000, true);
}

function checkAttack(p: JsonObject, preview: boolean): void {
  const tactics = arrayAt(p, 'tactics', 'properties.tactics', false) ?? [];
  tactics.forEach((t, i) => enumAt({ t }, 't', `properties.tactics[${i}]`, TACTICS, true));
  const techniques = arrayAt(p, 'techniques', 'properties.techniques', false) ?? [];
  for (const t of techniques) {
    if (typeof t !== 'string' || !/^T\d{4}$/.test(t)) throw badRequest(`The technique '${String(t)}' is invalid. The expected format is 'T####'`, 'properties.techniques');
  }
  if (!preview) return;
  const subs = arrayAt(p, 'subTechniques', 'properties.subTechniques', false) ?? [];
  for (const t of subs) {
    if (typeof t !== 'string' || !/^T\d{4}\.\d{3}$/.test(t)) {
      throw badRequest(`The sub-technique '${String(t)}' is invalid. The expected format is 'T####.###'`, 'properties.subTechniques');
    }
  }
}

/** The service's entity-mapping refusals, in its words (docs/reference/sentinel-entity-identifiers.md). */
function invalidModel(detail: string, target: string): ArmError {
  return badRequest(`Invalid data model. [: ${detail}]`, target);
}

function checkLength(list: unknown[], name: string, max: number, target: string): void {
  if (list.length < 1 || list.length > max) {
    throw invalidModel(`Invalid length of '${list.length}' for '${name}'. '${name}' length should be between '1' and '${max}'`, target);
  }
}

function checkEntityMappings(p: JsonObject): void {
  const mappings = arrayAt(p, 'entityMappings', 'properties.entityMappings', false);
  if (!mappings) return;
  checkLength(mappings, 'EntityMappings', ENTITY_MAPPING_LIMITS.maxMappings, 'properties.entityMappings');
  mappings.forEach((m, i) => {
    const at = `properties.entityMappings[${i}]`;
    if (!isObject(m)) throw badRequest(`The property '${at}' must be an object.`, at);
    const type = stringAt(m, 'entityType', `${at}.entityType`, { required: true })!;
    const identifiers = ENTITY_TYPES[type]?.identifiers;
    if (!identifiers) throw badRequest(`The entity type '${type}' is invalid. Allowed values: ${Object.keys(ENTITY_TYPES).join(', ')}.`, `${at}.entityType`);
    const fields = arrayAt(m, 'fieldMappings', `${at}.fieldMappings`, true)!;
    checkLength(fields, 'FieldMappings', ENTITY_MAPPING_LIMITS.maxIdentifiers, `${at}.fieldMappings`);
    fields.forEach((f, j) => {
      const fat = `${at}.fieldMappings[${j}]`;
      if (!isObject(f)) throw badRequest(`The property '${fat}' must be an object.`, fat);
      const id = stringAt(f, 'identifier', `${fat}.identifier`, { required: true })!;
      if (!identifiers.includes(id)) {
        throw invalidModel(`Invalid identifier '${id}' for type '${type}' encountered. Valid identifiers are: [${identifiers.join(', ')}]`, `${fat}.identifier`);
      }
      stringAt(f, 'columnName', `${fat}.columnName`, { required: true });
    });
  });
}

function checkDetails(p: JsonObject, preview: boolean): void {
  const custom = objectAt(p, 'customDetails', 'properties.customDetails', false);
  if (custom) {
    const keys = Object.keys(custom);
    if (keys.length > 20) throw badRequest(`The rule has ${keys.length} custom details; at most 20 are allowed.`, 'properties.customDetails');
    for (const k of keys) stringAt(custom, k, `properties.customDetails.${k}`, { required: true });
  }
  const override = objectAt(p, 'alertDetailsOverride', 'properties.alertDetailsOverride', false);
  const dynamic = override && arrayAt(override, 'alertDynamicProperties', 'properties.alertDetailsOverride.alertDynamicProperties', false);
  const allowed: readonly string[] = preview ? [...DYNAMIC_PROPERTIES, 'SubTechniques'] : DYNAMIC_PROPERTIES;
  dynamic?.forEach((d, i) => {
    const at = `properties.alertDetailsOverride.alertDynamicProperties[${i}]`;
    if (!isObject(d)) throw badRequest(`The property '${at}' must be an object.`, at);
    enumAt(d, 'alertProperty', `${at}.alertProperty`, allowed, true);
    stringAt(d, 'value', `${at}.value`, { required: true });
  });
  const grouping = objectAt(p, 'eventGroupingSettings', 'properties.eventGroupingSettings', false);
  if (grouping) enumAt(grouping, 'aggregationKind', 'properties.eventGroupingSettings.aggregationKind', ['SingleAlert', 'AlertPerResult'], false);
}

function checkIncident(p: JsonObject): void {
  const incident = objectAt(p, 'incidentConfiguration', 'properties.incidentConfiguration', false);
  if (!incident) return;
  booleanAt(incident, 'createIncident', 'properties.incidentConfiguration.createIncident', true);
  const at = 'properties.incidentConfiguration.groupingConfiguration';
  const g = objectAt(incident, 'groupingConfiguration', at, false);
  if (!g) return;
  booleanAt(g, 'enabled', `${at}.enabled`, true);
  booleanAt(g, 'reopenClosedIncident', `${at}.reopenClosedIncident`, true);
  durationAt(g, 'lookbackDuration', `${at}.lookbackDuration`, true);
  const method = enumAt(g, 'matchingMethod', `${at}.matchingMethod`, MATCHING, true);
  const byEntities = arrayAt(g, 'groupByEntities', `${at}.groupByEntities`, false) ?? [];
  byEntities.forEach((e, i) => enumAt({ e }, 'e', `${at}.groupByEntities[${i}]`, Object.keys(ENTITY_TYPES), true));
  const byDetails = arrayAt(g, 'groupByAlertDetails', `${at}.groupByAlertDetails`, false) ?? [];
  byDetails.forEach((d, i) => enumAt({ d }, 'd', `${at}.groupByAlertDetails[${i}]`, ['DisplayName', 'Severity'], true));
  const byCustom = arrayAt(g, 'groupByCustomDetails', `${at}.groupByCustomDetails`, false) ?? [];
  if (method === 'Selected' && byEntities.length + byDetails.length + byCustom.length === 0) {
    throw badRequest("Grouping by 'Selected' requires at least one of groupByEntities, groupByAlertDetails or groupByCustomDetails.", `${at}.matchingMethod`);
  }
}

function checkKind(ctx: PutContext): 'Scheduled' | 'NRT' {
  const kind = ctx.body.kind;
  if (kind === undefined || kind === null) throw badRequest("The property 'kind' is required.", 'kind');
  if (kind === 'NRT' && !ctx.preview) throw badRequest(`The kind 'NRT' is not supported in api-version ${ctx.apiVersion}`, 'kind');
  if (kind !== 'Scheduled' && kind !== 'NRT') {
    throw badRequest(`The kind '${String(kind)}' is not supported by the emulator in api-version ${ctx.apiVersion}; supported kinds: Scheduled${ctx.preview ? ', NRT' : ''}.`, 'kind');
  }
  const before = ctx.existing?.kind;
  if (before && before !== kind) {
    throw badRequest(`The kind of an existing alert rule cannot be changed from '${before}' to '${kind}'. Delete the rule and create it again.`, 'kind');
  }
  return kind;
}

async function checkQuery(p: JsonObject, customTables: ReadonlySet<string>): Promise<void> {
  const query = stringAt(p, 'query', 'properties.query', { required: true, max: 10_000 })!;
  const missing = (await unknownTables(query)).filter((t) => !customTables.has(t));
  if (missing.length) {
    throw new ArmError(400, 'BadRequest', `Failed to run the analytics rule query. One of the tables does not exist. Unknown table: '${missing[0]}'.`, 'properties.query');
  }
}

async function put(ctx: PutContext): Promise<PutOutcome> {
  const kind = checkKind(ctx);
  const sent = clone(objectAt(ctx.body, 'properties', 'properties', true)!);
  if (!ctx.preview) {
    for (const k of PREVIEW_ONLY) {
      if (sent[k] !== undefined) throw badRequest(`The property 'properties.${k}' is not supported in api-version ${ctx.apiVersion}; it requires a preview api-version.`, `properties.${k}`);
    }
  }
  const known = kind === 'Scheduled' ? [...COMMON, ...SCHEDULED_ONLY] : COMMON;
  const p: JsonObject = {};
  for (const [k, v] of Object.entries(sent)) if (known.includes(k) && v !== undefined) p[k] = v;
  stringAt(p, 'displayName', 'properties.displayName', { required: true });
  stringAt(p, 'description', 'properties.description', {});
  booleanAt(p, 'enabled', 'properties.enabled', true);
  enumAt(p, 'severity', 'properties.severity', SEVERITIES, true);
  if (kind === 'Scheduled') checkSchedule(p);
  booleanAt(p, 'suppressionEnabled', 'properties.suppressionEnabled', true);
  durationAt(p, 'suppressionDuration', 'properties.suppressionDuration', true);
  checkAttack(p, ctx.preview);
  checkEntityMappings(p);
  checkDetails(p, ctx.preview);
  checkIncident(p);
  await checkQuery(p, ctx.customTables);
  // The service reports these two as null when the rule was not created from a template.
  const properties = { alertRuleTemplateName: null, templateVersion: null, ...p, lastModifiedUtc: ctx.now };
  return { resource: { id: ctx.id, name: ctx.name, type: 'Microsoft.SecurityInsights/alertRules', kind, properties } };
}

export const alertRules: ResourceType = {
  segment: 'alertRules',
  type: 'Microsoft.SecurityInsights/alertRules',
  action: 'Microsoft.SecurityInsights/alertRules',
  api: 'securityInsights',
  put,
};
