// Compiles Kusto.Language's bound scalar expressions into vectorised closures (CExpr). Dispatch is on the
// syntax kind and on the bound result types, never on re-parsed text.
import { convert, toStr } from '../convert.js';
import { builtinFunctions } from '../functions/index.js';
import type { CallInfo } from '../functions/lift.js';
import { hasTerm, stringOps, validateRegexArg } from '../functions/strings.js';
import { regex } from '../functions/regex.js';
import { type SNode, child, kindName, listItems, resultType, simpleName, symbolKind } from '../syntax.js';
import { col, type Table } from '../table.js';
import {
  type Dyn, type KType, type Val,
  parseDatetime, parseGuid, parseTimespan, parseJsonLoose, dynEquals,
} from '../values.js';
import { type CExpr, type Cx, type Runtime, Scope, constExpr, constVec, fail } from './context.js';
import { arith, binary, comparer, comparison, logical } from './operators-scalar.js';

export { resultType as typeOf };

export function literalValue(node: SNode, type: KType): Val {
  const info = node['LiteralValueInfo'] as { ValueText: string } | null;
  const text = info ? info.ValueText : node.toString().trim();
  if (text === 'null' && type !== 'string') return null;
  switch (type) {
    case 'string': return text;
    case 'bool': return text.toLowerCase() === 'true';
    case 'int': case 'long': case 'real': case 'decimal': {
      const t = text.trim().toLowerCase();
      if (t === 'nan') return NaN;
      if (t === '+inf' || t === 'inf') return Infinity;
      if (t === '-inf') return -Infinity;
      if (/^0x/i.test(t)) return Number(BigInt(t));
      // A long literal past 2^63-1 is an error in the real engine, even negated (-9223372036854775808).
      if (kindName(node) === 'LongLiteralExpression' && /^\+?\d+$/.test(t) && BigInt(t) > 9223372036854775807n) {
        return fail(node, `long literal out of range: ${t}`);
      }
      return Number(t);
    }
    case 'datetime': return parseDatetime(text);
    case 'timespan': return parseTimespan(text);
    case 'guid': return parseGuid(text);
    case 'dynamic': return parseJsonLoose(text) as Val;
  }
}

/** Evaluates a dynamic literal from its JSON syntax (which KQL lets contain datetime(...), 'quotes', ...). */
export function jsonValue(node: SNode): Dyn {
  const k = kindName(node);
  if (k === 'DynamicExpression') {
    const e = child(node, 'Expression');
    return e ? jsonValue(e) : null;
  }
  if (k === 'JsonArrayExpression') return listItems(node, 'Values').map(jsonValue);
  if (k === 'JsonObjectExpression') {
    const o: { [key: string]: Dyn } = {};
    for (const p of listItems(node, 'Pairs')) {
      const name = child(p, 'Name');
      const key = name ? (name.IsToken ? name.ValueText : (literalValue(name, 'string') as string)) : '';
      o[key] = jsonValue(child(p, 'Value')!);
    }
    return o;
  }
  if (k === 'NullLiteralExpression') return null;
  const t = resultType(node);
  const v = literalValue(node, t);
  if (typeof v === 'bigint') return toStr(v, t);
  return v as Dyn;
}

function boolOf(v: Val): boolean | null {
  return v === null ? null : Boolean(v);
}

