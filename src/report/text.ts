// Human-readable problems, grouped by file, each with the offending source line and a caret under the
// column, the way compilers print them, so a problem can be fixed without opening the file first.
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { sortProblems, type Problem } from '../core/problems.js';
import { summarize } from './json.js';

/** File text by path, or a function that returns it; files not given are read from disk if they exist. */
export type SourceTexts = ReadonlyMap<string, string> | ((file: string) => string | undefined);

export interface TextOptions {
  /** Resolves relative problem paths when reading files from disk. */
  root?: string;
  color?: boolean;
}

function sourceLines(file: string, sources: SourceTexts | undefined, root: string | undefined, cache: Map<string, string[] | null>): string[] | null {
  if (cache.has(file)) return cache.get(file) ?? null;
  let text: string | undefined;
  if (typeof sources === 'function') text = sources(file);
  else text = sources?.get(file);
  if (text === undefined) {
    try {
      text = readFileSync(root && !isAbsolute(file) ? join(root, file) : file, 'utf8');
    } catch {
      text = undefined;
    }
  }
  const lines = text === undefined ? null : text.split(/\r?\n/);
  cache.set(file, lines);
  return lines;
}

function codeFrame(lines: string[], p: Problem): string[] {
  const line = p.line ?? 0;
  const text = lines[line - 1];
  if (text === undefined) return [];
  const gutter = String(line).length;
  const out: string[] = [];
  const prev = lines[line - 2];
  if (prev !== undefined && prev.trim() !== '') out.push(`  ${String(line - 1).padStart(gutter)} | ${prev}`);
  out.push(`> ${String(line).padStart(gutter)} | ${text}`);
  const col = Math.max(1, p.column ?? 1);
  const span = p.endLine === line && p.endColumn !== undefined && p.endColumn > col ? p.endColumn - col : 1;
  // Tabs before the column keep their width so the caret lands under the right character.
  const lead = text.slice(0, col - 1).replace(/[^\t]/g, ' ');
  out.push(`  ${' '.repeat(gutter)} | ${lead}${'^'.repeat(Math.min(span, Math.max(1, text.length - col + 1)))}`);
  return out;
}

export function formatText(problems: readonly Problem[], sources?: SourceTexts, options: TextOptions = {}): string {
  const paint = (code: string, s: string): string => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const sevColor = { error: '31', warning: '33', note: '36' } as const;
  const byFile = new Map<string, Problem[]>();
  for (const p of sortProblems(problems)) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
  const cache = new Map<string, string[] | null>();
  const out: string[] = [];
  for (const [file, list] of byFile) {
    out.push(paint('1;4', file));
    for (const p of list) {
      const where = p.line !== undefined ? `${p.line}:${p.column ?? 1}` : p.pointer ? `#${p.pointer}` : '';
      out.push(`  ${where ? where + '  ' : ''}${paint(sevColor[p.severity], p.severity)}  ${p.message}  ${paint('2', p.code)}`);
      const lines = p.line !== undefined ? sourceLines(file, sources, options.root, cache) : null;
      if (lines) out.push(...codeFrame(lines, p).map((l) => '    ' + l));
    }
    out.push('');
  }
  const s = summarize(problems);
  const parts = [`${s.errors} error${s.errors === 1 ? '' : 's'}`, `${s.warnings} warning${s.warnings === 1 ? '' : 's'}`];
  if (s.notes) parts.push(`${s.notes} note${s.notes === 1 ? '' : 's'}`);
  out.push(`${problems.length === 0 ? 'no problems' : parts.join(', ')}`);
  return out.join('\n') + '\n';
}
