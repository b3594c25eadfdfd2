// Join keys read from typed vectors: both sides' keys get ids from one hash table over the doubles
// (numbers) or the 32-bit words (ticks, longs beyond 2^53), so no value is boxed and no bigint is made
// per row. Equal keys share an id exactly when the boxed join's keys are equal: -0 is 0, NaN matches
// NaN, null matches null, and several keys match when each does.
import type { KType } from '../values.js';
import { type TypedVec, isNullAt } from '../vectors.js';
import { NumberIds, WordIds } from './number-ids.js';

/** An id for each row's key on both sides: equal ids for equal keys; `size` ids are handed out. */
export interface KeyIds {
  left: Int32Array;
  right: Int32Array;
  size: number;
}

/**
 * The key ids of both sides, or undefined unless every key is typed on both sides with the same
 * storage and compared without a conversion that changes values (numbers compared as reals are the
 * same doubles; ticks and longs only against their own type).
 */
export function typedKeyIds(
  lk: (TypedVec | undefined)[], rk: (TypedVec | undefined)[], ltypes: KType[], rtypes: KType[], target: KType[],
): KeyIds | undefined {
  let ids: KeyIds | undefined;
  for (let k = 0; k < lk.length; k++) {
    const l = lk[k];
    const r = rk[k];
    if (!l || !r || l.kind !== r.kind) return undefined;
    const same = ltypes[k] === target[k] && rtypes[k] === target[k];
    if (!same && !(l.kind === 'f64' && target[k] === 'real')) return undefined;
    const one = l.kind === 'f64' ? numberIds(l, r as typeof l) : wordIds(l, r as typeof l);
    ids = ids ? pairIds(ids, one) : one;
  }
  return ids;
}

function numberIds(l: TypedVec & { kind: 'f64' }, r: TypedVec & { kind: 'f64' }): KeyIds {
  const table = new NumberIds(1024);
  let nullId = -1;
  let nanId = -1;
  const side = (v: typeof l): Int32Array => {
    const xs = v.values;
    const out = new Int32Array(xs.length);
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      if (isNullAt(v.nulls, i)) out[i] = nullId >= 0 ? nullId : (nullId = table.addUnkeyed(null));
      else if (x === x) out[i] = table.idOf(x);
      else out[i] = nanId >= 0 ? nanId : (nanId = table.addUnkeyed(x));
    }
    return out;
  };
  const right = side(r);
  return { right, left: side(l), size: table.size };
}

function wordIds(l: TypedVec & { kind: 'i64' }, r: TypedVec & { kind: 'i64' }): KeyIds {
  const table = new WordIds(1024);
  let nullId = -1;
  const side = (v: typeof l): Int32Array => {
    const w = v.words;
    const out = new Int32Array(w.length >>> 1);
    for (let i = 0; i < out.length; i++) {
      out[i] = isNullAt(v.nulls, i) ? (nullId >= 0 ? nullId : (nullId = table.addUnkeyed())) : table.idOf(w[2 * i + 1]!, w[2 * i]!);
    }
    return out;
  };
  const right = side(r);
  return { right, left: side(l), size: table.size };
}

/** Ids of the pairs of two keys' ids: equal exactly when both keys are. */
function pairIds(a: KeyIds, b: KeyIds): KeyIds {
  const table = new WordIds(1024);
  const side = (x: Int32Array, y: Int32Array): Int32Array => {
    const out = new Int32Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = table.idOf(x[i]!, y[i]!);
    return out;
  };
  const right = side(a.right, b.right);
  return { right, left: side(a.left, b.left), size: table.size };
}
