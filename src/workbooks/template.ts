// Renders a workbook template for one environment. The template is the workbook's JSON; any string in it
// may be a Handlebars template with the same KQL-literal helpers and partials as rule queries. Rendering
// string by string (on the decoded text) and serializing the result with JSON.stringify is what keeps both
// languages correct: a helper emits a KQL literal, and the JSON escaping of that literal (`"` -> `\"`) is
// done by the serializer, never by hand in the template. Each rendered string keeps a map from its offsets
// to offsets in the template file, through the JSON escapes and the Handlebars expressions.
import Handlebars from 'handlebars';
import type { Json } from '../core/json.js';
import { error, type Problem, type SourceLocation } from '../core/problems.js';
import { pointerSegments, toPointer } from '../core/yaml.js';
import type { Partial } from '../render/render.js';
import { extract, instrument, lineStarts, mapOffset, MARKER_CHARS, templateOffset, type Origin } from '../render/source-map.js';
import { BUILTIN_HELPERS, COMPILE_OPTIONS, createTemplateEnv, KQL_HELPERS, TemplateError, type HandlebarsEnv } from '../render/template.js';
import { positionAt, type ParsedJson } from './json-positions.js';
import type { Workbook } from './types.js';

export interface RenderedString {
  text: string;
  /** Offset in the template file of an offset in `text`. */
  fileOffset(offset: number): number;
}

export interface RenderedContent {
  content: Json;
  /** Every string value of the content by JSON pointer. */
  strings: Map<string, RenderedString>;
}

/** Values of these keys are KQL: a bare `{{value}}` in them would be KQL injection. */
export function isQueryPointer(pointer: string): boolean {
  return pointerSegments(pointer).pop() === 'query';
}

export function renderWorkbookContent(
  wb: Workbook,
  values: Record<string, unknown>,
  partials: readonly Partial[] = [],
): { rendered?: RenderedContent; problems: Problem[] } {
  const starts = lineStarts(wb.templateText);
  const fileAt = (offset: number): SourceLocation => ({ file: wb.templateFile, ...positionAt(starts, offset) });
  const props = wb.meta.parameters?.properties ?? {};
  const context: Record<string, unknown> = {};
  for (const name of Object.keys(props)) context[name] = values[name] ?? null;
  Object.assign(context, values);
  const problems: Problem[] = [];
  const strings = new Map<string, RenderedString>();
  let env: HandlebarsEnv | undefined;

  const renderString = (pointer: string, value: string, offsets: readonly number[]): string => {
    const toFile = (o: number): number => offsets[Math.max(0, Math.min(o, offsets.length - 1))] ?? 0;
    if (!value.includes('{{')) {
      strings.set(pointer, { text: value, fileOffset: toFile });
      return value;
    }
    const valueStarts = lineStarts(value);
    const at = (loc: { line: number; column: number } | undefined): SourceLocation => ({ ...fileAt(toFile(loc ? templateOffset(valueStarts, loc) : 0)), pointer });
    if (MARKER_CHARS.test(value)) {
      problems.push(error('template-chars', 'the string contains private-use characters U+E000..U+E002, which tripline reserves', at(undefined)));
      return value;
    }
    let ast: hbs.AST.Program;
    try {
      ast = Handlebars.parse(value);
    } catch (e) {
      const m = /line (\d+)/.exec((e as Error).message);
      const message = (e as Error).message.split('\n').slice(-1)[0] ?? (e as Error).message;
      problems.push(error('template-syntax', `template syntax error: ${message}`, at(m ? { line: Number(m[1]), column: 0 } : undefined)));
      return value;
    }
    const lint = lintString(ast, props, new Set(partials.map((p) => p.name)), isQueryPointer(pointer), (loc) => at(loc?.start));
    if (lint.length) {
      problems.push(...lint);
      return value;
    }
    // Workbook strings trace only their own text (source 0); partial output maps to the partial call.
    const origins: Origin[] = [];
    instrument(ast, value, origins, 0);
    env ??= createTemplateEnv(Object.fromEntries(partials.map((p) => [p.name, p.text])));
    try {
      const { text, segments } = extract(env.compile(ast, COMPILE_OPTIONS)(context), origins);
      strings.set(pointer, { text, fileOffset: (o) => toFile(mapOffset(segments, o).offset) });
      return text;
    } catch (e) {
      problems.push(renderProblem(e as Error, (loc) => at(loc?.start), partials));
      return value;
    }
  };

  const walk = (value: Json, path: (string | number)[]): Json => {
    const pointer = toPointer(path);
    if (typeof value === 'string') return renderString(pointer, value, wb.template.nodes.get(pointer)?.charOffsets ?? []);
    if (isQueryLines(value, pointer)) {
      const joined = joinLines(value, pointer, wb.template.nodes);
      return renderString(pointer, joined.text, joined.offsets);
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i]));
    if (value !== null && typeof value === 'object') {
      const out: { [key: string]: Json } = {};
      for (const [k, v] of Object.entries(value)) out[k] = walk(v, [...path, k]);
      return out;
    }
    return value;
  };
  const content = walk(wb.template.value ?? null, []);
  if (problems.some((p) => p.severity === 'error')) return { problems };
  return { rendered: { content, strings }, problems };
}

