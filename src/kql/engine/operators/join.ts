// join (every kind; innerunique by default) and lookup: hash join on equality keys, with output columns
// named as Kusto.Language's result schema names them (right-side clashes get a numeric suffix).
import { type CExpr, type Cx, type Plan, type Runtime, fail } from '../compile/context.js';
import { compileExpr } from '../compile/expressions.js';
import type { OperatorNode } from '../plan/nodes.js';
import { type Column, type Table, gather, gatherNullable, renamed } from '../table.js';
import { type KType, type Val, type Vec, keyOf } from '../values.js';
import { convert } from '../convert.js';
import { knownValueIds, valueIds } from './ids.js';
import { type KeyIds, typedKeyIds } from './join-keys-typed.js';

interface KeyPair {
  left: CExpr;
  right: CExpr;
}

const JOIN_KINDS = new Set(['inner', 'innerunique', 'leftouter', 'rightouter', 'fullouter', 'leftanti', 'rightanti', 'leftsemi', 'rightsemi', 'leftantisemi', 'rightantisemi', 'anti', 'semi']);

function keysOf(vecs: Vec[], types: KType[], target: KType[], i: number): unknown {
  if (vecs.length === 1) return keyValue(vecs[0]![i]!, types[0]!, target[0]!);
  let s = '';
  for (let k = 0; k < vecs.length; k++) {
    const c = keyValue(vecs[k]![i]!, types[k]!, target[k]!);
    s += typeof c + ':' + String(c) + '\u0001';
  }
  return s;
}

/**
 * A value as a hash key of the target type. A long of one value is one key whether it arrives as a
 * number or as a bigint: a safe integer is a number, a larger one a bigint.
 */
function keyValue(v: Val, from: KType, to: KType): unknown {
  const c = from === to ? v : convert(v, from, to);
  if (c !== null && typeof c === 'object') return keyOf(c);
  if (to !== 'long' && to !== 'int') return c;
  if (typeof c === 'bigint') return c >= -MAX_SAFE && c <= MAX_SAFE ? Number(c) : c;
  return typeof c === 'number' && Number.isInteger(c) && !Number.isSafeInteger(c) ? BigInt(c) : c;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

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

interface Probe {
  /** The left row's key, or anything equal exactly for equal keys (its value id). */
  key: (i: number) => unknown;
  matches: (i: number) => number[] | undefined;
}

/**
 * Looks up the right rows of each left row. When the left key is one column with value ids, the right side's keys are looked up in the
 * left's dictionary (a small right side) or each distinct left key in the right's index (repeated left
 * keys), and each row finds its matches by id, without hashing.
 */
function leftProbe(lk: Vec[], ltypes: KType[], rk: Vec[], rtypes: KType[], target: KType[], n: number, rn: number): Probe {
  const index = (): Map<unknown, number[]> => buildIndex(rk, rtypes, target, rn);
  // Without a conversion, distinct values are distinct keys, so a value id stands for its key. A left
  // side much larger than the right is worth encoding (the ids of an input column serve later runs).
  const one = lk.length === 1 && ltypes[0] === target[0];
  const ids = !one ? undefined : n >= 4 * rn ? valueIds(lk[0]!, n) : knownValueIds(lk[0]!, n);
  const direct = (): Probe => {
    const key = (i: number): unknown => keysOf(lk, ltypes, target, i);
    const ix = index();
    return { key, matches: (i) => ix.get(key(i)) };
  };
  if (!ids) return direct();
  const idOf = ids.ids;
  if (ids.find && rn < ids.values.length) {
    const byId: (number[] | undefined)[] = new Array(ids.values.length);
    for (let j = 0; j < rn; j++) {
      const id = ids.find(keysOf(rk, rtypes, target, j));
      if (id !== undefined) (byId[id] ??= []).push(j);
    }
    return { key: (i) => idOf[i], matches: (i) => byId[idOf[i]!] };
  }
  if (ids.values.length * 2 > n) return direct();
  const ix = index();
  const byId = ids.values.map((v) => ix.get(keyValue(v, ltypes[0]!, target[0]!)));
  return { key: (i) => idOf[i], matches: (i) => byId[idOf[i]!] };
}

/** Looks up the right rows of each left row by the rows' key ids. */
function idProbe(ids: KeyIds): Probe {
  const byId: (number[] | undefined)[] = new Array(ids.size);
  const { left, right } = ids;
  for (let j = 0; j < right.length; j++) if (right[j]! >= 0) (byId[right[j]!] ??= []).push(j);
  return { key: (i) => left[i], matches: (i) => (left[i]! < 0 ? undefined : byId[left[i]!]) };
}

/** The probe of typed keys (join-keys-typed.ts), else of the boxed keys. */
function probeOf(pairs: KeyPair[], left: Table, right: Table, rt: Runtime): Probe {
  const ltypes = pairs.map((p) => p.left.type);
  const rtypes = pairs.map((p) => p.right.type);
  const target = ltypes.map((t, i) => commonType(t, rtypes[i]!));
  const ids = typedKeyIds(pairs.map((p) => p.left.typed?.(left, rt)), pairs.map((p) => p.right.typed?.(right, rt)), ltypes, rtypes, target);
  if (ids) return idProbe(ids);
  const lk = pairs.map((p) => p.left.ev(left, rt));
  const rk = pairs.map((p) => p.right.ev(right, rt));
  return leftProbe(lk, ltypes, rk, rtypes, target, left.n, right.n);
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
    const probe = probeOf(pairs, left, r, rt);
    if (kind === 'leftsemi' || kind === 'leftanti') {
      const keep = kind === 'leftsemi';
      const sel = new Int32Array(left.n);
      let k = 0;
      for (let i = 0; i < left.n; i++) if ((probe.matches(i) !== undefined) === keep) sel[k++] = i;
      return project(out, left, sel.subarray(0, k), null, [], onNames, false);
    }
    const li: number[] = [];
    const ri: number[] = [];
    const rightMatched = new Uint8Array(r.n);
    const seenLeft = kind === 'innerunique' ? new Set<unknown>() : undefined;
    for (let i = 0; i < left.n; i++) {
      // (The real engine matches null keys to each other: null is a key like any other.)
      if (seenLeft) {
        const key = probe.key(i);
        if (seenLeft.has(key)) continue;
        seenLeft.add(key);
      }
      const matches = probe.matches(i);
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
        case 'rightsemi': case 'rightanti':
          if (matches) for (const j of matches) rightMatched[j] = 1;
          break;
      }
    }
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
  out: { name: string; type: string }[], left: Table, li: ArrayLike<number>, right: Table | null, ri: number[],
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
    cols.push(c.name === name ? c : renamed(c, name));
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
