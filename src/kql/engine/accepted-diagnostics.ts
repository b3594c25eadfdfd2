// Kusto.Language error diagnostics the real engine does not raise (decided by its verdicts): the
// engine runs these queries, so validate, run and test must all accept them.
import { type SNode, argumentNodes, kindOf, nodesAt, opt, paramValue, simpleName } from './syntax.js';

export interface Diagnostic {
  Code: string | null;
  Start: number;
}

/** True when `d` (an error diagnostic of `kql`, whose syntax tree is `root`) is one the real engine accepts. */
export function acceptedDiagnostic(kql: string, root: SNode, d: Diagnostic): boolean {
  switch (d.Code) {
    // Kusto.Language reads count(x) as countif; the engine accepts it and counts rows.
    case 'KS107':
      return /\bcount\s*\(\s*$/.test(kql.slice(0, d.Start)) || insideSearch(root, d.Start);
    // Search predicates may combine bare terms (not("x"), "a" or 42) that Kusto.Language types as non-bool.
    case 'KS106':
      return insideSearch(root, d.Start);
    // A wildcard matching nothing is allowed in a fuzzy union (which fails only if no leg resolves).
    case 'KS142':
      return inFuzzyUnionWildcard(root, d.Start);
    // A dynamic literal of the other kind (a bag where an array is expected): the engine returns null
    // (array_length(dynamic({}))).
    case 'KS234':
      return true;
    // make_timespan's seconds are real-valued (55.123 s) although Kusto.Language declares an integer.
    case 'KS134':
      return isTimespanSeconds(root, d.Start);
  }
  return false;
}

function insideSearch(root: SNode, pos: number): boolean {
  for (const n of nodesAt(root, pos)) if (kindOf(n) === 'SearchOperator') return true;
  return false;
}

function inFuzzyUnionWildcard(root: SNode, pos: number): boolean {
  let wild = false;
  for (const n of nodesAt(root, pos)) {
    const k = kindOf(n);
    if (k === 'WildcardedName') wild = true;
    if (k === 'UnionOperator') return wild && paramValue(n, 'isfuzzy')?.toLowerCase() === 'true';
  }
  return false;
}

function isTimespanSeconds(root: SNode, pos: number): boolean {
  for (const n of nodesAt(root, pos)) {
    if (kindOf(n) === 'FunctionCallExpression') {
      const args = argumentNodes(n);
      if (simpleName(opt.Name(n)) !== 'make_timespan' || args.length < 3) return false;
      const last = args[args.length - 1]!;
      return pos >= last.TextStart && pos < last.TextStart + last.Width;
    }
  }
  return false;
}
