// IPv4/IPv6 functions: addresses with optional /prefix on either side, the effective prefix being the
// smallest given; IPv4 compared as IPv6 maps it into ::ffff:0:0/96.
import { toStr } from '../convert.js';
import type { Dyn, KType, Val } from '../values.js';
import { type FnImpl, lift } from './lift.js';

interface V4 { ip: number; bits: number }

export function parseV4(s: string): V4 | null {
  const m = /^\s*(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?\s*$/.exec(s);
  if (!m) return null;
  const p = [m[1], m[2], m[3], m[4]].map(Number);
  if (p.some((x) => x! > 255)) return null;
  const bits = m[5] === undefined ? 32 : Number(m[5]);
  if (bits > 32) return null;
  return { ip: ((p[0]! << 24) >>> 0) + (p[1]! << 16) + (p[2]! << 8) + p[3]!, bits };
}

export const mask4 = (bits: number): number => (bits <= 0 ? 0 : (0xffffffff << (32 - Math.min(32, bits))) >>> 0);

function prefixArg(p: Val | undefined): number {
  return p === undefined || p === null ? 32 : Number(p);
}

function compare4(a: string, b: string, prefix: Val | undefined): number | null {
  const x = parseV4(a);
  const y = parseV4(b);
  if (!x || !y) return null;
  const p = prefixArg(prefix);
  if (!(p >= 0 && p <= 32)) return null;
  const m = mask4(Math.min(x.bits, y.bits, p));
  const u = (x.ip & m) >>> 0;
  const v = (y.ip & m) >>> 0;
  return u < v ? -1 : u > v ? 1 : 0;
}

function inRange4(addr: string, range: string): boolean | null {
  const a = parseV4(addr);
  const r = parseV4(range);
  if (!a || !r) return null;
  const m = mask4(r.bits);
  return ((a.ip & m) >>> 0) === ((r.ip & m) >>> 0);
}

interface V6 { ip: bigint; bits: number }

export function parseV6(s: string): V6 | null {
  const t = s.trim();
  const [addr, pre] = t.split('/');
  // ::a.b.c.d is the IPv4 address too, its prefix counted in IPv4 bits (parse_ipv6_mask's page).
  const v4 = parseV4(addr!.replace(/^::(?=\d+\.)/, ''));
  if (v4) {
    const bits = pre === undefined ? 128 : Number(pre) + 96;
    return { ip: 0xffff00000000n | BigInt(v4.ip), bits: Math.min(128, bits) };
  }
  if (!/^[0-9a-fA-F:.]+$/.test(addr!) || !addr!.includes(':')) return null;
  let head = addr!;
  let tail4: number | null = null;
  const lastColon = head.lastIndexOf(':');
  const maybe4 = head.slice(lastColon + 1);
  if (maybe4.includes('.')) {
    const p = parseV4(maybe4);
    if (!p) return null;
    tail4 = p.ip;
    head = head.slice(0, lastColon + 1) + '0:0';
  }
  const parts = head.split('::');
  if (parts.length > 2) return null;
  const left = parts[0] ? parts[0].split(':') : [];
  const right = parts.length === 2 && parts[1] ? parts[1].split(':') : [];
  const fill = 8 - left.length - right.length;
  if (fill < 0 || (parts.length === 1 && fill !== 0)) return null;
  const groups = [...left, ...Array(parts.length === 2 ? fill : 0).fill('0'), ...right];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  let ip = groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
  if (tail4 !== null) ip = (ip & ~0xffffffffn) | BigInt(tail4);
  const bits = pre === undefined ? 128 : Number(pre);
  if (!(bits >= 0 && bits <= 128)) return null;
  return { ip, bits };
}

export const mask6 = (bits: number): bigint => (bits <= 0 ? 0n : ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - Math.min(128, bits))) - 1n));

