// Search predicates: bare terms matched against every column, `column : term`, and `* op x`.
import { toStr } from '../convert.js';
import { hasTerm, stringOps } from '../functions/strings.js';
import type { Span } from '../errors.js';
import type { Table } from '../table.js';
import { type CExpr, fail } from './context.js';
import { unary } from './expr-util.js';

/** A search term: `x*` is a term prefix, `*x` a suffix, `*x*` a substring, otherwise a whole term. */
function termMatcher(term: string, cs: boolean): (h: string) => boolean {
  let t = cs ? term : term.toLowerCase();
  const pre = t.endsWith('*');
  const suf = t.startsWith('*');
  t = t.replace(/^\*|\*$/g, '');
  if (pre && suf) return (h) => h.includes(t);
  if (pre) return (h) => hasTerm(h, t, true);
  if (suf) return (h) => hasTerm(h, t, false, true);
  return (h) => hasTerm(h, t);
}

/** Whether any searchable column of each row satisfies `pred` (which gets the lowered text unless `cs`). */
function anyColumn(t: Table, pred: (s: string) => boolean, lower: boolean): boolean[] {
  const out = new Array<boolean>(t.n).fill(false);
  for (const c of t.cols) {
    if (c.name === '_IngestionTime' || c.name < '\u0002') continue;
    for (let i = 0; i < t.n; i++) {
      if (out[i]) continue;
      const s = toStr(c.data[i]!, c.type);
      if (pred(lower ? s.toLowerCase() : s)) out[i] = true;
    }
  }
  return out;
}

/** A bare term: true when any column has it. */
export function compileTerm(text: string, cs: boolean): CExpr {
  const m = termMatcher(text, cs);
  return { type: 'bool', ev: (t) => anyColumn(t, m, !cs) };
}

/** `column : term`. */
export function compileSearchHas(left: CExpr, term: string, cs: boolean): CExpr {
  const m = termMatcher(term, cs);
  return unary(left, 'bool', (v) => { const s = toStr(v, left.type); return m(cs ? s : s.toLowerCase()); });
}

/** `* op x` (where * has "x"): true when any column satisfies op; negated operators need all to. */
export function compileStarPredicate(at: Span, op: string, r: CExpr): CExpr {
  const so = stringOps[op];
  if (!so) return fail(at, `unsupported use of * with ${op}`);
  if (!r.constant) return fail(at, 'the value compared with * must be a constant');
  const rc = r.constant;
  return {
    type: 'bool',
    ev: (t, rt) => {
      let needle = toStr(rc(rt), r.type);
      if (so.ci) needle = needle.toLowerCase();
      const out = anyColumn(t, (s) => so.f(s, needle), so.ci);
      return so.neg ? out.map((x) => !x) : out;
    },
  };
}
