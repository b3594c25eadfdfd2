// Renders a rule's query for one environment. The query is a Handlebars template; values reach KQL only
// through the KQL-literal helpers, and every character of the output can be traced back to the rule
// file (see source-map.ts), so later stages report problems at the right line and column.
import Handlebars from 'handlebars';
import { error, type Problem, type SourceLocation } from '../core/problems.js';
import type { Position } from '../core/yaml.js';
import type { Environment } from '../environments/types.js';
import type { QueryPosition, RenderedRule, RuleDefinition } from '../rules/types.js';
import { resolveParameters } from './parameters.js';
import { extract, instrument, lineStarts, mapOffset, MARKER_CHARS, templateOffset, type Origin } from './source-map.js';
import { BUILTIN_HELPERS, COMPILE_OPTIONS, createTemplateEnv, KQL_HELPERS, TemplateError } from './template.js';

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
  for (const p of ctx.partials) {
    try {
      partialAsts.set(p.name, Handlebars.parse(p.text));
    } catch (e) {
      problems.push(templateSyntaxProblem(e as Error, p.file, p.text, (o) => positionIn(p.text, o)));
    }
  }
  const partialNames = new Set(ctx.partials.map((p) => p.name));
  problems.push(...lintTemplate(ast, rule, at, true, partialNames));
  for (const name of partialsUsed(ast, partialAsts)) {
    const p = ctx.partials.find((x) => x.name === name)!;
    const pstarts = lineStarts(p.text);
    problems.push(
      ...lintTemplate(
        partialAsts.get(name)!,
        rule,
        (loc) => ({ file: p.file, ...positionIn(p.text, loc ? templateOffset(pstarts, loc.start) : 0) }),
        false,
        partialNames,
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
  let output: string;
  try {
    output = env.compile(ast, COMPILE_OPTIONS)(context, { data: { rule: ruleData(rule) } });
  } catch (e) {
    return { problems: [renderProblem(e as Error, at, ctx.partials)] };
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

/** Handlebars' own data variables, valid inside blocks. */
const BUILTIN_DATA = new Set(['index', 'key', 'first', 'last', 'root']);

function positionIn(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

function templateSyntaxProblem(e: Error, file: string, template: string, toPosition: (offset: number) => Position): Problem {
  // Handlebars reports "Parse error on line N:" with the template line.
  const m = /line (\d+)/.exec(e.message);
  const line = m ? Number(m[1]) : 1;
  const offset = lineStarts(template)[line - 1] ?? 0;
  const firstLine = e.message.split('\n').slice(-1)[0] ?? e.message;
  return error('template-syntax', `template syntax error: ${firstLine}`, { file, ...toPosition(offset) });
}

function renderProblem(
  e: Error,
  at: (loc: hbs.AST.SourceLocation | undefined) => SourceLocation,
  partials: Partial[],
): Problem {
  let loc: hbs.AST.SourceLocation | undefined;
  let where = at;
  let message = e.message;
  if (e instanceof TemplateError) {
    loc = e.loc;
    const partial = partials.find((p) => p.name === e.partial);
    if (partial) {
      const starts = lineStarts(partial.text);
      where = (l) => ({ file: partial.file, ...positionIn(partial.text, l ? templateOffset(starts, l.start) : 0) });
      message = `in partial '${partial.name}': ${message}`;
    }
  } else {
    // Strict-mode messages end with " - line:column" (1-based line, 0-based column) of the template.
    const m = / - (\d+):(\d+)$/.exec(message);
    if (m) loc = { source: '', start: { line: Number(m[1]), column: Number(m[2]) }, end: { line: 0, column: 0 } };
    message = message.replace(/ - \d+:\d+$/, '');
  }
  const undef = /"(.+)" not defined in/.exec(message);
  if (undef) {
    message = message.replace(/"(.+)" not defined in .*$/, `'${undef[1]}' is neither a declared parameter of this rule nor a helper (helpers: ${Object.keys(KQL_HELPERS).join(', ')})`);
  }
  return error('template-render', message, where(loc));
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

/**
 * Static checks of a template. A bare `{{value}}` copies text into the query unquoted, so a string value
 * could rewrite the query: such interpolations are errors unless the parameter's schema makes it a number
 * or boolean. In the rule's own template (not in partials, whose names may come from hash arguments),
 * every name must be a declared parameter: a typo is reported where it is, before rendering.
 */
function lintTemplate(
  ast: hbs.AST.Program,
  rule: RuleDefinition,
  at: (loc: hbs.AST.SourceLocation | undefined) => SourceLocation,
  checkNames: boolean,
  partials: ReadonlySet<string>,
): Problem[] {
  const props = rule.doc.parameters?.properties ?? {};
  const problems: Problem[] = [];
  const isHelper = (name: string): boolean => name in KQL_HELPERS || BUILTIN_HELPERS.has(name);
  const checkPath = (node: hbs.AST.Expression, scoped: boolean): void => {
    if (node.type !== 'PathExpression') {
      if (node.type === 'SubExpression') checkCall(node as hbs.AST.SubExpression, scoped);
      return;
    }
    const path = node as hbs.AST.PathExpression;
    if (path.data) {
      const [head, field] = path.parts;
      const ok = head === 'rule' ? (RULE_DATA_FIELDS as readonly string[]).includes(field ?? '') : BUILTIN_DATA.has(head ?? '');
      if (!ok) {
        problems.push(
          error('template-unknown-name', `'${path.original}' is not a known data variable (${RULE_DATA_FIELDS.map((f) => `@rule.${f}`).join(', ')})`, at(path.loc)),
        );
      }
      return;
    }
    if (!checkNames || scoped || path.original === 'this' || path.original.startsWith('this.')) return;
    const root = path.parts[0] ?? path.original;
    if (!(root in props)) {
      const declared = Object.keys(props);
      problems.push(
        error(
          'template-unknown-name',
          `'${path.original}' is not a declared parameter of this rule (${declared.length ? `parameters: ${declared.join(', ')}` : 'it declares no parameters'})`,
          at(path.loc),
        ),
      );
    }
  };
  const checkCall = (call: { path: hbs.AST.Expression; params: hbs.AST.Expression[]; hash?: hbs.AST.Hash }, scoped: boolean): void => {
    const head = call.path as hbs.AST.PathExpression;
    if (!(head.type === 'PathExpression' && isHelper(head.original))) checkPath(call.path, scoped);
    for (const p of call.params) checkPath(p, scoped);
    for (const pair of call.hash?.pairs ?? []) checkPath(pair.value, scoped);
  };
  const visit = (program: hbs.AST.Program | undefined, scoped: boolean): void => {
    for (const s of program?.body ?? []) {
      if (s.type === 'MustacheStatement') {
        const m = s as hbs.AST.MustacheStatement;
        const path = m.path as hbs.AST.PathExpression;
        const bare = m.params.length === 0 && !m.hash && path.type === 'PathExpression';
        if (bare && !isHelper(path.original)) {
          const type = props[path.parts[0] ?? path.original]?.type;
          if (type !== 'integer' && type !== 'number' && type !== 'boolean') {
            problems.push(
              error(
                'unsafe-interpolation',
                `'{{${path.original}}}' inserts a value into the query without a KQL helper; write {{kql-string ${path.original}}} (or kql-dynamic, kql-timespan, kql-datetime, kql-int, kql-bool, kql-ident)`,
                at(m.loc),
              ),
            );
            continue;
          }
        }
        if (path.type === 'PathExpression' && !isHelper(path.original) && m.params.length > 0) {
          problems.push(error('template-unknown-helper', `unknown helper '${path.original}' (helpers: ${Object.keys(KQL_HELPERS).join(', ')}, if, unless, each, with)`, at(path.loc)));
          continue;
        }
        checkCall(m, scoped);
      } else if (s.type === 'BlockStatement') {
        const b = s as hbs.AST.BlockStatement;
        checkCall(b, scoped);
        // `each` and `with` change the context: names inside refer to items, not parameters.
        const name = (b.path as hbs.AST.PathExpression).original;
        const inner = scoped || name === 'each' || name === 'with';
        visit(b.program, inner);
        visit(b.inverse, inner);
      } else if (s.type === 'PartialStatement') {
        const p = s as hbs.AST.PartialStatement;
        const name = (p.name as hbs.AST.PathExpression).original;
        if (p.name.type === 'PathExpression' && !partials.has(name)) {
          problems.push(error('template-partial-missing', `partial '${name}' not found (expected templates/${name}.hbs)`, at(p.loc)));
        }
        for (const param of p.params) checkPath(param, scoped);
        for (const pair of p.hash?.pairs ?? []) checkPath(pair.value, scoped);
      }
    }
  };
  visit(ast, false);
  return problems;
}
