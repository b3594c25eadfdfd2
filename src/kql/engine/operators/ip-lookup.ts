// evaluate ipv4_lookup / ipv6_lookup: a join of the input to a table of networks (IP-prefix notation
// on either side), every lookup row whose network matches a row's address making an output row, as
// the documentation's "result of join (lookup)" and "as many records as matching results" say.
// Two prefixed values match as ipv4_is_match/ipv6_is_match compare them: under the shorter prefix.
import { type Cx, type Plan, type Runtime } from '../compile/context.js';
import { compileExpr } from '../compile/expressions.js';
import { mask4, mask6, parseV4, parseV6 } from '../functions/ip.js';
import type { IpLookupNode } from '../plan/nodes.js';
import { type Column, type Table, col, gatherNullable, renamed } from '../table.js';
import { type Val, keyOf } from '../values.js';

interface Net<K> {
  ip: K;
  bits: number;
}

interface Family<K> {
  parse(s: string): Net<K> | null;
  masked(ip: K, bits: number): K;
}

const IPV4: Family<number> = { parse: parseV4, masked: (ip, bits) => (ip & mask4(bits)) >>> 0 };
// ipv6_lookup reads IPv4 addresses too, as ipv6_is_match does (mapped into ::ffff:0:0/96).
const IPV6: Family<bigint> = { parse: parseV6, masked: (ip, bits) => ip & mask6(bits) };

/** The lookup table's networks, bucketed by prefix length: masked address -> lookup rows. */
interface NetIndex<K> {
  buckets: { bits: number; rows: Map<K, number[]> }[];
}

function indexNetworks<K>(fam: Family<K>, keys: Val[]): NetIndex<K> {
  const byBits = new Map<number, Map<K, number[]>>();
  keys.forEach((v, j) => {
    const net = typeof v === 'string' ? fam.parse(v) : null;
    if (!net) return;
    const rows = byBits.get(net.bits) ?? new Map<K, number[]>();
    byBits.set(net.bits, rows);
    const k = fam.masked(net.ip, net.bits);
    const list = rows.get(k);
    if (list) list.push(j);
    else rows.set(k, [j]);
  });
  return { buckets: [...byBits].map(([bits, rows]) => ({ bits, rows })) };
}

/** The lookup rows (ascending) whose network matches `addr`. */
function matches<K>(fam: Family<K>, index: NetIndex<K>, addr: Net<K>): number[] {
  const out: number[] = [];
  for (const { bits, rows } of index.buckets) {
    if (addr.bits >= bits) {
      const hit = rows.get(fam.masked(addr.ip, bits));
      if (hit) out.push(...hit);
      continue;
    }
    // The address is itself a wider range: compare under its own prefix.
    const want = fam.masked(addr.ip, addr.bits);
    for (const [k, list] of rows) if (fam.masked(k, addr.bits) === want) out.push(...list);
  }
  return index.buckets.length > 1 ? out.sort((a, b) => a - b) : out;
}

export function compileIpLookup(op: IpLookupNode, cx: Cx, lookupPlan: Plan): (t: Table, rt: Runtime) => Table {
  const source = compileExpr(op.sourceKey, cx);
  return (t, rt) => {
    const lookup = lookupPlan(rt);
    const keys = col(lookup, op.lookupKey)?.data ?? missing(op, op.lookupKey);
    const pairs = op.family === 'ipv4' ? join(IPV4, t, source.ev(t, rt), lookup, keys, op) : join(IPV6, t, source.ev(t, rt), lookup, keys, op);
    const left = gatherNullable(t, pairs.left);
    const right = gatherNullable(lookup, pairs.right);
    const sourceCols = op.sourceColumns.map((c) => rename(col(left, c.name) ?? missing(op, c.name), c.name));
    const lookupCols = op.lookupColumns.map((c) => rename(col(right, c.from) ?? missing(op, c.from), c.to.name));
    // The documented outputs put the input's columns first for ipv4_lookup, the lookup table's for ipv6_lookup.
    return { n: pairs.left.length, cols: op.family === 'ipv4' ? [...sourceCols, ...lookupCols] : [...lookupCols, ...sourceCols] };
  };
}

function join<K>(fam: Family<K>, t: Table, addrs: Val[], lookup: Table, keys: Val[], op: IpLookupNode): { left: number[]; right: number[] } {
  const index = indexNetworks(fam, keys);
  const extra = op.extraKeys.map((k) => ({ mine: col(t, k)?.data ?? missing(op, k), theirs: col(lookup, k)!.data }));
  const cache = new Map<string, number[]>();
  const left: number[] = [];
  const right: number[] = [];
  for (let i = 0; i < t.n; i++) {
    const a = addrs[i];
    let found = typeof a === 'string' ? cache.get(a) : undefined;
    if (found === undefined && typeof a === 'string') {
      const addr = fam.parse(a);
      found = addr ? matches(fam, index, addr) : [];
      cache.set(a, found);
    }
    let n = 0;
    for (const j of found ?? []) {
      if (!extra.every((e) => sameKey(e.mine[i]!, e.theirs[j]!))) continue;
      left.push(i);
      right.push(j);
      n++;
    }
    if (n === 0 && op.returnUnmatched) {
      left.push(i);
      right.push(-1);
    }
  }
  return { left, right };
}

function sameKey(a: Val, b: Val): boolean {
  return a !== null && typeof a === 'object' ? keyOf(a) === keyOf(b) : a === b;
}

function rename(c: Column, name: string): Column {
  return c.name === name ? c : renamed(c, name);
}

function missing(op: IpLookupNode, name: string): never {
  throw new Error(`${op.family}_lookup: no column '${name}'`);
}
