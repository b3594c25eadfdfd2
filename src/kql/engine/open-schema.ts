// Plugins whose output columns are known only when they run (pivot, bag_unpack without an output
// schema): Kusto.Language types their columns unknown, so the operators reading them cannot be typed
// before the plugin has run. As the real engine does, the plugin's input is run first; the columns it
// produced are then written into the query as the plugin's output schema (`: (name:type, ...)`) and
// the query is bound again, so what follows is typed by the data (and a column the data did not
// produce is an error, as on the real engine). Error positions are mapped back to the query as written.
import type { ColumnSchema } from '../table.js';
import { type SNode, kindOf, opt, parentOf, req, simpleName } from './syntax.js';

const OPEN_PLUGINS = new Set(['pivot', 'bag_unpack']);

/** Constructs whose inside cannot be run by itself (parameters, an implicit input). */
const OWN_SCOPE = new Set(['FunctionDeclaration', 'MvApplyOperator', 'PartitionOperator', 'ScanOperator']);

/** An open plugin more of the query reads, and the pipe and top-level statement it ends. */
interface OpenEvaluate {
  evaluate: SNode;
  pipe: SNode;
  statement: SNode;
}

const end = (n: SNode): number => n.TextStart + n.Width;

function asOpen(n: SNode): OpenEvaluate | null {
  if (kindOf(n) !== 'EvaluateOperator' || opt.Schema(n) || !OPEN_PLUGINS.has(simpleName(opt.Name(req.FunctionCall(n))))) return null;
  const pipe = parentOf(n);
  if (!pipe || kindOf(pipe) !== 'PipeExpression' || kindOf(parentOf(pipe) ?? pipe) === 'ExpressionStatement') return null;
  for (let a = parentOf(pipe); a; a = parentOf(a)) {
    const k = kindOf(a);
    if (k === 'LetStatement' || k === 'ExpressionStatement') return { evaluate: n, pipe, statement: a };
    if (OWN_SCOPE.has(k)) return null;
  }
  return null;
}

/** The first open plugin in text order, if any. */
export function firstOpenEvaluate(root: SNode): OpenEvaluate | null {
  const stack: SNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    const open = asOpen(n);
    if (open) return open;
    for (let i = n.ChildCount - 1; i >= 0; i--) {
      const c = n.GetChild(i);
      if (c && !c.IsToken) stack.push(c);
    }
  }
  return null;
}

/** A query rewritten with schemas written in, and the way back to the original positions. */
export interface Rebound {
  text: string;
  toOriginal(offset: number): number;
}

/** Runs a probe query (the statements before a plugin, then its pipe) and returns its columns. */
export type ProbeColumns = (probe: string, toOriginal: (offset: number) => number) => ColumnSchema[];

/** The query with every open plugin's output schema written in, from running each plugin's input. */
export function bindOpenSchemas(kql: string, parse: (text: string) => SNode, probeColumns: ProbeColumns): Rebound {
  let text = kql;
  const inserts: { at: number; length: number }[] = [];
  const toOriginal = (offset: number): number => {
    let shift = 0;
    for (const ins of inserts) {
      if (offset < ins.at + shift) break;
      if (offset < ins.at + shift + ins.length) return ins.at;
      shift += ins.length;
    }
    return offset - shift;
  };
  for (let open = firstOpenEvaluate(parse(text)); open; open = firstOpenEvaluate(parse(text))) {
    const { statement: s, pipe: p, evaluate: e } = open;
    const probe = text.slice(0, s.TextStart) + text.slice(p.TextStart, end(p));
    const columns = probeColumns(probe, (o) => toOriginal(o < s.TextStart ? o : o - s.TextStart + p.TextStart));
    const schema = ` : (${columns.map((c) => `['${c.name.replace(/[\\']/g, '\\$&')}']:${c.type}`).join(', ')})`;
    inserts.push({ at: toOriginal(end(e)), length: schema.length });
    text = text.slice(0, end(e)) + schema + text.slice(end(e));
  }
  return { text, toOriginal };
}
