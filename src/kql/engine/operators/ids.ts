// Dense value ids for a vector: equal values share an id. Input columns are immutable and keep their
// identity across runs, so the ids of a stored table's column are computed once per fixture.
import { type Val, type Vec, keyOf } from '../values.js';

export interface ValueIds {
  ids: Int32Array;
  /** The first value seen for each id. */
  values: Val[];
  /** The row where each id first occurs. */
  first: number[];
}

const cache = new WeakMap<Vec, ValueIds>();

export function valueIds(v: Vec, n: number): ValueIds {
  const hit = cache.get(v);
  if (hit && hit.ids.length === n) return hit;
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
  const r = { ids, values, first };
  cache.set(v, r);
  return r;
}
