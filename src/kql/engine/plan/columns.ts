// Which columns of each input table a query reads, for loading only those (column pruning). Decided by
// name over the whole bound tree, function bodies included: a table column is read when the query
// names it anywhere or the result has a column of that name (operators pass columns through by name).
// Constructs that read columns not named in the text (`*`, pack_all(), getschema, search, evaluate,
// column_ifexists()) make every column of every table read; `table()` and search without `in` can
// read tables not named in the text at all.
import { type Kind, type SNode, type SSymbol, expansionOf, kindOf, nameOf, opt, simpleName, symbolKind } from '../syntax.js';

export interface ColumnReads {
  /** Tables the query names, each with the columns it reads, or 'all'. */
  tables: Map<string, Set<string> | 'all'>;
  /** The query may read tables it does not name (every table, every column, must be available). */
  anyTable: boolean;
}

const ALL_COLUMN_CALLS = new Set(['pack_all', 'bag_pack_columns', 'column_ifexists', 'columnifexists']);
const ALL_COLUMN_KINDS = new Set<Kind>(['StarExpression', 'GetSchemaOperator', 'SearchOperator', 'EvaluateOperator', 'WildcardedName']);

interface Walk {
  tables: Map<string, SSymbol[]>;
  names: Set<string>;
  allColumns: boolean;
  anyTable: boolean;
  seen: Set<SNode>;
}

export function columnReads(root: SNode, resultColumns: readonly string[]): ColumnReads {
  const w: Walk = { tables: new Map(), names: new Set(resultColumns), allColumns: false, anyTable: false, seen: new Set() };
  visit(root, w);
  const tables = new Map<string, Set<string> | 'all'>();
  for (const [name, columns] of w.tables) {
    tables.set(name, w.allColumns ? 'all' : new Set(columns.map((c) => c.Name).filter((c) => w.names.has(c))));
  }
  return { tables, anyTable: w.anyTable };
}

function visit(n: SNode, w: Walk): void {
  if (w.seen.has(n)) return;
  w.seen.add(n);
  note(n, w);
  for (let i = 0; i < n.ChildCount; i++) {
    const c = n.GetChild(i);
    if (c && !c.IsToken) visit(c, w);
  }
}

function note(n: SNode, w: Walk): void {
  const k = kindOf(n);
  if (ALL_COLUMN_KINDS.has(k)) w.allColumns = true;
  if (k === 'SearchOperator' && !opt.InClause(n)) w.anyTable = true;
  const sym = n.ReferencedSymbol;
  if (sym) noteSymbol(sym, w);
  if (k === 'FunctionCallExpression' || k === 'NameReference') {
    const name = simpleName(nameOf(n) ?? n);
    if (ALL_COLUMN_CALLS.has(name)) w.allColumns = true;
    if (name === 'table') w.anyTable = true;
    if (name === 'ingestion_time') ['_IngestionTime', 'TimeGenerated'].forEach((c) => w.names.add(c));
    // A user function's or view's body reads columns too.
    const body = expansionOf(n);
    if (body) visit(body, w);
  }
}

function noteSymbol(sym: SSymbol, w: Walk): void {
  const sk = symbolKind(sym);
  if (sk === 'Column') w.names.add(sym.Name);
  else if (sk === 'Table' && sym.Columns) w.tables.set(sym.Name, symbols(sym.Columns));
  else if (sk === 'Group') {
    // A wildcarded union leg: every matched table is read.
    const members = sym.Members;
    if (members) for (const m of symbols(members)) noteSymbol(m, w);
  }
}

function symbols(list: NonNullable<SSymbol['Columns']>): SSymbol[] {
  const out: SSymbol[] = [];
  for (let i = 0; i < list.Count; i++) out.push(list.getItem(i));
  return out;
}
