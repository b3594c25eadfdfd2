// Ownership and the drift baseline live in Sentinel, as Sentinel Repositories keeps them: one
// Microsoft.SecurityInsights/metadata resource per deployed item. The API's source kinds are fixed, so
// tripline marks its items as SourceRepository "tripline" with the repository as sourceId, and keeps the
// hash of the item as read back after its write in customVersion (the API has no hash field).
// Defender custom detections live in Graph, which keeps no ownership or etag: their record here is an
// AnalyticsRule entry (the API has no kind for them) whose contentId is the Graph id tripline derives
// (`tripline-<guid>`), never a bare GUID as a Sentinel rule's is.
import { execFileSync } from 'node:child_process';
import { basename } from 'node:path';
import type { ArmResource } from './arm/client.js';
import { ALERT_RULES, AUTOMATION_RULES, DETECTION_RULES, WATCHLISTS, WORKBOOKS, type ContentType, type Ownership } from './types.js';
import { isDefenderRuleId } from '../defender/convert.js';

export const SOURCE_NAME = 'tripline';

const METADATA_KIND: Record<ContentType, string> = {
  [ALERT_RULES]: 'AnalyticsRule',
  [WATCHLISTS]: 'Watchlist',
  [AUTOMATION_RULES]: 'AutomationRule',
  [WORKBOOKS]: 'Workbook',
  [DETECTION_RULES]: 'AnalyticsRule',
};

const KIND_TYPE = new Map(Object.entries(METADATA_KIND).filter(([type]) => type !== DETECTION_RULES).map(([kind, type]) => [type, kind as ContentType]));

function entryType(kind: string, contentId: string): ContentType | undefined {
  const type = KIND_TYPE.get(kind);
  return type === ALERT_RULES && isDefenderRuleId(contentId) ? DETECTION_RULES : type;
}

export function metadataName(type: ContentType, name: string): string {
  if (type === DETECTION_RULES) return `tripline-detectionrule-${name.toLowerCase()}`;
  return `tripline-${METADATA_KIND[type].toLowerCase()}-${name.toLowerCase()}`;
}

export function metadataBody(type: ContentType, name: string, parentId: string, repository: string, hash: string): ArmResource {
  return {
    properties: {
      contentId: name,
      parentId,
      kind: METADATA_KIND[type],
      source: { kind: 'SourceRepository', name: SOURCE_NAME, sourceId: repository },
      author: { name: SOURCE_NAME },
      customVersion: hash,
    },
  };
}

export interface OwnedEntry {
  type: ContentType;
  name: string;
  ownership: Ownership;
}

/** tripline's metadata entries of a workspace (any repository's), by content type and item name. */
export function ownedEntries(metadata: readonly ArmResource[]): OwnedEntry[] {
  const out: OwnedEntry[] = [];
  for (const m of metadata) {
    const p = (m.properties ?? {}) as { kind?: string; contentId?: string; customVersion?: string; source?: { kind?: string; name?: string; sourceId?: string } };
    if (p.source?.kind !== 'SourceRepository' || p.source.name !== SOURCE_NAME) continue;
    const type = p.contentId ? entryType(p.kind ?? '', p.contentId) : undefined;
    if (!type || !p.contentId || !m.name) continue;
    out.push({ type, name: p.contentId, ownership: { metadataName: m.name, hash: p.customVersion ?? '', repository: p.source.sourceId ?? '' } });
  }
  return out;
}

/**
 * The repository's identity: its origin remote without credentials, else its folder name. Two
 * repositories deploying to one workspace each prune only their own items.
 */
export function repositoryId(root: string): string {
  try {
    const url = execFileSync('git', ['config', '--get', 'remote.origin.url'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (url) return url.replace(/^(\w+:\/\/)[^@/]*@/, '$1').replace(/\.git$/, '');
  } catch {
    // not a git checkout, or no origin: fall back to the folder name
  }
  return basename(root);
}
