// Runs a rule's test cases the way Sentinel would run the rule: render for the case's environment,
// compile once on the embedded engine, execute per scheduled run over the rows visible at that time,
// then turn results into alerts and check the expectations.
import { performance } from 'node:perf_hooks';
import { parseDuration } from '../core/duration.js';
import { error, hasErrors, type Problem, type SourceLocation } from '../core/problems.js';
import { loadEnvironment } from '../environments/load.js';
import type { Environment } from '../environments/types.js';
import type { Keep } from '../fixtures/index.js';
import { type ColumnReads, compileQuery, type CompiledQuery } from '../kql/engine/index.js';
import { buildGlobals, referencedNames } from '../kql/schema/globals.js';
import type { SchemaContext } from '../kql/schema/types.js';
import { type DataTable, type InputTable, isColumnar, toRows, type WireValue } from '../kql/table.js';
import { projectSchemaContext } from '../pipeline/validate.js';
import type { Project } from '../project/load.js';
import { renderRule } from '../render/render.js';
import type { RenderedRule, RuleDefinition } from '../rules/types.js';
import { loadWatchlists } from '../watchlists/load.js';
import type { Watchlist } from '../watchlists/types.js';
import { buildAlerts, triggers } from './alerts.js';
import type { ExecutionHook } from './engines/types.js';
import { loadTestCases, testsFileOf } from './cases.js';
import { checkAlertList, checkRows, formatAlert } from './expect.js';
import { caseTables, caseWatchlists, emptyTable, FixtureCache } from './inputs.js';
import { INGESTION_TIME, instant, replayTicks, subset, timed, visibleRows, type TimedTable } from './schedule.js';
import type { DuplicateRow, Failure, MissedRow, Run, TestCase, TestResult } from './types.js';

/** NRT rules run about every minute; a case without `window` sees the minute before `now`. */
const NRT_DEFAULT_WINDOW_MS = 60_000;

export interface RuleTestReport {
  rule: RuleDefinition;
  results: TestResult[];
  /** Problems with the rule's tests as a whole (unreadable tests file, missing firing/non-firing case). */
  problems: Problem[];
}

export interface TestRunOptions {
  /** Every rule needs at least one case that fires and one that does not (default true; off with grep). */
  requireFiringAndQuiet?: boolean;
  /** Only the cases whose name matches. */
  grep?: RegExp;
  /** Stop at the first failing case (the rest are not run or reported). */
  bail?: boolean;
  /** Sees every scheduled execution and chooses its result (another engine's: `test --engine adx`). */
  execution?: ExecutionHook;
}

class Session {
  private readonly envs = new Map<string, { env?: Environment; problems: Problem[] }>();
  private readonly compiled = new Map<string, { query?: CompiledQuery; problems: Problem[] }>();
  readonly fixtures: FixtureCache;
  readonly ctx: SchemaContext;
  /** Set when --bail saw a failure: no further case runs. */
  stopped = false;
  /**
   * Tests see the repository's base watchlists (watchlists/<Alias>.csv), never an environment's
   * contents: a case's outcome must not change with the environment it is run for.
   */
  readonly baseWatchlists: { watchlists: Watchlist[]; problems: Problem[] };

  constructor(readonly project: Project) {
    this.ctx = projectSchemaContext(project);
    this.fixtures = new FixtureCache(project.root, this.ctx.catalog);
    this.baseWatchlists = loadWatchlists(project.root);
  }

  environment(name: string | undefined, at: SourceLocation): { env?: Environment; problems: Problem[] } {
    const key = name ?? this.project.env.name;
    let entry = this.envs.get(key);
    if (!entry) {
      if (key === this.project.env.name) entry = { env: this.project.env, problems: [] };
      else {
        const loaded = loadEnvironment(this.project.root, key);
        entry = { env: loaded.env, problems: [...loaded.problems] };
        if (!loaded.env) entry.problems.push(error('test-environment', `environment '${key}' could not be loaded`, at));
      }
      this.envs.set(key, entry);
    }
    return entry;
  }

