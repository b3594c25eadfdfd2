// The typed logical plan: what a query does, in the engine's own terms, between Kusto.Language's bound
// tree and execution. Only the translator (plan/translate*.ts) builds it from the tree; execution
// (compile/*) turns it into closures. The operators listed in `SyntaxOperatorKind` are still compiled
// from their syntax node: they move into typed nodes in a later step.
import type { SNode } from '../syntax.js';
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
  | { kind: 'let-function'; name: string; syntax: SNode }
  | { kind: 'let-tabular'; name: string; value: TabularNode }
  | { kind: 'let-scalar'; name: string; value: ScalarNode };

/** A parameter of a called function and what the call passes for it. */
export type ParamBinding =
  | { kind: 'tabular'; name: string; value: TabularNode }
  | { kind: 'scalar'; name: string; value: ScalarNode; perRun: boolean };

/** Every node keeps its syntax node for error positions (a compile error names where it is). */
interface At {
  at: SNode;
}

export type TabularNode = At & (
  /** `sub`: inside a sub-pipeline (mv-apply, partition), where serialization is not tracked. */
  | { kind: 'pipe'; input: TabularNode; op: OperatorNode; sub?: boolean }
  /** The implicit input of a sub-pipeline (mv-apply, partition): supplied by the caller. */
  | { kind: 'input' }
  /** A table, tabular let, view or function named without arguments; resolved in scope at compile time. */
  | { kind: 'name'; name: string; schema: OutColumn[]; isFunction: boolean }
  | { kind: 'call'; name: string; body: Block | null; params: ParamBinding[]; args: ScalarNode[]; schema: OutColumn[] }
  | { kind: 'materialize'; input: TabularNode }
  | { kind: 'datatable'; schema: OutColumn[]; values: ScalarNode[] }
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

/** Operators whose compilers still read their syntax node (operators/*). */
export type SyntaxOperatorKind =
  | 'summarize' | 'mv-expand' | 'parse' | 'parse-where' | 'parse-kv' | 'make-series' | 'scan' | 'top-nested';

export type OperatorNode = At & (
  | { kind: 'where'; condition: ScalarNode }
  | { kind: 'search'; search: SearchNode }
  | ExtendNode
  | { kind: 'conform'; out: OutColumn[] }
  | { kind: 'rename'; renames: Map<string, string> }
  | { kind: 'take'; count: ScalarNode }
  | { kind: 'count'; name: string }
  | { kind: 'distinct'; star: boolean; exprs: ScalarNode[]; out: OutColumn[] }
  | { kind: 'sort'; keys: SNode[] }
  | { kind: 'top'; count: ScalarNode; key: SNode }
  | { kind: 'join'; right: TabularNode; lookup: boolean }
  | { kind: 'union'; union: UnionNode }
  | { kind: 'mv-apply'; targets: MvApplyTarget[]; indexName: string | undefined; body: TabularNode; out: OutColumn[] }
  | { kind: 'partition'; by: ScalarNode; body: TabularNode; out: OutColumn[] }
  | { kind: 'as'; name: string }
  | { kind: 'pass' }
  | { kind: 'getschema' }
  | { kind: 'invoke'; params: ParamBinding[]; inputParam: string | undefined; body: Block }
  | { kind: 'bag-unpack'; column: ScalarNode; columnName: string; prefix: ScalarNode | undefined }
  | { kind: 'consume' }
  | { kind: SyntaxOperatorKind }
);

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
  | { kind: 'call'; name: string; type: KType; args: ScalarNode[]; nullArgs: boolean[] }
  /** A user, stored or let-bound function: its bound body runs with the parameters bound. */
  | { kind: 'user-call'; name: string; type: KType; params: ParamBinding[]; body: ScalarBody }
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
