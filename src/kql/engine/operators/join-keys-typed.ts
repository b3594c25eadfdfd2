// Join keys read from typed vectors: the right side's keys get ids in a hash table over the doubles
// (numbers) or the 32-bit words (ticks, longs beyond 2^53), and each left row looks its key up there,
// so no value is boxed and no bigint is made per row. Keys share an id exactly when the boxed join's
// keys are equal: -0 is 0, NaN matches NaN, null matches null, and several keys match when each does.
import type { KType } from '../values.js';
import { type F64Vec, type I64Vec, type TypedVec, isNullAt } from '../vectors.js';
import { type ValueIds, valueIds } from './ids.js';
import { WordIds } from './number-ids.js';

/** The id of each right row's key, and of each left row's (-1: no right row has it); `size` ids in all. */
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
  const words: [Words, Words][] = [];
  for (let k = 0; k < lk.length; k++) {
    const l = lk[k];
    const r = rk[k];
    if (!l || !r || l.kind !== r.kind) return undefined;
    const same = ltypes[k] === target[k] && rtypes[k] === target[k];
    if (!same && !(l.kind === 'f64' && target[k] === 'real')) return undefined;
    words.push(l.kind === 'f64' ? [numberWords(l), numberWords(r as F64Vec)] : [tickWords(l), tickWords(r as I64Vec)]);
  }
  // A left side much larger than the right is worth its value ids (kept for later runs of an input
  // column): only the right keys are then looked up, among the left's distinct keys.
  const large = words.length === 1 && lk[0]!.values.length >= 4 * rk[0]!.values.length;
  const dictionary = large ? dictionaryIds(valueIds(lk[0]!, lk[0]!.values.length), ...words[0]!) : undefined;
  if (dictionary) return dictionary;
  let ids: KeyIds | undefined;
  for (const [l, r] of words) {
    const one = keyIds(l, r);
    ids = ids ? keyIds(pairWords(ids.left, one.left), pairWords(ids.right, one.right)) : one;
  }
  return ids;
}

/** A row's key as two 32-bit words, or one of the keys that are not hashed. */
type Words = { n: number; at: (i: number, out: Int32Array) => Special };
type Special = 'value' | 'null' | 'nan' | 'none';

function tickWords(v: I64Vec): Words {
  const w = v.words;
  return {
    n: w.length >>> 1,
    at: (i, out) => {
      if (isNullAt(v.nulls, i)) return 'null';
      out[0] = w[2 * i + 1]!;
      out[1] = w[2 * i]!;
      return 'value';
    },
  };
}

function numberWords(v: F64Vec): Words {
  const xs = v.values;
  const w = new Int32Array(xs.buffer, xs.byteOffset, xs.length * 2);
  return {
    n: xs.length,
    at: (i, out) => {
      if (isNullAt(v.nulls, i)) return 'null';
      const x = xs[i]!;
      if (x !== x) return 'nan';
      // -0 is the key 0.
      out[0] = x === 0 ? 0 : w[2 * i + 1]!;
      out[1] = x === 0 ? 0 : w[2 * i]!;
      return 'value';
    },
  };
}

/** The pairs of two keys' ids (-1, no match on one key, is no match on both). */
function pairWords(a: Int32Array, b: Int32Array): Words {
  return {
    n: a.length,
    at: (i, out) => {
      if (a[i]! < 0 || b[i]! < 0) return 'none';
      out[0] = a[i]!;
      out[1] = b[i]!;
      return 'value';
    },
  };
}

/** Ids of the right side's keys, each left row's key looked up among them. */
function keyIds(left: Words, right: Words): KeyIds {
  const keys = keyTable(right);
  return { left: lookUp(keys, left), right: lookUp(keys, right), size: keys.size };
}

/**
 * The right rows' keys looked up among the left's distinct keys, whose ids are the left's value ids
 * (each value id's first row, in id order, is a new key); undefined if the two disagree on a key.
 */
function dictionaryIds(ids: ValueIds, left: Words, right: Words): KeyIds | undefined {
  let keys = leftKeys.get(ids);
  if (!keys) leftKeys.set(ids, (keys = keyTable({ n: ids.first.length, at: (id, out) => left.at(ids.first[id]!, out) })));
  if (keys.size !== ids.first.length) return undefined;
  return { left: ids.ids, right: lookUp(keys, right), size: keys.size };
}

/** The distinct keys of `rows`, numbered in order of first appearance, null and NaN each one key. */
interface KeyTable {
  table: WordIds;
  special: Record<Special, number>;
  size: number;
}

const leftKeys = new WeakMap<ValueIds, KeyTable>();

function keyTable(rows: Words): KeyTable {
  const table = new WordIds(rows.n);
  const special: Record<Special, number> = { value: -1, null: -1, nan: -1, none: -1 };
  const w = new Int32Array(2);
  for (let j = 0; j < rows.n; j++) {
    const s = rows.at(j, w);
    if (s === 'value') table.idOf(w[0]!, w[1]!);
    else if (s !== 'none' && special[s] < 0) special[s] = table.addUnkeyed();
  }
  return { table, special, size: table.size };
}

function lookUp(keys: KeyTable, rows: Words): Int32Array {
  const out = new Int32Array(rows.n);
  const w = new Int32Array(2);
  for (let i = 0; i < rows.n; i++) {
    const s = rows.at(i, w);
    out[i] = s === 'value' ? keys.table.find(w[0]!, w[1]!) : keys.special[s];
  }
  return out;
}
