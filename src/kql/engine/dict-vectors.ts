// Dictionary-encoded string vectors: row i is dict[codes[i]]. Input string columns of few distinct values
// come this way (fixtures), so grouping, joins and predicates with a constant work on the codes and
// compute per distinct value, not per row. A dictionary may repeat a value (tolower of "A" and "a"), and
// may hold values no row uses (after a filter): readers that need one id per value use dictIds.
import type { Val, Vec } from './values.js';

export interface DictVec {
  readonly kind: 'dict';
  readonly codes: Uint16Array | Int32Array;
  readonly dict: readonly string[];
}

export function dictVec(codes: Uint16Array | Int32Array, dict: readonly string[]): DictVec {
  return { kind: 'dict', codes, dict };
}

// The vector each boxed array was made from: value ids of the array are then the codes (ids.ts).
const boxedFrom = new WeakMap<readonly Val[], DictVec>();

/** The strings of a dictionary vector, as every operator without a dictionary path reads them. */
export function dictVals(v: DictVec): string[] {
  const { codes, dict } = v;
  const out = new Array<string>(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = dict[codes[i]!]!;
  boxedFrom.set(out, v);
  return out;
}

/** The dictionary vector a boxed array was made from, if it was. */
export function dictOfBoxed(v: Vec): DictVec | undefined {
  return boxedFrom.get(v);
}

/** f of each row, computed once per dictionary entry. */
export function perDictValue<T>(v: DictVec, f: (s: string) => T): T[] {
  const per = v.dict.map(f);
  const { codes } = v;
  const out = new Array<T>(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = per[codes[i]!]!;
  return out;
}

/** The same rows with each dictionary value mapped by f (tolower and the like). */
export function mapDict(v: DictVec, f: (s: string) => string): DictVec {
  return dictVec(v.codes, v.dict.map(f));
}

/** Rows picked by index; index -1 yields "" (outer join padding), added to the dictionary if needed. */
export function gatherDict(v: DictVec, idx: ArrayLike<number>): DictVec {
  const n = idx.length;
  let dict = v.dict;
  let pad = -1;
  for (let i = 0; i < n; i++) {
    if (idx[i]! >= 0) continue;
    pad = dict.indexOf('');
    if (pad < 0) dict = [...dict, ''];
    pad = dict.indexOf('');
    break;
  }
  const from = v.codes;
  const codes = dict.length <= 1 << 16 ? new Uint16Array(n) : new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const j = idx[i]!;
    codes[i] = j < 0 ? pad : from[j]!;
  }
  return dictVec(codes, dict);
}

export function sliceDict(v: DictVec, from: number, to: number): DictVec {
  const end = Math.max(from, Math.min(to, v.codes.length));
  return dictVec(v.codes.slice(from, end), v.dict);
}

/**
 * Dense ids in order of first appearance, as hashing the strings would give: one Map lookup per
 * dictionary entry, then one array read per row.
 */
export function dictIds(v: DictVec, n: number): { ids: Int32Array; values: string[]; first: number[]; byValue: Map<string, number> } {
  const { codes, dict } = v;
  // The dictionary's entries folded to one per value (tolower may have merged some).
  const canon = new Int32Array(dict.length);
  const seen = new Map<string, number>();
  for (let c = 0; c < dict.length; c++) {
    const s = dict[c]!;
    let k = seen.get(s);
    if (k === undefined) seen.set(s, (k = c));
    canon[c] = k;
  }
  const idOf = new Int32Array(dict.length).fill(-1);
  const ids = new Int32Array(n);
  const values: string[] = [];
  const first: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = canon[codes[i]!]!;
    let id = idOf[k]!;
    if (id < 0) {
      idOf[k] = id = values.length;
      values.push(dict[k]!);
      first.push(i);
    }
    ids[i] = id;
  }
  const byValue = new Map<string, number>();
  for (let id = 0; id < values.length; id++) byValue.set(values[id]!, id);
  return { ids, values, first, byValue };
}
