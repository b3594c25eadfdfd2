// Ordering: sort/order by, top, and the comparators they share.
import type { CExpr, Cx, Runtime } from '../compile/context.js';
import { compileExpr } from '../compile/expressions.js';
import type { SortKey as SortKeyNode } from '../plan/nodes.js';
import { gather, type Table } from '../table.js';
import type { Dyn, KType, Val } from '../values.js';
import { dynToJson } from '../values.js';
import { type TypedVec, isNullAt } from '../vectors.js';

export interface SortKey {
  expr: CExpr;
  desc: boolean;
  nullsFirst: boolean;
}

export function sortKeys(keys: SortKeyNode[], cx: Cx): SortKey[] {
  return keys.map((k) => ({ expr: compileExpr(k.expr, cx), desc: k.desc, nullsFirst: k.nullsFirst }));
}

function cmpValues(a: Val, b: Val, t: KType): number {
  if (t === 'dynamic') {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    const sa = typeof a === 'string' ? a : dynToJson(a as Dyn);
    const sb = typeof b === 'string' ? b : dynToJson(b as Dyn);
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  }
  if (t === 'real' || t === 'decimal') {
    const x = a as number;
    const y = b as number;
    // NaN sorts as the smallest value.
    if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1;
    if (Number.isNaN(y)) return 1;
  }
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

type RowCompare = (i: number, j: number) => number;

export function sortPermutation(t: Table, keys: SortKey[], rt: Runtime): number[] {
  const cmps = keys.map((k) => keyCompare(k, t, rt));
  const idx = new Array<number>(t.n);
  for (let i = 0; i < t.n; i++) idx[i] = i;
  const only = cmps.length === 1 ? cmps[0]! : undefined;
  idx.sort(only ? (i, j) => only(i, j) || i - j : (i, j) => {
    for (let k = 0; k < cmps.length; k++) {
      const c = cmps[k]!(i, j);
      if (c !== 0) return c;
    }
    return i - j;
  });
  return idx;
}

/**
 * Rows i and j by one key: nulls on their side whatever the direction, then the values (descending
 * reverses them). A typed column is compared from its typed arrays, anything else from its values.
 */
function keyCompare(key: SortKey, t: Table, rt: Runtime): RowCompare {
  const type = key.expr.type;
  const typed = key.expr.typed?.(t, rt);
  let values: RowCompare;
  let isNull: ((i: number) => boolean) | undefined;
  if (typed) {
    const nulls = typed.nulls;
    values = typedCompare(typed, type);
    if (nulls) isNull = (i) => isNullAt(nulls, i);
  } else {
    const v = key.expr.ev(t, rt);
    values = (i, j) => cmpValues(v[i]!, v[j]!, type);
    isNull = (i) => v[i] === null;
  }
  const sign = key.desc ? -1 : 1;
  if (!isNull) return (i, j) => sign * values(i, j);
  const nullIs = isNull;
  const first = key.nullsFirst ? -1 : 1;
  return (i, j) => {
    const an = nullIs(i);
    const bn = nullIs(j);
    if (an || bn) return an && bn ? 0 : an ? first : -first;
    return sign * values(i, j);
  };
}

/** Two non-null rows of a typed vector, as cmpValues orders their values (NaN first for reals). */
function typedCompare(v: TypedVec, type: KType): RowCompare {
  if (v.kind === 'i64') {
    const w = v.words;
    return (i, j) => {
      const a = w[2 * i + 1]!;
      const b = w[2 * j + 1]!;
      if (a !== b) return a < b ? -1 : 1;
      const x = w[2 * i]! >>> 0;
      const y = w[2 * j]! >>> 0;
      return x < y ? -1 : x > y ? 1 : 0;
    };
  }
  const f = v.values;
  if (type !== 'real' && type !== 'decimal') return (i, j) => (f[i]! < f[j]! ? -1 : f[i]! > f[j]! ? 1 : 0);
  return (i, j) => {
    const x = f[i]!;
    const y = f[j]!;
    if (x < y) return -1;
    if (x > y) return 1;
    if (x === y) return 0;
    return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
  };
}

export function sortTable(t: Table, keys: SortKey[], rt: Runtime): Table {
  return gather(t, sortPermutation(t, keys, rt));
}
