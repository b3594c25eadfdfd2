// Alert-side limits of custom detections (reference §3.1): custom details, `{{Column}}` columns in the
// title and description, and an impacted asset Defender can identify.
import { error, type Problem } from '../core/problems.js';
import type { QueryResultSchema } from '../kql/analyze/types.js';
import type { RuleDefinition } from '../rules/types.js';
import type { EntityMappings } from './types.js';
import { ASSET_COLLECTIONS, AUTO_ASSET_COLUMNS, DEFENDER_LIMITS } from './limits.js';

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;

export function checkDefenderCustomDetails(rule: RuleDefinition): Problem[] {
  const count = Object.keys(rule.doc.customDetails ?? {}).length;
  if (count <= DEFENDER_LIMITS.maxCustomDetails) return [];
  return [
    error(
      'defender-custom-details',
      `customDetails has ${count} pairs; Defender keeps at most ${DEFENDER_LIMITS.maxCustomDetails} (and 4 KB per alert) and drops all of them beyond that`,
      rule.source.locate('/customDetails'),
    ),
  ];
}

export function checkDefenderAlertText(rule: RuleDefinition): Problem[] {
  const override = rule.doc.alertDetailsOverride ?? {};
  const problems: Problem[] = [];
  for (const key of ['alertDisplayNameFormat', 'alertDescriptionFormat'] as const) {
    const text = override[key];
    if (typeof text !== 'string') continue;
    const columns = new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!));
    if (columns.size <= DEFENDER_LIMITS.maxAlertTextColumns) continue;
    problems.push(
      error(
        'defender-alert-columns',
        `${key} uses ${columns.size} columns (${[...columns].join(', ')}); Defender allows at most ${DEFENDER_LIMITS.maxAlertTextColumns} in a dynamic title or description`,
        rule.source.locate(`/alertDetailsOverride/${key}`),
      ),
    );
  }
  return problems;
}

/**
 * Defender maps only assets as impacted entities (§3.1); an alert without one has nothing to attach to.
 * On Defender tables the service also maps assets itself from well-known columns (§3.2).
 */
export function checkDefenderAsset(rule: RuleDefinition, mappings: EntityMappings | undefined, result: QueryResultSchema | undefined): Problem[] {
  if (ASSET_COLLECTIONS.some((c) => strongEntries(c, mappings?.[c] ?? []))) return [];
  if (result?.columns.some((c) => AUTO_ASSET_COLUMNS.includes(c.name))) return [];
  if (!result || result.open) return [];
  return [
    error(
      'defender-asset',
      'Defender needs an impacted asset it can identify: map an Account (AadUserId, Sid, FullName as UPN, or Name with a domain), a Host (HostName, or NetBiosName with a domain), a Mailbox, a CloudApplication or an AzureResource',
      rule.source.locate('/entityMappings'),
    ),
  ];
}

/**
 * Identifier combinations a third-party module reports the service enforcing (reference §6: unverified);
 * other asset kinds have a single identifier, so any entry counts.
 */
function strongEntries(collection: string, entries: readonly Record<string, string>[]): boolean {
  return entries.some((e) => {
    const has = (k: string): boolean => k in e;
    if (collection === 'accounts') return has('aadUserIdColumn') || has('sidColumn') || has('upnColumn') || (has('nameColumn') && (has('ntDomainColumn') || has('dnsDomainColumn') || has('upnSuffixColumn')));
    if (collection === 'hosts') return has('deviceIdColumn') || has('nameColumn') || (has('netBiosNameColumn') && (has('ntDomainColumn') || has('dnsDomainColumn')));
    return Object.keys(e).length > 0;
  });
}
