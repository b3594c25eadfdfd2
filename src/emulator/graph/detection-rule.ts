// What the Graph service accepts as a detectionRule (beta shape) and what it fills in, after
// reference/defender-custom-detections.md §2-§3. Checks throw a 400 naming the property by its path.
// Where the reference says a rule is undocumented, the emulator follows the leads it lists:
//   - ids match ^[A-Za-z][A-Za-z0-9_-]{0,99}$ (§6, unverified report);
//   - a continuous (NRT) rule's frequency is PT0S (§3.4: "a zero frequency", literal undocumented);
//   - PATCH replaces each top-level property it names as a whole (§6: undocumented).
import { ArmError, badRequest } from '../errors.js';
import { parseDuration } from '../../core/duration.js';
import { arrayAt, enumAt, isObject, objectAt, stringAt } from '../check.js';
import type { JsonObject } from '../state.js';
import type { GraphVersion } from './route.js';

export const DETECTION_RULE_TYPE = '#microsoft.graph.security.detectionRule';
const ID = /^[A-Za-z][A-Za-z0-9_-]{0,99}$/;
const WRITABLE = ['displayName', 'description', 'status', 'queryCondition', 'schedule', 'detectionAction', 'isEnabled'];
const READ_ONLY = ['createdBy', 'lastModifiedBy', 'createdDateTime', 'lastModifiedDateTime', 'detectorId', 'lastRunDetails'];
const ALERT_TEMPLATE = ['title', 'description', 'severity', 'recommendedActions', 'tactics', 'entityMappings', 'customDetails', 'eventGroupingKind', 'category', 'mitreTechniques', 'impactedAssets'];
const DETECTION_ACTION = ['alertTemplate', 'automatedActions', 'organizationalScope', 'incidentConfiguration', 'responseActions'];
const BETA_ONLY: Record<string, string> = {
  'schedule.lookback': 'lookback',
  'detectionAction.alertTemplate.eventGroupingKind': 'eventGroupingKind',
  'detectionAction.incidentConfiguration': 'incidentConfiguration',
};

/** Entity mapping collections and the columns each entry may name (§2.3). */
const ENTITY_COLUMNS: Record<string, string[]> = {
  accounts: ['aadUserId', 'dnsDomain', 'name', 'ntDomain', 'sid', 'upn', 'upnSuffix'],
  hosts: ['deviceId', 'dnsDomain', 'name', 'netBiosName', 'ntDomain'],
  ips: ['address', 'scope'],
  urls: ['address'],
  files: ['name', 'sha1', 'sha256'],
  processes: ['sha1', 'sha256'],
  registryValues: ['key', 'valueName'],
  dns: ['domainName', 'hostIpAddress', 'serverIp'],
  mailboxes: ['primaryAddress'],
  mailMessages: ['networkMessageId', 'recipient', 'sender', 'subject'],
  mailClusters: ['query', 'source'],
  cloudApplications: ['appId', 'name'],
  oAuthApplications: ['oAuthAppId'],
  securityGroups: ['distinguishedName', 'objectId', 'sid'],
  azureResources: ['resourceId'],
  amazonResources: ['amazonResourceId'],
  googleCloudResources: ['fullResourceName'],
};

/** automatedActionSet (§2.2, from the SDK's models): each action's entries and the fields they may hold. */
const DEVICE = ['deviceIdColumn'];
const FILE = ['sha1Column', 'sha256Column', 'deviceGroupNames'];
const EMAIL = ['networkMessageIdColumn', 'recipientColumn'];
const AUTOMATED_ACTIONS: Record<string, string[]> = {
  isolateDevices: [...DEVICE, 'isolationType'],
  collectInvestigationPackages: DEVICE,
  initiateInvestigations: DEVICE,
  restrictAppExecutions: DEVICE,
  runAntivirusScans: DEVICE,
  allowFiles: FILE,
  blockFiles: FILE,
  stopAndQuarantineFiles: [...DEVICE, 'sha1Column'],
  disableUsers: ['accountSidColumn'],
  forceUserPasswordResets: ['accountSidColumn'],
  markUsersAsCompromised: ['accountObjectIdColumn'],
  softDeleteEmails: EMAIL,
  hardDeleteEmails: EMAIL,
  moveEmailsToDeletedItems: EMAIL,
  moveEmailsToInbox: EMAIL,
  moveEmailsToJunk: EMAIL,
};

