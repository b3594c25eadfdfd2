// The typed logical plan: what a query does, in the engine's own terms, between Kusto.Language's bound
// tree and execution. Only the translator (plan/translate*.ts) builds it from the tree; execution
// (compile/*) turns it into closures. Scalar expressions and the operators listed in `SyntaxOperator`
// are still compiled from their syntax node: they move into typed nodes in later steps.
import type { SNode } from '../syntax.js';
import type { KType } from '../values.js';

/** A scalar expression, still compiled from Kusto.Language's bound node. */
export type ScalarSyntax = SNode;

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
  | { kind: 'let-scalar'; name: string; value: ScalarSyntax };

/** A parameter of a called function and what the call passes for it. */
export type ParamBinding =
  | { kind: 'tabular'; name: string; value: TabularNode }
  | { kind: 'scalar'; name: string; value: ScalarSyntax; perRun: boolean };

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
  | { kind: 'call'; name: string; body: Block | null; params: ParamBinding[]; args: ScalarSyntax[]; schema: OutColumn[] }
  | { kind: 'materialize'; input: TabularNode }
  | { kind: 'datatable'; schema: OutColumn[]; values: ScalarSyntax[] }
  | { kind: 'print'; op: ExtendNode }
  | { kind: 'range'; name: string; type: KType; from: ScalarSyntax; to: ScalarSyntax; step: ScalarSyntax }
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
  | { kind: 'named'; name: string; expr: ScalarSyntax }
  | { kind: 'wildcard'; pattern: RegExp }
  /** `(a, b) = f(x)` or an unnamed tuple-valued call: `width` fields spread over columns. */
  | { kind: 'tuple'; names: string[]; width: number; expr: ScalarSyntax }
  | { kind: 'unnamed'; expr: ScalarSyntax };

export interface SearchNode {
  caseSensitive: boolean;
  condition: ScalarSyntax;
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
  | { kind: 'where'; condition: ScalarSyntax }
  | { kind: 'search'; search: SearchNode }
  | ExtendNode
  | { kind: 'conform'; out: OutColumn[] }
  | { kind: 'rename'; renames: Map<string, string> }
  | { kind: 'take'; count: ScalarSyntax }
  | { kind: 'count'; name: string }
  | { kind: 'distinct'; star: boolean; exprs: ScalarSyntax[]; out: OutColumn[] }
  | { kind: 'sort'; keys: SNode[] }
  | { kind: 'top'; count: ScalarSyntax; key: SNode }
  | { kind: 'join'; right: TabularNode; lookup: boolean }
  | { kind: 'union'; union: UnionNode }
  | { kind: 'mv-apply'; targets: MvApplyTarget[]; indexName: string | undefined; body: TabularNode; out: OutColumn[] }
  | { kind: 'partition'; by: ScalarSyntax; body: TabularNode; out: OutColumn[] }
  | { kind: 'as'; name: string }
  | { kind: 'pass' }
  | { kind: 'getschema' }
  | { kind: 'invoke'; params: ParamBinding[]; inputParam: string | undefined; body: Block }
  | { kind: 'bag-unpack'; column: ScalarSyntax; columnName: string; prefix: ScalarSyntax | undefined }
  | { kind: 'consume' }
  | { kind: SyntaxOperatorKind }
);

export interface MvApplyTarget {
  name: string;
  to: KType;
  expr: ScalarSyntax;
}
