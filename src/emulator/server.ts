// Request handling in ARM's order: authentication, then (for authenticated requests only) the fault
// draw, api-version, routing and the resource operation. Writes run one at a time under a lock, so an
// etag check and the write it guards are never interleaved with another request's write.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ArmError } from './errors.js';
import type { FaultInjector, FaultKind } from './faults.js';
import { isObject } from './check.js';
import { AUTH_METADATA, parseKustoPath } from './kusto/route.js';
import { answerKustoQuery } from './kusto/service.js';
import { isQueryApiPath, parseQueryRoute } from './log-analytics/route.js';
import { isGraphPath, parseGraphRoute } from './graph/route.js';
import { graphErrorBody, type GraphService } from './graph/service.js';
import type { QueryService } from './log-analytics/service.js';
import { EMULATOR_IDENTITY } from './resources/types.js';
import { operationUrl, parseRoute, type OperationRoute, type ResourceRoute, type Route } from './routes.js';
import type { EmulatorState, JsonObject, StoredResource } from './state.js';
import { jsonText } from '../kql/json.js';

export const SECURITY_INSIGHTS_VERSIONS = ['2025-09-01', '2025-06-01', '2025-03-01', '2024-09-01', '2025-07-01-preview', '2025-10-01-preview'];
export const WORKBOOK_VERSIONS = ['2023-06-01', '2022-04-01', '2021-08-01'];

export interface EmulatorRequest {
  method: string;
  path: string;
  apiVersion?: string;
  status: number;
  fault?: string;
  body?: string;
}

export interface ServerContext {
  state: EmulatorState;
  faults: () => FaultInjector;
  token: string;
  readerToken?: string;
  pageSize: number;
  lroPolls: number;
  requests: EmulatorRequest[];
  customTables: ReadonlySet<string>;
  /** The Log Analytics query API of the emulated workspaces. */
  queries: QueryService;
  /** Microsoft Graph's Defender custom detection rules. */
  graph: GraphService;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** The save of this request's mutation; awaited after the write lock is released, before answering. */
  saved?: Promise<void>;
}

