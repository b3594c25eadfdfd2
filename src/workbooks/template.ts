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
import { lintTemplate, renderFailure } from '../render/lint.js';
import { COMPILE_OPTIONS, createTemplateEnv, type HandlebarsEnv } from '../render/template.js';
import { positionAt, type ParsedJson } from '../core/json-positions.js';
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
    const lint = lintTemplate(ast, (loc) => at(loc?.start), {
      parameters: props,
      owner: 'this workbook',
      checkNames: true,
      kql: isQueryPointer(pointer),
      partials: new Set(partials.map((p) => p.name)),
      dataFields: [],
    });
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
      problems.push(renderFailure(e as Error, (loc) => at(loc?.start), partials, 'this workbook'));
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