/**
 * A tripline extension of the workbook format: a query may be written as a list of lines, which reads and
 * diffs far better than one long JSON string; it is deployed as the lines joined with newlines.
 */
function isQueryLines(value: Json, pointer: string): value is string[] {
  return Array.isArray(value) && isQueryPointer(pointer) && value.every((line) => typeof line === 'string');
}

/** The lines joined by newlines, each newline mapped to the closing quote of its line. */
function joinLines(lines: readonly string[], pointer: string, nodes: ParsedJson['nodes']): { text: string; offsets: number[] } {
  const offsets: number[] = [];
  lines.forEach((_, i) => {
    const chars = nodes.get(`${pointer}/${i}`)?.charOffsets ?? [];
    // Every character of the line, then its closing quote stands for the newline (or the end).
    offsets.push(...chars);
  });
  if (lines.length === 0) offsets.push(nodes.get(pointer)?.start ?? 0);
  return { text: lines.join('\n'), offsets };
}

function renderProblem(e: Error, at: (loc: hbs.AST.SourceLocation | undefined) => SourceLocation, partials: readonly Partial[]): Problem {
  let loc: hbs.AST.SourceLocation | undefined;
  let where = at;
  let message = e.message;
  if (e instanceof TemplateError) {
    loc = e.loc;
    const partial = partials.find((p) => p.name === e.partial);
    if (partial) {
      const pstarts = lineStarts(partial.text);
      where = (l) => ({ file: partial.file, ...positionAt(pstarts, l ? templateOffset(pstarts, l.start) : 0) });
      message = `in partial '${partial.name}': ${message}`;
    }
  } else {
    // Strict-mode messages end with " - line:column" of the template.
    const m = / - (\d+):(\d+)$/.exec(message);
    if (m) loc = { source: '', start: { line: Number(m[1]), column: Number(m[2]) }, end: { line: 0, column: 0 } };
    message = message.replace(/ - \d+:\d+$/, '');
  }
  const undef = /"(.+)" not defined in/.exec(message);
  if (undef) message = `'${undef[1]}' is neither a declared parameter of this workbook nor a helper`;
  return error('template-render', message, where(loc));
}

/**
 * Static checks of one string template: names must be declared parameters (outside `each`/`with`), helpers
 * and partials must exist, and inside a query a bare `{{value}}` of a non-numeric parameter is refused
 * (it would paste text into the KQL unquoted).
 */
function lintString(
  ast: hbs.AST.Program,
  props: Record<string, { type?: unknown }>,
  partials: ReadonlySet<string>,
  inQuery: boolean,
  at: (loc: hbs.AST.SourceLocation | undefined) => SourceLocation,
): Problem[] {
  const problems: Problem[] = [];
  const isHelper = (name: string): boolean => name in KQL_HELPERS || BUILTIN_HELPERS.has(name);
  const declared = Object.keys(props);
  const checkPath = (node: hbs.AST.Expression, scoped: boolean): void => {
    if (node.type === 'SubExpression') return checkCall(node as hbs.AST.SubExpression, scoped);
    if (node.type !== 'PathExpression') return;
    const path = node as hbs.AST.PathExpression;
    if (scoped || path.data || path.original === 'this' || path.original.startsWith('this.')) return;
    if (!((path.parts[0] ?? path.original) in props)) {
      problems.push(error('template-unknown-name', `'${path.original}' is not a declared parameter of this workbook (${declared.length ? `parameters: ${declared.join(', ')}` : 'its metadata declares no parameters'})`, at(path.loc)));
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
        if (path.type === 'PathExpression' && !isHelper(path.original) && m.params.length > 0) {
          problems.push(error('template-unknown-helper', `unknown helper '${path.original}' (helpers: ${Object.keys(KQL_HELPERS).join(', ')}, if, unless, each, with)`, at(path.loc)));
          continue;
        }
        const bare = m.params.length === 0 && !m.hash && path.type === 'PathExpression' && !isHelper(path.original);
        const type = bare ? props[path.parts[0] ?? path.original]?.type : undefined;
        if (bare && inQuery && !scoped && type !== 'integer' && type !== 'number' && type !== 'boolean') {
          problems.push(
            error('unsafe-interpolation', `'{{${path.original}}}' inserts a value into the query without a KQL helper; write {{kql-string ${path.original}}} (or kql-dynamic, kql-timespan, kql-datetime, kql-int, kql-bool, kql-ident)`, at(m.loc)),
          );
          continue;
        }
        checkCall(m, scoped);
      } else if (s.type === 'BlockStatement') {
        const b = s as hbs.AST.BlockStatement;
        checkCall(b, scoped);
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
