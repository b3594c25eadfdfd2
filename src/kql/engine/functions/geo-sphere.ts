// Geometry on the sphere the real engine measures with (S2's Earth radius, 6,371,010 m): distances,
// spherical caps and point-in-polygon with geodesic edges. Coordinates are [longitude, latitude] in
// degrees, WGS-84.

export const EARTH_RADIUS_M = 6371010;

type Vec3 = [number, number, number];

const rad = (d: number): number => (d * Math.PI) / 180;

export function validPoint(lng: unknown, lat: unknown): boolean {
  return typeof lng === 'number' && typeof lat === 'number' && Math.abs(lng) <= 180 && Math.abs(lat) <= 90;
}

function unit(lng: number, lat: number): Vec3 {
  const φ = rad(lat), λ = rad(lng);
  return [Math.cos(φ) * Math.cos(λ), Math.cos(φ) * Math.sin(λ), Math.sin(φ)];
}

const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const norm = (a: Vec3): number => Math.sqrt(dot(a, a));

/** The great-circle distance in meters (the angle as atan2 of |a x b| and a . b, stable at all distances). */
export function sphereDistance(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const a = unit(lng1, lat1), b = unit(lng2, lat2);
  return Math.atan2(norm(cross(a, b)), dot(a, b)) * EARTH_RADIUS_M;
}

/** Vincenty's inverse formula on the WGS-84 ellipsoid, in meters; null when it does not converge. */
export function spheroidDistance(lng1: number, lat1: number, lng2: number, lat2: number): number | null {
  const a = 6378137, f = 1 / 298.257223563, b = a * (1 - f);
  const L = rad(lng2 - lng1);
  const U1 = Math.atan((1 - f) * Math.tan(rad(lat1))), U2 = Math.atan((1 - f) * Math.tan(rad(lat2)));
  const sinU1 = Math.sin(U1), cosU1 = Math.cos(U1), sinU2 = Math.sin(U2), cosU2 = Math.cos(U2);
  let λ = L;
  for (let iter = 0; iter < 200; iter++) {
    const sinλ = Math.sin(λ), cosλ = Math.cos(λ);
    const sinσ = Math.sqrt((cosU2 * sinλ) ** 2 + (cosU1 * sinU2 - sinU1 * cosU2 * cosλ) ** 2);
    if (sinσ === 0) return 0;
    const cosσ = sinU1 * sinU2 + cosU1 * cosU2 * cosλ;
    const σ = Math.atan2(sinσ, cosσ);
    const sinα = (cosU1 * cosU2 * sinλ) / sinσ;
    const cos2α = 1 - sinα * sinα;
    const cos2σm = cos2α === 0 ? 0 : cosσ - (2 * sinU1 * sinU2) / cos2α;
    const C = (f / 16) * cos2α * (4 + f * (4 - 3 * cos2α));
    const prev = λ;
    λ = L + (1 - C) * f * sinα * (σ + C * sinσ * (cos2σm + C * cosσ * (-1 + 2 * cos2σm * cos2σm)));
    if (Math.abs(λ - prev) < 1e-12) {
      const u2 = (cos2α * (a * a - b * b)) / (b * b);
      const A = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
      const B = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
      const Δσ = B * sinσ * (cos2σm + (B / 4) * (cosσ * (-1 + 2 * cos2σm * cos2σm) - (B / 6) * cos2σm * (-3 + 4 * sinσ * sinσ) * (-3 + 4 * cos2σm * cos2σm)));
      return b * A * (σ - Δσ);
    }
  }
  return null;
}

export type Ring = [number, number][];

/** A GeoJSON Polygon or MultiPolygon as lists of rings (shell first); null when it is not a valid one. */
export function polygonsOf(g: unknown): Ring[][] | null {
  if (g === null || typeof g !== 'object' || Array.isArray(g)) return null;
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  const polys = type === 'Polygon' ? [coordinates] : type === 'MultiPolygon' && Array.isArray(coordinates) ? coordinates : null;
  if (!polys || polys.length === 0) return null;
  const out: Ring[][] = [];
  for (const p of polys) {
    if (!Array.isArray(p) || p.length === 0) return null;
    const rings = p.map(ringOf);
    if (rings.some((r) => r === null)) return null;
    out.push(rings as Ring[]);
  }
  return out;
}

/** At least four positions, closed, valid, no two consecutive equal, at least three distinct. */
function ringOf(r: unknown): Ring | null {
  if (!Array.isArray(r) || r.length < 4) return null;
  const pts: Ring = [];
  for (const c of r) {
    if (!Array.isArray(c) || c.length < 2 || !validPoint(c[0], c[1])) return null;
    pts.push([c[0] as number, c[1] as number]);
  }
  const same = (a: [number, number], b: [number, number]): boolean => a[0] === b[0] && a[1] === b[1];
  if (!same(pts[0]!, pts[pts.length - 1]!)) return null;
  for (let i = 1; i < pts.length; i++) if (same(pts[i]!, pts[i - 1]!)) return null;
  return pts.length - 1 >= 3 ? pts : null;
}

/**
 * Whether the point is inside the ring, edges being geodesics: the ring is projected gnomonically
 * about the point (great circles become straight lines) and crossings of a ray are counted. A ring
 * reaching beyond the point's hemisphere cannot be projected; such a point is farther than 90
 * degrees from a vertex, and is taken as outside.
 */
function inRing(p: Vec3, e: Vec3, n: Vec3, ring: Ring): boolean {
  const xy: [number, number][] = [];
  for (const [lng, lat] of ring) {
    const v = unit(lng, lat);
    const d = dot(p, v);
    if (d <= 0) return false;
    xy.push([dot(v, e) / d, dot(v, n) / d]);
  }
  let inside = false;
  for (let i = 0, j = xy.length - 1; i < xy.length; j = i++) {
    const [xi, yi] = xy[i]!, [xj, yj] = xy[j]!;
    if (yi > 0 !== yj > 0 && 0 < ((xj - xi) * (0 - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function pointInPolygons(lng: number, lat: number, polygons: Ring[][]): boolean {
  const p = unit(lng, lat);
  // East and north at the point (any orthonormal pair on the tangent plane would do).
  const e: Vec3 = [-Math.sin(rad(lng)), Math.cos(rad(lng)), 0];
  const n = cross(p, e);
  return polygons.some(([shell, ...holes]) => inRing(p, e, n, shell!) && !holes.some((h) => inRing(p, e, n, h)));
}
