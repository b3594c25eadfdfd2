// Geohash (the public-domain base-32 interleaving of longitude and latitude bits).
const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

export function encodeGeohash(lng: number, lat: number, length: number): string {
  let lo = [-180, -90], hi = [180, 90];
  let out = '', bits = 0, ch = 0, even = true;
  while (out.length < length) {
    const k = even ? 0 : 1;
    const v = even ? lng : lat;
    const mid = (lo[k]! + hi[k]!) / 2;
    ch <<= 1;
    if (v >= mid) { ch |= 1; lo = k ? [lo[0]!, mid] : [mid, lo[1]!]; } else hi = k ? [hi[0]!, mid] : [mid, hi[1]!];
    even = !even;
    if (++bits === 5) { out += BASE32[ch]; bits = 0; ch = 0; }
  }
  return out;
}

/** The cell's bounds as [west, south, east, north]; null for an invalid geohash. */
export function geohashBounds(hash: string): [number, number, number, number] | null {
  if (hash.length < 1 || hash.length > 18) return null;
  let w = -180, e = 180, s = -90, n = 90, even = true;
  for (const c of hash) {
    const d = BASE32.indexOf(c);
    if (d < 0) return null;
    for (let b = 4; b >= 0; b--) {
      const bit = (d >> b) & 1;
      if (even) { const m = (w + e) / 2; if (bit) w = m; else e = m; } else { const m = (s + n) / 2; if (bit) s = m; else n = m; }
      even = !even;
    }
  }
  return [w, s, e, n];
}

/**
 * The cells of the same length around it, in rows from the north-west (the order the real engine adds
 * them in, cell-set-order.ts), across the antimeridian; none beyond a pole.
 */
export function geohashNeighbors(hash: string): string[] | null {
  const b = geohashBounds(hash);
  if (!b) return null;
  const [w, s, e, n] = b;
  const lng = (w + e) / 2, lat = (s + n) / 2;
  const out: string[] = [];
  for (const dy of [1, 0, -1]) {
    for (const dx of [-1, 0, 1]) {
      const y = lat + dy * (n - s);
      if ((dx === 0 && dy === 0) || y < -90 || y > 90) continue;
      const x = ((lng + dx * (e - w) + 540) % 360) - 180;
      out.push(encodeGeohash(x, y, hash.length));
    }
  }
  return out;
}
