// YAML documents keep their source positions so that any problem found later (a schema violation, a
// KQL diagnostic inside a `query: |` block) can be reported at the exact line and column of the file.
import { readFileSync } from 'node:fs';
import { fsReason } from './fs.js';
import { LineCounter, parseDocument, isScalar, isMap, isSeq, type Document, type Node } from 'yaml';
import { error, type Problem, type SourceLocation } from './problems.js';

export interface Position {
  line: number;
  column: number;
}

export interface YamlSource {
  file: string;
  text: string;
  doc: Document.Parsed;
  /** Plain JS value of the document (undefined when the YAML was malformed). */
  value: unknown;
  lines: LineCounter;
  /** Location of the value at a JSON pointer, falling back to the nearest existing ancestor. */
  locate(pointer: string): SourceLocation;
  /** Location of the key of the entry at `pointer` (for "unknown key" style problems). */
  locateKey(pointer: string): SourceLocation;
  /** The YAML node at a JSON pointer, if it exists. */
  node(pointer: string): Node | undefined;
  /** Maps an offset inside the string value of the scalar at `pointer` to a file position. */
  scalarOffsetMapper(pointer: string): ((offset: number) => Position) | undefined;
}

export function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

function child(node: unknown, seg: string): { key?: Node; value?: Node } | undefined {
  if (isMap(node)) {
    for (const item of node.items) {
      const k = isScalar(item.key) ? String(item.key.value) : String(item.key);
      if (k === seg) return { key: item.key as Node, value: (item.value ?? undefined) as Node | undefined };
    }
    return undefined;
  }
  if (isSeq(node)) {
    const i = Number(seg);
    if (!Number.isInteger(i) || i < 0 || i >= node.items.length) return undefined;
    return { value: node.items[i] as Node };
  }
  return undefined;
}

export function parseYaml(file: string, text: string): { source: YamlSource; problems: Problem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, keepSourceTokens: true, prettyErrors: false, uniqueKeys: true });
  const problems: Problem[] = [];
  const pos = (offset: number): Position => {
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  for (const e of doc.errors) {
    const p = pos(e.pos[0]);
    problems.push(error('yaml-syntax', e.message.split('\n')[0] ?? e.message, { file, ...p }));
  }
  const at = (offset: number | undefined): SourceLocation =>
    offset === undefined ? { file, line: 1, column: 1 } : { file, ...pos(offset) };

  const walk = (pointer: string): { node?: Node; key?: Node; parent?: Node } => {
    let cur: Node | undefined = doc.contents ?? undefined;
    let key: Node | undefined;
    let parent: Node | undefined;
    for (const seg of pointerSegments(pointer)) {
      const c = child(cur, seg);
      if (!c) return { node: undefined, key: undefined, parent: cur };
      parent = cur;
      key = c.key;
      cur = c.value;
      if (cur === undefined) return { node: undefined, key, parent };
    }
    return { node: cur, key, parent };
  };

  const locate = (pointer: string): SourceLocation => {
    let segs = pointerSegments(pointer);
    for (;;) {
      const ptr = toPointer(segs);
      const w = walk(ptr);
      const target = w.node ?? w.key;
      if (target?.range) return { ...at(target.range[0]), pointer };
      if (segs.length === 0) return { ...at(undefined), pointer };
      segs = segs.slice(0, -1);
    }
  };

  const locateKey = (pointer: string): SourceLocation => {
    const w = walk(pointer);
    if (w.key?.range) return { ...at(w.key.range[0]), pointer };
    return locate(pointer);
  };

  const scalarOffsetMapper = (pointer: string): ((offset: number) => Position) | undefined => {
    const node = walk(pointer).node;
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
    const start = node.range[0];
    if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
      // The header line (`|`, `|-`, `>`) comes first; content lines follow with a common indentation.
      const headerEnd = text.indexOf('\n', start);
      const contentStart = headerEnd + 1;
      const firstLine = pos(contentStart).line;
      const srcLines = text.slice(contentStart, node.range[1]).split(/\r?\n/);
      const indent = Math.min(
        ...srcLines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length),
      );
      const value = node.value;
      return (offset: number) => {
        const before = value.slice(0, Math.max(0, Math.min(offset, value.length)));
        const lineInValue = before.split('\n').length - 1;
        const col = before.length - (before.lastIndexOf('\n') + 1);
        if (node.type === 'BLOCK_FOLDED') return { line: firstLine + Math.min(lineInValue, srcLines.length - 1), column: indent + 1 };
        return { line: firstLine + lineInValue, column: indent + col + 1 };
      };
    }
    if (node.type === 'PLAIN' && !node.value.includes('\n')) {
      return (offset: number) => pos(start + offset);
    }
    if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && !text.slice(start, node.range[1]).includes('\\') && !text.slice(start, node.range[1]).includes('\n')) {
      return (offset: number) => pos(start + 1 + offset);
    }
    // Escapes or folded lines make exact mapping ambiguous: point at the scalar itself.
    return () => pos(start);
  };

  const value = doc.errors.length ? undefined : doc.toJS({ maxAliasCount: 100 });
  return {
    source: {
      file,
      text,
      doc,
      value,
      lines,
      locate,
      locateKey,
      node: (p) => walk(p).node,
      scalarOffsetMapper,
    },
    problems,
  };
}

export function readYamlFile(file: string, displayPath = file): { source?: YamlSource; problems: Problem[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { problems: [error('file-read', `cannot read file: ${fsReason(e)}`, { file: displayPath })] };
  }
  return parseYaml(displayPath, text);
}

