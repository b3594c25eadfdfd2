// geo_info_from_ip_address over MaxMind's GeoLite2-City test database (test/data/geoip, made-up
// records in the real schema), the database named by tripline.config.yaml's geoip: key, and the
// error without one.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../src/kql/engine/index.js';
import { loadConfig } from '../../src/kql/schema/config.js';

const DB = join(import.meta.dirname, '../data/geoip/GeoLite2-City-Test.mmdb');

function lookup(ip: string, geoIpDatabase?: string): unknown {
  const { query } = compileQuery(`print g = geo_info_from_ip_address('${ip}')`);
  return query!.run({ tables: {}, now: '2026-01-01T00:00:00Z', geoIpDatabase }).rows[0]![0];
}

describe('geo_info_from_ip_address', () => {
  it('reports country, first subdivision, city and coordinates in English, as documented', () => {
    // The test database's 2.125.160.216/29: Boxford, England (then West Berkshire), United Kingdom.
    expect(lookup('2.125.160.216', DB)).toEqual({ country: 'United Kingdom', state: 'England', city: 'Boxford', latitude: 51.75, longitude: -1.25 });
  });

  it('is an empty bag for an address the database lacks and null for one that is not an address', () => {
    expect([lookup('10.0.0.1', DB), lookup('not an ip', DB)]).toEqual([{}, null]);
  });

  it('without a database is an error saying how to name one', () => {
    expect(() => lookup('2.125.160.216')).toThrow(/no IP geolocation database; set geoip.database in tripline.config.yaml/);
  });

  it('reads the database path from tripline.config.yaml and reports a missing file at its key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tripline-geoip-'));
    writeFileSync(join(dir, 'tripline.config.yaml'), `geoip:\n  database: ${DB}\n`);
    expect(loadConfig(dir).config.geoIpDatabase).toBe(DB);
    writeFileSync(join(dir, 'tripline.config.yaml'), 'geoip:\n  database: missing.mmdb\n');
    const { problems } = loadConfig(dir);
    expect(problems.map((p) => [p.message, p.line])).toEqual([['GeoLite2-City database not found: missing.mmdb', 2]]);
  });
});
