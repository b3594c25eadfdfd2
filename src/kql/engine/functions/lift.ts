// Turning per-value functions into vectorised compiled expressions: arguments are evaluated once per
// table (as whole vectors) and the row function runs in one tight loop.
import type { CExpr, Cx, Runtime } from '../compile/context.js';
import type { Span } from '../errors.js';
import type { ScalarNode } from '../plan/nodes.js';
import type { Table } from '../table.js';
import { type DictVec, dictVals, mapDict } from '../dict-vectors.js';
import type { KType, Val, Vec } from '../values.js';

export interface CallInfo {
  /** Where the call is, for errors. */
  at: Span;
  name: string;
  /** The result type Kusto.Language resolved for this call. */
  ret: KType;
  /** The call is the whole value of `name = call`: a tuple-valued function yields its first field. */
  named: boolean;
  args: CExpr[];
  /** Where each argument is, for errors about literal arguments (formats, units, regexes). */
  argAt: Span[];
}

export type FnImpl = (c: CallInfo) => CExpr;

/**
 * A function compiled from its plan node rather than lifted from a row function: it needs the run
 * (now, ago), the row set (window functions, pack_all) or lazily chosen arguments (iff, case).
 */
export type CallCompiler = (call: CallNode, cx: Cx, compile: (n: ScalarNode) => CExpr) => CExpr;

type CallNode = Extract<ScalarNode, { kind: 'call' }>;

function evalArgs(args: CExpr[], t: Table, rt: Runtime): Vec[] {
  return args.map((a) => a.ev(t, rt));
}

/** A function of its argument values; `make` gets the argument types once, at compile time. */
export function lift(c: CallInfo, make: (types: KType[]) => (...v: Val[]) => Val, ret: KType = c.ret): CExpr {
  const f = make(c.args.map((a) => a.type));
  const args = c.args;
  const allConst = args.every((a) => a.constant);
  const ev = (t: Table, rt: Runtime): Vec => {
    const n = t.n;
    const out = new Array(n);
    switch (args.length) {
      case 0:
        for (let i = 0; i < n; i++) out[i] = f();
        return out;
      case 1: {
        const a = args[0]!.ev(t, rt);
        for (let i = 0; i < n; i++) out[i] = f(a[i]!);
        return out;
      }
      case 2: {
        const a = args[0]!.ev(t, rt);
        const b = args[1]!.ev(t, rt);
        for (let i = 0; i < n; i++) out[i] = f(a[i]!, b[i]!);
        return out;
      }
      case 3: {
        const a = args[0]!.ev(t, rt);
        const b = args[1]!.ev(t, rt);
        const d = args[2]!.ev(t, rt);
        for (let i = 0; i < n; i++) out[i] = f(a[i]!, b[i]!, d[i]!);
        return out;
      }
      default: {
        const vs = evalArgs(args, t, rt);
        const row = new Array<Val>(vs.length);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < vs.length; j++) row[j] = vs[j]![i]!;
          out[i] = f(...row);
        }
        return out;
      }
    }
  };
  const e: CExpr = { type: ret, ev };
  if (allConst && args.length > 0 && !impure.has(c.name)) {
    e.constant = (rt) => f(...args.map((a) => a.constant!(rt)));
  }
  return e;
}

/**
 * A lifted function of one string computed once per distinct value when its argument is
 * dictionary-encoded: the result is the dictionary mapped by `f` (tolower of a column of few users
 * lowers each user once), so later grouping, joins and predicates still read codes.
 */
export function perDistinctString(c: CallInfo, lifted: CExpr, f: (s: string) => string): CExpr {
  const arg = c.args[0];
  if (c.args.length !== 1 || !arg?.dict || arg.type !== 'string' || lifted.type !== 'string') return lifted;
  const argDict = arg.dict;
  const dict = (t: Table, rt: Runtime): DictVec | undefined => {
    const d = argDict(t, rt);
    return d && mapDict(d, f);
  };
  return {
    ...lifted,
    dict,
    ev: (t, rt) => {
      const d = dict(t, rt);
      return d ? dictVals(d) : lifted.ev(t, rt);
    },
  };
}

/** Functions whose value changes per call even with constant arguments. */
const impure = new Set(['rand', 'new_guid']);

/** The argument must be a constant (a format string, a unit); its value at compile time when literal. */
export function constArg(c: CallInfo, i: number, rt?: Runtime): Val | undefined {
  const a = c.args[i];
  if (!a || !a.constant) return undefined;
  return a.constant(rt ?? ({} as Runtime));
}
