// Execution of union (as a source and after a pipe) and of search as a query source: rows of several
// tables under one merged schema.
import { convert } from '../convert.js';
import type { SearchNode, TabularNode, UnionLeg, UnionNode } from '../plan/nodes.js';
import { MissingTableError, type Span } from '../errors.js';
import { type Column, type Table, col } from '../table.js';
import type { KType, Val } from '../values.js';
import { type Cx, type Plan, type Runtime, fail } from './context.js';
import { compileExpr } from './expressions.js';
import type { Op } from './operators.js';
import { filter } from './operators.js';
import { compileTabular, compileView } from './query.js';

export function compileUnion(u: UnionNode, at: Span, cx: Cx, piped: boolean): Op {
  const { out, withSource, kind, fuzzy } = u;
  // isfuzzy: legs naming nothing (no table, view or wildcard match) are left out; the union fails
  // only when no leg resolves.
  const legs = u.legs.filter((l) => !fuzzy || resolves(l, cx));
  if (fuzzy && !piped && legs.length === 0) return fail(at, 'union isfuzzy=true: none of the union legs could be resolved');
  const exprs = legs.map((l) => compileUnionLeg(l, cx));
  const sourceNames = legs.map((l) => l.label);
  return (t, rt) => {
    const found = exprs.map((p) => (fuzzy ? unlessMissing(p, rt) : p(rt)));
    if (fuzzy && !piped && found.every((p) => p === null)) throw new MissingTableError('union isfuzzy=true: none of the union legs could be resolved', at);
    const parts = (piped ? [t] : []).concat(found.filter((p) => p !== null));
    const labels = (piped ? ['union_arg0'] : []).concat(sourceNames.filter((_, i) => found[i] !== null));
    const n = parts.reduce((s, p) => s + p.n, 0);
    const cols: Column[] = [];
    // A leg left out contributes no columns: Kusto.Language's schema counts it (as unknown types).
    const dropped = found.some((p) => p === null);
    let schema = out.length && !dropped ? out : mergeSchemas(parts, kind === 'inner');
    if (kind === 'inner') schema = schema.filter((c) => parts.every((p) => col(p, c.name) || findSuffixed(p, c.name, c.type)));
    for (const c of schema) {
      if (withSource && c.name === withSource) {
        const data: Val[] = [];
        parts.forEach((p, i) => { for (let r = 0; r < p.n; r++) data.push(labels[i]!); });
        cols.push({ name: c.name, type: 'string', data });
        continue;
      }
      const data: Val[] = [];
      for (const p of parts) {
        const src = col(p, c.name) ?? findSuffixed(p, c.name, c.type);
        if (src) {
          if (src.type === c.type) for (let r = 0; r < p.n; r++) data.push(src.data[r]!);
          else for (let r = 0; r < p.n; r++) data.push(convert(src.data[r]!, src.type, c.type));
        } else {
          for (let r = 0; r < p.n; r++) data.push(c.type === 'string' ? '' : null);
        }
      }
      cols.push({ name: c.name, type: c.type, data });
    }
    return { n, cols };
  };
}

/** A fuzzy union's leg whose table(name) names no table is left out (null). */
function unlessMissing(p: Plan, rt: Runtime): Table | null {
  try {
    return p(rt);
  } catch (e) {
    if (e instanceof MissingTableError) return null;
    throw e;
  }
}

function resolves(l: UnionLeg, cx: Cx): boolean {
  return typeof l.resolvable === 'boolean' ? l.resolvable : cx.scope.get(l.resolvable.ifBound) !== undefined;
}

function compileUnionLeg(l: UnionLeg, cx: Cx): Plan {
  if (l.plan) return compileTabular(l.plan, cx);
  const plans = (l.wildcard ?? []).map((m): Plan => {
    const b = cx.scope.get(m.name);
    if (b?.kind === 'tabular') return b.plan;
    // A matched view is invoked without arguments: its body runs in a scope of its own lets.
    if (b?.kind === 'function') return compileView(b.view, cx);
    const schema = m.schema;
    return (rt) => rt.tables[m.name] ?? { n: 0, cols: schema.map((c) => ({ ...c, data: [] })) };
  });
  return (rt) => {
    const parts = plans.map((p) => p(rt));
    const schema = mergeSchemas(parts, false);
    const n = parts.reduce((a, p) => a + p.n, 0);
    const cols: Column[] = schema.map((c) => {
      const data: Val[] = [];
      for (const p of parts) {
        const src = col(p, c.name);
        for (let r = 0; r < p.n; r++) data.push(src ? (src.type === c.type ? src.data[r]! : convert(src.data[r]!, src.type, c.type)) : c.type === 'string' ? '' : null);
      }
      return { name: c.name, type: c.type, data };
    });
    return { n, cols };
  };
}

function findSuffixed(p: Table, name: string, type: KType): Column | undefined {
  // union of same-named columns with different types yields name_type columns.
  const m = /^(.*)_([a-z]+)$/.exec(name);
  if (!m) return undefined;
  const c = col(p, m[1]!);
  return c && c.type === type ? c : undefined;
}

export function mergeSchemas(parts: Table[], inner: boolean): { name: string; type: KType }[] {
  const out: { name: string; type: KType }[] = [];
  for (const p of parts) for (const c of p.cols) if (!out.some((o) => o.name === c.name)) out.push({ name: c.name, type: c.type });
  if (!inner) return out;
  return out.filter((o) => parts.every((p) => col(p, o.name)));
}

/**
 * `search [in (T1, T2)] predicate` as a query source: the named tables (or every supplied table) are
 * unioned with their names in $table, then filtered by the search predicate.
 */
export function compileSearchSource(s: SearchNode, sources: { name: string; plan: TabularNode }[] | null, cx: Cx): Plan {
  const cond = compileExpr(s.condition, { ...cx, hooks: { ...cx.hooks, search: { caseSensitive: s.caseSensitive } } });
  const compiled = sources?.map((x) => ({ name: x.name, plan: compileTabular(x.plan, cx) }));
  const out = s.out;
  return (rt) => {
    const parts = compiled
      ? compiled.map((s) => ({ name: s.name, t: s.plan(rt) }))
      : Object.keys(rt.tables).sort().map((name) => ({ name, t: rt.tables[name]! }));
    const filtered = parts.map((p) => ({ name: p.name, t: filter(p.t, cond.ev(p.t, rt)) }));
    const n = filtered.reduce((s, p) => s + p.t.n, 0);
    const schema = out.length ? out : [{ name: '$table', type: 'string' as KType }, ...mergeSchemas(filtered.map((p) => p.t), false)];
    const cols: Column[] = schema.map((c, k) => {
      const data: Val[] = [];
      for (const p of filtered) {
        if (k === 0) { for (let i = 0; i < p.t.n; i++) data.push(p.name); continue; }
        const src = col(p.t, c.name);
        for (let i = 0; i < p.t.n; i++) data.push(src ? (src.type === c.type ? src.data[i]! : convert(src.data[i]!, src.type, c.type)) : c.type === 'string' ? '' : null);
      }
      return { name: c.name, type: c.type, data };
    });
    return { n, cols };
  };
}