  compile(rendered: RenderedRule): { query?: CompiledQuery; problems: Problem[] } {
    let entry = this.compiled.get(rendered.query);
    if (!entry) {
      const { query, errors } = compileQuery(rendered.query, { globals: buildGlobals(rendered.query, this.ctx) });
      entry = {
        query,
        problems: errors.map((e) => {
          const { file, line, column } = rendered.mapQueryOffset(e.offset);
          return error('kql-engine', e.message, { file, line, column });
        }),
      };
      this.compiled.set(rendered.query, entry);
    }
    return entry;
  }
}

export function runRuleTests(project: Project, rule: RuleDefinition, options: TestRunOptions = {}, session = new Session(project)): RuleTestReport {
  const { cases, problems } = loadTestCases(project.root, rule);
  const selected = options.grep ? cases.filter((c) => options.grep!.test(c.name)) : cases;
  const results: TestResult[] = [];
  for (const tc of selected) {
    if (session.stopped) break;
    const result = runCase(session, tc, options.execution);
    results.push(result);
    if (options.bail && result.status !== 'passed') session.stopped = true;
  }
  if (options.bail && hasErrors(problems)) session.stopped = true;
  // A selection of cases says nothing about the rule's coverage.
  if ((options.requireFiringAndQuiet ?? true) && !options.grep && !hasErrors(problems)) {
    const fires = cases.some((c) => expectsAlerts(c) === true);
    const quiet = cases.some((c) => expectsAlerts(c) === false);
    const missing = [!fires && 'one that fires', !quiet && 'one near miss that must not fire'].filter(Boolean);
    if (missing.length) {
      problems.push(
        error('test-coverage', `rule '${rule.doc.name}' needs test cases: ${missing.join(' and ')} (in its tests: or ${rule.stem}.tests.yaml)`, rule.source.locate('/id')),
      );
    }
  }
  return { rule, results, problems };
}

export function runProjectTests(project: Project, rules: RuleDefinition[] = project.rules, options: TestRunOptions = {}): RuleTestReport[] {
  const session = new Session(project);
  const reports: RuleTestReport[] = [];
  for (const r of rules) {
    if (session.stopped) break;
    reports.push(runRuleTests(project, r, options, session));
  }
  return reports;
}

/** Rules whose file has errors: their tests cannot run, which the summary counts as an error each. */
export function untestedReports(rules: readonly RuleDefinition[]): RuleTestReport[] {
  return rules.map((rule) => ({
    rule,
    results: [],
    problems: [error('test-not-run', `the tests of rule '${typeof rule.doc.name === 'string' ? rule.doc.name : rule.stem}' did not run: the rule file has errors (reported above)`, { file: rule.file })],
  }));
}

/**
 * One case of a rule, chosen by name (exact, else the only case containing it; default the first), run as
 * `tripline test` would run it: for `tripline run --rule R --case NAME`.
 */
export function runNamedCase(project: Project, rule: RuleDefinition, name?: string): { result?: TestResult; problems: Problem[] } {
  const { cases, problems } = loadTestCases(project.root, rule);
  if (hasErrors(problems)) return { problems };
  const lower = name?.toLowerCase();
  const exact = cases.find((c) => c.name === name);
  const partial = lower === undefined ? cases.slice(0, 1) : cases.filter((c) => c.name.toLowerCase().includes(lower));
  const tc = exact ?? (partial.length === 1 ? partial[0] : undefined);
  if (!tc) {
    const known = cases.map((c) => `  ${c.name}`).join('\n') || '  (none)';
    const why = !cases.length ? 'has no test cases' : partial.length > 1 ? `has ${partial.length} cases matching '${name}'` : `has no case named '${name}'`;
    return { problems: [error('usage', `rule '${rule.doc.name}' ${why}; its cases:\n${known}`, { file: testsFileOf(rule.file, rule.stem) })] };
  }
  return { result: runCase(new Session(project), tc), problems: [] };
}

function expectsAlerts(tc: TestCase): boolean | undefined {
  const e = tc.expect;
  if (e.fires !== undefined) return e.fires;
  if (typeof e.alerts === 'number') return e.alerts > 0;
  if (Array.isArray(e.alerts)) return e.alerts.length > 0;
  return undefined;
}

