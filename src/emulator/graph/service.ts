// The Graph detection-rule endpoints over the emulator's state: list ($filter, $orderby, $select, $skip,
// $count; paged with @odata.nextLink),
// get, create (201 + Location; 409 when the id is taken), update (PATCH, 200 with the rule), delete
// (204). Rules are stored as resources under GRAPH_COLLECTION so the state file keeps them with the
// workspace's. Errors use Graph's shape: {"error":{"code","message","innerError":{date, request-id}}}.
import { randomUUID } from 'node:crypto';
import { ArmError } from '../errors.js';
import { isObject } from '../check.js';
import { EMULATOR_IDENTITY } from '../resources/types.js';
import type { EmulatorState, JsonObject, StoredResource } from '../state.js';
import { unknownTables } from '../tables.js';
import { checkCreate, checkUpdate, DETECTION_RULE_TYPE } from './detection-rule.js';
import { nonNegativeInteger, parseFilter, parseOrderBy, parseSelect } from './odata.js';
import type { GraphRoute } from './route.js';

const GRAPH_COLLECTION = '/graph/security/rules/detectionRules';
const STORED_TYPE = 'microsoft.graph.security.detectionRule';

export interface GraphReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  saved?: Promise<void>;
}

export function graphErrorBody(e: ArmError): JsonObject {
  return { error: { code: e.code, message: e.message, innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': randomUUID(), 'client-request-id': randomUUID() } } };
}

const notFound = (id: string): ArmError => new ArmError(404, 'NotFound', `The detection rule '${id}' was not found.`);

export class GraphService {
  constructor(
    private readonly state: EmulatorState,
    private readonly pageSize: number,
    private readonly customTables: ReadonlySet<string>,
  ) {}

  read(route: GraphRoute, url: URL, origin: string): GraphReply {
    if (route.id === undefined) return this.list(route, url, origin);
    const r = this.state.get(`${GRAPH_COLLECTION}/${route.id}`);
    if (!r) throw notFound(route.id);
    return { status: 200, body: { '@odata.context': context(origin, route, true), ...view(r) } };
  }

  /** A write: call under the server's write lock. */
  async write(method: string, route: GraphRoute, text: string, origin: string): Promise<GraphReply> {
    if (method === 'POST' && route.id === undefined) return this.create(route, await this.queried(parse(text)), origin);
    if (route.id === undefined) throw methodNotAllowed(method);
    if (method === 'PATCH') return this.update(route, route.id, await this.queried(parse(text)), origin);
    if (method === 'DELETE') return this.delete(route.id);
    throw methodNotAllowed(method);
  }

  /** A new rule runs at once over the past 30 days (reference §3.1): a query on a table the workspace lacks fails. */
  private async queried(body: JsonObject): Promise<JsonObject> {
    const condition = body['queryCondition'];
    const query = isObject(condition) && typeof condition['queryText'] === 'string' ? condition['queryText'] : undefined;
    const missing = query ? (await unknownTables(query)).filter((t) => !this.customTables.has(t)) : [];
    if (missing.length) throw new ArmError(400, 'BadRequest', `The query could not be run: the table '${missing[0]}' does not exist.`);
    return body;
  }

  /** The rules $filter keeps, in $orderby's order, after $skip; served in pages of $top (at most the page size) with @odata.nextLink. */
  private list(route: GraphRoute, url: URL, origin: string): GraphReply {
    const q = url.searchParams;
    let all = this.state.children(GRAPH_COLLECTION).map(view);
    const filter = q.get('$filter');
    if (filter !== null) all = all.filter(parseFilter(filter));
    const orderBy = q.get('$orderby');
    if (orderBy !== null) all.sort(parseOrderBy(orderBy));
    all = all.slice(nonNegativeInteger('$skip', q.get('$skip')) ?? 0);
    const skip = nonNegativeInteger('$skiptoken', q.get('$skiptoken')) ?? 0;
    const top = nonNegativeInteger('$top', q.get('$top')) ?? this.pageSize;
    if (top < 1) throw new ArmError(400, 'BadRequest', `Invalid value '${q.get('$top')}' for $top: expected a positive integer.`);
    const size = Math.min(top, this.pageSize);
    const select = q.has('$select') ? parseSelect(q.get('$select')!) : (r: JsonObject) => r;
    const page = all.slice(skip, skip + size);
    const body: JsonObject = { '@odata.context': context(origin, route, false) };
    if (q.get('$count') === 'true') body['@odata.count'] = all.length;
    body['value'] = page.map(select);
    if (skip + page.length < all.length) {
      // The caller's options as written, so the next page has the same filter, order and selection.
      const kept = url.search.slice(1).split('&').filter((p) => p && !/^(\$|%24)(top|skiptoken)=/i.test(p));
      body['@odata.nextLink'] = `${origin}${url.pathname}?${[...kept, `$top=${size}`, `$skiptoken=${skip + page.length}`].join('&')}`;
    }
    return { status: 200, body };
  }

  private create(route: GraphRoute, body: JsonObject, origin: string): GraphReply {
    const { id, properties } = checkCreate(body, route.version);
    const key = `${GRAPH_COLLECTION}/${id}`;
    if (this.state.get(key)) throw new ArmError(409, 'Conflict', `A detection rule with the id '${id}' already exists.`);
    const now = new Date().toISOString();
    const who = EMULATOR_IDENTITY.userPrincipalName;
    const stored: StoredResource = { id: key, name: id, type: STORED_TYPE, properties: { ...properties, createdBy: who, createdDateTime: now, lastModifiedBy: who, lastModifiedDateTime: now } };
    this.state.put(stored);
    const location = `${origin}/${route.version}/security/rules/detectionRules/${encodeURIComponent(id)}`;
    return { status: 201, body: { '@odata.context': context(origin, route, true), ...view(stored) }, headers: { Location: location }, saved: this.state.persist() };
  }

  private update(route: GraphRoute, id: string, body: JsonObject, origin: string): GraphReply {
    const existing = this.state.get(`${GRAPH_COLLECTION}/${id}`);
    if (!existing) throw notFound(id);
    const properties = checkUpdate(id, body, existing.properties, route.version);
    const stored: StoredResource = { ...existing, properties: { ...properties, lastModifiedBy: EMULATOR_IDENTITY.userPrincipalName, lastModifiedDateTime: new Date().toISOString() } };
    this.state.put(stored);
    return { status: 200, body: { '@odata.context': context(origin, route, true), ...view(stored) }, saved: this.state.persist() };
  }

  private delete(id: string): GraphReply {
    if (!this.state.delete(`${GRAPH_COLLECTION}/${id}`)) throw notFound(id);
    return { status: 204, saved: this.state.persist() };
  }
}

function view(r: StoredResource): JsonObject {
  return { '@odata.type': DETECTION_RULE_TYPE, id: r.name, ...r.properties };
}

function context(origin: string, route: GraphRoute, entity: boolean): string {
  return `${origin}/${route.version}/$metadata#security/rules/detectionRules${entity ? '/$entity' : ''}`;
}

function parse(text: string): JsonObject {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new ArmError(400, 'BadRequest', `Unable to read JSON request payload: ${(e as Error).message}`);
  }
  if (!isObject(v)) throw new ArmError(400, 'BadRequest', 'The request body must be a JSON object.');
  return v;
}

function methodNotAllowed(method: string): ArmError {
  return new ArmError(405, 'MethodNotAllowed', `The http method '${method}' is not allowed on this resource.`);
}
