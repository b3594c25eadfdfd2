// Lexical facts about KQL text that Defender's limits need (comments, top-level statement boundaries),
// found by one scan that skips string literals, so `"a // b"` or `';'` inside a string is not mistaken.

export interface KqlTextScan {
  /** Offsets of `//` comments. */
  comments: number[];
  /** Offsets of `;` outside brackets: statement separators. */
  separators: number[];
  /** The text with string literals and comments blanked (same length), for keyword searches. */
  code: string;
}

export function scanKql(text: string): KqlTextScan {
  const comments: number[] = [];
  const separators: number[] = [];
  const code = text.split('');
  let depth = 0;
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to && k < code.length; k++) if (code[k] !== '\n') code[k] = ' ';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      comments.push(i);
      blank(i, stop);
      i = stop;
    } else if (text.startsWith('```', i)) {
      const end = text.indexOf('```', i + 3);
      const stop = end < 0 ? text.length : end + 3;
      blank(i, stop);
      i = stop;
    } else if ((c === '@' || c === 'h' || c === 'H') && (text[i + 1] === '"' || text[i + 1] === "'") && !/\w/.test(text[i - 1] ?? '')) {
      const stop = stringEnd(text, i + 1, c === '@');
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'") {
      const stop = stringEnd(text, i, false);
      blank(i, stop);
      i = stop;
    } else {
      if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c)) depth = Math.max(0, depth - 1);
      else if (c === ';' && depth === 0) separators.push(i);
      i++;
    }
  }
  return { comments, separators, code: code.join('') };
}

/** The offset after the literal opening at `start` (its quote). Verbatim strings double the quote to escape it. */
function stringEnd(text: string, start: number, verbatim: boolean): number {
  const quote = text[start]!;
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (!verbatim && c === '\\') i += 2;
    else if (c === quote && verbatim && text[i + 1] === quote) i += 2;
    else if (c === quote) return i + 1;
    else if (c === '\n' && !verbatim) return i;
    else i++;
  }
  return text.length;
}

/** Where the query's last (tabular expression) statement starts: after the last top-level `;` with text after it. */
export function lastStatementStart(text: string): number {
  const { separators, code } = scanKql(text);
  for (let k = separators.length - 1; k >= 0; k--) {
    const after = separators[k]! + 1;
    if (code.slice(after).trim() !== '') return after;
  }
  return 0;
}
