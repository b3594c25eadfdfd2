// Tracing rendered KQL back to the template. Before rendering, every piece of literal template text is
// wrapped in private-use marker characters carrying its id, and every expression (`{{...}}`, blocks,
// partials) is preceded by a marker naming it. After rendering, the markers are stripped and what they
// said becomes a list of segments: "output [a, b) is template text starting at offset t" (exact,
// character for character) or "output [a, b) was produced by the expression at offset t".
// The AST types come from handlebars' global `hbs` namespace.

type AST = hbs.AST.Program;
type Statement = hbs.AST.Statement;
/** handlebars' typings call `original` StripFlags; at run time it is the untrimmed text. */
interface Content {
  type: 'ContentStatement';
  value: string;
  original: string;
  loc?: hbs.AST.SourceLocation;
}

const OPEN = '\uE000';
const CLOSE = '\uE001';
const END = '\uE002';
export const MARKER_CHARS = /[\uE000-\uE002]/;

export interface Segment {
  outStart: number;
  outEnd: number;
  /** Which template the text comes from (the caller's numbering: the rule's query, a partial, ...). */
  source: number;
  /** Offset in that template's text. */
  templateOffset: number;
  /** True when the output is template text itself, so inner offsets map one to one. */
  exact: boolean;
}

export interface Origin {
  source: number;
  templateOffset: number;
  exact: boolean;
}

export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/** Handlebars positions are 1-based lines and 0-based columns. */
export function templateOffset(starts: number[], loc: { line: number; column: number }): number {
  return (starts[loc.line - 1] ?? 0) + loc.column;
}

/**
 * Mutates the parsed template so that its output carries origin markers. Several templates (a query
 * and the partials it includes) share one `origins` list, each with its own `source` number.
 */
export function instrument(ast: AST, template: string, origins: Origin[], source: number): void {
  const starts = lineStarts(template);
  const marker = (origin: Origin): Statement => {
    origins.push(origin);
    const value = OPEN + String(origins.length - 1) + CLOSE;
    const content: Content = { type: 'ContentStatement', value, original: value };
    return content as unknown as Statement;
  };
  const visit = (program: AST | undefined): void => {
    if (!program) return;
    const body: Statement[] = [];
    for (const stmt of program.body) {
      const start = templateOffset(starts, stmt.loc.start);
      if (stmt.type === 'ContentStatement') {
        const c = stmt as unknown as Content;
        if (c.value === '') continue;
        // Whitespace control trims `original` into `value`; the kept text starts where it is found.
        const shift = Math.max(0, c.original.indexOf(c.value));
        origins.push({ source, templateOffset: start + shift, exact: true });
        c.value = OPEN + String(origins.length - 1) + CLOSE + c.value + END;
        body.push(stmt);
        continue;
      }
      if (stmt.type === 'CommentStatement') {
        body.push(stmt);
        continue;
      }
      body.push(marker({ source, templateOffset: start, exact: false }));
      body.push(stmt);
      if (stmt.type === 'BlockStatement') {
        const b = stmt as hbs.AST.BlockStatement;
        visit(b.program);
        visit(b.inverse);
      }
    }
    program.body = body;
  };
  visit(ast);
}

/** Strips the markers from rendered output and returns the clean text with its segments. */
export function extract(rendered: string, origins: Origin[]): { text: string; segments: Segment[] } {
  let text = '';
  const segments: Segment[] = [];
  // A stack: after an exact piece ends, output again belongs to the enclosing expression.
  const stack: Origin[] = [];
  let current: Origin | undefined;
  let segStart = 0;
  const close = (): void => {
    if (current && text.length > segStart) {
      segments.push({ outStart: segStart, outEnd: text.length, source: current.source, templateOffset: current.templateOffset, exact: current.exact });
    }
    segStart = text.length;
  };
  for (let i = 0; i < rendered.length; i++) {
    const ch = rendered[i]!;
    const closeAt = ch === OPEN ? rendered.indexOf(CLOSE, i) : -1;
    // A marker is OPEN, an origin number, CLOSE; anything else (such a character in a value) is text.
    const origin = closeAt > i ? origins[Number(rendered.slice(i + 1, closeAt))] : undefined;
    if (origin) {
      close();
      if (origin.exact) {
        if (current) stack.push(current);
      }
      current = origin;
      i = closeAt;
      continue;
    }
    if (ch === END) {
      close();
      current = stack.pop();
      continue;
    }
    text += ch;
  }
  close();
  return { text, segments };
}

/** Template and offset in it for an offset in the rendered text. */
export function mapOffset(segments: Segment[], offset: number): { source: number; offset: number } {
  let lo = 0;
  let hi = segments.length - 1;
  let found: Segment | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segments[mid]!;
    if (s.outStart <= offset) {
      found = s;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (!found) return { source: 0, offset: 0 };
  if (!found.exact) return { source: found.source, offset: found.templateOffset };
  return { source: found.source, offset: found.templateOffset + Math.min(offset, found.outEnd) - found.outStart };
}