export function compileExpr(node: SNode, cx: Cx): CExpr {
  const k = kindName(node);
  const type = resultType(node);
  if (cx.hooks.search || k === 'SearchExpression') {
    const s = compileSearchPart(node, k, type, cx);
    if (s) return s;
  }
  if (k !== 'StarExpression' && node['Left'] && kindName(node['Left'] as SNode) === 'StarExpression') return compileStarPredicate(node, cx);
  switch (k) {
    case 'ParenthesizedExpression':
      return compileExpr(child(node, 'Expression')!, cx);
    case 'LongLiteralExpression': case 'IntLiteralExpression': case 'RealLiteralExpression':
    case 'DecimalLiteralExpression': case 'StringLiteralExpression': case 'BooleanLiteralExpression':
    case 'DateTimeLiteralExpression': case 'TimespanLiteralExpression': case 'GuidLiteralExpression':
    case 'CompoundStringLiteralExpression':
      return constExpr(type, literalValue(node, type));
    case 'NullLiteralExpression':
      return constExpr('dynamic', null);
    case 'DynamicExpression':
      return constExpr('dynamic', jsonValue(node) as Val);
    case 'NameReference':
      return compileName(node, cx, type);
    case 'BracketedName':
      return compileName(node, cx, type);
    case 'UnaryMinusExpression': {
      const e = compileExpr(child(node, 'Expression')!, cx);
      return unary(e, type, (v) => (v === null ? null : typeof v === 'bigint' ? -v : -(v as number)));
    }
    case 'UnaryPlusExpression':
      return compileExpr(child(node, 'Expression')!, cx);
    case 'PathExpression':
      return compilePath(node, cx, type);
    case 'ElementExpression':
      return compileElement(node, cx, type);
    case 'FunctionCallExpression':
      return compileCall(node, cx, type);
    case 'BetweenExpression': case 'NotBetweenExpression':
      return compileBetween(node, cx, k === 'NotBetweenExpression');
    case 'InExpression': case 'InCsExpression': case 'NotInExpression': case 'NotInCsExpression':
      return compileIn(node, cx, k);
    case 'HasAnyExpression': case 'HasAllExpression':
      return compileHasAny(node, cx, k === 'HasAllExpression');
    case 'ToScalarExpression':
      return compileToScalar(child(node, 'Expression')!, cx, type);
    case 'StarExpression':
      return fail(node, 'unsupported use of *');
    case 'TypeOfLiteralExpression':
      // typeof(int) as an argument (extract's result type): the call's bound result type carries it.
      return constExpr('string', node.toString().trim());
    case 'SimpleNamedExpression':
      return compileExpr(child(node, 'Expression')!, cx);
  }
  if (node.ResultType && node['Left'] && node['Right'] && node['Operator']) return compileBinary(node, cx, type);
  return fail(node, `unsupported expression: ${k} '${short(node)}'`);
}

