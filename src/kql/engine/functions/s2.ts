// S2 cells (Google's S2 geometry: the sphere's cube faces cut on a Hilbert curve) with nodes2ts, a
// TypeScript port of the S2 library: tokens, centers and boundaries as the real engine returns
// them. Invalid input gives '' (geo_point_to_s2cell) or null, as documented.
import { S2Cell, S2CellId, S2LatLng } from 'nodes2ts';
import type { Dyn, Val } from '../values.js';
import { type FnImpl, lift } from './lift.js';
import { hashSetOrder } from './cell-set-order.js';
import { validPoint } from './geo-sphere.js';

/** A valid cell token (at most 16 hex digits), or null. */
function cellOf(v: Val): S2CellId | null {
  if (typeof v !== 'string' || !/^[0-9a-fA-F]{1,16}$/.test(v)) return null;
  const id = S2CellId.fromToken(v);
  return id.isValid() ? id : null;
}

function lngLat(ll: S2LatLng): [number, number] {
  return [ll.lngDegrees, ll.latDegrees];
}

export const s2Functions: Record<string, FnImpl> = {
  geo_point_to_s2cell: (c) => lift(c, () => (lng: Val, lat: Val, level?: Val) => {
    const l = level === undefined ? 11 : level;
    if (!validPoint(lng, lat) || typeof l !== 'number' || !Number.isInteger(l) || l < 0 || l > 30) return '';
    return S2CellId.fromPoint(S2LatLng.fromDegrees(lat as number, lng as number).toPoint()).parentL(l).toToken();
  }),
  geo_s2cell_to_central_point: (c) => lift(c, () => (v) => {
    const id = cellOf(v);
    return id ? { type: 'Point', coordinates: lngLat(id.toLatLng()) } : null;
  }),
  geo_s2cell_to_polygon: (c) => lift(c, () => (v) => {
    const id = cellOf(v);
    if (!id) return null;
    const cell = new S2Cell(id);
    const ring: Dyn[] = [0, 1, 2, 3, 0].map((k) => lngLat(S2LatLng.fromPoint(cell.getVertex(k))));
    return { type: 'Polygon', coordinates: [ring] };
  }),
  // The eight cells around it (seven at a cube corner), in the real engine's order (cell-set-order.ts).
  geo_s2cell_neighbors: (c) => lift(c, () => (v) => {
    const id = cellOf(v);
    if (!id) return null;
    const own = id.toToken();
    return hashSetOrder(id.getAllNeighbors(id.level()).map((n) => n.toToken()).filter((t) => t !== own));
  }),
};
