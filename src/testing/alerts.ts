// From query results to the alerts the SOC receives, as Sentinel builds them:
// - the trigger (triggerOperator/triggerThreshold) is applied to the number of result rows;
// - eventGroupingSettings: SingleAlert makes one alert of all rows; AlertPerResult one per row, at most
//   150 per run, the 150th summarising the rest ("Alert grouping", learn.microsoft.com/azure/sentinel/
//   detect-threats-custom#event-grouping-and-rule-suppression);
// - alertDetailsOverride: `{{Column}}` placeholders take the row's value (the first row for a single
//   alert); severity and tactics columns override the rule's when they hold valid values;
// - entities from entityMappings, an entity being dropped when all its identifiers are empty;
// - customDetails: Sentinel stores each as an array of values (SecurityAlert.ExtendedProperties).
import type { DataTable, WireValue } from '../kql/table.js';
import type { RuleDocument } from '../rules/types.js';
import type { Alert, Entity } from './types.js';
import { jsonText } from '../kql/json.js';

export const MAX_ALERTS_PER_RUN = 150;
const MAX_DISPLAY_NAME = 256;
const MAX_DESCRIPTION = 5000;
const SEVERITIES = ['Informational', 'Low', 'Medium', 'High'];
const TACTICS = [
  'Reconnaissance', 'ResourceDevelopment', 'InitialAccess', 'Execution', 'Persistence', 'PrivilegeEscalation',
  'DefenseEvasion', 'CredentialAccess', 'Discovery', 'LateralMovement', 'Collection', 'Exfiltration',
  'CommandAndControl', 'Impact', 'PreAttack', 'ImpairProcessControl', 'InhibitResponseFunction',
];

export function triggers(doc: RuleDocument, count: number): boolean {
  if (doc.kind === 'NRT') return count > 0;
  const threshold = doc.triggerThreshold ?? 0;
  switch ((doc.triggerOperator ?? 'gt').toLowerCase()) {
    case 'gt':
    case 'greaterthan':
      return count > threshold;
    case 'lt':
    case 'lessthan':
      return count < threshold;
    case 'eq':
    case 'equal':
      return count === threshold;
    case 'ne':
    case 'notequal':
      return count !== threshold;
  }
  return count > threshold;
}

/** A value as Sentinel writes it into alert text: strings as is, dynamic as compact JSON. */
export function displayValue(v: WireValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return jsonText(v);
  return String(v);
}

type Row = (name: string) => WireValue | undefined;

function rowAccessor(table: DataTable, index: number): Row {
  const row = table.rows[index]!;
  const positions = new Map(table.columns.map((c, i) => [c.name, i]));
  return (name) => {
    const i = positions.get(name);
    return i === undefined ? undefined : row[i];
  };
}

function substitute(format: string, row: Row): string {
  return format.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, col: string) => displayValue(row(col)));
}

function entitiesOf(doc: RuleDocument, row: Row): Entity[] {
  const out: Entity[] = [];
  for (const m of doc.entityMappings ?? []) {
    const identifiers: Record<string, string> = {};
    for (const f of m.fieldMappings) {
      const v = displayValue(row(f.columnName));
      if (v !== '') identifiers[f.identifier] = v;
    }
    if (Object.keys(identifiers).length) out.push({ type: m.entityType, identifiers });
  }
  return out;
}

function severityOf(doc: RuleDocument, row: Row): string {
  const col = doc.alertDetailsOverride?.alertSeverityColumnName;
  const v = col ? displayValue(row(col)) : '';
  return SEVERITIES.find((s) => s.toLowerCase() === v.toLowerCase()) ?? doc.severity;
}

function tacticsOf(doc: RuleDocument, row: Row): string[] {
  const col = doc.alertDetailsOverride?.alertTacticsColumnName;
  if (col) {
    const v = row(col);
    const names = Array.isArray(v) ? v.map(displayValue) : displayValue(v).split(',');
    const valid = names.map((n) => TACTICS.find((t) => t.toLowerCase() === n.trim().toLowerCase())).filter((t): t is string => !!t);
    if (valid.length) return [...new Set(valid)];
  }
  return doc.tactics ?? [];
}

/** One alert from the given result rows (their first row fills the alert text). */
export function alertFrom(doc: RuleDocument, table: DataTable, rows: number[]): Alert {
  const first = rowAccessor(table, rows[0]!);
  const o = doc.alertDetailsOverride;
  const entities: Entity[] = [];
  const seen = new Set<string>();
  const customDetails: Record<string, unknown[]> = {};
  for (const key of Object.keys(doc.customDetails ?? {})) customDetails[key] = [];
  for (const i of rows) {
    const row = rowAccessor(table, i);
    for (const e of entitiesOf(doc, row)) {
      const k = jsonText(e);
      if (!seen.has(k)) {
        seen.add(k);
        entities.push(e);
      }
    }
    for (const [key, col] of Object.entries(doc.customDetails ?? {})) {
      const v = row(col);
      if (v !== null && v !== undefined && v !== '') customDetails[key]!.push(v);
    }
  }
  return {
    displayName: (o?.alertDisplayNameFormat ? substitute(o.alertDisplayNameFormat, first) : doc.name).slice(0, MAX_DISPLAY_NAME),
    description: (o?.alertDescriptionFormat ? substitute(o.alertDescriptionFormat, first) : doc.description).slice(0, MAX_DESCRIPTION),
    severity: severityOf(doc, first),
    tactics: tacticsOf(doc, first),
    entities,
    customDetails,
    rows,
  };
}

export function buildAlerts(doc: RuleDocument, result: DataTable): Alert[] {
  const n = result.rows.length;
  if (n === 0) return [];
  const all = [...Array(n).keys()];
  if ((doc.eventGroupingSettings?.aggregationKind ?? 'SingleAlert') === 'SingleAlert') return [alertFrom(doc, result, all)];
  if (n <= MAX_ALERTS_PER_RUN) return all.map((i) => alertFrom(doc, result, [i]));
  return [
    ...all.slice(0, MAX_ALERTS_PER_RUN - 1).map((i) => alertFrom(doc, result, [i])),
    alertFrom(doc, result, all.slice(MAX_ALERTS_PER_RUN - 1)),
  ];
}