function runCase(session: Session, tc: TestCase, hook?: ExecutionHook): TestResult {
  const started = performance.now();
  const result: TestResult = {
    case: tc,
    status: 'passed',
    environment: tc.environment ?? session.project.env.name,
    watchlists: [],
    runs: [],
    failures: [],
    problems: [],
    durationMs: 0,
  };
  const finish = (): TestResult => {
    result.durationMs = performance.now() - started;
    if (hasErrors(result.problems)) result.status = 'error';
    else if (result.failures.length) result.status = 'failed';
    return result;
  };
  const { env, problems: envProblems } = session.environment(tc.environment, tc.source.locate(`${tc.pointer}/environment`));
  result.problems.push(...envProblems);
  if (!env) return finish();

  const render = renderRule(tc.rule, {
    env,
    partials: session.project.partials,
    overrides: tc.parameters,
    overridesAt: tc.source.locate(`${tc.pointer}/parameters`),
  });
  result.problems.push(...render.problems);
  if (!render.rendered || hasErrors(render.problems)) return finish();
  const rendered = render.rendered;

  const compiled = session.compile(rendered);
  result.problems.push(...compiled.problems);
  const inputs = caseTables(tc, session.fixtures, session.ctx.catalog, keepFor(compiled.query?.reads));
  result.problems.push(...inputs.problems);
  const wl = caseWatchlists(session.project.root, tc, session.baseWatchlists.watchlists);
  result.problems.push(...wl.problems);
  if (!compiled.query || hasErrors(result.problems)) return finish();

  // The query may name tables the case does not provide: they exist in the workspace, empty here.
  const tables: Record<string, TimedTable> = {};
  for (const name of referencedNames(rendered.query, session.ctx).tables) {
    const t = inputs.tables[name] ?? emptyTable(name, session.ctx.catalog);
    if (t) tables[name] = timed(t);
  }
  for (const [name, t] of Object.entries(inputs.tables)) tables[name] ??= timed(t);

  const execute = (from: number, to: number, runAt: number): { run?: Run; visible: Map<string, number[]> } => {
    const visible = new Map<string, number[]>();
    const view: Record<string, InputTable> = {};
    for (const [name, t] of Object.entries(tables)) {
      const rows = visibleRows(t, from, to, runAt);
      visible.set(name, rows);
      view[name] = subset(t.table, rows);
    }
    try {
      const embedded = (): DataTable => compiled.query!.run({
        tables: view,
        now: new Date(runAt),
        functions: {
          _GetWatchlist: (args: WireValue[]) => {
            const alias = String(args[0] ?? '');
            noteWatchlist(result, alias, wl.sources.get(alias.toLowerCase()));
            return wl.tables.get(alias.toLowerCase()) ?? { columns: [], rows: [] };
          },
        },
      });
      const out = hook ? hook({ case: tc, query: rendered.query, tables: asRows(view), watchlists: wl.tables, now: new Date(runAt) }, embedded) : embedded();
      const fired = triggers(tc.rule.doc, out.rows.length);
      return {
        run: {
          at: new Date(runAt).toISOString(),
          window: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
          result: out,
          fired,
          alerts: fired ? buildAlerts(tc.rule.doc, out) : [],
          suppressed: false,
        },
        visible,
      };
    } catch (e) {
      const err = e as Error & { offset?: number };
      const { file, line, column } = rendered.mapQueryOffset(err.offset ?? 0);
      result.problems.push(error('kql-engine', err.message, { file, line, column }));
      return { visible };
    }
  };

  const doc = tc.rule.doc;
  const periodMs = scheduleMs(doc.queryPeriod, '1h');
  const windowFor = (runAt: number): number =>
    doc.kind === 'NRT' ? (tc.window ? instant(tc.window.from)! : runAt - NRT_DEFAULT_WINDOW_MS) : runAt - periodMs;

  if (!tc.replay) {
    const now = instant(tc.now)!;
    const { run } = execute(windowFor(now), now, now);
    if (run) {
      result.runs.push(run);
      result.failures.push(...checkSingleRun(tc, run));
    }
    return finish();
  }

  // Replay: one run per queryFrequency tick (NRT: every minute, each seeing the minute before it).
  const from = instant(tc.replay.from)!;
  const to = instant(tc.replay.to)!;
  const frequencyMs = doc.kind === 'NRT' ? NRT_DEFAULT_WINDOW_MS : scheduleMs(doc.queryFrequency, '1h');
  const suppressMs = doc.suppressionEnabled ? scheduleMs(doc.suppressionDuration, '5h') : 0;
  const seen = new Map<string, Set<number>>();
  const alertedIn = new Map<string, { row: Record<string, unknown>; runs: string[] }>();
  let suppressedUntil = -Infinity;
  for (const tick of replayTicks(from, to, frequencyMs)) {
    if (tick < suppressedUntil) {
      result.runs.push({ at: new Date(tick).toISOString(), window: { from: '', to: '' }, result: { columns: [], rows: [] }, fired: false, alerts: [], suppressed: true });
      continue;
    }
    const start = doc.kind === 'NRT' ? tick - frequencyMs : tick - periodMs;
    const { run, visible } = execute(start, tick, tick);
    for (const [name, rows] of visible) {
      const s = seen.get(name) ?? new Set<number>();
      rows.forEach((r) => s.add(r));
      seen.set(name, s);
    }
    if (!run) return finish();
    result.runs.push(run);
    if (run.fired) {
      if (suppressMs) suppressedUntil = tick + suppressMs;
      for (const row of run.result.rows) {
        const record = Object.fromEntries(run.result.columns.map((c, i) => [c.name, row[i]]));
        const key = JSON.stringify(record);
        const entry = alertedIn.get(key) ?? { row: record, runs: [] };
        entry.runs.push(run.at);
        alertedIn.set(key, entry);
      }
    }
  }
  const missed: MissedRow[] = [];
  for (const [name, t] of Object.entries(tables)) {
    t.generated.forEach((g, i) => {
      if (g === undefined || g > to || g <= from - (doc.kind === 'NRT' ? frequencyMs : periodMs)) return;
      if (!seen.get(name)?.has(i)) {
        missed.push({ table: name, row: i, timeGenerated: new Date(g).toISOString(), ingestionTime: new Date(t.ingested[i] ?? g).toISOString() });
      }
    });
  }
  const duplicates: DuplicateRow[] = [...alertedIn.values()].filter((e) => e.runs.length > 1);
  result.missed = missed;
  result.duplicates = duplicates;
  result.failures.push(...checkReplay(tc, result.runs, missed, duplicates));
  return finish();
}

