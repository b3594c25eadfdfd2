// Requests to Microsoft Graph's Defender custom detection rules through the same Azure SDK pipeline as
// ARM (bearer token for the Graph scope, retries), at /beta: the lookback, event grouping kind and
// incident configuration tripline converts exist only there (reference §2).
import { SdkJsonClient, type SdkClientOptions } from '../sdk-client.js';
import { graphError } from './errors.js';

export const PUBLIC_GRAPH = 'https://graph.microsoft.com';
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
export const GRAPH_VERSION = 'beta';
export const DETECTION_RULES_PATH = `/${GRAPH_VERSION}/security/rules/detectionRules`;

export type GraphClientOptions = SdkClientOptions;

/** A detection rule as Graph returns it: the writable properties plus read-only ones. */
export type GraphRule = { id: string; [key: string]: unknown };

export class GraphClient extends SdkJsonClient {
  constructor(options: GraphClientOptions) {
    super(options, GRAPH_SCOPE, graphError);
  }

  async request<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; body: T | undefined }> {
    const url = /^https?:\/\//.test(path) ? path : this.endpoint + path;
    return this.send<T>(method, url, body, 'application/json');
  }

  /** Every detection rule (that the OData `query`, e.g. `$filter=...`, selects), following @odata.nextLink. */
  async listRules(query?: string): Promise<GraphRule[]> {
    const out: GraphRule[] = [];
    let next: string | undefined = query ? `${DETECTION_RULES_PATH}?${query}` : DETECTION_RULES_PATH;
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
}

export function rulePath(id: string): string {
  return `${DETECTION_RULES_PATH}/${encodeURIComponent(id)}`;
}
