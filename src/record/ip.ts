// IP addresses pseudonymized within their class: a private address stays in its private range, a
// link-local or carrier-grade NAT address in its own, a public address becomes another public one,
// so rules that tell internal from external traffic (ipv4_is_private) still do.
import { isIPv4, isIPv6 } from 'node:net';

type Digest = (value: string) => string;

/** IPv4 ranges whose prefix is kept: [first octets..., prefix bits]. */
const V4_KEPT: [number, number, number][] = [
  [10, 0, 8],
  [172, 16, 12],
  [192, 168, 16],
  [169, 254, 16],
  [100, 64, 10],
  [127, 0, 8],
];

const toInt = (ip: string): number => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
const toV4 = (n: number): string => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

function inRange(n: number, [a, b, bits]: [number, number, number]): boolean {
  const base = (a * 256 + b) * 65536;
  const size = 2 ** (32 - bits);
  return n >= base && n < base + size;
}

/** Addresses that are not ordinary public unicast: a public pseudonym must avoid them. */
function special(n: number): boolean {
  const first = Math.floor(n / 2 ** 24);
  return first === 0 || first >= 224 || V4_KEPT.some((r) => inRange(n, r));
}

function pseudoV4(ip: string, digest: Digest): string {
  const n = toInt(ip);
  const h = digest(`v4:${ip}`);
  const kept = V4_KEPT.find((r) => inRange(n, r));
  if (kept) {
    if (kept[0] === 127) return ip;
    const hostBits = 32 - kept[2];
    const base = (kept[0] * 256 + kept[1]) * 65536;
    return toV4(base + (parseInt(h.slice(0, 8), 16) % 2 ** hostBits));
  }
  for (let i = 0; i + 8 <= h.length; i += 2) {
    const cand = parseInt(h.slice(i, i + 8), 16);
    if (!special(cand)) return toV4(cand);
  }
  return toV4(0x2d000000 + (parseInt(h.slice(0, 6), 16) % 0x1000000)); // 45.x.y.z: public
}

function expandV6(ip: string): number[] {
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const parse = (s: string | undefined): number[] => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = parse(head);
  const t = parse(tail);
  return tail === undefined ? h : [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
}

function pseudoV6(ip: string, digest: Digest): string {
  const lower = ip.toLowerCase();
  if (lower === '::1' || lower === '::') return ip;
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4) return `::ffff:${pseudoV4(v4[1]!, digest)}`;
  const groups = expandV6(lower);
  const h = digest(`v6:${groups.join(':')}`);
  const rnd = Array.from({ length: 8 }, (_, i) => parseInt(h.slice(i * 4, i * 4 + 4), 16));
  let out: number[];
  if ((groups[0]! & 0xffc0) === 0xfe80) out = [0xfe80, 0, 0, 0, ...rnd.slice(4)];
  else if ((groups[0]! & 0xfe00) === 0xfc00) out = [0xfd00 | (rnd[0]! & 0xff), ...rnd.slice(1)];
  else out = [0x2000 | (rnd[0]! & 0x1fff), ...rnd.slice(1)]; // global unicast 2000::/3
  return out.map((g) => g.toString(16)).join(':');
}

export function pseudoIp(ip: string, digest: Digest): string {
  if (isIPv4(ip)) return pseudoV4(ip, digest);
  if (isIPv6(ip)) return pseudoV6(ip, digest);
  return ip;
}
