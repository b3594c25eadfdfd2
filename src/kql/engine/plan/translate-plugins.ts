// The translation stage for `evaluate`: the plugins the engine runs (bag_unpack, pivot, ipv4_lookup,
// ipv6_lookup) become typed plan nodes; any other plugin is a compile error naming it.
import { type SNode, argumentNodes, columnsOf, failAt, kindOf, opt, outColumns, pipeInput, req, resultType, shortText, simpleName, span, symbolKind } from '../syntax.js';
import type { AggregateCall, IpLookupNode, OperatorNode, PivotNode, ScalarNode } from './nodes.js';
import { translateTabular } from './translate.js';
import { translateScalar } from './translate-scalar.js';

export function translateEvaluate(op: SNode): OperatorNode {
  const call = req.FunctionCall(op);
  const name = simpleName(opt.Name(call));
  const args = argumentNodes(call);
  const at = span(op);
  switch (name) {
    case 'bag_unpack':
      return { at, kind: 'bag-unpack', column: translateScalar(args[0]!), columnName: simpleName(args[0]!), prefix: args[1] && translateScalar(args[1]) };
    case 'pivot':
      return { at, ...translatePivot(op, args) };
    case 'ipv4_lookup': case 'ipv6_lookup':
      return { at, ...translateIpLookup(op, name, args) };
  }
  return failAt(op, `unsupported evaluate plugin: ${name}`);
}

/** The aggregations the pivot plugin documents. */
const PIVOT_AGGREGATES = ['min', 'max', 'take_any', 'sum', 'dcount', 'avg', 'stdev', 'variance', 'make_list', 'make_bag', 'make_set', 'count'];

/** A bare column of the row; anything else is a located error saying what `what` must be. */
function columnArg(n: SNode, what: string): { name: string; expr: Extract<ScalarNode, { kind: 'column' }> } {
  const expr = translateScalar(n);
  if (expr.kind !== 'column') return failAt(n, `${what} must be a column name, not '${shortText(n)}'`);
  return { name: expr.name, expr };
}

function translatePivot(op: SNode, args: SNode[]): PivotNode {
  const pivot = columnArg(args[0] ?? failAt(op, 'pivot needs the column to pivot on'), "pivot's first argument");
  const aggregate = args[1] ? pivotAggregate(args[1]) : { at: span(op), name: 'count', args: [], type: 'long' as const };
  const by = args.slice(2).map((a) => columnArg(a, "pivot's columns after the aggregation"));
  const seen = new Set([pivot.name]);
  by.forEach((b, i) => {
    if (seen.has(b.name)) failAt(args[i + 2]!, `pivot names column '${b.name}' twice (the pivot column and the output columns must differ)`);
    seen.add(b.name);
  });
  const aggColumn = aggregate.args[0]?.kind === 'column' ? [aggregate.args[0].name] : [];
  return {
    kind: 'pivot',
    column: pivot.expr,
    aggregate,
    by: by.length ? by : null,
    exclude: [pivot.name, ...aggColumn],
    schema: opt.Schema(op) ? outColumns(op) : null,
  };
}

function pivotAggregate(n: SNode): AggregateCall {
  const name = kindOf(n) === 'FunctionCallExpression' ? simpleName(opt.Name(n)) : '';
  if (!PIVOT_AGGREGATES.includes(name)) {
    return failAt(n, `pivot's aggregation must be one of ${PIVOT_AGGREGATES.map((a) => a + '()').join(', ')}, not '${shortText(n)}'`);
  }
  return { at: span(n), name, args: argumentNodes(n).map((a) => translateScalar(a)), type: resultType(n) };
}

function translateIpLookup(op: SNode, plugin: 'ipv4_lookup' | 'ipv6_lookup', args: SNode[]): IpLookupNode {
  const family = plugin === 'ipv4_lookup' ? 'ipv4' : 'ipv6';
  const [table, source, key, ...rest] = args;
  if (!table || !source || !key) return failAt(op, `${plugin} needs a lookup table, the input's address column and the lookup table's address column`);
  if (!table.ResultType || symbolKind(table.ResultType) !== 'Table') return failAt(table, `${plugin}'s first argument must be a table, not '${shortText(table)}'`);
  const lookup = columnsOf(table.ResultType);
  const src = columnArg(source, `${plugin}'s second argument (the input's address column)`);
  if (src.expr.type !== 'string') return failAt(source, `${plugin}: the input's address column '${src.name}' must be a string, not ${src.expr.type}`);
  const lookupKey = simpleName(key);
  const keyColumn = kindOf(key) === 'NameReference' ? lookup.find((c) => c.name === lookupKey) : undefined;
  if (!keyColumn) return failAt(key, `${plugin}'s third argument must name a column of the lookup table (${lookup.map((c) => c.name).join(', ')})`);
  if (keyColumn.type !== 'string') return failAt(key, `${plugin}: the lookup table's address column '${lookupKey}' must be a string, not ${keyColumn.type}`);
  const last = rest[rest.length - 1];
  const unmatched = last ? returnUnmatched(last) : null;
  const extra = unmatched === null ? rest : rest.slice(0, -1);
  if (family === 'ipv6' && extra.length) return failAt(extra[0]!, `ipv6_lookup takes no extra key columns; its fourth argument is return_unmatched (true or false)`);
  const extraKeys = extra.map((e) => extraKey(e, plugin, pipeInput(op), lookup));
  // Kusto.Language's schema: the input's columns, then the lookup table's but the extra keys, renamed apart.
  const out = outColumns(op);
  const kept = lookup.filter((c) => !extraKeys.includes(c.name));
  const nSource = out.length - kept.length;
  return {
    kind: 'ip-lookup',
    family,
    table: translateTabular(table),
    sourceKey: src.expr,
    lookupKey,
    extraKeys,
    returnUnmatched: unmatched ?? false,
    sourceColumns: out.slice(0, nSource),
    lookupColumns: kept.map((c, j) => ({ from: c.name, to: out[nSource + j]! })),
  };
}

/** `return_unmatched = b` or a bare bool literal; null when `n` is neither. */
function returnUnmatched(n: SNode): boolean | null {
  const named = kindOf(n) === 'SimpleNamedExpression';
  if (named && simpleName(opt.Name(n)) !== 'return_unmatched') return null;
  const value = named ? req.Expression(n) : n;
  if (kindOf(value) !== 'BooleanLiteralExpression') return named ? failAt(value, 'return_unmatched must be true or false') : null;
  return value.toString().trim().toLowerCase() === 'true';
}

type Columns = { name: string; type: string }[];

/** An extra key: a column both tables have, of one type. */
function extraKey(n: SNode, plugin: string, input: Columns, lookup: Columns): string {
  const { name } = columnArg(n, `${plugin}'s extra key`);
  const mine = input.find((c) => c.name === name);
  const theirs = lookup.find((c) => c.name === name);
  if (!mine || !theirs) return failAt(n, `${plugin}: the extra key '${name}' must be a column of both the input and the lookup table`);
  if (mine.type !== theirs.type) return failAt(n, `${plugin}: the extra key '${name}' is ${mine.type} in the input but ${theirs.type} in the lookup table`);
  return name;
}
