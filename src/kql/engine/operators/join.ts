// join (every kind; innerunique by default) and lookup: hash join on equality keys, with output columns
// named as Kusto.Language's result schema names them (right-side clashes get a numeric suffix).
import { type CExpr, type Cx, type Plan, type Runtime, fail } from '../compile/context.js';
import { compileExpr } from '../compile/expressions.js';
import type { OperatorNode } from '../plan/nodes.js';
import { type Column, type Table, gather, gatherNullable } from '../table.js';
import { type KType, type Val, type Vec, keyOf } from '../values.js';
import { convert } from '../convert.js';

interface KeyPair {
  left: CExpr;
  right: CExpr;
}

const JOIN_KINDS = new Set(['inner', 'innerunique', 'leftouter', 'rightouter', 'fullouter', 'leftanti', 'rightanti', 'leftsemi', 'rightsemi', 'leftantisemi', 'rightantisemi', 'anti', 'semi']);

function keysOf(vecs: Vec[], types: KType[], target: KType[], i: number): unknown {
  if (vecs.length === 1) {
    const v = vecs[0]![i]!;
    const c = types[0] === target[0] ? v : convert(v, types[0]!, target[0]!);
    return c !== null && typeof c === 'object' ? keyOf(c) : c;
  }
  let s = '';
  for (let k = 0; k < vecs.length; k++) {
    const v = vecs[k]![i]!;
    const c = types[k] === target[k] ? v : convert(v, types[k]!, target[k]!);
    s += typeof c + ':' + String(c !== null && typeof c === 'object' ? keyOf(c) : c) + '\u0001';
  }
  return s;
}


function commonType(a: KType, b: KType): KType {
  if (a === b) return a;
  const num = (t: KType): boolean => t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
  if (num(a) && num(b)) return 'real';
  return 'string';
}

/**
 * Hash index of the right side's keys. Input tables are immutable and their columns keep their identity
 * across runs, so an index over a stored table's column (a lookup list, a watchlist) is built once.
 */
const indexCache = new WeakMap<Vec, Map<string, Map<unknown, number[]>>>();

function buildIndex(rk: Vec[], rtypes: KType[], target: KType[], n: number): Map<unknown, number[]> {
  const sig = `${rtypes.join(',')}>${target.join(',')}:${n}`;
  const cacheable = rk.length === 1;
  if (cacheable) {
    const hit = indexCache.get(rk[0]!)?.get(sig);
    if (hit) return hit;
  }
  const index = new Map<unknown, number[]>();
  for (let j = 0; j < n; j++) {
    const key = keysOf(rk, rtypes, target, j);
    const list = index.get(key);
    if (list) list.push(j);
    else index.set(key, [j]);
  }
  if (cacheable) {
    let m = indexCache.get(rk[0]!);
    if (!m) indexCache.set(rk[0]!, (m = new Map()));
    m.set(sig, index);
  }
  return index;
}

