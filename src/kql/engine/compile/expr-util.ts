// Small building blocks of compiled scalar expressions, shared by the expression compilers and the
// operators: mapping, conversion, per-run hoisting and dynamic member access.
import { convert } from '../convert.js';
import { type Dyn, type KType, type Val, parseJsonLoose } from '../values.js';
import { type CExpr, type Runtime, constVec } from './context.js';

/** Columns an extend is adding are hidden from pack_all (which packs the operator's input row). */
export const EXTEND_NEW = '\u0001';

/** Column name prefix under which scan exposes the previous step state. */
export const SCAN_STATE = '\u0000state.';

export function unary(e: CExpr, type: KType, f: (v: Val) => Val): CExpr {
  const r: CExpr = { type, ev: (t, rt) => e.ev(t, rt).map(f) };
  if (e.constant) {
    const c = e.constant;
    r.constant = (rt) => f(c(rt));
  }
  return r;
}

export function coerce(e: CExpr, type: KType): CExpr {
  if (e.type === type) return e;
  const from = e.type;
  return unary(e, type, (v) => convert(v, from, type));
}

/** Values that do not depend on the row (scalar lets, toscalar) are evaluated once per run. */
export function hoist(e: CExpr): CExpr {
  if (!e.constant) return e;
  const key = {};
  const c = e.constant;
  const get = (rt: Runtime): Val => {
    // Function compilers read constant arguments (a let-bound regex) before any run: no cache then.
    if (!rt.cache) return c(rt);
    if (!rt.cache.has(key)) rt.cache.set(key, c(rt));
    return rt.cache.get(key) as Val;
  };
  return { type: e.type, ev: (t, rt) => constVec(get(rt), t.n), constant: get };
}

export function member(v: Val, key: string | number): Val {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'string' && (v.startsWith('{') || v.startsWith('['))) {
      const parsed = parseJsonLoose(v);
      return typeof parsed === 'object' && parsed !== null ? member(parsed as Val, key) : null;
    }
    return null;
  }
  if (Array.isArray(v)) {
    if (typeof key !== 'number') return null;
    const i = key < 0 ? v.length + key : key;
    const r = v[i];
    return r === undefined ? null : (r as Val);
  }
  const r = (v as { [k: string]: Dyn })[String(key)];
  return r === undefined ? null : (r as Val);
}
