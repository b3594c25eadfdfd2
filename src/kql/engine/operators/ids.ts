// Dense value ids for a vector: equal values share an id. Input columns are immutable and keep their
// identity across runs, so the ids of a stored table's column are computed once per fixture. The ids of
// a dictionary-encoded column (or of the strings boxed from one) come from its codes, without hashing.
import { type DictVec, dictIds, dictOfBoxed } from '../dict-vectors.js';
import { type Val, type Vec, keyOf } from '../values.js';
import { type F64Vec, type I64Vec, type TypedVec, isNullAt } from '../vectors.js';
import { NumberIds, WordIds } from './number-ids.js';

export interface ValueIds {
  ids: Int32Array;
  /** The first value seen for each id. */
  values: Val[];
  /** The row where each id first occurs. */
  first: number[];
  /** The id of a value given as its hash key (keyOf for dynamic objects); only for non-numeric vectors. */
  find?: (key: unknown) => number | undefined;
}

/**
 * Key values boxed (Vec), in a typed vector, whose numbers and words are hashed without boxing, or
 * dictionary-encoded strings, whose codes are the ids.
 */
export type KeyVec = Vec | TypedVec | DictVec;

const cache = new WeakMap<KeyVec, ValueIds>();

/** The ids of v if they were computed already (an input column seen in an earlier run). */
export function knownValueIds(v: Vec, n: number): ValueIds | undefined {
  const hit = cache.get(v);
  if (hit && hit.ids.length === n) return hit;
  return dictOfBoxed(v) ? valueIds(v, n) : undefined;
}

/**
 * f over a vector, called once per distinct value. Used when the ids are known, or when `always` says
 * f costs more than a hash lookup (lowering a string allocates; Map reuses a string's stored hash).
 */
export function mapDistinct(v: Vec, n: number, f: (x: Val) => Val, always: boolean): Vec | undefined {
  const ids = always ? valueIds(v, n) : knownValueIds(v, n);
  if (!ids) return undefined;
  const per = ids.values.map(f);
  const out = new Array<Val>(n);
  for (let i = 0; i < n; i++) out[i] = per[ids.ids[i]!]!;
  return out;
}

export function valueIds(v: KeyVec, n: number): ValueIds {
  const hit = cache.get(v);
  if (hit && hit.ids.length === n) return hit;
  const dict = Array.isArray(v) ? dictOfBoxed(v) : v.kind === 'dict' ? v : undefined;
  const r = dict ? codeIds(dict, n) : !Array.isArray(v) ? typedIds(v as TypedVec, n) : numericIds(v, n) ?? mapIds(v, n);
  cache.set(v, r);
  return r;
}

/** Ids of a vector of numbers, bigints and nulls, from a typed-array hash table; undefined for others. */
function numericIds(v: Vec, n: number): ValueIds | undefined {
  const ids = new Int32Array(n);
  const table = new NumberIds(1024);
  const first: number[] = [];
  let nullId = -1;
  let nanId = -1;
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    let id: number;
    if (typeof x === 'bigint' || (typeof x === 'number' && x === x)) id = table.idOf(x);
    else if (x === null) id = nullId >= 0 ? nullId : (nullId = table.addUnkeyed(x));
    else if (typeof x === 'number') id = nanId >= 0 ? nanId : (nanId = table.addUnkeyed(x));
    else return undefined;
    if (id === first.length) first.push(i);
    ids[i] = id;
  }
  return { ids, values: table.values, first };
}

/** Ids of a typed vector, as numericIds gives for its boxed values (a bigint per distinct value only). */
function typedIds(v: TypedVec, n: number): ValueIds {
  const ids = new Int32Array(n);
  const first: number[] = [];
  const values = v.kind === 'f64' ? f64Ids(v, ids, first) : i64Ids(v, ids, first);
  return { ids, values, first };
}

function f64Ids(v: F64Vec, ids: Int32Array, first: number[]): Val[] {
  const table = new NumberIds(1024);
  const xs = v.values;
  let nullId = -1;
  let nanId = -1;
  for (let i = 0; i < ids.length; i++) {
    let id: number;
    const x = xs[i]!;
    if (isNullAt(v.nulls, i)) id = nullId >= 0 ? nullId : (nullId = table.addUnkeyed(null));
    else if (x === x) id = table.idOf(x);
    else id = nanId >= 0 ? nanId : (nanId = table.addUnkeyed(x));
    if (id === first.length) first.push(i);
    ids[i] = id;
  }
  return table.values;
}

function i64Ids(v: I64Vec, ids: Int32Array, first: number[]): Val[] {
  const table = new WordIds(1024);
  const w = v.words;
  let nullId = -1;
  for (let i = 0; i < ids.length; i++) {
    let id: number;
    if (isNullAt(v.nulls, i)) id = nullId >= 0 ? nullId : (nullId = table.addUnkeyed());
    else id = table.idOf(w[2 * i + 1]!, w[2 * i]!);
    if (id === first.length) first.push(i);
    ids[i] = id;
  }
  return first.map((i) => (isNullAt(v.nulls, i) ? null : v.values[i]!));
}

function codeIds(v: DictVec, n: number): ValueIds {
  const { ids, values, first, byValue } = dictIds(v, n);
  return { ids, values, first, find: (key) => byValue.get(key as string) };
}

function mapIds(v: Vec, n: number): ValueIds {
  const ids = new Int32Array(n);
  const values: Val[] = [];
  const first: number[] = [];
  const m = new Map<unknown, number>();
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    const key = x !== null && typeof x === 'object' ? keyOf(x) : x;
    let id = m.get(key);
    if (id === undefined) {
      id = values.length;
      m.set(key, id);
      values.push(x);
      first.push(i);
    }
    ids[i] = id;
  }
  return { ids, values, first, find: (key) => m.get(key) };
}
