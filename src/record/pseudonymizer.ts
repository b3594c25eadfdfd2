// Keyed, consistent pseudonyms: the same identifier always maps to the same pseudonym under one key
// (HMAC-SHA256), so joins, counts and watchlist matches survive, while without the key nothing leads
// back. 64 bits of the HMAC name a person or object: for a million identities the chance of any
// collision is about 3e-8, and a collision that happens anyway is detected and reported.
import { createHmac } from 'node:crypto';
import { pseudoIp } from './ip.js';

export const PSEUDO_DOMAIN_SUFFIX = '.pseudo.example';

export class Pseudonymizer {
  /** pseudonym -> the original it was made from, per kind (collision detection). */
  private readonly origin = new Map<string, string>();
  /** Originals that must not appear anywhere (names, domains), with their pseudonyms, for the final sweep. */
  readonly known = new Map<string, string>();
  readonly collisions: string[] = [];

  constructor(private readonly key: string) {}

  /** `bits` of HMAC(key, kind:value) as hex. */
  hex(kind: string, value: string, chars = 16): string {
    const h = createHmac('sha256', this.key).update(`${kind}\0${value}`).digest('hex').slice(0, chars);
    const seen = this.origin.get(`${kind}:${h}`);
    if (seen === undefined) this.origin.set(`${kind}:${h}`, value);
    else if (seen !== value) this.collisions.push(`${kind} pseudonym ${h} was made from two different values`);
    return h;
  }

  guid(value: string): string {
    if (/^0{8}-0{4}-0{4}-0{4}-0{12}$/.test(value)) return value;
    const h = this.hex('guid', value.toLowerCase(), 32);
    const g = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16]!, 16) & 3]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    return value === value.toUpperCase() ? g.toUpperCase() : g;
  }

  domain(value: string): string {
    const d = `tenant-${this.hex('domain', value.toLowerCase(), 10)}${PSEUDO_DOMAIN_SUFFIX}`;
    this.remember(value, d);
    return d;
  }

  /** UPNs and e-mail addresses keep their shape: user-<hmac>@tenant-<hmac>.pseudo.example. */
  upn(value: string): string {
    const at = value.lastIndexOf('@');
    const local = value.slice(0, at);
    const out = `user-${this.hex('upn', value.toLowerCase())}@${this.domain(value.slice(at + 1))}`;
    if (local.length >= 4) this.remember(local, `user-${this.hex('upn', value.toLowerCase())}`);
    return out;
  }

  /** A display, account, device or resource name: `<prefix>-<hmac>`, remembered for the final sweep. */
  name(value: string, prefix = 'name'): string {
    if (value.trim() === '') return value;
    const out = `${prefix}-${this.hex('name', value.toLowerCase())}`;
    this.remember(value, out);
    return out;
  }

  ip(value: string): string {
    return pseudoIp(value, (what) => this.hex('ip', `${what}`, 32));
  }

  private remember(original: string, pseudonym: string): void {
    if (original.length >= 4 && !this.known.has(original)) this.known.set(original, pseudonym);
  }
}
