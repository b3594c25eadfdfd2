// H3 cells (Uber's hexagonal grid) with h3-js: the token strings, centers, boundaries and the cell
// hierarchy the real engine's geo_*h3cell* functions return. Invalid input gives null (or '' for
// geo_point_to_h3cell), as documented.
import { createRequire } from 'node:module';
import type * as H3 from 'h3-js';
import type { Dyn, Val } from '../values.js';
import { type FnImpl, lift } from './lift.js';
import { validPoint } from './geo-sphere.js';

// h3-js takes longer to load than the CLI's help takes to print; only queries that use H3 cells load it.
let loaded: typeof H3 | undefined;
const h3 = (): typeof H3 => (loaded ??= createRequire(import.meta.url)('h3-js') as typeof H3);

const cell = (v: Val | undefined): string | null => (typeof v === 'string' && h3().isValidCell(v) ? v : null);
const level = (v: Val | undefined, dflt: number): number | null =>
  v === undefined ? dflt : typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 15 ? v : null;

/** [lng, lat] pairs, GeoJSON order; the ring closed. */
function boundary(c: string): Dyn {
  return { type: 'Polygon', coordinates: [h3().cellToBoundary(c, true)] };
}

export const h3Functions: Record<string, FnImpl> = {
  geo_point_to_h3cell: (c) => lift(c, () => (lng, lat, resolution) => {
    const r = level(resolution, 6);
    return validPoint(lng, lat) && r !== null ? h3().latLngToCell(lat as number, lng as number, r) : '';
  }),
  geo_h3cell_to_central_point: (c) => lift(c, () => (v) => {
    const h = cell(v);
    if (!h) return null;
    const [lat, lng] = h3().cellToLatLng(h);
    return { type: 'Point', coordinates: [lng, lat] };
  }),
  geo_h3cell_to_polygon: (c) => lift(c, () => (v) => {
    const h = cell(v);
    return h ? boundary(h) : null;
  }),
  geo_h3cell_level: (c) => lift(c, () => (v) => {
    const h = cell(v);
    return h ? h3().getResolution(h) : null;
  }),
  geo_h3cell_parent: (c) => lift(c, () => (v, resolution) => {
    const h = cell(v);
    if (!h) return '';
    const r = level(resolution, h3().getResolution(h) - 1);
    return r === null || r < 0 || r > h3().getResolution(h) ? '' : h3().cellToParent(h, r);
  }),
  // At most five levels below the cell, as documented.
  geo_h3cell_children: (c) => lift(c, () => (v, resolution) => {
    const h = cell(v);
    if (!h) return null;
    const own = h3().getResolution(h);
    const r = level(resolution, own + 1);
    return r === null || r < own || r - own > 5 ? null : h3().cellToChildren(h, r);
  }),
  geo_h3cell_neighbors: (c) => lift(c, () => (v) => {
    const h = cell(v);
    return h ? h3().gridDisk(h, 1).filter((n) => n !== h) : null;
  }),
  // Rings 0..distance; the documented bound on distance is 142.
  geo_h3cell_rings: (c) => lift(c, () => (v, distance) => {
    const h = cell(v);
    if (!h || typeof distance !== 'number' || !Number.isInteger(distance) || distance < 0 || distance > 142) return null;
    return h3().gridDiskDistances(h, distance);
  }),
};
