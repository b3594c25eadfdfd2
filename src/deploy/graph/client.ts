// Requests to Microsoft Graph's Defender custom detection rules through the same Azure SDK pipeline as
// ARM (bearer token for the Graph scope, retries), at /beta: the lookback, event grouping kind and
// incident configuration tripline converts exist only there (reference §2).
import type { Agent } from 'node:https';
import type { TokenCredential } from '@azure/core-auth';
import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest, type HttpClient, type Pipeline } from '@azure/core-rest-pipeline';
import { displayPath, parseJson, sdkPipeline, type RetrySettings } from '../arm/client.js';
import { transportError, type ErrorBody } from '../arm/errors.js';
import { graphError } from './errors.js';

export const PUBLIC_GRAPH = 'https://graph.microsoft.com';
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
export const GRAPH_VERSION = 'beta';
export const DETECTION_RULES_PATH = `/${GRAPH_VERSION}/security/rules/detectionRules`;

export interface GraphClientOptions {
  endpoint: string;
  credential: TokenCredential;
  agent?: Agent;
  retry?: Partial<RetrySettings>;
  secrets?: string[];
}

/** A detection rule as Graph returns it: the writable properties plus read-only ones. */
export type GraphRule = { id: string; [key: string]: unknown };

export class GraphClient {
  private readonly pipeline: Pipeline;
  private readonly http: HttpClient = createDefaultHttpClient();
  private readonly endpoint: string;
  private readonly secrets: string[];

  constructor(options: GraphClientOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    this.secrets = (options.secrets ?? []).filter((s) => s.length >= 4);
    this.pipeline = sdkPipeline(options, GRAPH_SCOPE);
  }

  async request<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; body: T | undefined }> {
    const url = /^https?:\/\//.test(path) ? path : this.endpoint + path;
    const display = displayPath(url);
    const headers = createHttpHeaders({ accept: 'application/json' });
    if (body !== undefined) headers.set('content-type', 'application/json');
    const req = createPipelineRequest({ url, method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    let res;
    try {
      res = await this.pipeline.sendRequest(this.http, req);
    } catch (e) {
      throw this.redacted(transportError(method, display, e));
    }
    const parsed = parseJson(res.bodyAsText ?? undefined);
    if (res.status >= 400) throw this.redacted(graphError(method, display, res.status, parsed as ErrorBody | undefined));
    return { status: res.status, body: parsed as T | undefined };
  }

  /** Every detection rule, following @odata.nextLink. */
  async listRules(): Promise<GraphRule[]> {
    const out: GraphRule[] = [];
    let next: string | undefined = DETECTION_RULES_PATH;
    while (next) {
      const page: { body: { value?: GraphRule[]; '@odata.nextLink'?: string } | undefined } = await this.request('GET', next);
      out.push(...(page.body?.value ?? []));
      next = page.body?.['@odata.nextLink'];
    }
    return out;
  }

  async getRule(id: string): Promise<GraphRule | undefined> {
    try {
      return (await this.request<GraphRule>('GET', rulePath(id))).body;
    } catch (e) {
      if ((e as { status?: number }).status === 404) return undefined;
      throw e;
    }
  }

  private redacted<E extends Error>(e: E): E {
    for (const s of this.secrets) e.message = e.message.split(s).join('***');
    return e;
  }
}

export function rulePath(id: string): string {
  return `${DETECTION_RULES_PATH}/${encodeURIComponent(id)}`;
}
