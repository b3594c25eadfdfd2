// The typed logical plan: what a query does, in the engine's own terms, between Kusto.Language's bound
// tree and execution. Only the translator (plan/translate*.ts) builds it from the tree; execution
// (compile/*) turns it into closures.
import type { CompileError, Span } from '../errors.js';
import type { KType, Val } from '../values.js';

export interface OutColumn {
  name: string;
  type: KType;
}

/** A let statement, a function body's statements, or the query itself. */
export interface Block {
  lets: LetNode[];
  result: TabularNode | null;
}

export type LetNode =
  /** `view`: the body run when the function is invoked without arguments (a wildcard union leg), or why it cannot be. */
  | { kind: 'let-function'; name: string; view: Block | CompileError }
  | { kind: 'let-tabular'; name: string; value: TabularNode }
  | { kind: 'let-scalar'; name: string; value: ScalarNode };

/** A parameter of a called function and what the call passes for it. */
export type ParamBinding =
  | { kind: 'tabular'; name: string; value: TabularNode }
  | { kind: 'scalar'; name: string; value: ScalarNode; perRun: boolean };

/** Every node keeps where it is in the query text, for errors. */
interface At {
  at: Span;
}

export type TabularNode = At & (
  /** `sub`: inside a sub-pipeline (mv-apply, partition), where serialization is not tracked. */
  | { kind: 'pipe'; input: TabularNode; op: OperatorNode; sub?: boolean }
  /** The implicit input of a sub-pipeline (mv-apply, partition): supplied by the caller. */
  | { kind: 'input' }
  /** A table, tabular let, view or function named without arguments; resolved in scope at compile time. */
  /** `call`: a function named without arguments, as a call. */
  | { kind: 'name'; name: string; schema: OutColumn[]; call: TabularNode | undefined }
  | { kind: 'call'; name: string; body: Block | null; params: ParamBinding[]; args: ScalarNode[]; schema: OutColumn[] }
  | { kind: 'materialize'; input: TabularNode }
  | { kind: 'datatable'; schema: OutColumn[]; values: ScalarNode[] }
  /** externaldata(schema)[uris] with (format=..., ignoreFirstRecord=...): rows the host supplies per URI. */
  | { kind: 'externaldata'; schema: OutColumn[]; uris: ScalarNode[]; format: string; ignoreFirstRecord: boolean }
  | { kind: 'print'; op: ExtendNode }
  | { kind: 'range'; name: string; type: KType; from: ScalarNode; to: ScalarNode; step: ScalarNode }
  | { kind: 'union-source'; union: UnionNode }
  | { kind: 'search-source'; search: SearchNode; sources: { name: string; plan: TabularNode }[] | null }
);

export interface ExtendNode {
  kind: 'extend' | 'project';
  /** serialize: the row set is serialized from here on. */
  serialize?: boolean;
  items: ExtendItem[];
  out: OutColumn[];
}

export type ExtendItem =
  /** `name = expr`, or a column named as itself. */
  | { kind: 'named'; name: string; expr: ScalarNode }
  | { kind: 'wildcard'; pattern: RegExp }
  /** `(a, b) = f(x)` or an unnamed tuple-valued call: `width` fields spread over columns. */
  | { kind: 'tuple'; names: string[]; width: number; expr: ScalarNode }
  | { kind: 'unnamed'; expr: ScalarNode };

export interface SearchNode {
  caseSensitive: boolean;
  condition: ScalarNode;
  out: OutColumn[];
}

export interface UnionLeg {
  /** The leg's plan; null for a wildcarded name, which reads the tables in `wildcard`. */
  plan: TabularNode | null;
  /** The tables a wildcarded leg matched (sorted by name). */
  wildcard: { name: string; schema: OutColumn[] }[] | null;
  /** Whether the leg names something that exists, or which name a let must bind for it to. */
  resolvable: boolean | { ifBound: string };
  /** The name withsource gives its rows. */
  label: string;
}

export interface UnionNode {
  withSource: string | undefined;
  kind: string;
  fuzzy: boolean;
  legs: UnionLeg[];
  out: OutColumn[];
}

