// Which values are identifiers, and their pseudonyms, anywhere in a row: by shape (GUIDs, UPNs and
// e-mail addresses, IPv4/IPv6 addresses, ARM resource ids, also inside free text) and by the name of
// the column or JSON key holding them (display, account, device and host names). JSON held in a
// string column is parsed, pseudonymized and written back. A final sweep replaces any remaining
// occurrence of a name seen anywhere, so a display name quoted in a description does not survive.
import { isIPv4, isIPv6 } from 'node:net';
import type { WireValue } from '../kql/table.js';
import type { Pseudonymizer } from './pseudonymizer.js';

const GUID = /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g;
const EMAIL = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
/** Non-global twins for tests (a global RegExp's test() is stateful). */
const HAS_GUID = new RegExp(GUID.source);
const HAS_EMAIL = new RegExp(EMAIL.source);
const IPV6_CANDIDATE = /(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{0,4}|(?:\d{1,3}\.){3}\d{1,3})(?![0-9A-Za-z:])/g;

/** Keys (columns and JSON keys, case-insensitive) whose string values are names of people or machines. */
const NAME_KEYS: Record<string, string> = {
  identity: 'name',
  userdisplayname: 'name',
  accountdisplayname: 'name',
  initiatedbyuser: 'name',
  username: 'name',
  accountname: 'account',
  samaccountname: 'account',
  accountupnsuffix: 'domain',
  upnsuffix: 'domain',
  devicename: 'device',
  devicedisplayname: 'device',
  computer: 'device',
  computername: 'device',
  hostname: 'device',
  workstationname: 'device',
  principalname: 'name',
};

/** A `displayName` names a person, device or group unless its object says it is a role, app or policy. */
const KEPT_DISPLAY_TYPES = new Set(['role', 'application', 'serviceprincipal', 'policy', 'directory', 'other']);

function nameKind(key: string | undefined, sibling: Record<string, WireValue> | undefined): string | undefined {
  if (!key) return undefined;
  const k = key.toLowerCase();
  if (k === 'displayname') {
    const type = sibling ? Object.entries(sibling).find(([x]) => x.toLowerCase() === 'type')?.[1] : undefined;
    return typeof type === 'string' && KEPT_DISPLAY_TYPES.has(type.toLowerCase()) ? undefined : 'name';
  }
  return NAME_KEYS[k];
}

/** ARM ids: subscription, resource group and resource names are identifiers; provider namespaces and types are not. */
function resourceId(s: string, p: Pseudonymizer): string {
  const parts = s.split('/');
  let afterProviders = -1;
  for (let i = 1; i < parts.length; i++) {
    const prev = parts[i - 1]!.toLowerCase();
    if (prev === 'providers') {
      afterProviders = i;
      continue;
    }
    const pairIndex = afterProviders >= 0 ? (i - afterProviders) % 2 : -1;
    if (prev === 'resourcegroups' || prev === 'subscriptions' || (afterProviders >= 0 && pairIndex === 0 && parts[i] !== '')) {
      if (parts[i]!.toLowerCase() === 'providers') continue;
      parts[i] = HAS_GUID.test(parts[i]!) ? parts[i]!.replace(GUID, (g) => p.guid(g)) : p.name(parts[i]!, 'res');
    }
  }
  return parts.join('/');
}

function wholeIp(s: string): boolean {
  return isIPv4(s) || isIPv6(s);
}

/** Identifiers found by shape, anywhere inside a string. */
export function pseudonymizeText(s: string, p: Pseudonymizer): string {
  if (wholeIp(s)) return p.ip(s);
  if (/^\/subscriptions\//i.test(s)) return resourceId(s, p);
  return s
    .replace(EMAIL, (e) => p.upn(e))
    .replace(GUID, (g) => p.guid(g))
    .replace(IPV4, (ip) => (isIPv4(ip) ? p.ip(ip) : ip))
    .replace(IPV6_CANDIDATE, (ip) => (isIPv6(ip) && ip.split(':').length > 3 ? p.ip(ip) : ip));
}

function jsonInside(s: string): WireValue | undefined {
  const t = s.trim();
  if (!(t.startsWith('{') && t.endsWith('}')) && !(t.startsWith('[') && t.endsWith(']'))) return undefined;
  try {
    return JSON.parse(t) as WireValue;
  } catch {
    return undefined;
  }
}

function pseudonymizeString(s: string, key: string | undefined, sibling: Record<string, WireValue> | undefined, p: Pseudonymizer): string {
  const inner = jsonInside(s);
  if (inner !== undefined && typeof inner === 'object' && inner !== null) return JSON.stringify(pseudonymizeValue(inner, key, p));
  const kind = nameKind(key, sibling);
  if (kind === 'domain') return s.includes('.') ? p.domain(s) : s;
  if (kind && s.trim() !== '') {
    if (HAS_EMAIL.test(s) || HAS_GUID.test(s) || wholeIp(s)) return pseudonymizeText(s, p);
    return p.name(s, kind === 'name' ? 'name' : kind);
  }
  return pseudonymizeText(s, p);
}

/** A value of a column or JSON key named `key`, with every identifier in it replaced. */
export function pseudonymizeValue(v: WireValue, key: string | undefined, p: Pseudonymizer, sibling?: Record<string, WireValue>): WireValue {
  if (typeof v === 'string') return pseudonymizeString(v, key, sibling, p);
  if (Array.isArray(v)) return v.map((x) => pseudonymizeValue(x, key, p));
  if (v !== null && typeof v === 'object') {
    const obj = v;
    return Object.fromEntries(Object.entries(obj).map(([k, x]) => [k, pseudonymizeValue(x, k, p, obj)]));
  }
  return v;
}

/** Replaces every remaining occurrence of a remembered original (names, domains), case-insensitively. */
export function sweeper(p: Pseudonymizer): (v: WireValue) => WireValue {
  const originals = [...p.known.keys()].sort((a, b) => b.length - a.length);
  if (!originals.length) return (v) => v;
  const lower = new Map([...p.known].map(([k, x]) => [k.toLowerCase(), x]));
  // Pseudonyms are matched first and left alone, so an original such as `user` never rewrites one.
  const pseudonym = '(?:user|name|account|device|res|tenant)-[0-9a-f]{10,16}(?:@[A-Za-z0-9.-]+|\\.pseudo\\.example)?';
  const re = new RegExp(`${pseudonym}|${originals.map((o) => o.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')}`, 'gi');
  const isPseudonym = new RegExp(`^${pseudonym}$`, 'i');
  const sweep = (v: WireValue): WireValue => {
    if (typeof v === 'string') return v.replace(re, (m) => (isPseudonym.test(m) ? m : lower.get(m.toLowerCase()) ?? m));
    if (Array.isArray(v)) return v.map(sweep);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sweep(x)]));
    return v;
  };
  return sweep;
}
