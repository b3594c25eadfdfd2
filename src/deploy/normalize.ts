// One comparable form per content type, for the desired body and the deployed read-back alike: the
// values tripline controls, with server-filled and read-only fields dropped, nulls and empty values
// treated as absent, durations compared by length (PT60M = PT1H), sets sorted and resource ids
// compared without case. Plans diff this form and ownership hashes it, so a re-plan after a deploy is
// empty however the service re-spells what it stores.
import { createHash } from 'node:crypto';
import type { Json } from '../core/json.js';
import { parseDuration } from '../core/duration.js';
import type { ArmResource } from './arm/client.js';
import { ALERT_RULES, AUTOMATION_RULES, DETECTION_RULES, WATCHLISTS, WORKBOOKS, type ContentType, type WatchlistRow } from './types.js';

export type Normalized = { [key: string]: Json };

const DURATION_KEYS = new Set(['queryFrequency', 'queryPeriod', 'suppressionDuration', 'lookbackDuration', 'defaultDuration', 'frequency', 'lookback']);
const SET_KEYS = new Set(['tactics', 'techniques', 'subTechniques', 'groupByEntities', 'groupByAlertDetails', 'groupByCustomDetails', 'labels']);
const READ_ONLY_PROPERTIES: Record<ContentType, string[]> = {
  [ALERT_RULES]: ['lastModifiedUtc'],
  [WATCHLISTS]: [
    'watchlistId', 'watchlistAlias', 'watchlistType', 'provisioningState', 'uploadStatus', 'created', 'updated', 'createdBy',
    'updatedBy', 'tenantId', 'isDeleted', 'rawContent', 'source', 'sourceType', 'contentType', 'numberOfLinesToSkip', 'sasUri',
  ],
  [AUTOMATION_RULES]: ['createdTimeUtc', 'lastModifiedTimeUtc', 'createdBy', 'lastModifiedBy'],
  [WORKBOOKS]: ['timeModified', 'userId', 'revision', 'storageUri', 'tags'],
  // A Graph rule has no `properties`: the whole body is compared, without what the service fills in.
  [DETECTION_RULES]: ['@odata.type', '@odata.context', 'id', 'createdBy', 'createdDateTime', 'lastModifiedBy', 'lastModifiedDateTime', 'isEnabled', 'detectorId', 'lastRunDetails'],
};

export function normalize(type: ContentType, resource: ArmResource, rows?: readonly WatchlistRow[]): Normalized {
  const props: Record<string, unknown> = type === DETECTION_RULES ? { ...resource } : { ...(resource.properties ?? {}) };
  for (const key of READ_ONLY_PROPERTIES[type]) delete props[key];
  if (type === DETECTION_RULES) return asObject(canonical(props, ''));
  const out: Normalized = {};
  if (type === ALERT_RULES) {
    out['kind'] = resource.kind ?? null;
    if (props['eventGroupingSettings'] === undefined || props['eventGroupingSettings'] === null) props['eventGroupingSettings'] = { aggregationKind: 'SingleAlert' };
  }
  if (type === AUTOMATION_RULES && Array.isArray(props['actions'])) {
    props['actions'] = [...(props['actions'] as { order?: number }[])].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  }
  if (type === WORKBOOKS) {
    out['kind'] = resource.kind ?? 'shared';
    out['location'] = typeof resource.location === 'string' ? resource.location.toLowerCase().replace(/\s+/g, '') : null;
    if (typeof props['serializedData'] === 'string') props['serializedData'] = parseOr(props['serializedData']);
    const tags = canonical(resource['tags'], 'tags');
    if (tags !== undefined) out['tags'] = tags;
  }
  out['properties'] = canonical(props, '') ?? {};
  if (type === WATCHLISTS) out['items'] = itemsMap(rows ?? []);
  return out;
}

/** Watchlist rows as `{ <search key value>: { column: value } }`, every value a string as Sentinel stores it. */
function itemsMap(rows: readonly WatchlistRow[]): Json {
  const out: { [key: string]: Json } = {};
  for (const r of [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const values: { [key: string]: Json } = {};
    for (const k of Object.keys(r.values).sort()) values[k] = r.values[k] === null || r.values[k] === undefined ? '' : String(r.values[k]);
    out[r.key] = values;
  }
  return out;
}

function canonical(value: unknown, key: string): Json | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = value.map((v) => canonical(v, '')).filter((v): v is Json => v !== undefined);
    if (!items.length) return undefined;
    return SET_KEYS.has(key) ? [...items].sort((a, b) => stableStringify(a).localeCompare(stableStringify(b))) : items;
  }
  if (typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const k of Object.keys(value as object).sort()) {
      const v = canonical((value as Record<string, unknown>)[k], k);
      if (v !== undefined) out[k] = v;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (typeof value === 'string') {
    if (DURATION_KEYS.has(key)) return parseDuration(value)?.iso ?? value;
    // ARM returns resource ids in its own casing (resourcegroups, Microsoft.OperationalInsights...).
    if (/^\/subscriptions\//i.test(value)) return value.toLowerCase();
    return value;
  }
  return value as Json;
}

function asObject(v: Json | undefined): Normalized {
  return v !== undefined && v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
}

function parseOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function stableStringify(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableStringify(value[k]!)}`)
    .join(',')}}`;
}

/** The ownership hash kept in the metadata's customVersion. */
export function contentHash(n: Normalized): string {
  return 'sha256:' + createHash('sha256').update(stableStringify(n)).digest('hex');
}
