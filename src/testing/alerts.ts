// From query results to the alerts the SOC receives, as Sentinel builds them:
// - the trigger (triggerOperator/triggerThreshold) is applied to the number of result rows;
// - eventGroupingSettings: SingleAlert makes one alert of all rows; AlertPerResult one per row, at most
//   150 per run, the 150th summarising the rest ("Alert grouping", learn.microsoft.com/azure/sentinel/
//   detect-threats-custom#event-grouping-and-rule-suppression);
// - alertDetailsOverride: `{{Column}}` placeholders take the row's value (the first row for a single
//   alert); severity and tactics columns override the rule's when they hold valid values;
// - entities from entityMappings, an entity being dropped when all its identifiers are empty; at most 500
//   per alert divided equally among the mappings, and no more than fit the alert's 64 KB Entities field
//   (Sentinel's limits: learn.microsoft.com/azure/sentinel/map-data-fields-to-entities; the excess is
//   counted in the alert, not extracted);
// - customDetails: Sentinel stores each as an array of values (SecurityAlert.ExtendedProperties).
import type { DataTable, WireValue } from '../kql/table.js';
import type { RuleDocument } from '../rules/types.js';
import type { Alert, Entity } from './types.js';
import { jsonText } from '../kql/json.js';

export const MAX_ALERTS_PER_RUN = 150;
const MAX_ENTITIES_PER_ALERT = 500;
export const MAX_ENTITIES_FIELD_BYTES = 64 * 1024;
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

/** The entities of one row, each with the index of the mapping that made it. */
function entitiesOf(doc: RuleDocument, row: Row): { mapping: number; entity: Entity }[] {
  const out: { mapping: number; entity: Entity }[] = [];
  (doc.entityMappings ?? []).forEach((m, mapping) => {
    const identifiers: Record<string, string> = {};
    for (const f of m.fieldMappings) {
      const v = displayValue(row(f.columnName));
      if (v !== '') identifiers[f.identifier] = v;
    }
    if (Object.keys(identifiers).length) out.push({ mapping, entity: { type: m.entityType, identifiers } });
  });
  return out;
}

/** An entity as the alert's Entities field (SecurityAlert.Entities) holds it. */
export function entityRecord(e: Entity, index: number): Record<string, string> {
  return { $id: String(index + 2), Type: e.type.toLowerCase(), ...e.identifiers };
}

/** Collects an alert's distinct entities within Sentinel's limits, counting those left out. */
class EntityCollector {
  readonly entities: Entity[] = [];
  dropped = 0;
  private readonly seen = new Set<string>();
  private readonly perMapping: number[];
  private readonly cap: number;
  // The Entities field's JSON size so far: "[" + records joined by "," + "]".
  private bytes = 2;
  private full = false;

  constructor(mappings: number, private readonly limited: boolean) {
    this.perMapping = new Array<number>(mappings).fill(0);
    this.cap = Math.floor(MAX_ENTITIES_PER_ALERT / Math.max(1, mappings));
  }

  add(mapping: number, e: Entity): void {
    const k = jsonText(e);
    if (this.seen.has(k)) return;
    this.seen.add(k);
    if (this.limited && (this.full || this.perMapping[mapping]! >= this.cap)) return void this.dropped++;
    if (this.limited) {
      const size = Buffer.byteLength(JSON.stringify(entityRecord(e, this.entities.length))) + (this.entities.length ? 1 : 0);
      // Entities are added one by one until the field reaches 64 KB; the rest are dropped.
      if (this.bytes + size > MAX_ENTITIES_FIELD_BYTES) {
        this.full = true;
        return void this.dropped++;
      }
      this.bytes += size;
    }
    this.perMapping[mapping]! += 1;
    this.entities.push(e);
  }
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

/**
 * One alert from the given result rows (their first row fills the alert text). `sentinelLimits`: the
 * entities are cut to Sentinel's per-alert limits (Defender's alerts have their own, src/defender).
 */
export function alertFrom(doc: RuleDocument, table: DataTable, rows: number[], sentinelLimits = false): Alert {
  const first = rowAccessor(table, rows[0]!);
  const o = doc.alertDetailsOverride;
  const entities = new EntityCollector(doc.entityMappings?.length ?? 0, sentinelLimits);
  const customDetails: Record<string, unknown[]> = {};
  for (const key of Object.keys(doc.customDetails ?? {})) customDetails[key] = [];
  for (const i of rows) {
    const row = rowAccessor(table, i);
    for (const { mapping, entity } of entitiesOf(doc, row)) entities.add(mapping, entity);
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
    entities: entities.entities,
    ...(entities.dropped ? { entitiesDropped: entities.dropped } : {}),
    customDetails,
    rows,
  };
}

export function buildAlerts(doc: RuleDocument, result: DataTable): Alert[] {
  const n = result.rows.length;
  if (n === 0) return [];
  const all = [...Array(n).keys()];
  const alert = (rows: number[]): Alert => alertFrom(doc, result, rows, true);
  if ((doc.eventGroupingSettings?.aggregationKind ?? 'SingleAlert') === 'SingleAlert') return [alert(all)];
  if (n <= MAX_ALERTS_PER_RUN) return all.map((i) => alert([i]));
  return [...all.slice(0, MAX_ALERTS_PER_RUN - 1).map((i) => alert([i])), alert(all.slice(MAX_ALERTS_PER_RUN - 1))];
}
