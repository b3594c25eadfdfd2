// Scalar binary operators: arithmetic over numbers and ticks, comparisons, logic. Each builder returns a
// vectorised CExpr specialised on the operand types known at compile time.
import type { Table } from '../table.js';
import { decimalResult, toReal, toStr } from '../convert.js';
import { type Dyn, type KType, type Val, type Vec, dynEquals, isIntegral, isNum, isTick } from '../values.js';
import { type Long, addLong, divLong, intOf, modLong, mulLong, subLong } from '../long.js';
import type { CExpr, Runtime } from './context.js';
import { typedTicksScale, typedTicksSum } from './typed-arith.js';
import { COMPARISON_TESTS, typedComparison } from './typed-compare.js';
import { dictComparison } from './dict-compare.js';

type F2 = (a: Val, b: Val) => Val;

export function binary(l: CExpr, r: CExpr, type: KType, f: F2): CExpr {
  const ev = (t: Table, rt: Runtime): Vec => {
    const a = l.ev(t, rt);
    const b = r.ev(t, rt);
    const n = t.n;
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = f(a[i]!, b[i]!);
    return out;
  };
  const e: CExpr = { type, ev };
  if (l.constant && r.constant) {
    const lc = l.constant;
    const rc = r.constant;
    e.constant = (rt) => f(lc(rt), rc(rt));
  }
  return e;
}


function num(v: Val, t: KType): number | null {
  if (v === null) return null;
  if (isNum(t)) return typeof v === 'number' ? v : Number(v);
  if (isTick(t)) return Number(v as bigint);
  return toReal(v, t);
}

const big = (v: Val): bigint => (typeof v === 'bigint' ? v : BigInt(Math.trunc(v as number)));

function posMod(a: number, b: number): number {
  const m = a % b;
  return m < 0 ? m + Math.abs(b) : m;
}

const MAXDT = 3_155_378_975_999_999_999n;

function dtRange(v: bigint, type: KType): bigint | null {
  return type === 'datetime' && (v < 0n || v > MAXDT) ? null : v;
}

export function arith(op: string, l: CExpr, r: CExpr, type: KType): CExpr | undefined {
  const lt = l.type;
  const rt = r.type;
  if (isTick(lt) || isTick(rt)) {
    switch (op) {
      case 'Add':
        if (isTick(lt) && isTick(rt)) return typedTicksSum(op, l, r, type, binary(l, r, type, (a, b) => (a === null || b === null ? null : dtRange((a as bigint) + (b as bigint), type))));
        break;
      case 'Subtract':
        if (isTick(lt) && isTick(rt)) return typedTicksSum(op, l, r, type, binary(l, r, type, (a, b) => (a === null || b === null ? null : dtRange((a as bigint) - (b as bigint), type))));
        break;
      case 'Multiply': {
        const [tl, tr, swap] = isTick(lt) ? [l, r, false] : [r, l, true];
        const nt = swap ? lt : rt;
        const f = (t: Val, k: Val): Val => {
          if (t === null || k === null) return null;
          const kn = num(k, nt)!;
          if (Number.isInteger(kn)) return (t as bigint) * BigInt(kn);
          return BigInt(Math.round(Number(t as bigint) * kn));
        };
        void swap;
        return typedTicksScale(op, tl, tr, type, binary(tl, tr, type, f));
      }
      case 'Divide':
        if (isTick(lt) && isTick(rt)) return typedTicksScale(op, l, r, type, binary(l, r, type, (a, b) => (a === null || b === null ? null : Number(a as bigint) / Number(b as bigint))));
        if (isTick(lt)) {
          return typedTicksScale(op, l, r, type, binary(l, r, type, (a, b) => {
            if (a === null || b === null) return null;
            const k = num(b, rt)!;
            if (k === 0) return null;
            if (Number.isInteger(k)) return (a as bigint) / BigInt(k);
            return BigInt(Math.trunc(Number(a as bigint) / k));
          }));
        }
        break;
      case 'Modulo':
        if (isTick(lt) && isTick(rt)) return binary(l, r, type, (a, b) => { if (a === null || b === null || b === 0n) return null; const m = (a as bigint) % (b as bigint); return m < 0n ? m + ((b as bigint) < 0n ? -(b as bigint) : (b as bigint)) : m; });
        if (isTick(lt)) return binary(l, r, type, (a, b) => (a === null || b === null || b === 0 ? null : (a as bigint) % big(num(b, rt)!)));
        break;
    }
    return undefined;
  }
  if (type === 'decimal') {
    // Decimal is exact in Kusto: computed in doubles, then the nearest short decimal (0.1 + 0.2 == 0.3).
    const f = arith(op, { ...l, type: l.type === 'decimal' ? 'real' : l.type }, { ...r, type: r.type === 'decimal' ? 'real' : r.type }, 'real');
    if (!f) return undefined;
    return { type, ev: (t, rt) => f.ev(t, rt).map((v) => (typeof v === 'number' ? decimalResult(v) : v)) };
  }
  if (type === 'int' || type === 'long') return integral(op, l, r, type);
  const nl = (v: Val): number | null => num(v, lt);
  const nr = (v: Val): number | null => num(v, rt);
  const real = (f: (x: number, y: number) => number): CExpr =>
    binary(l, r, type, (a, b) => { const x = nl(a); const y = nr(b); return x === null || y === null ? null : f(x, y); });
  switch (op) {
    case 'Add': return real((x, y) => x + y);
    case 'Subtract': return real((x, y) => x - y);
    case 'Multiply': return real((x, y) => x * y);
    case 'Divide': return real((x, y) => x / y);
    case 'Modulo': return real(posMod);
  }
  return undefined;
}

