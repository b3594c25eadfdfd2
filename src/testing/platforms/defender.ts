// Microsoft Defender XDR custom detections (reference/defender-custom-detections.md §3): a run sees the
// rows ingested within its lookback, whatever their TimeGenerated (the service prefilters on ingestion
// time); a continuous (NRT) run the rows ingested since the previous one. There is no threshold (a
// threshold folded into the query with `defender.threshold: in-query` is part of the query run here)
// and no suppression. Each row is an alert (alertPerEvent) or all rows one (singleAlert); identical
// alerts (same text, entities and custom details) merge; at most 150 alerts per run; entity identifiers
// without a Defender column are not mapped; custom details over 20 pairs or 4 KB are dropped. A Defender
// XDR table is read as advanced hunting has it: the fixture row's TimeGenerated is its Timestamp
// (docs/reference/defender-xdr-time-column.md).
import { isColumnar, type ColumnSchema, type DataTable, type InputTable } from '../../kql/table.js';
import { isDefenderXdrTable } from '../../tables/catalog.js';
import type { RuleDocument } from '../../rules/types.js';
import { convertTrigger } from '../../defender/threshold.js';
import { hasDefenderColumn } from '../../defender/entities.js';
import { DEFENDER_LIMITS } from '../../defender/limits.js';
import { alertFrom } from '../alerts.js';
import { INGESTION_TIME, type TimedTable } from '../schedule.js';
import type { Alert } from '../types.js';
import { NRT_WINDOW_MS, scheduleMs } from './sentinel.js';
import type { PlatformModel } from './types.js';
import { jsonText } from '../../kql/json.js';


const singleAlert = (doc: RuleDocument): boolean => (doc.eventGroupingSettings?.aggregationKind ?? 'SingleAlert') === 'SingleAlert';

/** The rule as Defender builds alerts from it: no severity or tactics columns, only identifiers Defender maps. */
function asDefender(doc: RuleDocument): RuleDocument {
  const { alertSeverityColumnName: _s, alertTacticsColumnName: _t, ...override } = doc.alertDetailsOverride ?? {};
  const entityMappings = (doc.entityMappings ?? [])
    .map((m) => ({ ...m, fieldMappings: m.fieldMappings.filter((f) => hasDefenderColumn(m.entityType, f.identifier)) }))
    .filter((m) => m.fieldMappings.length);
  return { ...doc, alertDetailsOverride: override, entityMappings };
}

function merged(alerts: Alert[]): Alert[] {
  const byContent = new Map<string, Alert>();
  for (const a of alerts) {
    const key = jsonText([a.displayName, a.description, a.entities, a.customDetails]);
    const same = byContent.get(key);
    if (same) same.rows.push(...a.rows);
    else byContent.set(key, { ...a, rows: [...a.rows] });
  }
  return [...byContent.values()];
}

function defenderAlert(a: Alert): Alert {
  const details = Object.keys(a.customDetails).length > DEFENDER_LIMITS.maxCustomDetails || Buffer.byteLength(jsonText(a.customDetails)) > DEFENDER_LIMITS.maxCustomDetailsBytes ? {} : a.customDetails;
  return { ...a, severity: a.severity.toLowerCase(), customDetails: details };
}

function ingestedWithin(t: TimedTable, from: number, to: number): number[] {
  const out: number[] = [];
  const windowed = t.table.columns.some((c) => c.name === 'TimeGenerated');
  for (let i = 0; i < t.generated.length; i++) {
    const ingested = t.ingested[i]!;
    if (!windowed || (ingested > from && ingested <= to)) out.push(i);
  }
  return out;
}

/**
 * The event time of an XDR table's row is TimeGenerated in Log Analytics and Timestamp in advanced hunting.
 * A row without an ingestion time of its own keeps being ingested at its event time (ingestion_time()).
 */
function asAdvancedHunting(name: string, table: InputTable): InputTable {
  const at = table.columns.findIndex((c) => c.name === 'TimeGenerated');
  if (!isDefenderXdrTable(name) || at < 0) return table;
  const ownIngestion = table.columns.some((c) => c.name === INGESTION_TIME);
  const columns: ColumnSchema[] = table.columns.map((c, i) => (i === at ? { ...c, name: 'Timestamp' } : c));
  if (!ownIngestion) columns.push({ name: INGESTION_TIME, type: 'datetime' });
  if (isColumnar(table)) {
    const sources = (names: readonly string[]): string[] => names.map((n) => (n === 'Timestamp' || (n === INGESTION_TIME && !ownIngestion) ? 'TimeGenerated' : n));
    const typed = table.typedValues?.bind(table);
    return { columns, rowCount: table.rowCount, values: (names) => table.values(sources(names)), ...(typed && { typedValues: (names) => typed(sources(names)) }) };
  }
  return { columns, rows: ownIngestion ? table.rows : table.rows.map((r) => [...r, r[at]!]) };
}

export const defender: PlatformModel = {
  target: 'defender',
  query: (rendered) => convertTrigger(rendered.rule, rendered.query).query,
  view: asAdvancedHunting,
  window(doc, runAt, windowFrom) {
    if (doc.kind === 'NRT') return { from: windowFrom ?? runAt - NRT_WINDOW_MS, to: runAt };
    return { from: runAt - scheduleMs(doc.queryPeriod, '1h'), to: runAt };
  },
  visible(doc, t, runAt, windowFrom) {
    const { from, to } = this.window(doc, runAt, windowFrom);
    return ingestedWithin(t, from, to);
  },
  frequencyMs: (doc) => (doc.kind === 'NRT' ? NRT_WINDOW_MS : scheduleMs(doc.queryFrequency, '1h')),
  fires: (_doc, count) => count > 0,
  trigger: (doc) => `Defender: alerts on any result row${doc.defender?.threshold === 'in-query' ? ' (the threshold is folded into the query)' : ''}`,
  alerts(doc: RuleDocument, result: DataTable): Alert[] {
    const n = result.rows.length;
    if (!n) return [];
    const rule = asDefender(doc);
    const all = [...Array(n).keys()];
    const raw = singleAlert(doc) ? [alertFrom(rule, result, all)] : all.map((i) => alertFrom(rule, result, [i]));
    return merged(raw).slice(0, DEFENDER_LIMITS.alertsPerRun).map(defenderAlert);
  },
  grouping: (doc) => (singleAlert(doc) ? 'singleAlert' : 'alertPerEvent'),
  suppressionMs: () => 0,
};
