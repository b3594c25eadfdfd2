// `check --live`: each rendered rule replayed on the workspace's real data over a period, run by run
// as its schedule would, with now() pinned to each run's time. Per rule: errors, result rows and
// would-be alerts per day, and the verdicts a detection engineer acts on before deploying.
import type { TimeRange, Workspace } from '../live/client.js';
import { pinNow } from '../live/pin-now.js';
import type { RenderedRule } from '../rules/types.js';
import { triggers } from '../testing/alerts.js';
import { alertsOf, scheduleRuns } from './windows.js';

export interface DayCount {
  day: string;
  rows: number;
  alerts: number;
}

export interface RuleCheck {
  rule: string;
  name: string;
  file: string;
  kind: string;
  runs: number;
  days: DayCount[];
  rows: number;
  alerts: number;
  /** Tables the rule reads that hold no rows in the period. */
  emptyTables: string[];
  errors: string[];
  /** Runs whose result was partial (counted as far as it went). */
  partialRuns: number;
  verdicts: ('never-fires' | 'fires-too-often' | 'errors' | 'no-data')[];
}

export interface CheckSettings {
  period: TimeRange;
  /** Average alerts per day above which a rule fires too often. */
  maxAlertsPerDay: number;
  /** Runs per rule at most (a guard against replaying a 5-minute rule over months). */
  maxRuns: number;
}

const dayOf = (d: Date): string => d.toISOString().slice(0, 10);

export async function checkRule(ws: Workspace, r: RenderedRule, tables: string[], emptyTables: string[], s: CheckSettings): Promise<RuleCheck> {
  const doc = r.rule.doc;
  const { runs } = scheduleRuns(doc, s.period);
  const out: RuleCheck = { rule: r.rule.stem, name: doc.name, file: r.rule.file, kind: doc.kind, runs: 0, days: [], rows: 0, alerts: 0, emptyTables: tables.filter((t) => emptyTables.includes(t)), errors: [], partialRuns: 0, verdicts: [] };
  if (runs.length > s.maxRuns) {
    out.errors.push(`${runs.length} runs over the period exceed --max-runs ${s.maxRuns}: check a shorter --since`);
  }
  const days = new Map<string, DayCount>();
  for (const run of runs.length > s.maxRuns ? [] : runs) {
    const res = await ws.query(pinNow(r.query, run.at), run.range);
    if (!res.ok) {
      // The same query fails the same way in every window: report it once.
      out.errors.push(`run at ${run.at.toISOString()}: ${res.status ? `${res.status} ` : ''}${res.message}`);
      break;
    }
    if (res.partial) out.partialRuns++;
    out.runs++;
    const rows = res.table.rows.length;
    const alerts = triggers(doc, rows) ? alertsOf(doc, rows) : 0;
    const d = days.get(dayOf(run.at)) ?? { day: dayOf(run.at), rows: 0, alerts: 0 };
    d.rows += rows;
    d.alerts += alerts;
    days.set(d.day, d);
    out.rows += rows;
    out.alerts += alerts;
  }
  out.days = [...days.values()];
  out.verdicts = verdicts(out, s, runs.length);
  return out;
}

function verdicts(c: RuleCheck, s: CheckSettings, planned: number): RuleCheck['verdicts'] {
  const v: RuleCheck['verdicts'] = [];
  if (c.errors.length) v.push('errors');
  if (c.emptyTables.length) v.push('no-data');
  if (!c.errors.length && c.alerts === 0) v.push('never-fires');
  const days = Math.max(1, (s.period.end.getTime() - s.period.start.getTime()) / 86_400_000);
  if (!c.errors.length && planned && c.alerts / days > s.maxAlertsPerDay) v.push('fires-too-often');
  return v;
}

/** Tables (of those given) without a row in the period, or that the workspace does not have at all. */
export async function tablesWithoutData(ws: Workspace, tables: string[], period: TimeRange): Promise<string[]> {
  const empty: string[] = [];
  for (const t of tables) {
    const res = await ws.query(`${t} | take 1 | count`, period);
    if (!res.ok || res.table.rows[0]?.[0] === 0) empty.push(t);
  }
  return empty;
}
