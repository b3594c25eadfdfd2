// Renders a rule's query for one environment. The query is a Handlebars template; values reach KQL only
// through the KQL-literal helpers, and every character of the output can be traced back to the rule
// file (see source-map.ts), so later stages report problems at the right line and column.
import Handlebars from 'handlebars';
import { error, type Problem, type SourceLocation } from '../core/problems.js';
import type { Position } from '../core/yaml.js';
import type { Environment } from '../environments/types.js';
import type { RenderedRule, RuleDefinition } from '../rules/types.js';
import { resolveParameters } from './parameters.js';
import { extract, instrument, lineStarts, mapOffset, MARKER_CHARS, templateOffset } from './source-map.js';
import { COMPILE_OPTIONS, createTemplateEnv, KQL_HELPERS, BUILTIN_HELPERS } from './template.js';

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
  problems.push(...checkInterpolations(ast, rule, at));
  for (const name of partialsUsed(ast, partialAsts)) {
    const p = ctx.partials.find((x) => x.name === name)!;
    const pstarts = lineStarts(p.text);
    problems.push(
      ...checkInterpolations(partialAsts.get(name)!, rule, (loc) => ({
        file: p.file,
        ...positionIn(p.text, loc ? templateOffset(pstarts, loc.start) : 0),
      })),
    );
  }
  if (problems.some((p) => p.severity === 'error')) return { problems };

  // Every declared parameter is present (null when unset) so strict mode flags only real typos.
  const context: Record<string, unknown> = {};
  for (const name of Object.keys(rule.doc.parameters?.properties ?? {})) context[name] = values[name] ?? null;
  Object.assign(context, values);

  const origins = instrument(ast, template);
  const env = createTemplateEnv(Object.fromEntries(ctx.partials.map((p) => [p.name, p.text])));
  let output: string;
  try {
    output = env.compile(ast, COMPILE_OPTIONS)(context);
  } catch (e) {
    return { problems: [renderProblem(e as Error, at)] };
  }
  const { text, segments } = extract(output, origins);
  const rendered: RenderedRule = {
    rule,
    environment: ctx.env.name,
    parameters: values,
    query: text,
    mapQueryOffset: (offset: number): Position => toRulePosition(mapOffset(segments, offset)),
  };
  return { rendered, problems };
}

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

function renderProblem(e: Error, at: (loc: hbs.AST.SourceLocation | undefined) => SourceLocation): Problem {
  // Strict-mode messages end with " - line:column" (1-based line, 0-based column) of the template.
  const m = / - (\d+):(\d+)$/.exec(e.message);
  const loc = m ? { start: { line: Number(m[1]), column: Number(m[2]) }, end: { line: 0, column: 0 }, source: '' } : undefined;
  let message = e.message.replace(/ - \d+:\d+$/, '');
  const undef = /^"(.+)" not defined in/.exec(message);
  if (undef) {
    message = `'${undef[1]}' is neither a declared parameter of this rule nor a helper (helpers: ${Object.keys(KQL_HELPERS).join(', ')})`;
  } else if (/The partial (.+) could not be found/.test(message)) {
    message = message.replace(/The partial (.+) could not be found/, "partial '$1' not found (expected templates/$1.hbs)");
  }
  return error('template-render', message, at(loc));
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
 * A bare `{{value}}` copies text into the query unquoted: a string value can then rewrite the query.
 * Such interpolations are errors unless the parameter's schema makes it a number or boolean.
 */
function checkInterpolations(
  ast: hbs.AST.Program,
  rule: RuleDefinition,
  at: (loc: hbs.AST.SourceLocation | undefined) => SourceLocation,
): Problem[] {
  const props = rule.doc.parameters?.properties ?? {};
  const problems: Problem[] = [];
  const visit = (program: hbs.AST.Program | undefined): void => {
    for (const s of program?.body ?? []) {
      if (s.type === 'MustacheStatement') {
        const m = s as hbs.AST.MustacheStatement;
        const path = m.path as hbs.AST.PathExpression;
        const bare = m.params.length === 0 && !m.hash && path.type === 'PathExpression';
        if (bare && !(path.original in KQL_HELPERS) && !BUILTIN_HELPERS.has(path.original)) {
          const root = path.parts[0] ?? path.original;
          const type = props[root]?.type;
          const safe = type === 'integer' || type === 'number' || type === 'boolean';
          if (!safe) {
            problems.push(
              error(
                'unsafe-interpolation',
                `'{{${path.original}}}' inserts a value into the query without a KQL helper; write {{kql-string ${path.original}}} (or kql-dynamic, kql-timespan, kql-datetime, kql-int, kql-bool, kql-ident)`,
                at(m.loc),
              ),
            );
          }
        }
      }
      if (s.type === 'BlockStatement') {
        visit((s as hbs.AST.BlockStatement).program);
        visit((s as hbs.AST.BlockStatement).inverse);
      }
    }
  };
  visit(ast);
  return problems;
}