export type OperatorNode = At & (
  | { kind: 'where'; condition: ScalarNode }
  | { kind: 'search'; search: SearchNode }
  | ExtendNode
  | { kind: 'conform'; out: OutColumn[] }
  | { kind: 'rename'; renames: Map<string, string> }
  | { kind: 'take'; count: ScalarNode }
  | { kind: 'count'; name: string }
  | { kind: 'distinct'; star: boolean; exprs: ScalarNode[]; out: OutColumn[] }
  | { kind: 'sort'; keys: SortKey[] }
  | { kind: 'top'; count: ScalarNode; key: SortKey }
  | JoinNode
  | SummarizeNode
  | MvExpandNode
  | ParseNode
  | ParseKvNode
  | MakeSeriesNode
  | ScanNode
  | TopNestedNode
  | { kind: 'union'; union: UnionNode }
  | { kind: 'mv-apply'; targets: MvApplyTarget[]; indexName: string | undefined; body: TabularNode; out: OutColumn[] }
  | { kind: 'partition'; by: ScalarNode; body: TabularNode; out: OutColumn[] }
  | { kind: 'as'; name: string }
  | { kind: 'pass' }
  | { kind: 'getschema' }
  | { kind: 'invoke'; params: ParamBinding[]; inputParam: string | undefined; body: Block }
  | { kind: 'bag-unpack'; column: ScalarNode; columnName: string; prefix: ScalarNode | undefined }
  | PivotNode
  | IpLookupNode
  | { kind: 'consume' }
);

/** evaluate pivot(column [, aggregate] [, by...]) [: schema]. */
export interface PivotNode {
  kind: 'pivot';
  column: ScalarNode;
  /** count() unless the query names one of the aggregates pivot supports. */
  aggregate: AggregateCall;
  /** The columns named after the aggregate; null: every input column but the pivot and aggregated ones. */
  by: { name: string; expr: ScalarNode }[] | null;
  /** Not grouped by when `by` is null: the pivot column and the aggregate's column. */
  exclude: string[];
  /** The declared output schema; null: the pivot column's values name the columns. */
  schema: OutColumn[] | null;
}

/** evaluate ipv4_lookup / ipv6_lookup(table, sourceKey, lookupKey [, extra keys] [, return_unmatched]). */
export interface IpLookupNode {
  kind: 'ip-lookup';
  family: 'ipv4' | 'ipv6';
  table: TabularNode;
  sourceKey: ScalarNode;
  lookupKey: string;
  /** Columns both sides have, matched by equality as join keys (ipv4_lookup only). */
  extraKeys: string[];
  returnUnmatched: boolean;
  /** The input's columns in the output (Kusto.Language's result schema). */
  sourceColumns: OutColumn[];
  /** The lookup table's columns in the output, the extra keys left out: its name there, renamed apart. */
  lookupColumns: { from: string; to: OutColumn }[];
}

export interface SortKey {
  expr: ScalarNode;
  desc: boolean;
  nullsFirst: boolean;
}

export interface JoinNode {
  kind: 'join';
  right: TabularNode;
  lookup: boolean;
  /** The kind= parameter as written (validated where compiled). */
  joinKind: string | undefined;
  /** Equality keys; null when there is no on clause. */
  keys: { left: ScalarNode; right: ScalarNode }[] | null;
  /** Columns named in the on clause by themselves (`on A`), of which lookup keeps one copy. */
  onNames: string[];
  out: OutColumn[];
}

/** An aggregate call (in summarize, make-series, top-nested): the registry resolves `name` where compiled. */
export interface AggregateCall {
  at: Span;
  name: string;
  args: ScalarNode[];
  type: KType;
}

export interface SummarizeNode {
  kind: 'summarize';
  by: ScalarNode[];
  aggregates: SummarizeItem[];
  out: OutColumn[];
}

export type SummarizeItem =
  /** percentiles(x, p1, p2, ...) or percentilesw(x, weight, p1, ...): one column per percentile. */
  | { kind: 'percentiles'; x: ScalarNode; weight?: ScalarNode; ps: ScalarNode[] }
  /** arg_max/arg_min: `take` lists the columns taken from the extreme row (by name, or computed); `star` takes all. */
  | { kind: 'arg-extreme'; fn: 'arg_max' | 'arg_min'; x: ScalarNode; star: boolean; take: ({ column: string } | { expr: ScalarNode })[] }
  /** Any other expression: its aggregate calls are found where it is compiled. */
  | { kind: 'expr'; expr: ScalarNode };

export interface MvExpandNode {
  kind: 'mv-expand';
  /** bagexpansion=array: bag properties expand to [key, value] pairs. */
  bagArray: boolean;
  indexName: string | undefined;
  limit: ScalarNode | undefined;
  /** `name` is empty when unnamed; `column` when the expanded expression is a bare column. */
  targets: { name: string; column: string | undefined; expr: ScalarNode; to: KType }[];
  out: OutColumn[];
}

export type ParsePart =
  | { kind: 'text'; text: string }
  | { kind: 'capture'; name: string; type: KType }
  | { kind: 'star' };

export interface ParseNode {
  kind: 'parse' | 'parse-where';
  /** simple, regex or relaxed (lower-cased). */
  mode: string;
  flags: string;
  source: ScalarNode;
  pattern: ParsePart[];
  out: OutColumn[];
}

