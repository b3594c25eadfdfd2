// Test cases live in a rule's `tests:` or in `<rule file stem>.tests.yaml` beside it (a YAML list).
// Parsing checks their shape and keeps every value's position for failure reports.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { error, hasErrors, type Problem } from '../core/problems.js';
import { validateAgainstSchema } from '../core/schema-validate.js';
import { readYamlFile, type YamlSource } from '../core/yaml.js';
import { parseExternalDataMap } from '../externaldata/map.js';
import type { RuleDefinition } from '../rules/types.js';
import type { Expectation, TestCase } from './types.js';

const CASE_KEYS = new Set(['name', 'now', 'environment', 'parameters', 'window', 'input', 'watchlists', 'externaldata', 'replay', 'expect']);
const EXPECT_KEYS = new Set(['fires', 'alerts', 'rows', 'missed', 'duplicates']);
const ALERT_KEYS = new Set(['displayName', 'description', 'severity', 'tactics', 'entities', 'customDetails']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Repository-relative path of the tests file that belongs to a rule file. */
export function testsFileOf(ruleFile: string, stem: string): string {
  const dir = dirname(ruleFile);
  return (dir === '.' ? '' : dir + '/') + `${stem}.tests.yaml`;
}

type LoadedCases = { cases: TestCase[]; problems: Problem[] };

/**
 * A rule's cases are read once per loaded rule: planning `tripline test --jobs auto`, running and
 * checking the cases all need them. Each caller gets its own lists (runners append problems).
 */
const loadedCases = new WeakMap<RuleDefinition, { root: string; loaded: LoadedCases }>();

export function loadTestCases(root: string, rule: RuleDefinition): LoadedCases {
  let entry = loadedCases.get(rule);
  if (entry?.root !== root) {
    entry = { root, loaded: readTestCases(root, rule) };
    loadedCases.set(rule, entry);
  }
  return { cases: [...entry.loaded.cases], problems: [...entry.loaded.problems] };
}

function readTestCases(root: string, rule: RuleDefinition): LoadedCases {
  const cases: TestCase[] = [];
  const problems: Problem[] = [];
  const inline = rule.doc.tests;
  if (inline !== undefined) {
    const parsed = parseCases(root, rule, rule.source, '/tests', inline);
    cases.push(...parsed.cases);
    problems.push(...parsed.problems);
  }
  const file = testsFileOf(rule.file, rule.stem);
  if (existsSync(join(root, file))) {
    const read = readYamlFile(join(root, file), file);
    problems.push(...read.problems);
    if (read.source && !hasErrors(read.problems)) {
      const shape = validateAgainstSchema(read.source, 'tests');
      problems.push(...shape);
      if (hasErrors(shape)) return { cases, problems };
      const parsed = parseCases(root, rule, read.source, '', read.source.value ?? []);
      cases.push(...parsed.cases);
      problems.push(...parsed.problems);
    }
  }
  return { cases, problems };
}

function parseCases(root: string, rule: RuleDefinition, source: YamlSource, base: string, value: unknown): { cases: TestCase[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const cases: TestCase[] = [];
  if (!Array.isArray(value)) {
    problems.push(error('test-case', 'tests must be a list of test cases', source.locate(base)));
    return { cases, problems };
  }
  value.forEach((raw, i) => {
    const pointer = `${base}/${i}`;
    const before = problems.length;
    const fail = (p: string, message: string, key = false): void => {
      problems.push(error('test-case', message, key ? source.locateKey(pointer + p) : source.locate(pointer + p)));
    };
    if (!isObject(raw)) {
      fail('', 'a test case must be a mapping with at least name and expect');
      return;
    }
    for (const k of Object.keys(raw)) {
      if (!CASE_KEYS.has(k)) fail(`/${k}`, `unknown key '${k}' in a test case (expected ${[...CASE_KEYS].join(', ')})`, true);
    }
    if (typeof raw.name !== 'string' || raw.name === '') fail('/name', 'a test case needs a name');
    for (const k of ['now', 'environment'] as const) {
      if (raw[k] !== undefined && typeof raw[k] !== 'string' && !(raw[k] instanceof Date)) fail(`/${k}`, `${k} must be a string`);
    }
    const now = dateText(raw.now);
    if (raw.now !== undefined && !isIsoDatetime(now)) fail('/now', `now must be an ISO 8601 datetime like 2026-03-02T03:00:00Z`);
    if (raw.parameters !== undefined && !isObject(raw.parameters)) fail('/parameters', 'parameters must be a mapping of parameter names to values');
    let window: TestCase['window'];
    if (raw.window !== undefined) {
      const from = isObject(raw.window) ? dateText(raw.window.from) : undefined;
      if (!isIsoDatetime(from)) fail('/window', 'window must be { from: <ISO 8601 datetime> }');
      else window = { from: from! };
      if (rule.doc.kind !== 'NRT') fail('/window', `window applies to NRT rules only; this rule is ${rule.doc.kind} and sees (now - queryPeriod, now]`);
    }
    let replay: TestCase['replay'];
    if (raw.replay !== undefined) {
      const from = isObject(raw.replay) ? dateText(raw.replay.from) : undefined;
      const to = isObject(raw.replay) ? dateText(raw.replay.to) : undefined;
      if (!isIsoDatetime(from) || !isIsoDatetime(to)) fail('/replay', 'replay must be { from: <ISO datetime>, to: <ISO datetime> }');
      else if (Date.parse(from!) > Date.parse(to!)) fail('/replay', 'replay.from must not be after replay.to');
      else replay = { from: from!, to: to! };
    } else if (raw.now === undefined) {
      fail('', "a test case needs 'now' (the time of the run) or 'replay'");
    }
    const input: TestCase['input'] = {};
    if (raw.input !== undefined) {
      if (!isObject(raw.input)) fail('/input', 'input must map table names to a fixture file or a list of rows');
      else {
        for (const [table, v] of Object.entries(raw.input)) {
          if (typeof v === 'string' || (Array.isArray(v) && v.every(isObject))) input[table] = v as string | Record<string, unknown>[];
          else fail(`/input/${table}`, `input ${table} must be a fixture path (JSONL or CSV) or a list of rows`);
        }
      }
    }
    const watchlists: TestCase['watchlists'] = {};
    if (raw.watchlists !== undefined) {
      if (!isObject(raw.watchlists)) fail('/watchlists', 'watchlists must map aliases to a CSV path or a list of items');
      else {
        for (const [alias, v] of Object.entries(raw.watchlists)) {
          if (typeof v === 'string' || (Array.isArray(v) && v.every(isObject))) watchlists[alias] = v as string | Record<string, unknown>[];
          else fail(`/watchlists/${alias}`, `watchlist ${alias} must be a CSV path or a list of items (column: value)`);
        }
      }
    }
    const ext = parseExternalDataMap(raw.externaldata, root, (ptr) => source.locate(ptr), `${pointer}/externaldata`);
    problems.push(...ext.problems);
    const expect = parseExpect(raw.expect, `${pointer}/expect`, source, problems, replay !== undefined);
    if (expect?.defender !== undefined && !rule.doc.defender) {
      problems.push(error('test-case', 'expect.defender applies to rules with a defender: key (they also run as Defender custom detections)', source.locateKey(`${pointer}/expect/defender`)));
    }
    if (problems.length > before || !expect) return;
    cases.push({
      name: raw.name as string,
      rule,
      source,
      pointer,
      at: source.locate(pointer),
      now,
      environment: raw.environment as string | undefined,
      parameters: raw.parameters as Record<string, unknown> | undefined,
      window,
      replay,
      input,
      watchlists,
      externalData: ext.mappings,
      expect,
    });
  });
  return { cases, problems };
}

/** `base`: the JSON pointer of the expectation (`.../expect`, or `.../expect/defender` nested in it). */
function parseExpect(raw: unknown, base: string, source: YamlSource, problems: Problem[], replay: boolean): Expectation | undefined {
  const at = (p: string) => source.locate(`${base}${p}`);
  if (!isObject(raw)) {
    const nested = base.endsWith('/defender');
    problems.push(error('test-case', nested ? 'expect.defender must be a mapping of expectations (fires, alerts, rows...)' : 'a test case needs expect: with fires, alerts, rows (or, for a replay, alerts, missed, duplicates)', source.locate(nested ? base : base.replace(/\/expect$/, ''))));
    return undefined;
  }
  const before = problems.length;
  for (const k of Object.keys(raw)) {
    const known = EXPECT_KEYS.has(k) || (k === 'defender' && !base.endsWith('/defender'));
    if (!known) problems.push(error('test-case', `unknown expectation '${k}' (expected ${[...EXPECT_KEYS].join(', ')}${base.endsWith('/defender') ? '' : ', defender'})`, source.locateKey(`${base}/${k}`)));
  }
  if (Object.keys(raw).filter((k) => k !== 'defender').length === 0) problems.push(error('test-case', 'expect is empty: nothing would be checked', at('')));
  if (raw.defender !== undefined && !base.endsWith('/defender')) parseExpect(raw.defender, `${base}/defender`, source, problems, replay);
  if (raw.fires !== undefined && typeof raw.fires !== 'boolean') problems.push(error('test-case', 'fires must be true or false', at('/fires')));
  for (const k of ['missed', 'duplicates'] as const) {
    if (raw[k] === undefined) continue;
    if (!replay) problems.push(error('test-case', `${k} applies to replay tests only`, at(`/${k}`)));
    else if (!Number.isInteger(raw[k]) || (raw[k] as number) < 0) problems.push(error('test-case', `${k} must be a count`, at(`/${k}`)));
  }
  if (raw.rows !== undefined) {
    if (replay) problems.push(error('test-case', 'rows cannot be checked in a replay (each run has its own result); assert alerts, missed, duplicates', at('/rows')));
    else if (!Array.isArray(raw.rows) || !raw.rows.every(isObject)) problems.push(error('test-case', 'rows must be a list of mappings (column: value)', at('/rows')));
  }
  if (raw.alerts !== undefined) {
    if (typeof raw.alerts === 'number') {
      if (!Number.isInteger(raw.alerts) || raw.alerts < 0) problems.push(error('test-case', 'alerts must be a count or a list of alerts', at('/alerts')));
    } else if (Array.isArray(raw.alerts)) {
      raw.alerts.forEach((a, i) => {
        if (!isObject(a)) {
          problems.push(error('test-case', 'each expected alert must be a mapping', at(`/alerts/${i}`)));
          return;
        }
        for (const k of Object.keys(a)) {
          if (!ALERT_KEYS.has(k)) problems.push(error('test-case', `unknown alert field '${k}' (expected ${[...ALERT_KEYS].join(', ')})`, source.locateKey(`${base}/alerts/${i}/${k}`)));
        }
        if (a.entities !== undefined && (!Array.isArray(a.entities) || !a.entities.every((e) => isObject(e) && typeof e.type === 'string'))) {
          problems.push(error('test-case', 'entities must be a list like [{ type: Account, FullName: ... }]', at(`/alerts/${i}/entities`)));
        }
      });
    } else problems.push(error('test-case', 'alerts must be a count or a list of alerts', at('/alerts')));
  }
  return problems.length > before ? undefined : (raw as Expectation);
}

/** YAML turns unquoted timestamps into Dates; tests keep them as ISO text. */
function dateText(v: unknown): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  return typeof v === 'string' ? v : undefined;
}

function isIsoDatetime(v: string | undefined): boolean {
  return v !== undefined && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v));
}
