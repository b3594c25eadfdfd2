// Checks and error messages shared by every Handlebars template tripline renders (rule queries, their
// partials, workbook strings): what is wrong is reported where it is written, before or while rendering.
import Handlebars from 'handlebars';
import { error, type Problem, type SourceLocation } from '../core/problems.js';
import type { Position } from '../core/yaml.js';
import type { Partial } from './render.js';
import { lineStarts, templateOffset } from './source-map.js';
import { BUILTIN_HELPERS, KQL_HELPERS, TemplateError } from './template.js';

type At = (loc: hbs.AST.SourceLocation | undefined) => SourceLocation;

/** Handlebars' own data variables, valid inside blocks. */
const BUILTIN_DATA = new Set(['index', 'key', 'first', 'last', 'root']);

export interface LintOptions {
  /** Declared parameters and their JSON Schemas (the type decides whether a bare `{{x}}` is safe). */
  parameters: Record<string, { type?: unknown }>;
  /** Whose parameters they are, for messages: `this rule`, `this workbook`. */
  owner: string;
  /** Names must be declared parameters (not in partials, whose names may come from hash arguments). */
  checkNames: boolean;
  /** The output is KQL, so a bare `{{x}}` of a non-numeric value is an injection risk. */
  kql: boolean;
  partials: ReadonlySet<string>;
  /** `@name.field` data variables the renderer provides, e.g. `rule.queryFrequency`. */
  dataFields: readonly string[];
}

export function positionIn(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/**
 * Static checks of a template: a bare `{{value}}` copies text into the query unquoted, so a string value
 * could rewrite the query: such interpolations are errors unless the parameter's schema makes it a number
 * or boolean. Unknown names, helpers, data variables and partials are reported where they are written.
 */
export function lintTemplate(ast: hbs.AST.Program, at: At, o: LintOptions): Problem[] {
  const props = o.parameters;
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
      if (!BUILTIN_DATA.has(head ?? '') && !o.dataFields.includes(`${head}.${field}`)) {
        const known = o.dataFields.map((f) => `@${f}`).join(', ');
        problems.push(error('template-unknown-name', `'${path.original}' is not a known data variable${known ? ` (${known})` : ''}`, at(path.loc)));
      }
      return;
    }
    if (!o.checkNames || scoped || path.original === 'this' || path.original.startsWith('this.')) return;
    if (!((path.parts[0] ?? path.original) in props)) {
      const declared = Object.keys(props);
      problems.push(
        error(
          'template-unknown-name',
          `'${path.original}' is not a declared parameter of ${o.owner} (${declared.length ? `parameters: ${declared.join(', ')}` : 'it declares no parameters'})`,
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
        if (bare && o.kql && !isHelper(path.original)) {
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
        if (p.name.type === 'PathExpression' && !o.partials.has(name)) {
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

export function templateSyntaxProblem(e: Error, file: string, template: string, toPosition: (offset: number) => Position): Problem {
  // Handlebars reports "Parse error on line N:" with the template line.
  const m = /line (\d+)/.exec(e.message);
  const line = m ? Number(m[1]) : 1;
  const offset = lineStarts(template)[line - 1] ?? 0;
  const firstLine = e.message.split('\n').slice(-1)[0] ?? e.message;
  return error('template-syntax', `template syntax error: ${firstLine}`, { file, ...toPosition(offset) });
}

/** Partials (templates/*.hbs) that do not parse, each reported once for the whole repository. */
export function checkPartialSyntax(partials: readonly Partial[]): Problem[] {
  const problems: Problem[] = [];
  for (const p of partials) {
    try {
      Handlebars.parse(p.text);
    } catch (e) {
      problems.push(templateSyntaxProblem(e as Error, p.file, p.text, (o) => positionIn(p.text, o)));
    }
  }
  return problems;
}

/** A failure while rendering, located in the template or in the partial it happened in. */
export function renderFailure(e: Error, at: At, partials: readonly Partial[], owner: string): Problem {
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
    message = message.replace(/"(.+)" not defined in .*$/, `'${undef[1]}' is neither a declared parameter of ${owner} nor a helper (helpers: ${Object.keys(KQL_HELPERS).join(', ')})`);
  }
  return error('template-render', message, where(loc));
}