function compare6(a: string, b: string, prefix: Val | undefined): number | null {
  const x = parseV6(a);
  const y = parseV6(b);
  if (!x || !y) return null;
  const p = prefix === undefined || prefix === null ? 128 : Number(prefix);
  const m = mask6(Math.min(x.bits, y.bits, p));
  const u = x.ip & m;
  const v = y.ip & m;
  return u < v ? -1 : u > v ? 1 : 0;
}

const IPV4_IN_TEXT = /(?<![0-9A-Za-z.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![0-9A-Za-z.]|\.\d)/g;

/** Valid IPv4 addresses appearing in text as standalone tokens. */
function addressesIn(text: string): string[] {
  return (text.match(IPV4_IN_TEXT) ?? []).filter((a) => parseV4(a) !== null);
}

function listOf(vs: Val[], ts: KType[]): string[] {
  return vs.flatMap((v, i) => (Array.isArray(v) ? (v as Dyn[]).map((x) => String(x)) : [toStr(v, ts[i]!)]));
}

export const ipFunctions: Record<string, FnImpl> = {
  ipv4_compare: (c) => lift(c, ([ta, tb]) => (a, b, p) => compare4(toStr(a!, ta!), toStr(b!, tb!), p)),
  ipv4_is_match: (c) => lift(c, ([ta, tb]) => (a, b, p) => { const r = compare4(toStr(a!, ta!), toStr(b!, tb!), p); return r === null ? null : r === 0; }),
  ipv4_is_in_range: (c) => lift(c, ([ta, tb]) => (a, r) => inRange4(toStr(a!, ta!), toStr(r!, tb!))),
  ipv4_is_in_any_range: (c) => lift(c, (ts) => (a, ...rs) => {
    const addr = toStr(a!, ts[0]!);
    if (!parseV4(addr)) return null;
    return listOf(rs, ts.slice(1)).some((r) => inRange4(addr, r) === true);
  }),
  ipv4_is_private: (c) => lift(c, ([t]) => (a) => {
    const s = toStr(a!, t!);
    if (!parseV4(s)) return null;
    return ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].some((r) => inRange4(s, r) === true);
  }),
  ipv4_netmask_suffix: (c) => lift(c, ([t]) => (a) => parseV4(toStr(a!, t!))?.bits ?? null),
  parse_ipv4: (c) => lift(c, ([t]) => (a) => { const x = parseV4(toStr(a!, t!)); return x ? ((x.ip & mask4(x.bits)) >>> 0) : null; }),
  // The canonical form: eight 4-digit hex groups, the prefix applied (an IPv4 address maps to ::ffff:0:0/96).
  parse_ipv6: (c) => lift(c, ([t]) => (a) => {
    const x = parseV6(toStr(a!, t!));
    return x ? canonical6(x.ip & mask6(x.bits)) : null;
  }),
  parse_ipv6_mask: (c) => lift(c, ([t]) => (a, p) => {
    const x = parseV6(toStr(a!, t!));
    const bits = p === null ? NaN : Number(p);
    if (!x || !(bits >= 0 && bits <= 128)) return '';
    return canonical6(x.ip & mask6(Math.min(x.bits, bits)));
  }),
  ipv4_range_to_cidr_list: (c) => lift(c, ([ts, te]) => (a, b) => {
    const start = parseV4(toStr(a!, ts!)), end = parseV4(toStr(b!, te!));
    return start && end && start.ip <= end.ip ? cidrsOf(start.ip, end.ip) : null;
  }),
  parse_ipv4_mask: (c) => lift(c, ([t]) => (a, b) => {
    const x = parseV4(toStr(a!, t!));
    return x === null || b === null ? null : ((x.ip & mask4(Math.min(x.bits, Number(b)))) >>> 0);
  }),
  format_ipv4: (c) => lift(c, ([t]) => (v, m) => formatV4(v, t!, m, false)),
  format_ipv4_mask: (c) => lift(c, ([t]) => (v, m) => formatV4(v, t!, m, true)),
  ipv6_compare: (c) => lift(c, ([ta, tb]) => (a, b, p) => compare6(toStr(a!, ta!), toStr(b!, tb!), p)),
  ipv6_is_match: (c) => lift(c, ([ta, tb]) => (a, b, p) => { const r = compare6(toStr(a!, ta!), toStr(b!, tb!), p); return r === null ? null : r === 0; }),
  ipv6_is_in_any_range: (c) => lift(c, (ts) => (a, ...rs) => {
    const addr = toStr(a!, ts[0]!);
    if (!parseV6(addr)) return null;
    return listOf(rs, ts.slice(1)).some((r) => {
      const y = parseV6(r);
      return y !== null && compare6(addr, r, y.bits) === 0;
    });
  }),
  ipv6_is_in_range: (c) => lift(c, ([ta, tb]) => (a, r) => {
    const x = parseV6(toStr(a!, ta!));
    const y = parseV6(toStr(r!, tb!));
    if (!x || !y) return null;
    return compare6(toStr(a!, ta!), toStr(r!, tb!), y.bits) === 0;
  }),
  has_ipv4: (c) => lift(c, ([ts, ti]) => (s, ip) => {
    const target = parseV4(toStr(ip!, ti!));
    if (!target) return false;
    return addressesIn(toStr(s!, ts!)).some((a) => parseV4(a)!.ip === target.ip);
  }),
  has_any_ipv4: (c) => lift(c, (ts) => (s, ...ips) => {
    const targets = new Set(listOf(ips, ts.slice(1)).map((x) => parseV4(x)?.ip).filter((x) => x !== undefined));
    return addressesIn(toStr(s!, ts[0]!)).some((a) => targets.has(parseV4(a)!.ip));
  }),
  has_ipv4_prefix: (c) => lift(c, ([ts, tp]) => (s, p) => {
    const prefix = toStr(p!, tp!);
    if (!validPrefix(prefix)) return false;
    return addressesIn(toStr(s!, ts!)).some((a) => a.startsWith(prefix));
  }),
  has_any_ipv4_prefix: (c) => lift(c, (ts) => (s, ...ps) => {
    const prefixes = listOf(ps, ts.slice(1)).filter(validPrefix);
    return addressesIn(toStr(s!, ts[0]!)).some((a) => prefixes.some((p) => a.startsWith(p)));
  }),
};

