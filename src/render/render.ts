// Renders a rule's query for one environment. The query is a Handlebars template; values reach KQL only
// through the KQL-literal helpers, and every character of the output can be traced back to the rule
// file (see source-map.ts), so later stages report problems at the right line and column.
import Handlebars from 'handlebars';
import { error, type Problem, type SourceLocation } from '../core/problems.js';
import type { Environment, Target } from '../environments/types.js';
import type { QueryPosition, RenderedRule, RuleDefinition } from '../rules/types.js';
import { resolveParameters } from './parameters.js';
import { extract, instrument, lineStarts, mapOffset, MARKER_CHARS, templateOffset, type Origin } from './source-map.js';
import { lintTemplate, positionIn, renderFailure, templateSyntaxProblem } from './lint.js';
import { COMPILE_OPTIONS, createTemplateEnv } from './template.js';

/** Sentinel's limit on an analytics rule query (Azure-Sentinel content validator). */
export const MAX_QUERY_LENGTH = 10_000;

export interface Partial {
  name: string;
  /** Repository-relative path of templates/<name>.hbs. */
  file: string;
  text: string;
}

export interface RenderContext {
  env: Environment;
  partials: Partial[];
  /** Test-case parameter overrides. */
  overrides?: Record<string, unknown>;
  overridesAt?: SourceLocation;
  /** The platform that runs the query (default Sentinel); `@target.defender` tells the template. */
  target?: Target;
}

export interface RenderResult {
  rendered?: RenderedRule;
  problems: Problem[];
}

export function renderRule(rule: RuleDefinition, ctx: RenderContext): RenderResult {
  const template = rule.doc.query;
  const queryAt = rule.source.locate('/query');
  const toRulePosition = rule.source.scalarOffsetMapper('/query') ?? (() => ({ line: queryAt.line ?? 1, column: queryAt.column ?? 1 }));
  if (typeof template !== 'string') return { problems: [error('query-missing', 'the rule has no query', queryAt)] };
  if (MARKER_CHARS.test(template)) {
    return { problems: [error('query-chars', 'the query contains private-use characters U+E000..U+E002, which tripline reserves', queryAt)] };
  }
  const starts = lineStarts(template);
  const at = (loc: hbs.AST.SourceLocation | undefined): SourceLocation => {
    const p = toRulePosition(loc ? templateOffset(starts, loc.start) : 0);
    return { file: rule.file, line: p.line, column: p.column };
  };

  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(template);
  } catch (e) {
    return { problems: [templateSyntaxProblem(e as Error, rule.file, template, toRulePosition)] };
  }

  const { values, problems } = resolveParameters(rule, ctx.env, ctx.overrides, ctx.overridesAt);
  const partialAsts = new Map<string, hbs.AST.Program>();
  // A fresh parse per render: instrumenting mutates the tree. A partial that does not parse is reported
  // once by the project loader (checkPartialSyntax); a rule using it fails to render at the partial.
  for (const p of ctx.partials) {
    try {
      partialAsts.set(p.name, Handlebars.parse(p.text));
    } catch {
      // reported by the loader
    }
  }
  const lint = {
    parameters: rule.doc.parameters?.properties ?? {},
    owner: 'this rule',
    kql: true,
    partials: new Set(ctx.partials.map((p) => p.name)),
    dataFields: [...RULE_DATA_FIELDS.map((f) => `rule.${f}`), 'target.defender'],
  };
  problems.push(...lintTemplate(ast, at, { ...lint, checkNames: true }));
  for (const name of partialsUsed(ast, partialAsts)) {
    const p = ctx.partials.find((x) => x.name === name)!;
    const pstarts = lineStarts(p.text);
    problems.push(
      ...lintTemplate(
        partialAsts.get(name)!,
        (loc) => ({ file: p.file, ...positionIn(p.text, loc ? templateOffset(pstarts, loc.start) : 0) }),
        { ...lint, checkNames: false },
      ),
    );
  }
  if (problems.some((p) => p.severity === 'error')) return { problems };

  // Every declared parameter is present (null when unset) so strict mode flags only real typos.
  const context: Record<string, unknown> = {};
  for (const name of Object.keys(rule.doc.parameters?.properties ?? {})) context[name] = values[name] ?? null;
  Object.assign(context, values);

  // Source 0 is the rule's query; source i + 1 is ctx.partials[i].
  const origins: Origin[] = [];
  instrument(ast, template, origins, 0);
  const partialTemplates: Record<string, string | hbs.AST.Program> = {};
  ctx.partials.forEach((p, i) => {
    const parsed = partialAsts.get(p.name);
    if (parsed) instrument(parsed, p.text, origins, i + 1);
    partialTemplates[p.name] = parsed ?? p.text;
  });
  const env = createTemplateEnv(partialTemplates);
  const target = ctx.target ?? 'sentinel';
  let output: string;
  try {
    output = env.compile(ast, COMPILE_OPTIONS)(context, { data: { rule: ruleData(rule), target: { defender: target === 'defender' } } });
  } catch (e) {
    return { problems: [renderFailure(e as Error, at, ctx.partials, 'this rule')] };
  }
  const { text, segments } = extract(output, origins);
  if (text.length > MAX_QUERY_LENGTH) {
    problems.push(
      error('query-too-long', `the rendered query has ${text.length} characters; Sentinel accepts at most ${MAX_QUERY_LENGTH} (move long lists into a watchlist)`, queryAt),
    );
  }
  const rendered: RenderedRule = {
    rule,
    environment: ctx.env.name,
    target,
    parameters: values,
    query: text,
    mapQueryOffset: (offset: number): QueryPosition => {
      const { source, offset: at } = mapOffset(segments, offset);
      const partial = source > 0 ? ctx.partials[source - 1] : undefined;
      return partial ? { file: partial.file, ...positionIn(partial.text, at) } : { file: rule.file, ...toRulePosition(at) };
    },
  };
  return { rendered, problems };
}

/**
 * `@rule.queryFrequency` and friends: a query can follow its own schedule (e.g. select rows by
 * ingestion time over exactly one queryFrequency) without repeating the value by hand.
 */
export const RULE_DATA_FIELDS = ['id', 'name', 'kind', 'severity', 'queryFrequency', 'queryPeriod'] as const;

function ruleData(rule: RuleDefinition): Record<string, unknown> {
  return Object.fromEntries(RULE_DATA_FIELDS.map((f) => [f, rule.doc[f] ?? null]));
}

function partialsUsed(ast: hbs.AST.Program, known: Map<string, hbs.AST.Program>): Set<string> {
  const used = new Set<string>();
  const visit = (program: hbs.AST.Program | undefined): void => {
    for (const s of program?.body ?? []) {
      if (s.type === 'PartialStatement' || s.type === 'PartialBlockStatement') {
        const name = ((s as hbs.AST.PartialStatement).name as hbs.AST.PathExpression).original;
        if (typeof name === 'string' && known.has(name) && !used.has(name)) {
          used.add(name);
          visit(known.get(name));
        }
      }
      if (s.type === 'BlockStatement') {
        visit((s as hbs.AST.BlockStatement).program);
        visit((s as hbs.AST.BlockStatement).inverse);
      }
    }
  };
  visit(ast);
  return used;
}
