// The alerts the rules raised over the preview's rows as the rows Sentinel writes for them: SecurityAlert (one
// per alert, the rule's id in ExtendedProperties' "Analytic Rule Ids" as the workbook reads it) and
// SecurityIncident (alerts grouped into incidents by the rule's incidentConfiguration). Automation rules are
// not applied: incidents stay New and unassigned.
import { createHash } from 'node:crypto';
import { parseDuration } from '../core/duration.js';
import type { TableCatalog } from '../tables/catalog.js';
import type { DataTable, WireValue } from '../kql/table.js';
import { entityRecord } from '../testing/alerts.js';
import { emptyTable } from '../testing/inputs.js';
import type { RaisedAlert } from './replay.js';
import { jsonText } from '../kql/json.js';

type Row = Record<string, WireValue>;

/** A stable GUID from a text, so the same data gives the same page. */
function guid(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const alertId = (r: RaisedAlert): string => guid(`${r.rule.doc.id}|${r.at.toISOString()}|${r.alert.displayName}|${r.alert.rows.join(',')}`);

function alertRow(r: RaisedAlert): Row {
  const doc = r.rule.doc;
  const nrt = doc.kind === 'NRT';
  const entities = r.alert.entities.map(entityRecord);
  const properties = {
    'Analytic Rule Ids': JSON.stringify([doc.id]),
    'Analytic Rule Name': doc.name,
    'Event Grouping': doc.eventGroupingSettings?.aggregationKind ?? 'SingleAlert',
    'Query Period': doc.queryPeriod ?? '',
    'Trigger Operator': doc.triggerOperator ?? 'GreaterThan',
    'Trigger Threshold': String(doc.triggerThreshold ?? 0),
    ...(Object.keys(r.alert.customDetails).length ? { 'Custom Details': jsonText(r.alert.customDetails) } : {}),
  };
  return {
    TimeGenerated: r.at.toISOString(), DisplayName: r.alert.displayName, AlertName: r.alert.displayName, AlertSeverity: r.alert.severity,
    Description: r.alert.description, ProviderName: nrt ? 'ASI NRT Alerts' : 'ASI Scheduled Alerts', VendorName: 'Microsoft', ProductName: 'Azure Sentinel',
    ProductComponentName: nrt ? 'NRT Alerts' : 'Scheduled Alerts', AlertType: doc.id, SystemAlertId: alertId(r), Status: 'New', IsIncident: false,
    StartTime: r.first.toISOString(), EndTime: r.last.toISOString(), ProcessingEndTime: r.at.toISOString(),
    Entities: JSON.stringify(entities), ExtendedProperties: JSON.stringify(properties), Tactics: r.alert.tactics.join(', '),
    Techniques: JSON.stringify(doc.relevantTechniques ?? []), CompromisedEntity: entities[0] ? String(Object.values(r.alert.entities[0]!.identifiers)[0] ?? '') : '',
  };
}

/** The grouping key of an alert under its rule's matching method; undefined when it opens its own incident. */
function groupKey(r: RaisedAlert): string | undefined {
  const g = r.rule.doc.incidentConfiguration?.groupingConfiguration;
  if (!g?.enabled) return undefined;
  const entities = (types?: string[]) =>
    r.alert.entities.filter((e) => !types || types.some((t) => t.toLowerCase() === e.type.toLowerCase())).map((e) => `${e.type}:${JSON.stringify(e.identifiers)}`).sort().join('|');
  switch (g.matchingMethod ?? 'AnyAlert') {
    case 'AnyAlert':
      return r.rule.doc.id;
    case 'AllEntities':
      return `${r.rule.doc.id}|${entities()}`;
    default:
      return `${r.rule.doc.id}|${entities(g.groupByEntities)}|${(g.groupByAlertDetails ?? []).map((d) => (d === 'DisplayName' ? r.alert.displayName : r.alert.severity)).join('|')}`;
  }
}

interface Incident {
  alerts: RaisedAlert[];
  key?: string;
}

/** Alerts in time order; an alert joins the open incident of its key when within the lookback of its first alert. */
function incidents(raised: readonly RaisedAlert[]): Incident[] {
  const out: Incident[] = [];
  const open = new Map<string, Incident>();
  for (const r of [...raised].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    if (r.rule.doc.incidentConfiguration?.createIncident === false) continue;
    const key = groupKey(r);
    const lookback = parseDuration(r.rule.doc.incidentConfiguration?.groupingConfiguration?.lookbackDuration ?? 'PT5H')?.ms ?? 5 * 3_600_000;
    const current = key === undefined ? undefined : open.get(key);
    if (current && r.at.getTime() - current.alerts[0]!.at.getTime() <= lookback) {
      current.alerts.push(r);
      continue;
    }
    const incident: Incident = { alerts: [r], ...(key === undefined ? {} : { key }) };
    out.push(incident);
    if (key !== undefined) open.set(key, incident);
  }
  return out;
}

const SEVERITY_ORDER = ['Informational', 'Low', 'Medium', 'High'];

function incidentRow(incident: Incident, number: number, workspace: string): Row {
  const first = incident.alerts[0]!;
  const last = incident.alerts[incident.alerts.length - 1]!;
  const severity = incident.alerts.map((a) => a.alert.severity).sort((a, b) => SEVERITY_ORDER.indexOf(b) - SEVERITY_ORDER.indexOf(a))[0]!;
  const name = guid(`incident|${alertId(first)}`);
  return {
    TimeGenerated: last.at.toISOString(), IncidentNumber: number, IncidentName: name, Title: first.alert.displayName, Description: first.alert.description,
    Severity: severity, Status: 'New', Classification: '', Owner: { objectId: null, email: null, assignedTo: null, userPrincipalName: null },
    ProviderName: 'Azure Sentinel', ProviderIncidentId: String(number), CreatedTime: first.at.toISOString(), LastModifiedTime: last.at.toISOString(),
    FirstActivityTime: new Date(Math.min(...incident.alerts.map((a) => a.first.getTime()))).toISOString(),
    LastActivityTime: new Date(Math.max(...incident.alerts.map((a) => a.last.getTime()))).toISOString(),
    Labels: [], AlertIds: incident.alerts.map(alertId), RelatedAnalyticRuleIds: [first.rule.doc.id], IncidentUrl: `https://portal.azure.com/#asset/Microsoft_Azure_Security_Insights/Incident${workspace}/providers/Microsoft.SecurityInsights/Incidents/${name}`,
  };
}

function table(name: string, catalog: TableCatalog, rows: Row[]): DataTable {
  const columns = emptyTable(name, catalog)!.columns;
  return { columns, rows: rows.map((r) => columns.map((c) => r[c.name] ?? null)) };
}

/** `workspace`: the workspace's resource id, which incident links name. */
export function securityTables(raised: readonly RaisedAlert[], catalog: TableCatalog, workspace: string): { SecurityAlert: DataTable; SecurityIncident: DataTable } {
  return {
    SecurityAlert: table('SecurityAlert', catalog, [...raised].sort((a, b) => a.at.getTime() - b.at.getTime()).map(alertRow)),
    SecurityIncident: table('SecurityIncident', catalog, incidents(raised).map((i, n) => incidentRow(i, n + 1, workspace))),
  };
}

/**
 * The data with the raised alerts and incidents added to its SecurityAlert and SecurityIncident: appended to
 * the data's own rows (in the data's columns) when it has the table.
 */
export function withSecurityTables(tables: Record<string, DataTable>, raised: ReturnType<typeof securityTables>): Record<string, DataTable> {
  const append = (name: 'SecurityAlert' | 'SecurityIncident'): DataTable => {
    const own = tables[name];
    if (!own) return raised[name];
    const from = own.columns.map((c) => raised[name].columns.findIndex((r) => r.name === c.name));
    return { columns: own.columns, rows: [...own.rows, ...raised[name].rows.map((r) => from.map((i) => (i < 0 ? null : r[i]!)))] };
  };
  return { ...tables, SecurityAlert: append('SecurityAlert'), SecurityIncident: append('SecurityIncident') };
}
