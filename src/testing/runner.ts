// Runs a rule's test cases (run-case.ts: each once per platform the rule has) within one session that
// caches environments, fixtures and compiled queries; checks that every rule has a case that fires and
// one that does not; --grep and --bail.
import { error, hasErrors, type Problem, type SourceLocation } from '../core/problems.js';
import { ruleStem } from '../rules/load.js';
import { loadEnvironment } from '../environments/load.js';
import type { Environment, Target } from '../environments/types.js';
import { compileQuery, type CompiledQuery } from '../kql/engine/index.js';
import { buildGlobals } from '../kql/schema/globals.js';
import type { SchemaContext } from '../kql/schema/types.js';
import { projectSchemaContext } from '../pipeline/validate.js';
import type { Project } from '../project/load.js';
import type { RenderedRule, RuleDefinition } from '../rules/types.js';
import { loadWatchlists } from '../watchlists/load.js';
import type { Watchlist } from '../watchlists/types.js';
import type { ExecutionHook } from './engines/types.js';
import { loadTestCases, testsFileOf } from './cases.js';
import { FixtureCache } from './inputs.js';
import { platformModel } from './platforms/index.js';
import { runCase, type CaseSession } from './run-case.js';
import type { TestCase, TestResult } from './types.js';

/** What a report says about a rule: a file that could not be read as a rule has only its file and stem. */
export interface TestedRule {
  file: string;
  stem: string;
  doc: { id?: string; name: string };
}

export interface RuleTestReport {
  rule: TestedRule;
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

export class TestSession implements CaseSession {
  private readonly envs = new Map<string, { env?: Environment; problems: Problem[] }>();
  private readonly compiled = new Map<string, { query?: CompiledQuery; problems: Problem[] }>();
  readonly fixtures: FixtureCache;
  readonly ctx: SchemaContext;
  /** What a query Defender runs may refer to: the Defender XDR tables in their advanced hunting schema. */
  private readonly defenderCtx: SchemaContext;
  /** Set when --bail saw a failure: no further case runs. */
  stopped = false;
  /**
   * Tests see the repository's base watchlists (watchlists/<Alias>.csv), never an environment's
   * contents: a case's outcome must not change with the environment it is run for.
   */
  readonly baseWatchlists: { watchlists: Watchlist[]; problems: Problem[] };

  constructor(readonly project: Project) {
    this.ctx = projectSchemaContext(project);
    this.defenderCtx = projectSchemaContext(project, 'defender');
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

  /** `text`: the query a platform runs (the rendered one unless it changes it). */
  compile(rendered: RenderedRule, text = rendered.query): { query?: CompiledQuery; problems: Problem[] } {
    const key = `${rendered.target}\u0000${text}`;
    let entry = this.compiled.get(key);
    if (!entry) {
      const ctx = rendered.target === 'defender' ? this.defenderCtx : this.ctx;
      const { query, errors } = compileQuery(text, { globals: buildGlobals(text, ctx) });
      entry = {
        query,
        problems: errors.map((e) => {
          const { file, line, column } = text === rendered.query ? rendered.mapQueryOffset(e.offset) : rendered.rule.source.locate('/query');
          return error('kql-engine', e.message, { file, line, column });
        }),
      };
      this.compiled.set(key, entry);
    }
    return entry;
  }
}

export function runRuleTests(project: Project, rule: RuleDefinition, options: TestRunOptions = {}, session = new TestSession(project)): RuleTestReport {
  const { cases, problems } = loadTestCases(project.root, rule);
  const selected = options.grep ? cases.filter((c) => options.grep!.test(c.name)) : cases;
  const results: TestResult[] = [];
  for (const tc of selected) {
    if (session.stopped) break;
    const outcomes = runCase(session, tc, options.execution);
    results.push(...outcomes);
    if (options.bail && outcomes.some((r) => r.status !== 'passed')) session.stopped = true;
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
  const session = new TestSession(project);
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

/** Rule files that could not be read as a rule at all (YAML syntax, a folder): errors in the summary too. */
export function unreadableReports(files: readonly string[]): RuleTestReport[] {
  return files.map((file) => ({
    rule: { file, stem: ruleStem(file), doc: { name: ruleStem(file) } },
    results: [],
    problems: [error('test-not-run', `the tests of ${file} did not run: the file could not be read as a rule (reported above)`, { file })],
  }));
}

/**
 * One case of a rule, chosen by name (exact, else the only case containing it; default the first), run as
 * `tripline test` runs it on `target`: for `tripline run --rule R --case NAME [--target T]`. Any rule can
 * run as a Defender custom detection, to see what it would raise there before it gets a defender: key.
 */
export function runNamedCase(project: Project, rule: RuleDefinition, name?: string, target: Target = 'sentinel'): { result?: TestResult; problems: Problem[] } {
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
  return { result: runCase(new TestSession(project), tc, undefined, [platformModel(target)])[0], problems: [] };
}

function expectsAlerts(tc: TestCase): boolean | undefined {
  const e = tc.expect;
  if (e.fires !== undefined) return e.fires;
  if (typeof e.alerts === 'number') return e.alerts > 0;
  if (Array.isArray(e.alerts)) return e.alerts.length > 0;
  return undefined;
}
