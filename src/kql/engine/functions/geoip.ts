// geo_info_from_ip_address: an IP address's whereabouts from a MaxMind GeoLite2-City database (the
// data the real engine documents), read with mmdb-lib. The host names the database file for the run
// (tripline.config.yaml `geoip.database`); without one the call is an error saying how to set it.
// Records in the GeoLite2 schema (country.names.en, ...) and in ip-location-db's flattened schema
// (country_code, state1, city, latitude, longitude) are both read.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Reader } from 'mmdb-lib';
import type { CExpr, Runtime } from '../compile/context.js';
import type { Dyn, Val } from '../values.js';
import type { CallCompiler } from './lift.js';

type GeoRecord = Record<string, unknown>;

const readers = new Map<string, Reader<GeoRecord>>();

function reader(path: string): Reader<GeoRecord> {
  let r = readers.get(path);
  if (!r) {
    r = new Reader<GeoRecord>(readFileSync(path));
    readers.set(path, r);
  }
  return r;
}

const en = (v: unknown): string => {
  const names = (v as { names?: Record<string, string> } | undefined)?.names;
  return names?.['en'] ?? '';
};

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** The documented fields: country, state (the first subdivision), city, latitude, longitude. */
function info(rec: GeoRecord): { [k: string]: Dyn } {
  if ('country_code' in rec) {
    const code = String(rec['country_code'] ?? '');
    return {
      country: code ? regionNames.of(code) ?? code : '', state: String(rec['state1'] ?? ''), city: String(rec['city'] ?? ''),
      latitude: (rec['latitude'] as number | undefined) ?? null, longitude: (rec['longitude'] as number | undefined) ?? null,
    };
  }
  const loc = (rec['location'] ?? {}) as { latitude?: number; longitude?: number };
  const subdivisions = (rec['subdivisions'] ?? []) as unknown[];
  return { country: en(rec['country']), state: en(subdivisions[0]), city: en(rec['city']), latitude: loc.latitude ?? null, longitude: loc.longitude ?? null };
}

function lookup(ip: Val, rt: Runtime): Val {
  if (!rt.geoIpDatabase) {
    throw new Error('geo_info_from_ip_address(): no IP geolocation database; set geoip.database in tripline.config.yaml to a GeoLite2-City .mmdb file (README: IP geolocation)');
  }
  if (typeof ip !== 'string' || isIP(ip.trim()) === 0) return null;
  const rec = reader(rt.geoIpDatabase).get(ip.trim());
  return rec ? info(rec) : {};
}

export const geoIpCalls: Record<string, CallCompiler> = {
  geo_info_from_ip_address: ({ args }, _cx, compile): CExpr => {
    const ip = compile(args[0]!);
    return { type: 'dynamic', ev: (t, rt) => ip.ev(t, rt).map((v) => lookup(v, rt)) };
  },
};
