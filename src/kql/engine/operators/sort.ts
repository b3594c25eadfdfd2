// Ordering: sort/order by, top, and the comparators they share.
import type { CExpr, Cx, Runtime } from '../compile/context.js';
import { compileExpr } from '../compile/expressions.js';
import type { SortKey as SortKeyNode } from '../plan/nodes.js';
import { gather, type Table } from '../table.js';
import type { Dyn, KType, Val } from '../values.js';
import { dynToJson } from '../values.js';

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

export function sortPermutation(t: Table, keys: SortKey[], rt: Runtime): number[] {
  const vecs = keys.map((k) => k.expr.ev(t, rt));
  const idx = new Array<number>(t.n);
  for (let i = 0; i < t.n; i++) idx[i] = i;
  idx.sort((i, j) => {
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      const a = vecs[k]![i]!;
      const b = vecs[k]![j]!;
      const an = a === null || (key.expr.type === 'dynamic' && a === null);
      const bn = b === null;
      if (an || bn) {
        if (an && bn) continue;
        return an === key.nullsFirst ? -1 : 1;
      }
      const c = cmpValues(a, b, key.expr.type);
      if (c !== 0) return key.desc ? -c : c;
    }
    return i - j;
  });
  return idx;
}

export function sortTable(t: Table, keys: SortKey[], rt: Runtime): Table {
  return gather(t, sortPermutation(t, keys, rt));
}