/**
 * The columns of each fixture to hold for a query: those it reads, and the ones scheduling reads.
 * Without a compiled query (its problems are reported) every column is kept.
 */
function keepFor(reads: ColumnReads | undefined): (table: string) => Keep {
  return (table) => {
    const cols = reads && !reads.anyTable ? reads.tables.get(table) ?? new Set<string>() : 'all';
    return cols === 'all' ? 'all' : new Set([...cols, 'TimeGenerated', INGESTION_TIME]);
  };
}

/** Input tables as rows, for execution hooks (another engine is given rows). */
function asRows(tables: Record<string, InputTable>): Record<string, DataTable> {
  return Object.fromEntries(Object.entries(tables).map(([n, t]) => [n, isColumnar(t) ? toRows(t) : t]));
}

/**
 * A schedule value of a rule; absent values take Sentinel's defaults. Only rules that validated reach the
 * runner, and validate reads durations with this same parser, so the value parses.
 */
function scheduleMs(value: string | undefined, sentinelDefault: string): number {
  return parseDuration(value ?? sentinelDefault)!.ms;
}

/** Records which watchlist contents a case ran with, for the report header. */
function noteWatchlist(result: TestResult, alias: string, source: string | undefined): void {
  if (result.watchlists.some((w) => w.alias.toLowerCase() === alias.toLowerCase())) return;
  result.watchlists.push({ alias, source: source ?? 'not defined (empty)' });
}

