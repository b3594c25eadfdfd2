// Comparisons of a typed column with a value fixed for the run (TimeGenerated > ago(1d), Count >= 5),
// read from the column's typed arrays without boxing a value per row. Anything else (both sides
// varying, a boxed column, a long beyond the safe integers against reals) takes the general path.
import { type Val, isNum, isTick } from '../values.js';
import { type TypedVec, compareWords, isNullAt, wordsOf } from '../vectors.js';
import type { CExpr } from './context.js';

/** Each comparison operator (Kusto.Language's OperatorKind) as a test of a three-way comparison. */
export const COMPARISON_TESTS: Record<string, (c: number) => boolean> = {
  Equal: (c) => c === 0,
  NotEqual: (c) => c !== 0,
  LessThan: (c) => c < 0,
  LessThanOrEqual: (c) => c <= 0,
  GreaterThan: (c) => c > 0,
  GreaterThanOrEqual: (c) => c >= 0,
};

const MIRROR: Record<string, string> = {
  Equal: 'Equal', NotEqual: 'NotEqual', LessThan: 'GreaterThan', LessThanOrEqual: 'GreaterThanOrEqual',
  GreaterThan: 'LessThan', GreaterThanOrEqual: 'LessThanOrEqual',
};


/** `general` computes the same comparison boxed; it runs when the values turn out not to be typed. */
export function typedComparison(op: string, l: CExpr, r: CExpr, general: CExpr): CExpr {
  const [column, fixed, o] = l.typed && r.constant ? [l, r, op] : r.typed && l.constant ? [r, l, MIRROR[op]!] : [];
  const comparable = column && fixed && ((isTick(column.type) && column.type === fixed.type) || (isNum(column.type) && isNum(fixed.type)));
  if (!comparable) return general;
  const typed = column.typed!;
  const constant = fixed.constant!;
  const test = COMPARISON_TESTS[o!]!;
  const eq = o === 'Equal' ? true : o === 'NotEqual' ? false : undefined;
  return {
    type: 'bool',
    ev: (t, rt) => {
      const v = typed(t, rt);
      const k = constant(rt);
      const out = v && k !== null ? compareTyped(v, k, test, eq) : undefined;
      return out ?? general.ev(t, rt);
    },
  };
}

/** Each row against k; null rows are null for an ordering, unequal for == and != (as comparison() does). */
function compareTyped(v: TypedVec, k: Val, test: (c: number) => boolean, eq: boolean | undefined): Val[] | undefined {
  const n = v.values.length;
  const out = new Array<Val>(n);
  const nulls = v.nulls;
  const whenNull = eq === undefined ? null : !eq;
  if (v.kind === 'f64') {
    if (typeof k !== 'number') return undefined;
    const values = v.values;
    for (let i = 0; i < n; i++) {
      if (isNullAt(nulls, i)) { out[i] = whenNull; continue; }
      const x = values[i]!;
      // NaN is unequal to everything and unordered: every comparison with it is false but !=.
      out[i] = x < k ? test(-1) : x > k ? test(1) : x === k ? test(0) : eq === false;
    }
    return out;
  }
  if (typeof k !== 'bigint' && !Number.isSafeInteger(k)) return undefined;
  const [hi, lo] = wordsOf(BigInt(k as bigint | number));
  const words = v.words;
  for (let i = 0; i < n; i++) out[i] = isNullAt(nulls, i) ? whenNull : test(compareWords(words, i, hi, lo));
  return out;
}