function unknownProperty(name: string, type: string): ArmError {
  return badRequest(`The property '${name}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type.`, name);
}

function onlyKnown(obj: JsonObject, allowed: readonly string[], type: string): void {
  for (const k of Object.keys(obj)) if (!allowed.includes(k) && !k.startsWith('@odata.')) throw unknownProperty(k, type);
}

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

function isoSeconds(text: string): number | undefined {
  const d = parseDuration(text, 'iso');
  return d && d.ms / 1000;
}

/** §3.1: custom frequencies 5 min to 14 d; lookback at least the frequency and at most a limit set by it. */
function checkSchedule(s: JsonObject): void {
  onlyKnown(s, ['frequency', 'lookback', 'period', 'nextRunDateTime'], 'microsoft.graph.security.ruleSchedule');
  const text = stringAt(s, 'frequency', 'schedule.frequency', { required: true })!;
  const frequency = isoSeconds(text);
  if (frequency === undefined) throw badRequest(`The value '${text}' of property 'schedule.frequency' is not a valid ISO 8601 duration.`, 'schedule.frequency');
  if (frequency !== 0 && (frequency < 5 * MINUTE || frequency > 14 * DAY)) {
    throw badRequest(`The frequency '${text}' is not supported: use PT0S (continuous) or a duration from PT5M to P14D.`, 'schedule.frequency');
  }
  const lookbackText = stringAt(s, 'lookback', 'schedule.lookback');
  if (lookbackText === undefined) return;
  const lookback = isoSeconds(lookbackText);
  if (lookback === undefined) throw badRequest(`The value '${lookbackText}' of property 'schedule.lookback' is not a valid ISO 8601 duration.`, 'schedule.lookback');
  if (frequency === 0) throw badRequest('A lookback is not supported for near-real-time rules (zero frequency).', 'schedule.lookback');
  if (lookback < frequency) throw badRequest(`The lookback '${lookbackText}' must be at least the frequency '${text}'.`, 'schedule.lookback');
  const max = frequency < HOUR ? 48 * HOUR : frequency < DAY ? 14 * DAY : 30 * DAY;
  const within = frequency < HOUR ? lookback < max : lookback <= max;
  if (!within) throw badRequest(`The lookback '${lookbackText}' is too long for the frequency '${text}'.`, 'schedule.lookback');
}

function checkEntityMappings(m: JsonObject): void {
  for (const [collection, entries] of Object.entries(m)) {
    const at = `detectionAction.alertTemplate.entityMappings.${collection}`;
    const columns = ENTITY_COLUMNS[collection];
    if (!columns) throw unknownProperty(collection, 'microsoft.graph.security.entityMappingConfiguration');
    if (!Array.isArray(entries)) throw badRequest(`The property '${at}' must be an array.`, at);
    entries.forEach((e, i) => {
      if (!isObject(e)) throw badRequest(`The property '${at}[${i}]' must be an object.`, `${at}[${i}]`);
      for (const [k, v] of Object.entries(e)) {
        if (k.startsWith('@odata.')) continue;
        if (!columns.some((c) => `${c}Column` === k)) throw unknownProperty(k, `microsoft.graph.security.${collection}EntityMapping`);
        if (typeof v !== 'string' || v === '') throw badRequest(`The property '${at}[${i}].${k}' must name a query column.`, `${at}[${i}].${k}`);
      }
    });
  }
}

function checkAlertTemplate(t: JsonObject): void {
  onlyKnown(t, ALERT_TEMPLATE, 'microsoft.graph.security.alertTemplate');
  const at = 'detectionAction.alertTemplate';
  stringAt(t, 'title', `${at}.title`, { required: true });
  enumAt(t, 'severity', `${at}.severity`, ['informational', 'low', 'medium', 'high'], true);
  enumAt(t, 'eventGroupingKind', `${at}.eventGroupingKind`, ['alertPerEvent', 'singleAlert'], false);
  (arrayAt(t, 'tactics', `${at}.tactics`, false) ?? []).forEach((x, i) => {
    if (!isObject(x)) throw badRequest(`The property '${at}.tactics[${i}]' must be an object.`, `${at}.tactics[${i}]`);
    stringAt(x, 'tactic', `${at}.tactics[${i}].tactic`, { required: true });
  });
  const mappings = objectAt(t, 'entityMappings', `${at}.entityMappings`, false);
  if (mappings) checkEntityMappings(mappings);
  const details = objectAt(t, 'customDetails', `${at}.customDetails`, false);
  if (details && Object.keys(details).length > 20) throw badRequest(`At most 20 custom details are allowed; the rule has ${Object.keys(details).length}.`, `${at}.customDetails`);
}

