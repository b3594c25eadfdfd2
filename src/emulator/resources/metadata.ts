// Content metadata (Microsoft.SecurityInsights/metadata): where tripline records ownership and the
// hash of what it deployed, the way Sentinel Repositories does.
import { clone, enumAt, objectAt, stringAt } from '../check.js';
import type { PutContext, PutOutcome, ResourceType } from './types.js';

const SOURCE_KINDS = ['LocalWorkspace', 'Community', 'Solution', 'SourceRepository'] as const;

function put(ctx: PutContext): PutOutcome {
  const p = clone(objectAt(ctx.body, 'properties', 'properties', true)!);
  stringAt(p, 'kind', 'properties.kind', { required: true });
  stringAt(p, 'parentId', 'properties.parentId', { required: true });
  const source = objectAt(p, 'source', 'properties.source', false);
  if (source) enumAt(source, 'kind', 'properties.source.kind', SOURCE_KINDS, true);
  return { resource: { id: ctx.id, name: ctx.name, type: 'Microsoft.SecurityInsights/metadata', properties: p } };
}

export const metadata: ResourceType = {
  segment: 'metadata',
  type: 'Microsoft.SecurityInsights/metadata',
  action: 'Microsoft.SecurityInsights/metadata',
  api: 'securityInsights',
  put,
};
