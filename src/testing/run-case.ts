// One test case, run once per platform its rule has (platforms/): render it for its environment, load
// its tables and watchlists, then per platform compile the query that platform runs, execute each
// scheduled run over the rows the platform lets it see, build alerts and check the expectations. A
// case's outcome depends only on its inputs (the session only caches environments, fixtures and
// compiled queries), so cases can run in any order or in parallel.
import { performance } from 'node:perf_hooks';
import { error, hasErrors, uniqueProblems, type Problem, type SourceLocation } from '../core/problems.js';
import type { Environment, Target } from '../environments/types.js';
import { externalDataResolver } from '../externaldata/map.js';
import type { Keep } from '../fixtures/index.js';
import type { ColumnReads, CompiledQuery } from '../kql/engine/index.js';
import { referencedNames } from '../kql/schema/globals.js';
import type { SchemaContext } from '../kql/schema/types.js';
import { type DataTable, type InputTable, isColumnar, toRows, type WireValue } from '../kql/table.js';
import type { Project } from '../project/load.js';
import { renderRule } from '../render/render.js';
import type { RenderedRule } from '../rules/types.js';
import type { Watchlist } from '../watchlists/types.js';
import type { ExecutionHook } from './engines/types.js';
import { caseTables, caseWatchlists, emptyTable, type FixtureCache } from './inputs.js';
import { platformsOf } from './platforms/index.js';
import type { PlatformModel } from './platforms/types.js';
import { instant } from '../kql/columnar.js';
import { INGESTION_TIME, replayTicks, subset, timed, type TimedTable } from './schedule.js';
import type { MissedRow, Run, TestCase, TestResult } from './types.js';
import { checkReplay, checkSingleRun, expectationFor } from './verdicts.js';
import { jsonText } from '../kql/json.js';

/** What the cases of one test run share: the project, and caches of environments, fixtures and compiled queries. */
export interface CaseSession {
  readonly project: Project;
  readonly ctx: SchemaContext;
  readonly fixtures: FixtureCache;
  readonly baseWatchlists: { watchlists: Watchlist[]; problems: Problem[] };
  environment(name: string | undefined, at: SourceLocation): { env?: Environment; problems: Problem[] };
  compile(rendered: RenderedRule, text?: string): { query?: CompiledQuery; problems: Problem[] };
}

/** What a case runs with on every platform: its environment, the rendered rule, its tables and watchlists. */
interface CaseInputs {
  environment: string;
  /** The rule rendered for each platform (they differ where the query names `@target.defender`). */
  rendered: Map<Target, RenderedRule>;
  tables: Record<string, TimedTable>;
  watchlists: ReturnType<typeof caseWatchlists>;
  /** externaldata URL -> text: the case's mapping, then tripline.config.yaml's. */
  externalData: (url: string) => string | undefined;
  /** geo_info_from_ip_address's database, from tripline.config.yaml's geoip: key. */
  geoIpDatabase?: string;
  problems: Problem[];
}

/** The case once per platform (by default those the rule has), each with that platform's scheduling and alert model. */
export function runCase(session: CaseSession, tc: TestCase, hook?: ExecutionHook, platforms = platformsOf(tc.rule)): TestResult[] {
  const started = performance.now();
  const inputs = caseInputs(session, tc, platforms);
  const setupMs = performance.now() - started;
  return platforms.map((platform) => {
    const result = runOnPlatform(session, tc, inputs, platform, hook);
    result.durationMs += setupMs;
    return result;
  });
}