const LONG_OPS: Record<string, (a: Long, b: Long) => Long | null> = {
  Add: addLong, Subtract: subLong, Multiply: mulLong, Divide: divLong, Modulo: modLong,
};

/** Exact 64-bit arithmetic (long.ts), an int result narrowed to 32 bits. */
function integral(op: string, l: CExpr, r: CExpr, type: 'int' | 'long'): CExpr | undefined {
  const f = LONG_OPS[op];
  if (!f) return undefined;
  if (type === 'int') return binary(l, r, type, (a, b) => { if (a === null || b === null) return null; const v = f(a as Long, b as Long); return v === null ? null : intOf(v); });
  return binary(l, r, type, (a, b) => (a === null || b === null ? null : f(a as Long, b as Long)));
}

/** Three-way comparison of two values of (possibly different) Kusto types; null when either is null. */
export function comparer(lt: KType, rt: KType): (a: Val, b: Val) => number | null {
  if (lt === rt && (isNum(lt) || lt === 'string' || lt === 'guid' || isTick(lt))) {
    return (a, b) => (a === null || b === null ? null : a < b ? -1 : a > b ? 1 : a === b ? 0 : null);
  }
  if (isNum(lt) && isNum(rt)) {
    // A long meets a real as a real (Kusto converts it), so 2^63 - 1 equals 9.223372036854776E+18. Ints
    // and longs compare as they are: JS orders a bigint and a number exactly, and equal longs are ===.
    if ((lt === 'long' && !isIntegral(rt)) || (rt === 'long' && !isIntegral(lt))) {
      return (a, b) => {
        if (a === null || b === null) return null;
        const x = typeof a === 'bigint' ? Number(a) : a;
        const y = typeof b === 'bigint' ? Number(b) : b;
        return x < y ? -1 : x > y ? 1 : x === y ? 0 : null;
      };
    }
    return (a, b) => (a === null || b === null ? null : a < b ? -1 : a > b ? 1 : a === b ? 0 : null);
  }
  if (isTick(lt) && isTick(rt)) return (a, b) => (a === null || b === null ? null : a < b ? -1 : a > b ? 1 : 0);
  if (lt === 'dynamic' || rt === 'dynamic') {
    return (a, b) => {
      if (a === null || b === null) return null;
      const x = lt === 'dynamic' ? a : toDynLike(a, lt);
      const y = rt === 'dynamic' ? b : toDynLike(b, rt);
      const xn = typeof x === 'number' || typeof x === 'bigint';
      const yn = typeof y === 'number' || typeof y === 'bigint';
      if (xn && yn) return x < y ? -1 : x > y ? 1 : 0;
      if (xn || yn) {
        const nx = toReal(x as Val, 'dynamic');
        const ny = toReal(y as Val, 'dynamic');
        if (nx === null || ny === null) return null;
        return nx < ny ? -1 : nx > ny ? 1 : 0;
      }
      if (typeof x === 'object' || typeof y === 'object') {
        // A string equals an array or bag whose JSON text it is, as with =~ (== is =~ made case-sensitive):
        // dynamic([]) == "[]" (test/engine/dynamic-string-equality.test.ts gives the sources).
        if (lt === 'string' || rt === 'string') return toStr(x as Val, 'dynamic') === toStr(y as Val, 'dynamic') ? 0 : null;
        return dynEquals(x as Dyn, y as Dyn) ? 0 : null;
      }
      const sx = toStr(x as Val, 'dynamic');
      const sy = toStr(y as Val, 'dynamic');
      return sx < sy ? -1 : sx > sy ? 1 : 0;
    };
  }
  if (lt === 'bool' && rt === 'bool') return (a, b) => (a === null || b === null ? null : a === b ? 0 : a ? 1 : -1);
  if (isNum(lt) && rt === 'bool') return (a, b) => (a === null || b === null ? null : cmpNum(a as number, b ? 1 : 0));
  if (lt === 'bool' && isNum(rt)) return (a, b) => (a === null || b === null ? null : cmpNum(a ? 1 : 0, b as number));
  return (a, b) => {
    if (a === null || b === null) return null;
    const x = toStr(a, lt);
    const y = toStr(b, rt);
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

const cmpNum = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : 0);

function toDynLike(v: Val, t: KType): Val {
  if (isTick(t)) return toStr(v, t);
  return v;
}

export function comparison(op: string, l: CExpr, r: CExpr): CExpr | undefined {
  const cmp = comparer(l.type, r.type);
  const p = COMPARISON_TESTS[op];
  if (!p) return undefined;
  if (op === 'Equal' || op === 'NotEqual') {
    const eq = op === 'Equal';
    // Equality with NaN and across kinds of dynamic values is decided by value identity.
    // Equality of a value with null is decided (false for ==, true for !=); null with null is null.
    // Two dynamic arrays are not comparable: the real engine fails the query at run time.
    const dynamics = l.type === 'dynamic' && r.type === 'dynamic';
    const equal = (a: Val, b: Val): Val => {
      if (a === null || b === null) return a === b ? null : !eq;
      if (dynamics && Array.isArray(a) && Array.isArray(b)) {
        throw new Error(`${eq ? '==' : '!='} cannot compare two dynamic arrays; compare their text (tostring()) or use set_difference()`);
      }
      const c = cmp(a, b);
      if (c === null) return !eq;
      return eq ? c === 0 : c !== 0;
    };
    return dictComparison(l, r, equal, typedComparison(op, l, r, binary(l, r, 'bool', equal)));
  }
  // Ordering against NaN is false; against null it is null.
  const order = (a: Val, b: Val): Val => {
    if (a === null || b === null) return null;
    const c = cmp(a, b);
    return c === null ? false : p(c);
  };
  return dictComparison(l, r, order, typedComparison(op, l, r, binary(l, r, 'bool', order)));
}

export function logical(op: 'And' | 'Or', l: CExpr, r: CExpr): CExpr {
  if (op === 'And') {
    return binary(l, r, 'bool', (a, b) => (a === false || b === false ? false : a === null || b === null ? null : true));
  }
  return binary(l, r, 'bool', (a, b) => (a === true || b === true ? true : a === null || b === null ? null : false));
}
