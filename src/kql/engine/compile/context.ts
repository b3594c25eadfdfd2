// Shared shapes of the compiler: compiled scalar expressions, tabular plans, scopes and the per-run state.
import type { DataTable, WireValue } from '../../table.js';
import type { AggregateCall, Block, TabularNode } from '../plan/nodes.js';
import type { Table } from '../table.js';
import type { KType, Val, Vec } from '../values.js';
import type { DictVec } from '../dict-vectors.js';
import type { TypedVec } from '../vectors.js';
import { CompileError, KqlRuntimeError, LocatedError, type Span } from '../errors.js';

/** Per-execution state: one `now` for the whole run, inputs, caches for materialize() and scalar lets. */
export interface Runtime {
  now: bigint;
  tables: Record<string, Table>;
  functions: Record<string, (args: WireValue[]) => DataTable>;
  /** The text behind an externaldata URI, or undefined when the host has none for it. */
  externalData?: (uri: string) => string | undefined;
  /** The GeoLite2-City .mmdb file geo_info_from_ip_address reads; undefined when the host has none. */
  geoIpDatabase?: string;
  cache: Map<unknown, unknown>;
}

/** A compiled scalar expression: evaluated over a whole input table at once, one value per row. */
export interface CExpr {
  type: KType;
  ev: (t: Table, rt: Runtime) => Vec;
  /** Set when the value does not depend on the row (literals, scalar lets): lets callers hoist it. */
  constant?: (rt: Runtime) => Val;
  /**
   * Set on expressions that can give their values as a typed vector (vectors.ts), which operators with
   * a typed path read instead of `ev`; undefined at run time when the values are not typed.
   */
  typed?: (t: Table, rt: Runtime) => TypedVec | undefined;
  /** Like `typed`, for string expressions that can give their values dictionary-encoded. */
  dict?: (t: Table, rt: Runtime) => DictVec | undefined;
  /** The input column an expression reads unchanged (a column reference of the column's own type). */
  column?: string;
}

export type Plan = (rt: Runtime) => Table;

export type Binding =
  | { kind: 'scalar'; expr: CExpr }
  | { kind: 'tabular'; plan: Plan; serialized?: boolean }
  | { kind: 'function'; view: Block | CompileError };

export class Scope {
  private names = new Map<string, Binding>();
  constructor(readonly parent?: Scope) {}
  set(name: string, b: Binding): void {
    this.names.set(name, b);
  }
  get(name: string): Binding | undefined {
    return this.names.get(name) ?? this.parent?.get(name);
  }
}

/** Hooks that change how calls compile in operator-specific positions (aggregates in summarize). */
export interface ExprHooks {
  aggregate?: (call: AggregateCall) => CExpr | undefined;
  /** Columns of the row context when the left/right sides of a join are addressed as $left/$right. */
  side?: (which: 'left' | 'right', column: string, at: Span) => CExpr;
  /** Inside search: bare string terms match any column; set to true for kind=case_sensitive. */
  search?: { caseSensitive: boolean };
  /** Inside a scan step: `<step>.x` reads the previous state of declared variable x. */
  scanStep?: string;
}

export interface Cx {
  scope: Scope;
  /** The row set is serialized here (after sort/top/serialize), so window functions are allowed. */
  serialized?: boolean;
  hooks: ExprHooks;
  /** Whether a tabular expression's rows are serialized (so a let binding can carry it). */
  isSerialized?: (node: TabularNode) => boolean;
  /** Compiles a tabular expression in the current scope (for toscalar(), in (subquery), ...). */
  tabular: (node: TabularNode, scope: Scope) => Plan;
  /** The implicit input of a sub-pipeline (mv-apply, partition), supplied per run of the sub-query. */
  input?: Plan;
}

export function fail(at: Span, message: string): never {
  throw new CompileError(message, at.start, at.width);
}

/**
 * Runs `f`; a run-time failure no inner construct has located yet is located at `at`, so an error points
 * at the innermost operator, call or expression that faulted instead of the start of the query.
 */
export function locate<T>(at: Span, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof Error) || e instanceof LocatedError || e instanceof CompileError || e instanceof KqlRuntimeError) throw e;
    throw new LocatedError(e.message, at);
  }
}

/** `e` with its run-time failures located at `at`. */
export function located(at: Span, e: CExpr): CExpr {
  const { ev, constant } = e;
  return { ...e, ev: (t, rt) => locate(at, () => ev(t, rt)), ...(constant ? { constant: (rt: Runtime) => locate(at, () => constant(rt)) } : {}) };
}

export function constVec(v: Val, n: number): Vec {
  const out = new Array(n);
  out.fill(v);
  return out;
}

export function constExpr(type: KType, v: Val): CExpr {
  return { type, ev: (t) => constVec(v, t.n), constant: () => v };
}
