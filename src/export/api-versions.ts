// The api-version each exported resource is deployed at (sentinel-arm-api.md §1.1-1.2, §2.3). Stable
// SecurityInsights versions have no NRT kind and none of the preview-only rule properties; a stable
// version would silently drop those properties, so a rule using them is exported at the preview.
import type { AlertRuleBody } from '../render/alert-rule-body.js';

export const SENTINEL_STABLE = '2025-09-01';
export const SENTINEL_PREVIEW = '2025-07-01-preview';
export const WORKBOOKS = '2023-06-01';

export const PREVIEW_ONLY_RULE_PROPERTIES: readonly string[] = ['subTechniques', 'sentinelEntitiesMappings'];

function usesPreviewDynamicProperty(properties: Record<string, unknown>): boolean {
  const override = properties['alertDetailsOverride'] as { alertDynamicProperties?: { alertProperty?: unknown }[] } | undefined;
  return (override?.alertDynamicProperties ?? []).some((d) => d.alertProperty === 'SubTechniques');
}

export function alertRuleApiVersion(body: AlertRuleBody): string {
  if (body.kind !== 'Scheduled') return SENTINEL_PREVIEW;
  const preview = PREVIEW_ONLY_RULE_PROPERTIES.some((p) => body.properties[p] !== undefined) || usesPreviewDynamicProperty(body.properties);
  return preview ? SENTINEL_PREVIEW : SENTINEL_STABLE;
}
