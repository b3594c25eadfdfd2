// Explicit api-versions per resource type and kind (sentinel-arm-api.md §1.1-1.2, §2). Stable versions
// have no NRT kind and no preview-only properties, so a rule that needs them goes through the preview.
export const SENTINEL_STABLE = '2025-09-01';
export const SENTINEL_PREVIEW = '2025-07-01-preview';
export const WORKBOOKS = '2023-06-01';

const PREVIEW_ONLY_PROPERTIES = ['subTechniques', 'sentinelEntitiesMappings'];

/** The api-version an alertRules body must be sent at. */
export function alertRuleApiVersion(body: { kind: string; properties: Record<string, unknown> }): string {
  if (body.kind !== 'Scheduled') return SENTINEL_PREVIEW;
  const dynamic = (body.properties['alertDetailsOverride'] as { alertDynamicProperties?: { alertProperty?: string }[] } | undefined)
    ?.alertDynamicProperties;
  const previewDynamic = dynamic?.some((d) => d.alertProperty === 'SubTechniques') ?? false;
  return PREVIEW_ONLY_PROPERTIES.some((p) => body.properties[p] !== undefined) || previewDynamic ? SENTINEL_PREVIEW : SENTINEL_STABLE;
}
