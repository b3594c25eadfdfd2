// Dense value ids for a vector: equal values share an id. Input columns are immutable and keep their
// identity across runs, so the ids of a stored table's column are computed once per fixture.
import { type Val, type Vec, keyOf } from '../values.js';
import { NumberIds } from './number-ids.js';

export interface ValueIds {
  ids: Int32Array;
  /** The first value seen for each id. */
  values: Val[];
  /** The row where each id first occurs. */
  first: number[];
  /** The id of a value given as its hash key (keyOf for dynamic objects); only for non-numeric vectors. */
  find?: (key: unknown) => number | undefined;
}

const cache = new WeakMap<Vec, ValueIds>();

/** The ids of v if they were computed already (an input column seen in an earlier run). */
export function knownValueIds(v: Vec, n: number): ValueIds | undefined {
  const hit = cache.get(v);
  return hit && hit.ids.length === n ? hit : undefined;
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

export function valueIds(v: Vec, n: number): ValueIds {
  const hit = cache.get(v);
  if (hit && hit.ids.length === n) return hit;
  const r = numericIds(v, n) ?? mapIds(v, n);
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