export function short(node: SNode): string {
  const s = node.toString().trim().replace(/\s+/g, ' ');
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

function unary(e: CExpr, type: KType, f: (v: Val) => Val): CExpr {
  const r: CExpr = {
    type,
    ev: (t, rt) => e.ev(t, rt).map(f),
  };
  if (e.constant) {
    const c = e.constant;
    r.constant = (rt) => f(c(rt));
  }
  return r;
}

function compileName(node: SNode, cx: Cx, type: KType): CExpr {
  const sym = node.ReferencedSymbol;
  const name = sym?.Name ?? simpleName(node);
  const sk = sym ? symbolKind(sym) : 'Column';
  if (sk === 'Column') {
    return {
      type,
      ev: (t) => {
        const c = col(t, name);
        if (!c) return constVec(type === 'string' ? '' : null, t.n);
        return c.type === type ? c.data : c.data.map((v) => convert(v, c.type, type));
      },
    };
  }
  const b = cx.scope.get(name);
  if (b && b.kind === 'scalar') return b.expr;
  if (b && b.kind === 'tabular') {
    // A tabular let used as a scalar (single column, single row), e.g. in `x in (T)` handled by callers.
    const plan = b.plan;
    return { type, ev: (t, rt) => constVec(firstCell(plan(rt)), t.n) };
  }
  if (sk === 'Function' && sym) {
    return compileCall(node, cx, type);
  }
  return fail(node, `unknown name '${name}'`);
}

function firstCell(t: Table): Val {
  if (t.n === 0 || t.cols.length === 0) return null;
  return t.cols[0]!.data[0]!;
}

function compileToScalar(tab: SNode, cx: Cx, type: KType): CExpr {
  const rtType = tab.ResultType;
  if (!rtType || symbolKind(rtType) !== 'Table') return hoist(coerce(compileExpr(tab, cx), type));
  const plan = cx.tabular(tab, cx.scope);
  const key = {};
  const get = (rt: Runtime): Val => {
    if (!rt.cache.has(key)) {
      const t = plan(rt);
      const c = t.cols[0];
      rt.cache.set(key, t.n && c ? convert(c.data[0]!, c.type, type) : null);
    }
    return rt.cache.get(key) as Val;
  };
  return { type, ev: (t, rt) => constVec(get(rt), t.n), constant: get };
}

// ---------- search ----------

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

function anyColumn(pred: (h: string) => boolean, cs: boolean): CExpr {
  return {
    type: 'bool',
    ev: (t) => {
      const out = new Array(t.n).fill(false);
      for (const c of t.cols) {
        if (c.name === '_IngestionTime' || c.name < '\u0002') continue;
        for (let i = 0; i < t.n; i++) {
          if (out[i]) continue;
          const s = toStr(c.data[i]!, c.type);
          if (pred(cs ? s : s.toLowerCase())) out[i] = true;
        }
      }
      return out;
    },
  };
}

function compileSearchPart(node: SNode, k: string, type: KType, cx: Cx): CExpr | undefined {
  const cs = cx.hooks.search?.caseSensitive ?? false;
  if (type === 'bool' && node.ResultType && /LiteralExpression$/.test(k) && k !== 'BooleanLiteralExpression') {
    const info = node['LiteralValueInfo'] as { ValueText: string } | null;
    return anyColumn(termMatcher(info ? info.ValueText : node.toString().trim(), cs), cs);
  }
  if (k === 'SearchExpression') {
    const c = compileExpr(child(node, 'Left')!, cx);
    const term = literalValue(child(node, 'Right')!, 'string') as string;
    const m = termMatcher(term, cs);
    return unary(c, 'bool', (v) => { const s = toStr(v, c.type); return m(cs ? s : s.toLowerCase()); });
  }
  if (k === 'FunctionCallExpression' && simpleName(child(node, 'Name')) === 'not') {
    const a = argNodes(node)[0];
    if (a && kindName(a) === 'StringLiteralExpression') {
      const inner = anyColumn(termMatcher(literalValue(a, 'string') as string, cs), cs);
      return unary(inner, 'bool', (v) => !v);
    }
  }
  return undefined;
}

/** `* op x` (where * has "x"): true when any column satisfies op; negated operators need all to. */
function compileStarPredicate(node: SNode, cx: Cx): CExpr {
  const op = opName(node);
  const so = stringOps[op];
  if (!so) return fail(node, `unsupported use of * with ${op}`);
  const r = compileExpr(child(node, 'Right')!, cx);
  if (!r.constant) return fail(node, 'the value compared with * must be a constant');
  const rc = r.constant;
  return {
    type: 'bool',
    ev: (t, rt) => {
      let needle = toStr(rc(rt), r.type);
      if (so.ci) needle = needle.toLowerCase();
      const out = new Array(t.n).fill(false);
      for (const c of t.cols) {
        if (c.name === '_IngestionTime' || c.name < '\u0002') continue;
        for (let i = 0; i < t.n; i++) {
          if (out[i]) continue;
          const s = toStr(c.data[i]!, c.type);
          if (so.f(so.ci ? s.toLowerCase() : s, needle)) out[i] = true;
        }
      }
      return so.neg ? out.map((x) => !x) : out;
    },
  };
}

/** Columns an extend is adding are hidden from pack_all (which packs the operator's input row). */
export const EXTEND_NEW = '\u0001';

/** Column name prefix under which scan exposes the previous step state. */
export const SCAN_STATE = '\u0000state.';

// ---------- dynamic access ----------

export function member(v: Val, key: string | number): Val {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'string' && (v.startsWith('{') || v.startsWith('['))) {
      const parsed = parseJsonLoose(v);
      return typeof parsed === 'object' && parsed !== null ? member(parsed as Val, key) : null;
    }
    return null;
  }
  if (Array.isArray(v)) {
    if (typeof key !== 'number') return null;
    const i = key < 0 ? v.length + key : key;
    const r = v[i];
    return r === undefined ? null : (r as Val);
  }
  const r = (v as { [k: string]: Dyn })[String(key)];
  return r === undefined ? null : (r as Val);
}