function caseInputs(session: CaseSession, tc: TestCase, platforms: readonly PlatformModel[]): CaseInputs {
  const out: CaseInputs = {
    environment: tc.environment ?? session.project.env.name,
    rendered: new Map(),
    tables: {},
    watchlists: { tables: new Map(), sources: new Map(), problems: [] },
    externalData: externalDataResolver(tc.externalData, session.project.config.externalData),
    geoIpDatabase: session.project.config.geoIpDatabase,
    problems: [],
  };
  const { env, problems: envProblems } = session.environment(tc.environment, tc.source.locate(`${tc.pointer}/environment`));
  out.problems.push(...envProblems);
  if (!env) return out;
  for (const platform of platforms) {
    const render = renderRule(tc.rule, { env, partials: session.project.partials, overrides: tc.parameters, overridesAt: tc.source.locate(`${tc.pointer}/parameters`), target: platform.target });
    out.problems = uniqueProblems([...out.problems, ...render.problems]);
    if (!render.rendered || hasErrors(render.problems)) return out;
    out.rendered.set(platform.target, render.rendered);
  }
  const rendered = [...out.rendered.values()];
  // Fixtures keep the columns any platform's query reads (compiled once here, cached for the runs).
  const reads = platforms.map((p) => {
    const r = out.rendered.get(p.target)!;
    return session.compile(r, p.query(r)).query?.reads;
  });
  const inputs = caseTables(tc, session.fixtures, session.ctx.catalog, keepFor(reads));
  out.problems.push(...inputs.problems);
  out.watchlists = caseWatchlists(session.project.root, tc, session.baseWatchlists.watchlists);
  out.problems.push(...out.watchlists.problems);
  // The query may name tables the case does not provide: they exist in the workspace, empty here.
  for (const name of new Set(rendered.flatMap((r) => referencedNames(r.query, session.ctx).tables))) {
    const t = inputs.tables[name] ?? emptyTable(name, session.ctx.catalog);
    if (t) out.tables[name] = timed(t);
  }
  for (const [name, t] of Object.entries(inputs.tables)) out.tables[name] ??= timed(t);
  return out;
}

/** One platform's outcome of a case: its runs, alerts and the expectations for that platform checked. */
function runOnPlatform(session: CaseSession, tc: TestCase, inputs: CaseInputs, platform: PlatformModel, hook?: ExecutionHook): TestResult {
  const started = performance.now();
  const result: TestResult = { case: tc, platform: platform.target, status: 'passed', environment: inputs.environment, watchlists: [], runs: [], failures: [], problems: [...inputs.problems], durationMs: 0 };
  const finish = (): TestResult => {
    result.durationMs = performance.now() - started;
    if (hasErrors(result.problems)) result.status = 'error';
    else if (result.failures.length) result.status = 'failed';
    return result;
  };
  const rendered = inputs.rendered.get(platform.target);
  if (!rendered || hasErrors(result.problems)) return finish();
  const query = platform.query(rendered);
  const compiled = session.compile(rendered, query);
  result.problems.push(...compiled.problems);
  if (!compiled.query || hasErrors(result.problems)) return finish();
  const execute = executor(tc, inputs, platform, rendered, query, compiled.query, result, hook);
  const expected = expectationFor(tc, platform);
  if (!tc.replay) {
    const { run } = execute(instant(tc.now), tc.window ? instant(tc.window.from) : undefined);
    if (run) {
      result.runs.push(run);
      result.failures.push(...checkSingleRun(tc, run, platform, expected));
    }
    return finish();
  }
  replay(tc, inputs, platform, execute, result);
  if (!hasErrors(result.problems)) result.failures.push(...checkReplay(tc, result.runs, result.missed ?? [], result.duplicates ?? [], expected));
  return finish();
}

type Execute = (runAt: number, windowFrom?: number) => { run?: Run; visible: Map<string, number[]> };

/** One run of the compiled query at `runAt` over the rows the platform lets it see. */
function executor(tc: TestCase, inputs: CaseInputs, platform: PlatformModel, rendered: RenderedRule, query: string, compiled: CompiledQuery, result: TestResult, hook?: ExecutionHook): Execute {
  const doc = tc.rule.doc;
  const wl = inputs.watchlists;
  return (runAt, windowFrom) => {
    const visible = new Map<string, number[]>();
    const view: Record<string, InputTable> = {};
    for (const [name, t] of Object.entries(inputs.tables)) {
      const rows = platform.visible(doc, t, runAt, windowFrom);
      visible.set(name, rows);
      view[name] = platform.view(name, subset(t.table, rows));
    }
    try {
      const embedded = (): DataTable => compiled.run({
        tables: view,
        now: new Date(runAt),
        externalData: inputs.externalData,
        geoIpDatabase: inputs.geoIpDatabase,
        functions: {
          _GetWatchlist: (args: WireValue[]) => {
            const alias = String(args[0] ?? '');
            noteWatchlist(result, alias, wl.sources.get(alias.toLowerCase()));
            return wl.tables.get(alias.toLowerCase()) ?? { columns: [], rows: [] };
          },
        },
      });
      const out = hook ? hook({ case: tc, query, tables: asRows(view), watchlists: wl.tables, now: new Date(runAt) }, embedded) : embedded();
      const fired = platform.fires(doc, out.rows.length);
      const w = platform.window(doc, runAt, windowFrom);
      const window = { from: new Date(w.from).toISOString(), to: new Date(w.to).toISOString() };
      return { run: { at: new Date(runAt).toISOString(), window, result: out, fired, alerts: fired ? platform.alerts(doc, out) : [], suppressed: false }, visible };
    } catch (e) {
      const err = e as Error & { offset?: number };
      // A folded (Defender) query is not the rendered text: its faults are located at the rule's query.
      const at = query === rendered.query ? rendered.mapQueryOffset(err.offset ?? 0) : tc.rule.source.locate('/query');
      result.problems.push(error('kql-engine', err.message, { file: at.file, line: at.line, column: at.column }));
      return { visible };
    }
  };
}