export interface ParseKvNode {
  kind: 'parse-kv';
  source: ScalarNode;
  keys: { name: string; type: KType }[];
  /** with (...) properties, names lower-cased, string literals unquoted; null without a with clause. */
  properties: Record<string, string> | null;
}

export interface MakeSeriesNode {
  kind: 'make-series';
  aggregates: (AggregateCall & { defaultValue: ScalarNode | undefined })[];
  axis: ScalarNode;
  from: ScalarNode | undefined;
  to: ScalarNode | undefined;
  step: ScalarNode;
  by: ScalarNode[];
  nonempty: boolean;
  out: OutColumn[];
}

/** scan with one step: declared variables, the step's name, condition and assignments. */
export interface ScanNode {
  kind: 'scan';
  declarations: { name: string; type: KType; defaultValue: ScalarNode | undefined }[];
  step: string;
  condition: ScalarNode;
  assignments: { name: string; expr: ScalarNode }[];
}

export interface TopNestedNode {
  kind: 'top-nested';
  levels: { limit: ScalarNode | undefined; of: ScalarNode; aggregate: AggregateCall; desc: boolean; others: ScalarNode | undefined }[];
  out: OutColumn[];
}

export interface MvApplyTarget {
  name: string;
  to: KType;
  expr: ScalarNode;
}

/**
 * A scalar expression. `type` is Kusto.Language's bound result type. Constructs the engine does not
 * run translate to `unsupported` and fail only when compiled, as the tree-walking compiler did.
 */
export type ScalarNode = At & (
  | { kind: 'literal'; type: KType; value: Val; isNull: boolean }
  /** A bare string in a search predicate: a term matched against every column. */
  | { kind: 'term'; text: string }
  /** `column : "term"` in a search predicate. */
  | { kind: 'search-has'; left: ScalarNode; term: string }
  | { kind: 'column'; name: string; type: KType }
  /** A let-bound name or a parameter, resolved in scope; `call` when it names a function called without arguments. */
  | { kind: 'name'; name: string; type: KType; call?: ScalarNode }
  | { kind: 'negate'; expr: ScalarNode; type: KType }
  /** `op` is Kusto.Language's OperatorKind name (Add, Equal, HasCs, ...). */
  | { kind: 'binary'; op: string; left: ScalarNode; right: ScalarNode; type: KType }
  /** `* has "x"`: true when any column satisfies op. */
  | { kind: 'star-predicate'; op: string; right: ScalarNode }
  /** `base.key`; `baseName` when the base is a bare name (a scan step or $left/$right decide there). */
  | { kind: 'member'; base: ScalarNode; key: string; baseName: string; type: KType }
  | { kind: 'element'; base: ScalarNode; index: ScalarNode }
  | { kind: 'between'; negate: boolean; value: ScalarNode; lo: ScalarNode; hi: ScalarNode }
  /** `ci`: in~ / !in~. */
  | { kind: 'in'; negate: boolean; ci: boolean; left: ScalarNode; list: ValueList }
  | { kind: 'has-any'; all: boolean; left: ScalarNode; list: ValueList }
  /** toscalar() of a tabular expression: its first cell, once per run. */
  | { kind: 'to-scalar'; type: KType; query: TabularNode }
  /** toscalar() of a scalar: its value, once per run. */
  | { kind: 'hoist'; type: KType; expr: ScalarNode }
  /** A built-in function (or an aggregate, in summarize). `nullArgs`: arguments written as null (iff's branches may then differ in type). */
  /** `named`: the call is the whole value of `name = call` (a tuple-valued function then yields its first field). */
  | { kind: 'call'; name: string; type: KType; args: ScalarNode[]; nullArgs: boolean[]; named: boolean }
  /** A user, stored or let-bound function: its bound body runs with the parameters bound. */
  | { kind: 'user-call'; name: string; type: KType; args: ScalarNode[]; params: ParamBinding[]; body: ScalarBody }
  /** `*` as an argument (count(*), arg_max(x, *)): only aggregates accept it. */
  | { kind: 'star' }
  | { kind: 'unsupported'; message: string }
);

export interface ScalarBody {
  lets: LetNode[];
  expr: ScalarNode | null;
}

/** The right side of in / has_any: its items, each a scalar (a dynamic array spreads) or a sub-query's first column. */
export interface ValueList {
  items: ({ kind: 'scalar'; expr: ScalarNode } | { kind: 'tabular'; query: TabularNode })[];
  /** Whether the items are the list's own expressions (not the right side taken as one value). */
  listed: boolean;
}
