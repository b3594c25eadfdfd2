// The pack's rules run over the preview's rows as Sentinel would have run them through the span: every
// queryFrequency (NRT: every minute), each run seeing its lookback of the rows ingested by then, suppression
// honoured; the alerts each run raises, as the SOC receives them.
import { error, type Problem } from '../core/problems.js';
import type { Environment } from '../environments/types.js';
import { compileQuery } from '../kql/engine/index.js';
import { buildGlobals, referencedNames } from '../kql/schema/globals.js';
import type { SchemaContext } from '../kql/schema/types.js';
import type { DataTable, WireValue } from '../kql/table.js';
import { renderRule, type Partial } from '../render/render.js';
import type { RuleDefinition } from '../rules/types.js';
import { emptyTable } from '../testing/inputs.js';
import { sentinel } from '../testing/platforms/sentinel.js';
import { subset, timed, type TimedTable } from '../testing/schedule.js';
import type { Alert } from '../testing/types.js';
import type { TimeSpan } from './data.js';

export interface RaisedAlert {
  rule: RuleDefinition;
  alert: Alert;
  /** When the run that raised it ran. */
  at: Date;
  /** Earliest and latest TimeGenerated of its result rows (the run's window when the result has none). */
  first: Date;
  last: Date;
}

export interface RuleReplay {
  rule: RuleDefinition;
  /** Runs executed (empty windows of a query that raises nothing on empty tables are not). */
  runs: number;
  alerts: RaisedAlert[];
  problems: Problem[];
}

export interface ReplayInputs {
  env: Environment;
  partials: Partial[];
  ctx: SchemaContext;
  tables: Record<string, DataTable>;
  watchlists: ReadonlyMap<string, DataTable>;
}

/** Run times ending at the span's end, one frequency apart, the first within a frequency of the span's start. */
function ticks(span: TimeSpan, frequencyMs: number): number[] {
  const end = span.end.getTime();
  const count = Math.floor((end - span.start.getTime()) / frequencyMs);
  return Array.from({ length: count + 1 }, (_, i) => end - (count - i) * frequencyMs);
}

/** TimeGenerated range of the rows an alert was built from. */
function rowTimes(result: DataTable, alert: Alert, fallback: [number, number]): [Date, Date] {
  const at = result.columns.findIndex((c) => c.name === 'TimeGenerated');
  const times = at < 0 ? [] : alert.rows.map((i) => Date.parse(String(result.rows[i]![at]))).filter((t) => !Number.isNaN(t));
  return times.length ? [new Date(Math.min(...times)), new Date(Math.max(...times))] : [new Date(fallback[0]), new Date(fallback[1])];
}

export function replayRule(rule: RuleDefinition, inputs: ReplayInputs, span: TimeSpan): RuleReplay {
  const out: RuleReplay = { rule, runs: 0, alerts: [], problems: [] };
  const rendered = renderRule(rule, { env: inputs.env, partials: inputs.partials });
  out.problems.push(...rendered.problems);
  if (!rendered.rendered) return out;
  const text = rendered.rendered.query;
  const { query, errors } = compileQuery(text, { globals: buildGlobals(text, inputs.ctx) });
  out.problems.push(...errors.map((e) => error('kql-engine', e.message, rendered.rendered!.mapQueryOffset(e.offset))));
  if (!query) return out;
  const tables: Record<string, TimedTable> = {};
  for (const name of referencedNames(text, inputs.ctx).tables) {
    const t = inputs.tables[name] ?? emptyTable(name, inputs.ctx.catalog);
    if (t) tables[name] = timed(t);
  }
  const doc = rule.doc;
  const suppress = sentinel.suppressionMs(doc);
  const functions = { _GetWatchlist: (args: WireValue[]) => inputs.watchlists.get(String(args[0]).toLowerCase()) ?? { columns: [], rows: [] } };
  // A week of NRT runs is 10,080 queries, nearly all over empty windows: when the query raises nothing over
  // empty tables (probed at the span's end), runs whose window holds no row are not executed.
  const empty = Object.fromEntries(Object.entries(tables).map(([name, t]) => [name, subset(t.table, [])]));
  const emptyRaises = (() => {
    try {
      return sentinel.fires(doc, query.run({ tables: empty, now: span.end, functions }).rows.length);
    } catch {
      return true;
    }
  })();
  let suppressedUntil = -Infinity;
  for (const tick of ticks(span, sentinel.frequencyMs(doc))) {
    if (tick < suppressedUntil) continue;
    const visible = Object.entries(tables).map(([name, t]) => [name, sentinel.visible(doc, t, tick)] as const);
    if (!emptyRaises && visible.every(([, rows]) => rows.length === 0)) continue;
    const view = Object.fromEntries(visible.map(([name, rows]) => [name, subset(tables[name]!.table, rows)]));
    let result: DataTable;
    try {
      result = query.run({ tables: view, now: new Date(tick), functions });
    } catch (e) {
      const err = e as Error & { offset?: number };
      out.problems.push(error('kql-engine', `${err.message} (run at ${new Date(tick).toISOString()})`, rendered.rendered.mapQueryOffset(err.offset ?? 0)));
      return out;
    }
    out.runs++;
    if (!sentinel.fires(doc, result.rows.length)) continue;
    if (suppress) suppressedUntil = tick + suppress;
    const { from, to } = sentinel.window(doc, tick);
    for (const alert of sentinel.alerts(doc, result)) {
      const [first, last] = rowTimes(result, alert, [from, to]);
      out.alerts.push({ rule, alert, at: new Date(tick), first, last });
    }
  }
  return out;
}

/** The environment's enabled rules, each replayed over the span. */
export function replayRules(rules: readonly RuleDefinition[], inputs: ReplayInputs, span: TimeSpan): RuleReplay[] {
  const enabled = rules.filter((r) => (inputs.env.rules[r.doc.id] ?? inputs.env.rules[r.stem])?.enabled !== false && r.doc.enabled !== false);
  return enabled.map((r) => replayRule(r, inputs, span));
}
