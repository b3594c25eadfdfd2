// Which tables and functions might a query name? A plain text scan is enough: turning a table that the
// query does not use into symbols only costs time, while missing one would turn into a false "unknown
// table" error, so the scan over-approximates (words inside strings and comments count too).

const WORD = /[A-Za-z_][A-Za-z0-9_]*/g;
// `union Signin*`, `union *Logs`: the table part of a wildcard union.
const GLOB = /[A-Za-z0-9_]*\*[A-Za-z0-9_*]*/g;
// Operators that read every table when not told otherwise: `search`/`find` starting a statement or a
// let value (piped, they only read their input), and `union *`. Checked on the text without line
// comments, so a comment saying "find" does not make a query build symbols for 680 tables.
const ALL_TABLES = /(^|[;(=])\s*(search|find)\b|\bunion\b[^|;]*(?<![\w.*])\*(?![\w*])/m;
const LINE_COMMENT = /\/\/[^\n]*/g;

export interface CandidateNames {
  /** Every identifier-like word of the text. */
  words: Set<string>;
  /** Table-name globs such as `Signin*`, as regular expressions. */
  globs: RegExp[];
  /** The query may read every table (`search`, `find`, `union *`). */
  allTables: boolean;
}

export function scanNames(text: string): CandidateNames {
  const words = new Set(text.match(WORD) ?? []);
  const globs: RegExp[] = [];
  for (const g of text.match(GLOB) ?? []) {
    if (!/[A-Za-z0-9_]/.test(g)) continue;
    const source = g.split('*').map((part) => part.replace(/[^A-Za-z0-9_]/g, '')).join('[A-Za-z0-9_]*');
    globs.push(new RegExp(`^${source}$`));
  }
  return { words, globs, allTables: ALL_TABLES.test(text.replace(LINE_COMMENT, '')) };
}
