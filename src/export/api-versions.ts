// Exported templates use the api-versions `tripline deploy` sends (sentinel-arm-api.md §1.1-1.2, §2.3):
// one source, so an exported template and a direct deploy never differ. Stable SecurityInsights versions
// have no NRT kind and none of the preview-only rule properties (subTechniques, sentinelEntitiesMappings),
// which a stable version would silently drop, so such a rule is exported at the preview version.
export { SENTINEL_STABLE, SENTINEL_PREVIEW, WORKBOOKS, alertRuleApiVersion } from '../deploy/arm/api-versions.js';
