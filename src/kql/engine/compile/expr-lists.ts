// in / !in / in~ / has_any / has_all: the left value against the flat list of values on the right.
import { convert, toStr } from '../convert.js';
import { hasTerm } from '../functions/strings.js';
import { type Dyn, type KType, type Val, dynEquals } from '../values.js';
import { mapDistinct } from '../operators/ids.js';
import { perDictValue } from '../dict-vectors.js';
import type { CExpr, Plan, Runtime } from './context.js';
import { comparer } from './operators-scalar.js';
import { typedIn } from './typed-membership.js';

/** A list item compiled: a scalar (a dynamic array spreads into its elements) or a sub-query's first column. */
export type ListItem = { kind: 'scalar'; expr: CExpr } | { kind: 'tabular'; plan: Plan };

type Values = (rt: Runtime) => { v: Val; t: KType }[];

export interface CompiledList {
  items: ListItem[];
  /** Whether the items are the list's own expressions (not the right side taken as one value). */
  listed: boolean;
  /** The values, when every item is fixed for the run. */
  get: Values;
  constant: boolean;
}

export function compileValueList(items: ListItem[], listed: boolean): CompiledList {
  const parts: Values[] = [];
  let constant = true;
  for (const it of items) {
    if (it.kind === 'tabular') {
      constant = false;
      parts.push(firstColumn(it.plan));
      continue;
    }
    const ce = it.expr;
    if (!ce.constant) return { items, listed, get: () => { throw new Error('non-constant list'); }, constant: false };
    const cf = ce.constant;
    parts.push((rt) => {
      const v = cf(rt);
      if (ce.type === 'dynamic' && Array.isArray(v)) return (v as Dyn[]).map((x) => ({ v: x as Val, t: 'dynamic' as KType }));
      return [{ v, t: ce.type }];
    });
  }
  return { items, listed, get: (rt) => parts.flatMap((p) => p(rt)), constant };
}

/** A sub-query's first column, once per run. */
function firstColumn(plan: Plan): Values {
  const key = {};
  return (rt) => {
    if (!rt.cache.has(key)) {
      const t = plan(rt);
      const c = t.cols[0];
      rt.cache.set(key, c ? c.data.map((v) => ({ v, t: c.type })) : []);
    }
    return rt.cache.get(key) as { v: Val; t: KType }[];
  };
}

/** A sub-query used as one value: its first cell. */
function firstCell(plan: Plan): CExpr {
  return {
    type: 'dynamic',
    ev: (t, rt) => {
      const r = plan(rt);
      const v = r.n && r.cols[0] ? r.cols[0].data[0]! : null;
      return new Array(t.n).fill(v);
    },
  };
}

export function compileIn(left: CExpr, list: CompiledList, negate: boolean, ci: boolean): CExpr {
  const lt = left.type;
  const rowItems = list.listed ? list.items : [];
  if (!list.constant && rowItems.some((it) => it.kind === 'scalar')) return compileRowIn(left, rowItems, negate, ci);
  const key = {};
  const setOf = (rt: Runtime): Set<unknown> => {
    let set = rt.cache.get(key) as Set<unknown> | undefined;
    if (!set) {
      set = new Set(list.get(rt).map(({ v, t: vt }) => normKey(v, vt, lt, ci)));
      rt.cache.set(key, set);
    }
    return set;
  };
  const boxed: CExpr = {
    type: 'bool',
    ev: (t, rt) => {
      const set = setOf(rt);
      const n = t.n;
      const test = (x: Val): boolean => set.has(ci ? (x as string).toLowerCase() : x) !== negate;
      const dict = lt === 'string' ? left.dict?.(t, rt) : undefined;
      if (dict) return perDictValue(dict, test);
      const l = left.ev(t, rt);
      const out = new Array(n);
      if (lt === 'string') {
        const byValue = mapDistinct(l, n, test, ci);
        if (byValue) return byValue;
        for (let i = 0; i < n; i++) out[i] = test(l[i]!);
      } else {
        for (let i = 0; i < n; i++) {
          const v = l[i]!;
          out[i] = v === null ? negate : set.has(normKey(v, lt, lt, ci)) !== negate;
        }
      }
      return out;
    },
  };
  return typedIn(left, setOf, negate, boxed);
}

/** A list whose values depend on the row: compared item by item. */
function compileRowIn(left: CExpr, items: ListItem[], negate: boolean, ci: boolean): CExpr {
  const lt = left.type;
  const exprs = items.map((it) => (it.kind === 'scalar' ? it.expr : firstCell(it.plan)));
  return {
    type: 'bool',
    ev: (t, rt) => {
      const l = left.ev(t, rt);
      const vs = exprs.map((e) => e.ev(t, rt));
      const out = new Array(t.n);
      for (let i = 0; i < t.n; i++) {
        let hit = false;
        for (let j = 0; j < vs.length && !hit; j++) hit = inEq(l[i]!, lt, vs[j]![i]!, exprs[j]!.type, ci);
        out[i] = hit !== negate;
      }
      return out;
    },
  };
}

function normKey(v: Val, vt: KType, target: KType, ci: boolean): unknown {
  if (v === null) return null;
  if (target === 'string' || target === 'guid' || target === 'dynamic') {
    if (target === 'dynamic' && typeof v === 'number') return v;
    const s = toStr(v, vt);
    return ci ? s.toLowerCase() : s;
  }
  if (target === 'datetime' || target === 'timespan') return typeof v === 'bigint' ? v : convert(v, vt, target);
  if (target === 'bool') return typeof v === 'boolean' ? v : convert(v, vt, target);
  const n = typeof v === 'number' ? v : convert(v, vt, 'real');
  return n;
}

function inEq(a: Val, at: KType, b: Val, bt: KType, ci: boolean): boolean {
  if (a === null || b === null) return false;
  if (at === 'string' || bt === 'string') {
    const x = toStr(a, at);
    const y = toStr(b, bt);
    return ci ? x.toLowerCase() === y.toLowerCase() : x === y;
  }
  if (at === 'dynamic' && bt === 'dynamic') return dynEquals(a as Dyn, b as Dyn);
  return comparer(at, bt)(a, b) === 0;
}

export function compileHasAny(left: CExpr, list: CompiledList, all: boolean): CExpr {
  const lt = left.type;
  const key = {};
  return {
    type: 'bool',
    ev: (t, rt) => {
      let needles = rt.cache.get(key) as string[] | undefined;
      if (!needles) {
        needles = list.get(rt).map(({ v, t: vt }) => toStr(v, vt).toLowerCase());
        rt.cache.set(key, needles);
      }
      const l = left.ev(t, rt);
      const out = new Array(t.n);
      for (let i = 0; i < t.n; i++) {
        const h = toStr(l[i]!, lt).toLowerCase();
        out[i] = all ? needles.length > 0 && needles.every((n) => hasTerm(h, n)) : needles.some((n) => hasTerm(h, n));
      }
      return out;
    },
  };
}

