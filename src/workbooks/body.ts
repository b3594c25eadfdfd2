// The Microsoft.Insights/workbooks PUT body (api-version 2023-06-01; sentinel-arm-api.md §2.3, §8.5):
// kind shared, the environment's location, and the rendered workbook as the serializedData JSON string,
// linked to the workspace by sourceId so that Sentinel lists it.
import type { Json } from '../core/json.js';
import type { Environment } from '../environments/types.js';
import { workspaceResourceId } from '../automation/body.js';
import type { Workbook } from './types.js';

export const WORKBOOK_VERSION = 'Notebook/1.0';

export interface WorkbookBody {
  location: string;
  kind: 'shared';
  tags?: Record<string, string>;
  properties: {
    displayName: string;
    serializedData: string;
    category: string;
    version: typeof WORKBOOK_VERSION;
    sourceId: string;
    description?: string;
  };
}

export function workbookBody(wb: Workbook, content: { [key: string]: Json }, env: Environment & { location: string }): WorkbookBody {
  const workspace = workspaceResourceId(env);
  // The template cannot know the workspace: queries without a resource of their own run against it.
  const serialized = { ...content, fallbackResourceIds: [workspace], fromTemplateId: content['fromTemplateId'] ?? 'sentinel-UserWorkbook' };
  return {
    location: env.location,
    kind: 'shared',
    ...(wb.meta.tags ? { tags: wb.meta.tags } : {}),
    properties: {
      displayName: wb.meta.displayName,
      serializedData: JSON.stringify(serialized),
      category: wb.meta.category,
      version: WORKBOOK_VERSION,
      sourceId: workspace,
      ...(wb.meta.description ? { description: wb.meta.description } : {}),
    },
  };
}
