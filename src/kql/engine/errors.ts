// Errors carry the position of the construct they are about, so callers can point at the query text.

export interface KqlError {
  message: string;
  /** 1-based, within the query text. */
  line: number;
  /** 1-based. */
  column: number;
  /** 0-based character offset. */
  offset: number;
  length?: number;
}

export class KqlRuntimeError extends Error implements KqlError {
  line: number;
  column: number;
  offset: number;
  length?: number;
  constructor(message: string, at: { line: number; column: number; offset: number; length?: number }) {
    super(message);
    this.name = 'KqlRuntimeError';
    this.line = at.line;
    this.column = at.column;
    this.offset = at.offset;
    if (at.length !== undefined) this.length = at.length;
  }
}

/** Where a construct is in the query text (0-based offset, length). */
export interface Span {
  start: number;
  width: number;
}

/** Raised while compiling: an unsupported construct or an invalid use the parser accepted. */
export class CompileError extends Error {
  constructor(message: string, readonly offset: number, readonly length: number) {
    super(message);
  }
}

/** A run-time failure of the construct at `at` (index.ts turns it into a located KqlRuntimeError). */
export class LocatedError extends Error {
  constructor(message: string, readonly at: Span) {
    super(message);
  }
}

/** table(name) naming no table: a fuzzy union leaves that leg out. */
export class MissingTableError extends LocatedError {}

export function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

export function toKqlError(text: string, message: string, offset: number, length?: number): KqlError {
  const { line, column } = lineCol(text, offset);
  const e: KqlError = { message, line, column, offset };
  if (length !== undefined) e.length = length;
  return e;
}