const MAX_LOG = 10_000;
const WRITE_METHODS = new Set(['PUT', 'DELETE', 'PATCH', 'POST']);

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A chain of promises: each run starts when the previous one settled. */
class Lock {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const newEtag = (): string => `"${randomUUID()}"`;

/** ARM's read-only systemData: who created and last modified the resource, and when. */
function systemData(existing: StoredResource | undefined, now: string): JsonObject {
  const before = existing?.systemData;
  const who = EMULATOR_IDENTITY.userPrincipalName;
  return {
    createdBy: before?.createdBy ?? who,
    createdByType: before?.createdByType ?? 'User',
    createdAt: before?.createdAt ?? now,
    lastModifiedBy: who,
    lastModifiedByType: 'User',
    lastModifiedAt: now,
  };
}
const bareEtag = (e: string): string => e.replace(/^W\//, '').replace(/^"|"$/g, '');

export class RequestHandler {
  private lock = new Lock();

  constructor(private ctx: ServerContext) {}

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    void this.serve(req, res).catch((e: unknown) => {
      // A bug must not take the server down; the client sees a 500 like any ARM outage.
      if (!res.headersSent && !res.destroyed) this.send(res, undefined, { status: 500, body: new ArmError(500, 'InternalServerError', String((e as Error)?.message ?? e)).body() });
    });
  };

  private log(entry: EmulatorRequest): EmulatorRequest {
    const log = this.ctx.requests;
    log.push(entry);
    if (log.length > MAX_LOG * 1.1) log.splice(0, log.length - MAX_LOG);
    return entry;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrivedAt = Date.now();
    const url = new URL(req.url ?? '/', 'https://emulator.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const apiVersion = url.searchParams.get('api-version') ?? undefined;
    const entry = this.log({ method, path: url.pathname, ...(apiVersion !== undefined ? { apiVersion } : {}), status: 0 });
    const kusto = parseKustoPath(url.pathname);
    // Clusters serve their sign-in metadata to anyone: the client reads it before it has a token.
    if (kusto === 'metadata') return this.send(res, entry, { status: 200, body: AUTH_METADATA });
    const route = parseRoute(url.pathname);
    const denied = this.authenticate(req, method, route, url.pathname);
    // The fault draw happens on arrival (before the body is read) so that arrival order decides it.
    const fault = denied ? undefined : this.ctx.faults().draw({ graph: isGraphPath(url.pathname), write: WRITE_METHODS.has(method) });
    if (fault) entry.fault = fault;
    const body = await readBody(req);
    if (body !== '') entry.body = body;
    if (denied) return this.send(res, entry, denied);
    const early = await this.applyFault(fault, req, entry);
    if (early === 'dropped') return;
    if (early) return this.send(res, entry, early);
    const origin = `https://${req.headers.host ?? 'localhost'}`;
    const reply = kusto
      ? this.kustoQuery(method, kusto, body, req.headers['x-ms-client-request-id'])
      : isQueryApiPath(url.pathname)
      ? this.query(method, url, body, [req.headers.prefer ?? []].flat().join(',') || undefined, arrivedAt)
      : isGraphPath(url.pathname)
      ? await this.graph(method, url, body, origin)
      : await this.dispatch(method, url, route, body, origin);
    if (fault === 'reset-after-commit') {
      // The write (and its save) is done; the client never learns it.
      req.socket.destroy();
      return;
    }
    this.send(res, entry, reply);
  }

  /** An error reply when the request is not authenticated or not authorized, else undefined. */
  private authenticate(req: IncomingMessage, method: string, route: Route | undefined, pathname: string): Reply | undefined {
    const header = req.headers.authorization;
    if (!header) return this.error(new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing."));
    const m = /^Bearer\s+(.+)$/i.exec(header.trim());
    const token = m?.[1] ?? '';
    if (m && sameSecret(token, this.ctx.token)) return undefined;
    if (m && this.ctx.readerToken && sameSecret(token, this.ctx.readerToken)) {
      // A query is a POST that reads: readers may run them.
      if (!WRITE_METHODS.has(method) || isQueryApiPath(pathname) || parseKustoPath(pathname)) return undefined;
      if (isGraphPath(pathname)) {
        // Graph's answer to a token without the write permission (the role claim lists what it has).
        const e = new ArmError(403, 'Forbidden', "Missing role permissions on the request. API requires one of 'CustomDetection.ReadWrite.All'. Roles on the request 'CustomDetection.Read.All'.");
        return { status: 403, body: graphErrorBody(e) };
      }
      const action = route && route.kind !== 'operation' ? route.rt.action : 'Microsoft.SecurityInsights';
      const verb = method === 'DELETE' ? 'delete' : 'write';
      const scope = route && route.kind !== 'operation' ? (route.id ?? route.collectionId) : pathname;
      const client = '00000000-0000-0000-0000-0000000000ad';
      return this.error(
        new ArmError(
          403,
          'AuthorizationFailed',
          `The client '${client}' with object id '${client}' does not have authorization to perform action '${action}/${verb}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
        ),
      );
    }
    return this.error(new ArmError(401, 'InvalidAuthenticationToken', 'The access token is invalid.'));
  }

  /** Applies a drawn fault: a reply that replaces the real one, 'dropped' when the socket was destroyed, or undefined to go on. */
  private async applyFault(fault: FaultKind | undefined, req: IncomingMessage, entry: EmulatorRequest): Promise<Reply | 'dropped' | undefined> {
    const settings = this.ctx.faults().settings;
    switch (fault) {
      case undefined:
        return undefined;
      case 'reset':
        req.socket.destroy();
        return 'dropped';
      case 'reset-after-commit':
        if (entry.method === 'GET') {
          req.socket.destroy();
          return 'dropped';
        }
        return undefined;
      case 'slow':
        await new Promise((r) => setTimeout(r, settings.slowMs));
        return undefined;
      case '429':
        return this.error(new ArmError(429, 'TooManyRequests', 'The request was throttled. Retry after the time given in the Retry-After header.', undefined, { 'Retry-After': String(settings.retryAfter) }));
      case '429-bare':
        return this.error(new ArmError(429, 'TooManyRequests', 'The request was throttled.'));
      case '500':
        return this.error(new ArmError(500, 'InternalServerError', 'An internal server error occurred. Please retry the request.'));
      case '503':
        return this.error(new ArmError(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Please retry the request.'));
    }
  }

  /** The Log Analytics query API (no api-version, OneAPI errors). */
  private query(method: string, url: URL, body: string, prefer: string | undefined, arrivedAt: number): Reply {
    const route = parseQueryRoute(url.pathname);
    if (!route) return { status: 404, body: { error: { code: 'PathNotFoundError', message: `The requested path does not exist: '${url.pathname}'.` } } };
    if (method !== 'POST' && method !== 'GET') return this.error(this.methodNotAllowed(method));
    // GET carries the query in the URL (?query=&timespan=); POST in a JSON body.
    const text = method === 'GET' ? JSON.stringify({ query: url.searchParams.get('query') ?? '', timespan: url.searchParams.get('timespan') ?? undefined }) : body;
    return this.ctx.queries.answer({ workspaceId: route.workspaceId, body: text, ...(prefer ? { prefer } : {}), arrivedAt });
  }

  /** Microsoft Graph's detection rules (no api-version; the version is the first path segment). */
  private async graph(method: string, url: URL, body: string, origin: string): Promise<Reply> {
    try {
      const route = parseGraphRoute(url.pathname);
      if (!route) throw new ArmError(400, 'BadRequest', `Resource not found for the segment '${url.pathname.split('/').pop()}'.`);
      if (method === 'GET') return this.ctx.graph.read(route, url, origin);
      return await this.committed(this.lock.run(() => this.ctx.graph.write(method, route, body, origin)));
    } catch (e) {
      if (e instanceof ArmError) return { status: e.status, body: graphErrorBody(e), headers: e.headers };
      throw e;
    }
  }

  /** Kusto's REST query endpoints (v1 and v2 response shapes). */
  private kustoQuery(method: string, version: 'v1' | 'v2', body: string, requestId: string | string[] | undefined): Reply {
    if (method !== 'POST') return this.error(this.methodNotAllowed(method));
    const clientRequestId = typeof requestId === 'string' ? requestId : undefined;
    return answerKustoQuery({ version, body, ...(clientRequestId ? { clientRequestId } : {}) });
  }

  private error(e: ArmError): Reply {
    return { status: e.status, body: e.body(), headers: e.headers };
  }

  private send(res: ServerResponse, entry: EmulatorRequest | undefined, reply: Reply): void {
    if (entry) entry.status = reply.status;
    const headers: Record<string, string> = {
      'x-ms-request-id': randomUUID(),
      'x-ms-correlation-request-id': randomUUID(),
      ...reply.headers,
    };
    if (reply.body === undefined) {
      res.writeHead(reply.status, { ...headers, 'content-length': '0' });
      res.end();
      return;
    }
    const text = jsonText(reply.body);
    res.writeHead(reply.status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
    res.end(text);
  }

  private async dispatch(method: string, url: URL, route: Route | undefined, body: string, origin: string): Promise<Reply> {
    try {
      const apiVersion = this.checkApiVersion(url, route);
      if (!route) throw new ArmError(404, 'NotFound', `No resource or operation is registered at '${url.pathname}'.`);
      if (route.kind === 'operation') return this.operation(method, route, apiVersion, origin);
      if (route.kind === 'collection') {
        if (method !== 'GET') throw this.methodNotAllowed(method);
        return this.list(route, url, origin);
      }
      switch (method) {
        case 'GET':
          return this.get(route, url.searchParams);
        case 'PUT':
          return await this.committed(this.lock.run(() => this.put(route, url.searchParams, apiVersion, body, origin)));
        case 'DELETE':
          return await this.committed(this.lock.run(() => this.delete(route, apiVersion, origin)));
        default:
          throw this.methodNotAllowed(method);
      }
    } catch (e) {
      if (e instanceof ArmError) return this.error(e);
      throw e;
    }
  }

  /**
   * Waits for the reply's save outside the lock: the next write may already apply in memory, and one
   * file write then covers both (state.persist coalesces), instead of one fsync per request in a row.
   */
  private async committed(pending: Promise<Reply>): Promise<Reply> {
    const { saved, ...reply } = await pending;
    await saved;
    return reply;
  }

  private methodNotAllowed(method: string): ArmError {
    return new ArmError(405, 'MethodNotAllowed', `The requested resource does not support http method '${method}'.`);
  }

  private checkApiVersion(url: URL, route: Route | undefined): string {
    const v = url.searchParams.get('api-version');
    if (!v) throw new ArmError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
    const supported = route?.kind !== 'operation' && route?.rt.api === 'workbooks' ? WORKBOOK_VERSIONS : SECURITY_INSIGHTS_VERSIONS;
    if (!supported.includes(v)) {
      throw new ArmError(400, 'InvalidApiVersionParameter', `The api-version '${v}' is invalid. The supported versions are '${supported.join(',')}'.`);
    }
    return v;
  }

  private view(route: ResourceRoute, r: StoredResource, query: URLSearchParams, list: boolean): JsonObject {
    return route.rt.view ? route.rt.view(r, query, list) : { ...r };
  }

  private notFound(route: ResourceRoute, what = route.rt.type, name = route.name): ArmError {
    return new ArmError(404, 'NotFound', `The Resource '${what}/${name}' under resource group '${route.resourceGroup}' was not found.`);
  }

  private requireParent(route: ResourceRoute): void {
    if (route.parentId && !this.ctx.state.get(route.parentId)) {
      throw this.notFound(route, 'Microsoft.SecurityInsights/Watchlists', route.parentId.slice(route.parentId.lastIndexOf('/') + 1));
    }
  }

  private get(route: ResourceRoute, query: URLSearchParams): Reply {
    this.requireParent(route);
    const r = this.ctx.state.get(route.id!);
    if (!r) throw this.notFound(route);
    return { status: 200, body: this.view(route, r, query, false) };
  }

  private list(route: ResourceRoute, url: URL, origin: string): Reply {
    this.requireParent(route);
    let items = this.ctx.state.children(route.collectionId);
    if (route.rt.filter) items = route.rt.filter(items, url.searchParams);
    const token = url.searchParams.get('$skipToken');
    const start = token === null ? 0 : Number(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Number.isInteger(start) || start < 0) throw new ArmError(400, 'BadRequest', `The $skipToken '${token}' is invalid.`, '$skipToken');
    const page = items.slice(start, start + this.ctx.pageSize);
    const reply: { value: JsonObject[]; nextLink?: string } = { value: page.map((r) => this.view(route, r, url.searchParams, true)) };
    if (start + page.length < items.length) {
      // Built by hand: URLSearchParams would write `%24skipToken`, ARM writes `$skipToken`.
      const kept = url.search.slice(1).split('&').filter((p) => p !== '' && !/^(\$|%24)skipToken=/i.test(p));
      const token = Buffer.from(String(start + page.length)).toString('base64url');
      reply.nextLink = `${origin}${url.pathname}?${[...kept, `$skipToken=${token}`].join('&')}`;
    }
    return { status: 200, body: reply };
  }

  private parseBody(body: string): JsonObject {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (e) {
      throw new ArmError(400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: '${(e as Error).message}'.`);
    }
    if (!isObject(parsed)) throw new ArmError(400, 'InvalidRequestContent', 'The request content must be a JSON object.');
    return parsed;
  }

  private async put(route: ResourceRoute, query: URLSearchParams, apiVersion: string, text: string, origin: string): Promise<Reply> {
    this.requireParent(route);
    const body = this.parseBody(text);
    const state = this.ctx.state;
    const existing = state.get(route.id!);
    const sentEtag = body.etag;
    if (existing && typeof sentEtag === 'string' && sentEtag !== '*' && bareEtag(sentEtag) !== bareEtag(existing.etag ?? '')) {
      throw new ArmError(409, 'Conflict', `The resource was modified since it was read: the etag ${sentEtag} in the request does not match the current etag ${existing.etag ?? '(none)'}.`, 'etag');
    }
    const now = new Date().toISOString();
    const outcome = await route.rt.put({
      id: existing?.id ?? route.id!,
      name: existing?.name ?? route.name!,
      apiVersion,
      preview: apiVersion.endsWith('-preview'),
      body,
      ...(existing ? { existing } : {}),
      state,
      now,
      query,
      customTables: this.ctx.customTables,
      ...(route.parentId ? { parentId: state.get(route.parentId)!.id } : {}),
    });
    // Key order as the service returns it: id, name, type, etag, kind, ...
    const { id, name, type, ...rest } = outcome.resource;
    const ordered: StoredResource = { id, name, type, etag: newEtag(), ...rest, systemData: systemData(existing, now) };
    state.put(ordered);
    const headers: Record<string, string> = {};
    if (route.rt.segment === 'watchlists') {
      const opId = this.startOperation(ordered.id);
      headers['Azure-AsyncOperation'] = operationUrl(origin, route.subscription, opId, apiVersion);
    }
    const saved = state.persist();
    const response = outcome.response ? outcome.response(ordered) : this.view(route, ordered, query, false);
    return { status: existing ? 200 : 201, body: response, headers, saved };
  }

  private async delete(route: ResourceRoute, apiVersion: string, origin: string): Promise<Reply> {
    this.requireParent(route);
    const existing = this.ctx.state.get(route.id!);
    if (!existing) return { status: 204 };
    this.ctx.state.deleteTree(existing.id);
    let reply: Reply = { status: 200 };
    if (route.rt.segment === 'watchlists') {
      const opId = this.startOperation(existing.id);
      reply = {
        status: 202,
        headers: {
          'Azure-AsyncOperation': operationUrl(origin, route.subscription, opId, apiVersion),
          Location: operationUrl(origin, route.subscription, opId, apiVersion, true),
          'Retry-After': '0',
        },
      };
    }
    return { ...reply, saved: this.ctx.state.persist() };
  }

  private startOperation(resourceId: string): string {
    const opId = randomUUID();
    const ops = this.ctx.state.data.operations;
    ops[opId] = { pollsLeft: this.ctx.lroPolls, status: 'Succeeded', resourceId, startTime: new Date().toISOString() };
    // Finished operations are kept for late polls, but not forever.
    const ids = Object.keys(ops);
    for (const old of ids.slice(0, Math.max(0, ids.length - 1000))) delete ops[old];
    return opId;
  }

  private async operation(method: string, route: OperationRoute, apiVersion: string, origin: string): Promise<Reply> {
    if (method !== 'GET') throw this.methodNotAllowed(method);
    return this.committed(this.lock.run(async (): Promise<Reply> => {
      const op = this.ctx.state.data.operations[route.opId];
      if (!op) throw new ArmError(404, 'NotFound', `The operation '${route.opId}' was not found.`);
      const running = op.pollsLeft > 0;
      if (running) {
        op.pollsLeft -= 1;
      }
      const saved = running ? this.ctx.state.persist() : undefined;
      const status = running ? 'InProgress' : op.status;
      if (route.result) {
        if (running) return { status: 202, headers: { Location: operationUrl(origin, route.subscription, route.opId, apiVersion, true), 'Retry-After': '0' }, saved };
        return { status: 204 };
      }
      const id = `/subscriptions/${route.subscription}/providers/Microsoft.SecurityInsights/operations/${route.opId}`;
      return {
        status: 200,
        body: { id, name: route.opId, status, startTime: op.startTime, ...(running ? {} : { endTime: op.startTime }) },
        headers: running ? { 'Retry-After': '0' } : {},
        ...(saved ? { saved } : {}),
      };
    }));
  }
}