/** A replay: one run per frequency tick (NRT: every minute), suppression as the platform applies it; missed and duplicate rows. */
function replay(tc: TestCase, inputs: CaseInputs, platform: PlatformModel, execute: Execute, result: TestResult): void {
  const doc = tc.rule.doc;
  const from = instant(tc.replay!.from);
  const to = instant(tc.replay!.to);
  const frequencyMs = platform.frequencyMs(doc);
  const suppressMs = platform.suppressionMs(doc);
  const seen = new Map<string, Set<number>>();
  const alertedIn = new Map<string, { row: Record<string, unknown>; runs: string[] }>();
  let suppressedUntil = -Infinity;
  for (const tick of replayTicks(from, to, frequencyMs)) {
    if (tick < suppressedUntil) {
      result.runs.push({ at: new Date(tick).toISOString(), window: { from: '', to: '' }, result: { columns: [], rows: [] }, fired: false, alerts: [], suppressed: true });
      continue;
    }
    const { run, visible } = execute(tick, doc.kind === 'NRT' ? tick - frequencyMs : undefined);
    for (const [name, rows] of visible) {
      const s = seen.get(name) ?? new Set<number>();
      rows.forEach((r) => s.add(r));
      seen.set(name, s);
    }
    if (!run) return;
    result.runs.push(run);
    if (!run.fired) continue;
    if (suppressMs) suppressedUntil = tick + suppressMs;
    for (const row of run.result.rows) {
      const record = Object.fromEntries(run.result.columns.map((c, i) => [c.name, row[i]]));
      const key = jsonText(record);
      const entry = alertedIn.get(key) ?? { row: record, runs: [] };
      entry.runs.push(run.at);
      alertedIn.set(key, entry);
    }
  }
  // The timeline: rows from the first run's window up to the last tick.
  const first = platform.window(doc, from, doc.kind === 'NRT' ? from - frequencyMs : undefined);
  const missed: MissedRow[] = [];
  for (const [name, t] of Object.entries(inputs.tables)) {
    t.generated.forEach((g, i) => {
      if (Number.isNaN(g) || g > to || g <= first.from) return;
      if (!seen.get(name)?.has(i)) missed.push({ table: name, row: i, timeGenerated: new Date(g).toISOString(), ingestionTime: new Date(t.ingested[i]!).toISOString() });
    });
  }
  result.missed = missed;
  result.duplicates = [...alertedIn.values()].filter((e) => e.runs.length > 1);
}

/** Records which watchlist contents a case ran with, for the report header. */
function noteWatchlist(result: TestResult, alias: string, source: string | undefined): void {
  if (result.watchlists.some((w) => w.alias.toLowerCase() === alias.toLowerCase())) return;
  result.watchlists.push({ alias, source: source ?? 'not defined (empty)' });
}

/**
 * The columns of each fixture to hold for the queries: those they read, and the ones scheduling reads.
 * Without a compiled query (its problems are reported) every column is kept.
 */
function keepFor(reads: readonly (ColumnReads | undefined)[]): (table: string) => Keep {
  return (table) => {
    const cols = new Set<string>(['TimeGenerated', INGESTION_TIME]);
    for (const r of reads) {
      const read = r && !r.anyTable ? r.tables.get(table) : 'all';
      if (read === 'all') return 'all';
      for (const c of read ?? []) cols.add(c);
    }
    return cols;
  };
}

/** Input tables as rows, for execution hooks (another engine is given rows). */
function asRows(tables: Record<string, InputTable>): Record<string, DataTable> {
  return Object.fromEntries(Object.entries(tables).map(([n, t]) => [n, isColumnar(t) ? toRows(t) : t]));
}