function canonical6(ip: bigint): string {
  return ip.toString(16).padStart(32, '0').match(/.{4}/g)!.join(':');
}

/** The fewest CIDR blocks covering start..end: from start, each time the largest aligned block that fits. */
function cidrsOf(start: number, end: number): string[] {
  const out: string[] = [];
  let at = start;
  while (at <= end) {
    let size = 32;
    while (size > 0 && at % 2 ** (33 - size) === 0 && at + 2 ** (33 - size) - 1 <= end) size--;
    out.push(`${[24, 16, 8, 0].map((s) => (at >>> s) & 255).join('.')}/${size}`);
    at += 2 ** (32 - size);
  }
  return out;
}

/** An IPv4 prefix is a whole address, or 1-3 octets ending with a dot. */
function validPrefix(p: string): boolean {
  return /^(\d{1,3}\.){1,3}$/.test(p) || parseV4(p) !== null;
}

function formatV4(v: Val, t: KType, m: Val | undefined, withMask: boolean): string {
  if (v === null) return '';
  let x: V4 | null;
  if (typeof v === 'number') x = { ip: v >>> 0, bits: 32 };
  else x = parseV4(toStr(v, t));
  if (!x) return '';
  const mask = m === undefined ? 32 : m === null ? -1 : Number(m);
  if (!(mask >= 0 && mask <= 32)) return '';
  const bits = Math.min(x.bits, mask);
  const ip = (x.ip & mask4(bits)) >>> 0;
  const text = [24, 16, 8, 0].map((s) => (ip >>> s) & 255).join('.');
  return withMask ? `${text}/${bits}` : text;
}