function compilePath(node: SNode, cx: Cx, type: KType): CExpr {
  const base = child(node, 'Expression')!;
  const sel = child(node, 'Selector')!;
  // x.[expr] selects by a computed key, as x[expr] does.
  if (kindName(sel) === 'BracketedExpression') return compileElement(node, cx, type);
  const key = simpleName(sel).replace(/^\[['"]?|['"]?\]$/g, '');
  const bk = kindName(base);
  const bname = bk === 'NameReference' ? simpleName(base) : '';
  if (bname && bname === cx.hooks.scanStep) {
    const stateCol = SCAN_STATE + key;
    return { type, ev: (t) => col(t, stateCol)?.data ?? constVec(null, t.n) };
  }
  if ((bname === '$left' || bname === '$right') && cx.hooks.side) return cx.hooks.side(bname === '$left' ? 'left' : 'right', key, node);
  const bs = base.ReferencedSymbol;
  if (bs && (symbolKind(bs) === 'Table' || symbolKind(bs) === 'Tuple')) {
    return compileName(sel, cx, type);
  }
  const b = compileExpr(base, cx);
  return unary(b, 'dynamic', (v) => member(v, key));
}

function compileElement(node: SNode, cx: Cx, _type: KType): CExpr {
  const base = compileExpr(child(node, 'Expression')!, cx);
  const sel = child(node, 'Selector')!;
  const idx = compileExpr(child(sel, 'Expression') ?? sel, cx);
  return binary(base, idx, 'dynamic', (v, i) => {
    if (i === null) return null;
    if (typeof i === 'number') return member(v, i);
    return member(v, String(i));
  });
}

// ---------- binary ----------

function opName(node: SNode): string {
  const sym = node.ReferencedSymbol as { OperatorKind?: number } | null;
  if (sym && typeof sym.OperatorKind === 'number') {
    return operatorKindName(sym.OperatorKind);
  }
  return kindName(node).replace(/Expression$/, '');
}

let opKinds: Map<number, string> | undefined;
function operatorKindName(k: number): string {
  if (!opKinds) {
    const sys = (globalThis as unknown as { System: { Enum: { getName(t: unknown, v: number): string } } }).System;
    const K = (globalThis as unknown as { Kusto: { Language: { Symbols: { OperatorKind: Record<string, unknown> } } } }).Kusto;
    const e = K.Language.Symbols.OperatorKind;
    opKinds = new Map();
    for (const [name, v] of Object.entries(e)) if (typeof v === 'number') opKinds.set(v, sys.Enum.getName(e, v) ?? name);
  }
  return opKinds.get(k) ?? String(k);
}

const ARITH = new Set(['Add', 'Subtract', 'Multiply', 'Divide', 'Modulo']);

function compileBinary(node: SNode, cx: Cx, type: KType): CExpr {
  const op = opName(node);
  const l = compileExpr(child(node, 'Left')!, cx);
  const r = compileExpr(child(node, 'Right')!, cx);
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
    checkRegex(child(node, 'Right')!, r);
    return binary(l, r, 'bool', (a1, b1) => regex(toStr(b1!, r.type)).test(toStr(a1!, l.type)));
  }
  if (op === 'Like' || op === 'NotLike' || op === 'LikeCs' || op === 'NotLikeCs') {
    return fail(node, `unsupported operator: ${op}`);
  }
  return fail(node, `unsupported operator: ${op} in '${short(node)}'`);
}

/** A constant pattern RE2 cannot compile (lookaround, backreferences) is a compile-time error. */
export function checkRegex(node: SNode, e: CExpr | undefined): void {
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
        const h = l.ev(t, rtm);
        const n = t.n;
        const out = new Array(n);
        if (lt === 'string') {
          for (let i = 0; i < n; i++) {
            const s = h[i] as string;
            out[i] = f(ci ? s.toLowerCase() : s, needle) !== neg;
          }
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

function compileBetween(node: SNode, cx: Cx, negate: boolean): CExpr {
  const v = compileExpr(child(node, 'Left')!, cx);
  const couple = child(node, 'Right')!;
  const lo = compileExpr(child(couple, 'First')!, cx);
  const hi = compileExpr(child(couple, 'Second')!, cx);
  // `x between (a .. b)` where b is a timespan and a a datetime means (a .. a+b).
  const hiIsSpan = hi.type === 'timespan' && lo.type === 'datetime';
  const c1 = comparer(v.type, lo.type);
  const c2 = comparer(v.type, hiIsSpan ? 'datetime' : hi.type);
  return {
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
  };
}

/** The flat list of values on the right of in/has_any: literals, dynamic arrays, or a subquery's first column. */
function compileValueList(listNode: SNode, cx: Cx): { get: (rt: Runtime) => { v: Val; t: KType }[]; constant: boolean } {
  const exprs = listItems(listNode, 'Expressions');
  const parts: ((rt: Runtime) => { v: Val; t: KType }[])[] = [];
  let constant = true;
  const nodes = exprs.length ? exprs : [listNode];
  for (const e of nodes) {
    const rtType = e.ResultType;
    if (rtType && (symbolKind(rtType) === 'Table' || symbolKind(rtType) === 'Tuple' || (rtType.Columns && rtType.Columns.Count >= 0 && symbolKind(rtType) !== 'Scalar' && !['bool','int','long','real','decimal','string','datetime','timespan','guid','dynamic'].includes(rtType.Name)))) {
      if (symbolKind(rtType) === 'Table') {
        const plan = cx.tabular(e, cx.scope);
        constant = false;
        const key = {};
        parts.push((rt) => {
          if (!rt.cache.has(key)) {
            const t = plan(rt);
            const c = t.cols[0];
            rt.cache.set(key, c ? c.data.map((v) => ({ v, t: c.type })) : []);
          }
          return rt.cache.get(key) as { v: Val; t: KType }[];
        });
        continue;
      }
    }
    const ce = compileExpr(e, cx);
    if (!ce.constant) {
      return { get: () => { throw new Error('non-constant list'); }, constant: false };
    }
    const cf = ce.constant;
    parts.push((rt) => {
      const v = cf(rt);
      if (ce.type === 'dynamic' && Array.isArray(v)) return (v as Dyn[]).map((x) => ({ v: x as Val, t: 'dynamic' as KType }));
      return [{ v, t: ce.type }];
    });
  }
  return { get: (rt) => parts.flatMap((p) => p(rt)), constant };
}

function compileIn(node: SNode, cx: Cx, k: string): CExpr {
  const left = compileExpr(child(node, 'Left')!, cx);
  const negate = k.startsWith('Not');
  // Kusto.Language names `in~` InCs (sic); the case-insensitive form is the *Cs kind.
  const ci = k === 'InCsExpression' || k === 'NotInCsExpression';
  const rightNode = child(node, 'Right')!;
  const list = compileValueList(rightNode, cx);
  const lt = left.type;
  const items = listItems(rightNode, 'Expressions');
  if (!list.constant && items.some((e) => { const c = e.ResultType; return !(c && symbolKind(c) === 'Table'); })) {
    const exprs = items.map((e) => compileExpr(e, cx));
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
  const key = {};
  return {
    type: 'bool',
    ev: (t, rt) => {
      let set = rt.cache.get(key) as Set<unknown> | undefined;
      if (!set) {
        set = new Set(list.get(rt).map(({ v, t: vt }) => normKey(v, vt, lt, ci)));
        rt.cache.set(key, set);
      }
      const l = left.ev(t, rt);
      const n = t.n;
      const out = new Array(n);
      if (lt === 'string') {
        for (let i = 0; i < n; i++) out[i] = set.has(ci ? (l[i] as string).toLowerCase() : l[i]) !== negate;
      } else {
        for (let i = 0; i < n; i++) {
          const v = l[i]!;
          out[i] = v === null ? negate : set.has(normKey(v, lt, lt, ci)) !== negate;
        }
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

function compileHasAny(node: SNode, cx: Cx, all: boolean): CExpr {
  const left = compileExpr(child(node, 'Left')!, cx);
  const list = compileValueList(child(node, 'Right')!, cx);
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

// ---------- calls ----------

function argNodes(call: SNode): SNode[] {
  const al = child(call, 'ArgumentList');
  return al ? listItems(al, 'Expressions') : [];
}

function compileCall(node: SNode, cx: Cx, type: KType): CExpr {
  const nameNode = child(node, 'Name');
  const name = nameNode ? simpleName(nameNode) : simpleName(node);
  const sym = node.ReferencedSymbol;
  if (cx.hooks.aggregate) {
    const agg = cx.hooks.aggregate(node, name);
    if (agg) return agg;
  }
  const userBinding = cx.scope.get(name);
  if (userBinding && userBinding.kind === 'function') return compileUserCall(node, cx, type);
  const expansion = typeof node['GetExpansion'] === 'function' ? (node['GetExpansion'] as () => SNode | null).call(node) : null;
  if (expansion && !builtinFunctions[name]) return compileUserCall(node, cx, type);
  const args = argNodes(node);
  const special = specialCall(name, node, args, cx, type);
  if (special) return special;
  const impl = builtinFunctions[name];
  if (!impl) return fail(node, `unsupported function: ${name}()`);
  const info: CallInfo = { node, name, ret: type, args: args.map((a) => compileExpr(a, cx)), argNodes: args };
  void sym;
  validateRegexArg(info);
  return impl(info);
}

/** User functions (let f = (a) { ... }) run as their bound expansion with parameters as scalar lets. */
function compileUserCall(node: SNode, cx: Cx, type: KType): CExpr {
  const body = (node['GetExpansion'] as () => SNode | null).call(node);
  if (!body) return fail(node, 'cannot expand function call');
  const scope = bindParameters(node, cx);
  const inner: Cx = { ...cx, scope };
  const stmts = listItems(body, 'Statements');
  for (const s of stmts) {
    if (kindName(s) === 'LetStatement') bindLet(s, inner);
  }
  const e = child(body, 'Expression');
  if (!e) return fail(node, 'function body has no expression');
  const r = compileExpr(e, inner);
  return r.type === type ? r : coerce(r, type);
}

/** `skip`: leading parameters bound by the caller (invoke passes the piped table as the first). */
function bindParameters(call: SNode, cx: Cx, skip = 0): Scope {
  const scope = new Scope(cx.scope);
  const sig = call['ReferencedSignature'] as { Parameters: { Count: number; getItem(i: number): { Name: string; DefaultValue?: SNode | null } } } | null;
  const args = argNodes(call);
  if (sig) {
    for (let i = skip; i < sig.Parameters.Count; i++) {
      const p = sig.Parameters.getItem(i);
      const a = args[i - skip];
      if (a) {
        const rtType = a.ResultType;
        if (rtType && symbolKind(rtType) === 'Table') scope.set(p.Name, { kind: 'tabular', plan: cx.tabular(a, cx.scope) });
        else scope.set(p.Name, { kind: 'scalar', expr: hoist(compileExpr(a, cx)) });
      } else if (p.DefaultValue) {
        scope.set(p.Name, { kind: 'scalar', expr: compileExpr(p.DefaultValue, cx) });
      }
    }
  }
  return scope;
}

/** Scalar let values are evaluated once per run. */
export function hoist(e: CExpr): CExpr {
  if (!e.constant) return e;
  const key = {};
  const c = e.constant;
  const get = (rt: Runtime): Val => {
    if (!rt.cache.has(key)) rt.cache.set(key, c(rt));
    return rt.cache.get(key) as Val;
  };
  return { type: e.type, ev: (t, rt) => constVec(get(rt), t.n), constant: get };
}

function bindLet(stmt: SNode, cx: Cx): void {
  const nameNode = child(stmt, 'Name')!;
  const name = simpleName(nameNode);
  const e = child(stmt, 'Expression')!;
  const k = kindName(e);
  if (k === 'FunctionDeclaration') {
    cx.scope.set(name, { kind: 'function', node: e });
    return;
  }
  const rtType = e.ResultType;
  if (rtType && symbolKind(rtType) === 'Table') {
    cx.scope.set(name, { kind: 'tabular', plan: cx.tabular(e, cx.scope), serialized: cx.isSerialized?.(e) ?? false });
    return;
  }
  cx.scope.set(name, { kind: 'scalar', expr: hoist(compileExpr(e, cx)) });
}

export function coerce(e: CExpr, type: KType): CExpr {
  if (e.type === type) return e;
  const from = e.type;
  const r: CExpr = { type, ev: (t, rt) => e.ev(t, rt).map((v) => convert(v, from, type)) };
  if (e.constant) {
    const c = e.constant;
    r.constant = (rt) => convert(c(rt), from, type);
  }
  return r;
}

const WINDOW = new Set(['row_number', 'prev', 'next', 'row_cumsum', 'row_rank_dense', 'row_rank_min', 'row_window_session']);

function specialCall(name: string, node: SNode, args: SNode[], cx: Cx, type: KType): CExpr | undefined {
  if (WINDOW.has(name) && !cx.serialized) {
    return fail(node, `function ${name}() needs a serialized row set (use serialize, sort or top first)`);
  }
  switch (name) {
    case 'iff': case 'iif': {
      const [c, a, b] = args.map((x) => compileExpr(x, cx)) as [CExpr, CExpr, CExpr];
      if (a.type !== b.type && !isNullLiteral(args[1]!) && !isNullLiteral(args[2]!)) {
        return fail(node, `${name}(): both branches must have the same type (${a.type} and ${b.type})`);
      }
      const aa = coerce(a, type);
      const bb = coerce(b, type);
      return {
        type,
        ev: (t, rt) => {
          const cv = c.ev(t, rt);
          const av = aa.ev(t, rt);
          const bv = bb.ev(t, rt);
          const out = new Array(t.n);
          for (let i = 0; i < t.n; i++) out[i] = cv[i] === true ? av[i] : bv[i];
          return out;
        },
      };
    }
    case 'case': {
      const es = args.map((x) => compileExpr(x, cx));
      return {
        type,
        ev: (t, rt) => {
          const vs = es.map((e, i) => (i % 2 === 1 || i === es.length - 1 ? coerce(e, type) : e).ev(t, rt));
          const out = new Array(t.n);
          for (let i = 0; i < t.n; i++) {
            let j = 0;
            for (; j + 1 < vs.length; j += 2) if (vs[j]![i] === true) break;
            out[i] = j + 1 < vs.length ? vs[j + 1]![i] : vs[vs.length - 1]![i];
          }
          return out;
        },
      };
    }
    case 'coalesce': {
      const es = args.map((x) => coerce(compileExpr(x, cx), type));
      return {
        type,
        ev: (t, rt) => {
          const vs = es.map((e) => e.ev(t, rt));
          const out = new Array(t.n);
          for (let i = 0; i < t.n; i++) {
            let v: Val = type === 'string' ? '' : null;
            for (const x of vs) {
              const c = x[i]!;
              if (c !== null && c !== '') { v = c; break; }
            }
            out[i] = v;
          }
          return out;
        },
      };
    }
    case 'toscalar':
      return compileToScalar(args[0]!, cx, type);
    case 'now': {
      const off = args[0] ? compileExpr(args[0], cx) : undefined;
      const get = (rt: Runtime): Val => rt.now + (off ? ((off.constant?.(rt) as bigint | null) ?? 0n) : 0n);
      return { type: 'datetime', ev: (t, rt) => constVec(get(rt), t.n), constant: get };
    }
    case 'ago': {
      const off = compileExpr(args[0]!, cx);
      if (off.constant) {
        const oc = off.constant;
        const get = (rt: Runtime): Val => { const o = oc(rt) as bigint | null; return o === null ? null : rt.now - o; };
        return { type: 'datetime', ev: (t, rt) => constVec(get(rt), t.n), constant: get };
      }
      return unaryRt(off, 'datetime', (v, rt) => (v === null ? null : rt.now - (v as bigint)));
    }
    case 'ingestion_time':
      return {
        type: 'datetime',
        ev: (t) => {
          const c = col(t, '_IngestionTime') ?? col(t, 'TimeGenerated');
          return c ? c.data : constVec(null, t.n);
        },
      };
    case 'isnull': {
      const e = compileExpr(args[0]!, cx);
      return unary(e, 'bool', (v) => v === null || (typeof v === 'number' && false));
    }
    case 'isnotnull': {
      const e = compileExpr(args[0]!, cx);
      return unary(e, 'bool', (v) => v !== null);
    }
    case 'not': {
      const e = compileExpr(args[0]!, cx);
      return unary(e, 'bool', (v) => (v === null ? null : !boolOf(v)));
    }
    case 'row_number': {
      const start = args[0] ? compileExpr(args[0], cx) : undefined;
      const restart = args[1] ? compileExpr(args[1], cx) : undefined;
      return {
        type,
        ev: (t, rt) => {
          const s0 = start ? Number(start.ev({ n: 1, cols: [] }, rt)[0] ?? 1) : 1;
          const r = restart?.ev(t, rt);
          const out = new Array(t.n);
          let k = s0;
          for (let i = 0; i < t.n; i++) {
            if (r && r[i] === true) k = s0;
            out[i] = k++;
          }
          return out;
        },
      };
    }
    case 'prev': case 'next': {
      const e = compileExpr(args[0]!, cx);
      const off = args[1] ? compileExpr(args[1], cx) : undefined;
      const def = args[2] ? coerce(compileExpr(args[2], cx), type) : undefined;
      const sign = name === 'prev' ? -1 : 1;
      return {
        type,
        ev: (t, rt) => {
          const v = coerce(e, type).ev(t, rt);
          const o = off ? Number(off.ev({ n: 1, cols: [] }, rt)[0] ?? 1) : 1;
          const d = def ? def.ev(t, rt) : null;
          const out = new Array(t.n);
          for (let i = 0; i < t.n; i++) {
            const j = i + sign * o;
            out[i] = j >= 0 && j < t.n ? v[j] : d ? d[i] : type === 'string' ? '' : null;
          }
          return out;
        },
      };
    }
    case 'row_cumsum': {
      const e = compileExpr(args[0]!, cx);
      const restart = args[1] ? compileExpr(args[1], cx) : undefined;
      return {
        type,
        ev: (t, rt) => {
          const v = e.ev(t, rt);
          const r = restart?.ev(t, rt);
          const out = new Array(t.n);
          let acc = 0;
          for (let i = 0; i < t.n; i++) {
            if (r && r[i] === true) acc = 0;
            acc += Number(v[i] ?? 0);
            out[i] = acc;
          }
          return out;
        },
      };
    }
    case 'row_rank_dense': case 'row_rank_min': {
      const e = compileExpr(args[0]!, cx);
      const restart = args[1] ? compileExpr(args[1], cx) : undefined;
      const dense = name === 'row_rank_dense';
      return {
        type,
        ev: (t, rt) => {
          const v = e.ev(t, rt);
          const r = restart?.ev(t, rt);
          const out = new Array(t.n);
          let rank = 0;
          let base = 0;
          for (let i = 0; i < t.n; i++) {
            const fresh = i === 0 || (r !== undefined && r[i] === true);
            if (fresh) { rank = 0; base = i; }
            if (fresh || !sameVal(v[i]!, v[i - 1]!)) rank = dense ? rank + 1 : i - base + 1;
            out[i] = rank;
          }
          return out;
        },
      };
    }
    case 'column_ifexists': {
      const cname = literalValue(args[0]!, 'string') as string;
      const def = compileExpr(args[1]!, cx);
      return {
        type,
        ev: (t, rt) => {
          const c = col(t, cname);
          if (c) return c.type === type ? c.data : c.data.map((v) => convert(v, c.type, type));
          return coerce(def, type).ev(t, rt);
        },
      };
    }
    case 'pack_all': case 'bag_pack_columns': {
      const ignoreEmpty = args[0] ? compileExpr(args[0], cx) : undefined;
      return {
        type: 'dynamic',
        ev: (t, rt) => {
          const out = new Array(t.n);
          const skipEmpty = ignoreEmpty ? ignoreEmpty.ev({ n: 1, cols: [] }, rt)[0] === true : false;
          const marker = t.cols.find((c) => c.name.startsWith(EXTEND_NEW));
          const hidden = new Set(marker ? marker.name.split(EXTEND_NEW).filter(Boolean) : []);
          for (let i = 0; i < t.n; i++) {
            const o: { [k: string]: Dyn } = {};
            for (const c of t.cols) {
              const v = c.data[i]!;
              if (c.name === '_IngestionTime' || c.name.startsWith(EXTEND_NEW) || hidden.has(c.name)) continue;
              if (skipEmpty && (v === null || v === '')) continue;
              o[c.name] = typeof v === 'bigint' ? toStr(v, c.type) : (v as Dyn);
            }
            out[i] = o;
          }
          return out;
        },
      };
    }
  }
  void node;
  return undefined;
}

function isNullLiteral(n: SNode): boolean {
  return kindName(n) === 'NullLiteralExpression' || n.toString().trim().endsWith('(null)');
}

function sameVal(a: Val, b: Val): boolean {
  if (a === b) return true;
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) return dynEquals(a as Dyn, b as Dyn);
  return false;
}

function unaryRt(e: CExpr, type: KType, f: (v: Val, rt: Runtime) => Val): CExpr {
  return { type, ev: (t, rt) => e.ev(t, rt).map((v) => f(v, rt)) };
}