export function compileJoin(op: Extract<OperatorNode, { kind: 'join' }>, cx: Cx, right: Plan): (left: Table, rt: Runtime) => Table {
  const isLookup = op.lookup;
  let kind = (op.joinKind ?? (isLookup ? 'leftouter' : 'innerunique')).toLowerCase();
  if (kind === 'anti') kind = 'leftanti';
  if (kind === 'semi') kind = 'leftsemi';
  if (kind === 'leftantisemi') kind = 'leftanti';
  if (kind === 'rightantisemi') kind = 'rightanti';
  if (!JOIN_KINDS.has(kind)) return fail(op.at, `unsupported join kind: ${kind}`);
  if (!op.keys) return fail(op.at, 'join without on clause is not supported');
  const pairs: KeyPair[] = op.keys.map((k) => {
    const left = compileExpr(k.left, cx);
    return { left, right: k.right === k.left ? left : compileExpr(k.right, cx) };
  });
  const out = op.out;
  const onNames = new Set(op.onNames);

  return (left, rt) => {
    const r = right(rt);
    const lk = pairs.map((p) => p.left.ev(left, rt));
    const rk = pairs.map((p) => p.right.ev(r, rt));
    const ltypes = pairs.map((p) => p.left.type);
    const rtypes = pairs.map((p) => p.right.type);
    const target = ltypes.map((t, i) => commonType(t, rtypes[i]!));
    const index = buildIndex(rk, rtypes, target, r.n);
    const li: number[] = [];
    const ri: number[] = [];
    const rightMatched = new Uint8Array(r.n);
    const seenLeft = kind === 'innerunique' ? new Set<unknown>() : undefined;
    for (let i = 0; i < left.n; i++) {
      // The real engine matches null keys to each other.
      const nullKey = false;
      const key = nullKey ? undefined : keysOf(lk, ltypes, target, i);
      if (seenLeft) {
        if (seenLeft.has(nullKey ? '\u0000null' : key)) continue;
        seenLeft.add(nullKey ? '\u0000null' : key);
      }
      const matches = nullKey ? undefined : index.get(key);
      switch (kind) {
        case 'inner': case 'innerunique':
          if (matches) for (const j of matches) { li.push(i); ri.push(j); }
          break;
        case 'leftouter':
          if (matches) for (const j of isLookup ? [...matches].reverse() : matches) { li.push(i); ri.push(j); }
          else { li.push(i); ri.push(-1); }
          break;
        case 'fullouter': case 'rightouter':
          if (matches) for (const j of matches) { li.push(i); ri.push(j); rightMatched[j] = 1; }
          else if (kind === 'fullouter') { li.push(i); ri.push(-1); }
          break;
        case 'leftsemi':
          if (matches) { li.push(i); }
          break;
        case 'leftanti':
          if (!matches) li.push(i);
          break;
        case 'rightsemi': case 'rightanti':
          if (matches) for (const j of matches) rightMatched[j] = 1;
          break;
      }
    }
    if (kind === 'leftsemi' || kind === 'leftanti') return project(out, left, li, null, [], onNames, false);
    if (kind === 'rightsemi' || kind === 'rightanti') {
      const want = kind === 'rightsemi' ? 1 : 0;
      const rows: number[] = [];
      for (let j = 0; j < r.n; j++) if (rightMatched[j] === want) rows.push(j);
      return project(out, r, rows, null, [], onNames, false);
    }
    if (kind === 'fullouter' || kind === 'rightouter') {
      for (let j = 0; j < r.n; j++) if (!rightMatched[j]) { li.push(-1); ri.push(j); }
    }
    return project(out, left, li, r, ri, onNames, isLookup);
  };
}

/**
 * Builds the joined table following the bound result schema: left columns keep their names, right
 * columns follow (a clashing name becomes name1, name2 ...); lookup drops the right copy of `on` keys.
 */
function project(
  out: { name: string; type: string }[], left: Table, li: number[], right: Table | null, ri: number[],
  onNames: Set<string>, isLookup: boolean,
): Table {
  if (!right) {
    const S = gather(left, li);
    return conform(out, S.cols, S.n);
  }
  const L = gatherNullable(left, li);
  const R = gatherNullable(right, ri);
  const names = new Set(L.cols.map((c) => c.name));
  const cols: Column[] = [...L.cols];
  for (const c of R.cols) {
    // Lookup keeps one copy of the keys (the left's).
    if (isLookup && onNames.has(c.name)) continue;
    let name = c.name;
    if (names.has(name)) {
      let k = 1;
      while (names.has(name + k)) k++;
      name = name + k;
    }
    names.add(name);
    cols.push({ ...c, name });
  }
  // Outer joins: rows with no left side take the key from the right for the left key column.
  if (li.some((x) => x < 0)) {
    for (const k of onNames) {
      const lc = cols.find((c) => c.name === k);
      const rc = R.cols.find((c) => c.name === k);
      if (!lc || !rc) continue;
      void rc;
    }
  }
  return conform(out, cols, L.n);
}

function conform(out: { name: string; type: string }[], cols: Column[], n: number): Table {
  if (out.length === 0) return { n, cols };
  const byName = new Map(cols.map((c) => [c.name, c] as const));
  const res: Column[] = [];
  for (const o of out) {
    const c = byName.get(o.name);
    if (c) res.push(c);
    else res.push({ name: o.name, type: o.type as KType, data: new Array<Val>(n).fill(o.type === 'string' ? '' : null) });
  }
  return { n, cols: res };
}
