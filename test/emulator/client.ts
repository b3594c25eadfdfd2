// A client over the real Azure SDK pipeline (bearer policy, retry policy, Node HTTP client) that
// trusts the emulator's CA through an https.Agent, as the deploy client does in-process.
import * as https from 'node:https';
import {
  agentPolicy,
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import type { RunningEmulator } from '../../src/emulator/index.js';

export const SUB = '00000000-0000-0000-0000-000000000001';
export const RG = 'rg-sentinel';
export const WS_NAME = 'law-sentinel';
export const WS = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.OperationalInsights/workspaces/${WS_NAME}/providers/Microsoft.SecurityInsights`;
export const WB = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Insights/workbooks`;
export const STABLE = '2025-09-01';
export const PREVIEW = '2025-07-01-preview';
export const WB_VERSION = '2023-06-01';

export interface Response {
  status: number;
  headers: Record<string, string>;
  body: any;
}

export interface Client {
  send(method: string, pathOrUrl: string, body?: unknown, opts?: { apiVersion?: string | null; token?: string | null }): Promise<Response>;
  agent: https.Agent;
}

export function client(emu: RunningEmulator, opts: { maxRetries?: number; token?: string | null } = {}): Client {
  const agent = new https.Agent({ ca: emu.ca, keepAlive: true });
  const httpClient = createDefaultHttpClient();
  const pipelines = new Map<string, ReturnType<typeof createPipelineFromOptions>>();
  const pipelineFor = (token: string | null) => {
    const key = token ?? '\0';
    let p = pipelines.get(key);
    if (!p) {
      p = createPipelineFromOptions({ retryOptions: { maxRetries: opts.maxRetries ?? 0, retryDelayInMs: 10, maxRetryDelayInMs: 50 } });
      p.addPolicy(agentPolicy(agent));
      if (token !== null) {
        const credential = { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
        p.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: 'https://management.azure.com/.default' }));
      }
      pipelines.set(key, p);
    }
    return p;
  };
  return {
    agent,
    async send(method, pathOrUrl, body, o = {}) {
      let url = pathOrUrl.startsWith('https://') ? pathOrUrl : emu.url + pathOrUrl;
      const apiVersion = o.apiVersion === undefined ? (pathOrUrl.includes('/Microsoft.Insights/') ? WB_VERSION : STABLE) : o.apiVersion;
      if (apiVersion !== null && !url.includes('api-version=')) url += (url.includes('?') ? '&' : '?') + `api-version=${apiVersion}`;
      const request = createPipelineRequest({
        url,
        method: method as 'GET',
        headers: createHttpHeaders({ 'content-type': 'application/json' }),
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const token = o.token === undefined ? (opts.token === undefined ? emu.token : opts.token) : o.token;
      const res: PipelineResponse = await pipelineFor(token).sendRequest(httpClient, request);
      const text = res.bodyAsText ?? '';
      return { status: res.status, headers: res.headers.toJSON(), body: text ? JSON.parse(text) : undefined };
    },
  };
}

export function scheduledRule(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'Scheduled',
    properties: {
      displayName: 'Break-glass sign-in',
      enabled: true,
      query: 'SigninLogs | where UserPrincipalName startswith "bg"',
      queryFrequency: 'PT60M',
      queryPeriod: 'P1D',
      severity: 'High',
      triggerOperator: 'GreaterThan',
      triggerThreshold: 0,
      suppressionEnabled: false,
      suppressionDuration: 'PT5H',
      tactics: ['InitialAccess'],
      techniques: ['T1078'],
      ...overrides,
    },
  };
}