function checkAutomatedActions(actions: JsonObject): void {
  for (const [action, entries] of Object.entries(actions)) {
    const at = `detectionAction.automatedActions.${action}`;
    const fields = AUTOMATED_ACTIONS[action];
    if (!fields) throw unknownProperty(action, 'microsoft.graph.security.automatedActionSet');
    if (!Array.isArray(entries)) throw badRequest(`The property '${at}' must be an array.`, at);
    entries.forEach((e, i) => {
      if (!isObject(e)) throw badRequest(`The property '${at}[${i}]' must be an object.`, `${at}[${i}]`);
      onlyKnown(e, fields, `microsoft.graph.security.${action}Action`);
      enumAt(e, 'isolationType', `${at}[${i}].isolationType`, ['full', 'selective'], false);
      for (const [k, v] of Object.entries(e)) {
        if (k.endsWith('Column') && (typeof v !== 'string' || v === '')) throw badRequest(`The property '${at}[${i}].${k}' must name a query column.`, `${at}[${i}].${k}`);
      }
    });
  }
}

function checkDetectionAction(a: JsonObject): void {
  onlyKnown(a, DETECTION_ACTION, 'microsoft.graph.security.detectionAction');
  const actions = objectAt(a, 'automatedActions', 'detectionAction.automatedActions', false);
  if (actions) checkAutomatedActions(actions);
  const template = objectAt(a, 'alertTemplate', 'detectionAction.alertTemplate', false);
  if (template) checkAlertTemplate(template);
  const scope = objectAt(a, 'organizationalScope', 'detectionAction.organizationalScope', false);
  if (scope) arrayAt(scope, 'deviceGroups', 'detectionAction.organizationalScope.deviceGroups', false);
}

function checkBetaOnly(body: JsonObject, version: GraphVersion): void {
  if (version === 'beta') return;
  for (const [path, name] of Object.entries(BETA_ONLY)) {
    const value = path.split('.').reduce<unknown>((o, k) => (isObject(o) ? o[k] : undefined), body);
    if (value !== undefined) throw unknownProperty(name, 'microsoft.graph.security (v1.0)');
  }
}

/** The writable properties of a create (complete) or update (partial) body, checked. */
function checkProperties(body: JsonObject, version: GraphVersion, create: boolean): void {
  onlyKnown(body, create ? ['id', ...WRITABLE] : ['id', ...WRITABLE, ...READ_ONLY], 'microsoft.graph.security.detectionRule');
  checkBetaOnly(body, version);
  stringAt(body, 'displayName', 'displayName', { required: create });
  stringAt(body, 'description', 'description');
  enumAt(body, 'status', 'status', ['enabled', 'disabled'], create);
  const query = objectAt(body, 'queryCondition', 'queryCondition', create);
  if (query) stringAt(query, 'queryText', 'queryCondition.queryText', { required: true });
  const schedule = objectAt(body, 'schedule', 'schedule', create);
  if (schedule) checkSchedule(schedule);
  const action = objectAt(body, 'detectionAction', 'detectionAction', false);
  if (action) checkDetectionAction(action);
}

/** A create body checked; returns its id and the properties to store (without the id and OData annotations). */
export function checkCreate(body: JsonObject, version: GraphVersion): { id: string; properties: JsonObject } {
  const id = stringAt(body, 'id', 'id', { required: true })!;
  if (!ID.test(id)) throw badRequest(`The id '${id}' is invalid: an id starts with a letter and holds at most 100 letters, digits, '-' and '_'.`, 'id');
  checkProperties(body, version, true);
  return { id, properties: writable(body) };
}

/** An update body checked against the stored rule; returns the properties after the update. */
export function checkUpdate(id: string, body: JsonObject, stored: JsonObject, version: GraphVersion): JsonObject {
  if (body.id !== undefined && String(body.id).toLowerCase() !== id.toLowerCase()) throw badRequest(`The id '${String(body.id)}' in the body does not match the id '${id}' in the URL.`, 'id');
  checkProperties(body, version, false);
  return { ...stored, ...writable(body) };
}

function writable(body: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const k of WRITABLE) if (body[k] !== undefined) out[k] = structuredClone(body[k]);
  return out;
}
