// Comparisons of a dictionary-encoded string column with a value fixed for the run (ResultType != "0"):
// the comparison runs once per distinct value, and each row reads its code's answer.
import { perDictValue } from '../dict-vectors.js';
import type { Val } from '../values.js';
import type { CExpr } from './context.js';

/** `general` with a dictionary path for `column OP constant` (either side); `f` compares two values. */
export function dictComparison(l: CExpr, r: CExpr, f: (a: Val, b: Val) => Val, general: CExpr): CExpr {
  const [column, fixed, g] = l.dict && r.constant ? [l, r, f] : r.dict && l.constant ? [r, l, (a: Val, b: Val) => f(b, a)] : [];
  if (!column || !fixed || !g) return general;
  const dict = column.dict!;
  const constant = fixed.constant!;
  return {
    ...general,
    ev: (t, rt) => {
      const d = dict(t, rt);
      if (!d) return general.ev(t, rt);
      const k = constant(rt);
      return perDictValue(d, (x) => g(x, k));
    },
  };
}
