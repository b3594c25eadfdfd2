// Workbooks (Microsoft.Insights/workbooks): resource-group scoped, named by a UUID, content as a JSON
// string. Their display name must be unique per resource group, category and source, so a deploy that
// creates a new UUID for an existing workbook meets the service's real 409.
import { randomBytes } from 'node:crypto';
import { ArmError, badRequest } from '../errors.js';
import { clone, objectAt, stringAt } from '../check.js';
import type { JsonObject, StoredResource } from '../state.js';
import { EMULATOR_IDENTITY, type PutContext, type PutOutcome, type ResourceType } from './types.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const lower = (v: unknown): string => (typeof v === 'string' ? v.toLowerCase() : '');

function checkCollision(ctx: PutContext, p: JsonObject): void {
  const collection = ctx.id.slice(0, ctx.id.lastIndexOf('/'));
  for (const other of ctx.state.children(collection)) {
    if (other.name.toLowerCase() === ctx.name.toLowerCase()) continue;
    const o = other.properties;
    if (o.displayName === p.displayName && lower(o.category) === lower(p.category) && lower(o.sourceId) === lower(p.sourceId)) {
      throw new ArmError(409, 'Conflict', 'A Workbook with the same name already exists within this subscription.');
    }
  }
}

function put(ctx: PutContext): PutOutcome {
  if (!UUID.test(ctx.name)) throw badRequest(`The workbook resource name '${ctx.name}' is invalid. The value must be an UUID.`, 'name');
  const body = ctx.body;
  const location = stringAt(body, 'location', 'location', { required: true })!;
  const kind = body.kind ?? 'shared';
  if (kind !== 'shared') throw badRequest(`The workbook kind '${String(kind)}' is invalid. The only allowed value is 'shared'.`, 'kind');
  const p = clone(objectAt(body, 'properties', 'properties', true)!);
  stringAt(p, 'displayName', 'properties.displayName', { required: true });
  stringAt(p, 'category', 'properties.category', { required: true });
  const data = stringAt(p, 'serializedData', 'properties.serializedData', { required: true })!;
  try {
    JSON.parse(data);
  } catch {
    throw badRequest("The property 'properties.serializedData' must be a valid JSON string of the workbook.", 'properties.serializedData');
  }
  const sourceId = stringAt(p, 'sourceId', 'properties.sourceId', {}) ?? ctx.query.get('sourceId') ?? undefined;
  if (sourceId !== undefined) p.sourceId = sourceId;
  checkCollision(ctx, p);
  for (const k of ['timeModified', 'userId', 'revision']) delete p[k];
  const properties: JsonObject = {
    ...p,
    version: p.version ?? 'Notebook/1.0',
    timeModified: ctx.now,
    userId: EMULATOR_IDENTITY.objectId,
    revision: randomBytes(16).toString('hex'),
  };
  const tags = objectAt(body, 'tags', 'tags', false);
  const resource: StoredResource = {
    id: ctx.id,
    name: ctx.name,
    type: 'microsoft.insights/workbooks',
    location: location.toLowerCase().replace(/\s+/g, ''),
    kind: 'shared',
    ...(tags ? { tags } : {}),
    properties,
  };
  return { resource };
}

function view(r: StoredResource, query: URLSearchParams, list: boolean): JsonObject {
  if (!list || query.get('canFetchContent')?.toLowerCase() === 'true') return { ...r };
  const { serializedData: _omitted, ...properties } = r.properties;
  return { ...r, properties };
}

function filter(items: StoredResource[], query: URLSearchParams): StoredResource[] {
  const category = query.get('category');
  if (!category) throw new ArmError(400, 'BadRequest', "The query parameter 'category' is required to list workbooks.", 'category');
  const sourceId = query.get('sourceId');
  return items.filter(
    (w) => lower(w.properties.category) === category.toLowerCase() && (!sourceId || lower(w.properties.sourceId) === sourceId.toLowerCase()),
  );
}

export const workbooks: ResourceType = {
  segment: 'workbooks',
  type: 'microsoft.insights/workbooks',
  action: 'microsoft.insights/workbooks',
  api: 'workbooks',
  put,
  view,
  filter,
};
