// Geospatial functions: distances and containment on the sphere (geo-sphere.ts) and geohash cells.
// Invalid coordinates, radii or shapes give null, as documented.
import type { Dyn, Val } from '../values.js';
import { type FnImpl, lift } from './lift.js';
import { hashSetOrder } from './cell-set-order.js';
import { encodeGeohash, geohashBounds, geohashNeighbors } from './geohash.js';
import { polygonsOf, pointInPolygons, sphereDistance, spheroidDistance, validPoint } from './geo-sphere.js';

const point = (lng: number, lat: number): Dyn => ({ type: 'Point', coordinates: [lng, lat] });

function geohashCell(c: Parameters<FnImpl>[0], f: (b: [number, number, number, number]) => Dyn): ReturnType<FnImpl> {
  return lift(c, () => (h) => {
    const b = typeof h === 'string' ? geohashBounds(h) : null;
    return b ? f(b) : null;
  });
}

export const geoFunctions: Record<string, FnImpl> = {
  geo_distance_2points: (c) => lift(c, () => (lng1, lat1, lng2, lat2, spheroid) => {
    if (!validPoint(lng1, lat1) || !validPoint(lng2, lat2)) return null;
    const args = [lng1, lat1, lng2, lat2] as [number, number, number, number];
    return spheroid === true ? spheroidDistance(...args) : sphereDistance(...args);
  }),
  geo_point_in_circle: (c) => lift(c, () => (lng, lat, cLng, cLat, radius) => {
    if (!validPoint(lng, lat) || !validPoint(cLng, cLat) || typeof radius !== 'number' || !(radius > 0)) return null;
    return sphereDistance(lng as number, lat as number, cLng as number, cLat as number) <= radius;
  }),
  geo_point_in_polygon: (c) => lift(c, () => (lng, lat, polygon) => {
    const polygons = polygonsOf(polygon);
    if (!validPoint(lng, lat) || !polygons) return null;
    return pointInPolygons(lng as number, lat as number, polygons);
  }),
  geo_point_to_geohash: (c) => lift(c, () => (lng: Val, lat: Val, accuracy?: Val) => {
    const n = accuracy === undefined ? 5 : accuracy;
    if (!validPoint(lng, lat) || typeof n !== 'number' || n < 1 || n > 18) return '';
    return encodeGeohash(lng as number, lat as number, Math.trunc(n));
  }),
  geo_geohash_to_central_point: (c) => geohashCell(c, ([w, s, e, n]) => point((w + e) / 2, (s + n) / 2)),
  geo_geohash_to_polygon: (c) => geohashCell(c, ([w, s, e, n]) => ({ type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] })),
  geo_geohash_neighbors: (c) => lift(c, () => (h) => {
    const found = typeof h === 'string' ? geohashNeighbors(h) : null;
    return found && hashSetOrder(found);
  }),
};