function expectAt(tc: TestCase, key: string): SourceLocation {
  return tc.source.locate(`${tc.pointer}/expect/${key}`);
}

function checkSingleRun(tc: TestCase, run: Run): Failure[] {
  const e = tc.expect;
  const failures: Failure[] = [];
  const shown = run.alerts.length ? '\nalerts raised:\n' + run.alerts.map(formatAlert).join('\n') : '';
  if (e.fires !== undefined && e.fires !== run.fired) {
    const d = tc.rule.doc;
    const trigger = d.kind === 'NRT' ? 'NRT: fires on any result' : `trigger: result count ${d.triggerOperator ?? 'gt'} ${d.triggerThreshold ?? 0}`;
    failures.push({
      message: `expected the rule ${e.fires ? 'to fire' : 'not to fire'}, but it ${run.fired ? 'fired' : 'did not'} (${run.result.rows.length} result row${run.result.rows.length === 1 ? '' : 's'}; ${trigger}; window ${run.window.from} .. ${run.window.to})`,
      detail: shown || undefined,
      at: expectAt(tc, 'fires'),
    });
  }
  if (typeof e.alerts === 'number' && e.alerts !== run.alerts.length) {
    failures.push({
      message: `expected ${e.alerts} alert${e.alerts === 1 ? '' : 's'} after ${tc.rule.doc.eventGroupingSettings?.aggregationKind ?? 'SingleAlert'} grouping, got ${run.alerts.length}`,
      detail: shown || undefined,
      at: expectAt(tc, 'alerts'),
    });
  }
  if (Array.isArray(e.alerts)) failures.push(...checkAlertList(e.alerts, run.alerts, expectAt(tc, 'alerts')));
  if (e.rows) failures.push(...checkRows(e.rows, run.result, expectAt(tc, 'rows')));
  return failures;
}

function checkReplay(tc: TestCase, runs: Run[], missed: MissedRow[], duplicates: DuplicateRow[]): Failure[] {
  const e = tc.expect;
  const failures: Failure[] = [];
  const total = runs.reduce((n, r) => n + r.alerts.length, 0);
  const timeline = runs
    .map((r) => `  ${r.at}  ${r.suppressed ? 'suppressed' : `${r.result.rows.length} rows, ${r.alerts.length} alerts`}`)
    .join('\n');
  if (typeof e.alerts === 'number' && e.alerts !== total) {
    failures.push({ message: `expected ${e.alerts} alerts over the replay, got ${total}`, detail: 'runs:\n' + timeline, at: expectAt(tc, 'alerts') });
  }
  if (Array.isArray(e.alerts)) failures.push(...checkAlertList(e.alerts, runs.flatMap((r) => r.alerts), expectAt(tc, 'alerts')));
  if (e.fires !== undefined && e.fires !== total > 0) {
    failures.push({ message: `expected the rule ${e.fires ? 'to fire' : 'not to fire'} during the replay, but ${total ? `it raised ${total} alerts` : 'it never fired'}`, detail: 'runs:\n' + timeline, at: expectAt(tc, 'fires') });
  }
  if (e.missed !== undefined && e.missed !== missed.length) {
    failures.push({
      message: `expected ${e.missed} missed rows, got ${missed.length}`,
      detail: missed.map((m) => `  ${m.table} row ${m.row + 1}: TimeGenerated ${m.timeGenerated}, ingested ${m.ingestionTime}`).join('\n') || undefined,
      at: expectAt(tc, 'missed'),
    });
  }
  if (e.duplicates !== undefined && e.duplicates !== duplicates.length) {
    failures.push({
      message: `expected ${e.duplicates} rows alerting in more than one run, got ${duplicates.length}`,
      detail: duplicates.map((d) => `  ${JSON.stringify(d.row).slice(0, 200)} in runs ${d.runs.join(', ')}`).join('\n') || undefined,
      at: expectAt(tc, 'duplicates'),
    });
  }
  return failures;
}
