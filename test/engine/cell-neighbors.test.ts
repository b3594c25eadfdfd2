// geo_geohash_neighbors and geo_s2cell_neighbors where their pages show no example: across the
// antimeridian, at a pole and at an S2 cube corner. The documented examples are docs cases
// (test/data/engine-docs, geo family); these check which cells come back, whatever their order.
import { describe, expect, it } from 'vitest';
import type { WireValue } from '../../src/kql/table.js';
import { one } from './run-print.js';

const sorted = (v: WireValue): string[] => [...(v as string[])].sort();

describe('geo_geohash_neighbors', () => {
  it('wraps across the antimeridian: the cell east of 179.9°E lies at 180°W', () => {
    const [cell, east, all] = one(`let h = geo_point_to_geohash(179.99, 0.01, 3);
print h, east = geo_point_to_geohash(-179.99, 0.01, 3), all = geo_geohash_neighbors(h)`);
    expect(cell).toBe('xbp');
    expect(all as string[]).toHaveLength(8);
    expect(all as string[]).toContain(east);
  });

  it('stops at a pole: five neighbors for a cell touching it (west, south-west, south, and two across 180°)', () => {
    // zzz spans 178.59375..180°E, 88.59375..90°N.
    const [all, ...expected] = one(`print all = geo_geohash_neighbors("zzz"),
  w = geo_point_to_geohash(178.0, 89.5, 3), sw = geo_point_to_geohash(178.0, 88.0, 3), s = geo_point_to_geohash(179.0, 88.0, 3),
  e = geo_point_to_geohash(-179.0, 89.5, 3), se = geo_point_to_geohash(-179.0, 88.0, 3)`);
    expect(sorted(all)).toEqual(sorted(expected));
  });
});

describe('geo_s2cell_neighbors', () => {
  it('finds seven distinct cells around a cube corner, each sharing a vertex with it', () => {
    // The level-1 cell at the corner of faces 0, 1 and 2 (x = y = z) has three edge neighbors and four
    // cells that touch only its corner; no eighth cell exists there.
    const [token, all] = one('let c = geo_point_to_s2cell(45.0, 35.26, 1); print c, all = geo_s2cell_neighbors(c)');
    expect(new Set(all as string[]).size).toBe(7);
    expect(all as string[]).not.toContain(token);
    const corners = (t: WireValue): number[][] => ((one(`print geo_s2cell_to_polygon('${t}')`)[0] as { coordinates: number[][][] }).coordinates[0]!);
    const own = corners(token);
    const touches = (t: string): boolean => corners(t).some(([x, y]) => own.some(([a, b]) => Math.abs(x! - a!) < 1e-9 && Math.abs(y! - b!) < 1e-9));
    expect((all as string[]).filter(touches)).toEqual(all);
  });

  it('gives the four faces around a face', () => {
    const [all] = one('print all = geo_s2cell_neighbors("1")');
    expect(sorted(all)).toEqual(['3', '5', '9', 'b']);
  });
});
