// Binary operators (arithmetic, comparison, string predicates, regex matches) and between.
import { toStr } from '../convert.js';
import { regex } from '../functions/regex.js';
import { stringOps } from '../functions/strings.js';
import type { Span } from '../errors.js';
import type { KType, Val } from '../values.js';
import { mapDistinct } from '../operators/ids.js';
import { perDictValue } from '../dict-vectors.js';
import { type CExpr, fail } from './context.js';
import { arith, binary, comparer, comparison, logical } from './operators-scalar.js';
import { typedBetween } from './typed-membership.js';

const ARITH = new Set(['Add', 'Subtract', 'Multiply', 'Divide', 'Modulo']);

/** `op`: Kusto.Language's OperatorKind name. */
export function compileBinary(node: Span, op: string, l: CExpr, r: CExpr, rightAt: Span, type: KType): CExpr {
  if (op === 'And' || op === 'Or') return logical(op, l, r);
  if (ARITH.has(op) && (l.type === 'dynamic' || r.type === 'dynamic')) {
    // The real engine rejects arithmetic on dynamic values; convert them explicitly (toint(), todouble()).
    return fail(node, `operator ${op} is not defined for dynamic operands: convert with toint(), tolong() or todouble()`);
  }
  const a = arith(op, l, r, type);
  if (a) return a;
  const c = comparison(op, l, r);
  if (c) return c;
  const so = stringOps[op];
  if (so) return stringPredicate(l, r, so.ci, so.neg, so.f);
  if (op === 'MatchRegex' || op === 'MatchesRegex') {
    checkRegex(rightAt, r);
    return binary(l, r, 'bool', (a1, b1) => regex(toStr(b1!, r.type)).test(toStr(a1!, l.type)));
  }
  return fail(node, `unsupported operator: ${op}`);
}

/** A constant pattern RE2 cannot compile (lookaround, backreferences) is a compile-time error. */
function checkRegex(node: Span, e: CExpr | undefined): void {
  if (!e?.constant) return;
  let pattern: Val;
  try {
    pattern = e.constant({ now: 0n, tables: {}, functions: {}, cache: new Map() });
  } catch {
    return;
  }
  if (typeof pattern !== 'string') return;
  try {
    regex(pattern);
  } catch (err) {
    fail(node, `invalid regular expression (RE2 syntax): ${(err as Error).message}`);
  }
}

function stringPredicate(l: CExpr, r: CExpr, ci: boolean, neg: boolean, f: (h: string, n: string) => boolean): CExpr {
  const lt = l.type;
  const rt = r.type;
  if (r.constant) {
    // The needle is fixed for the run: lower it once and loop over the haystacks.
    const rc = r.constant;
    return {
      type: 'bool',
      ev: (t, rtm) => {
        let needle = toStr(rc(rtm), rt);
        if (ci) needle = needle.toLowerCase();
        const n = t.n;
        const test = (x: Val): boolean => f(ci ? (x as string).toLowerCase() : (x as string), needle) !== neg;
        const dict = lt === 'string' ? l.dict?.(t, rtm) : undefined;
        if (dict) return perDictValue(dict, test);
        const h = l.ev(t, rtm);
        const out = new Array(n);
        if (lt === 'string') {
          const byValue = mapDistinct(h, n, test, ci);
          if (byValue) return byValue;
          for (let i = 0; i < n; i++) out[i] = test(h[i]!);
        } else {
          for (let i = 0; i < n; i++) {
            const s = toStr(h[i]!, lt);
            out[i] = f(ci ? s.toLowerCase() : s, needle) !== neg;
          }
        }
        return out;
      },
    };
  }
  return binary(l, r, 'bool', (a, b) => {
    let h = toStr(a, lt);
    let n = toStr(b, rt);
    if (ci) {
      h = h.toLowerCase();
      n = n.toLowerCase();
    }
    return f(h, n) !== neg;
  });
}

export function compileBetween(v: CExpr, lo: CExpr, hi: CExpr, negate: boolean): CExpr {
  // `x between (a .. b)` where b is a timespan and a a datetime means (a .. a+b).
  const hiIsSpan = hi.type === 'timespan' && lo.type === 'datetime';
  const c1 = comparer(v.type, lo.type);
  const c2 = comparer(v.type, hiIsSpan ? 'datetime' : hi.type);
  return typedBetween(v, lo, hi, hiIsSpan, negate, {
    type: 'bool',
    ev: (t, rt) => {
      const a = v.ev(t, rt);
      const b = lo.ev(t, rt);
      const d = hi.ev(t, rt);
      const out = new Array(t.n);
      for (let i = 0; i < t.n; i++) {
        const hv = hiIsSpan && b[i] !== null && d[i] !== null ? (b[i] as bigint) + (d[i] as bigint) : d[i]!;
        const x = c1(a[i]!, b[i]!);
        const y = c2(a[i]!, hv);
        out[i] = x === null || y === null ? null : (x >= 0 && y <= 0) !== negate;
      }
      return out;
    },
  });
}

