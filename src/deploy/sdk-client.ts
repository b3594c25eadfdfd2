// One way tripline talks JSON to Azure services (ARM, Microsoft Graph): the Azure SDK pipeline
// (@azure/core-rest-pipeline) with its bearer-token policy, its retry policy (429/503 with Retry-After,
// 5xx and dropped connections with exponential back-off) and one of ours for a 429 without Retry-After,
// which the SDK does not retry. Bodies go on the wire exactly as given: no model serializer drops
// properties it does not know.
import type { Agent } from 'node:https';
import type { TokenCredential } from '@azure/core-auth';
import {
  agentPolicy,
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type HttpMethods,
  type Pipeline,
  type PipelinePolicy,
} from '@azure/core-rest-pipeline';
import { transportError, type ErrorBody } from './arm/errors.js';

export interface RetrySettings {
  maxRetries: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
}

// The SDK's own defaults (1 s doubling to 64 s) leave a deploy waiting on its unluckiest write; ARM's
// throttling says how long to wait (Retry-After, honoured as given), so the back-off here only paces
// transient 5xx and dropped connections.
export const DEFAULT_RETRY: RetrySettings = { maxRetries: 5, retryDelayMs: 500, maxRetryDelayMs: 16000 };

export interface SdkClientOptions {
  endpoint: string;
  credential: TokenCredential;
  /** Trusts the emulator's CA for this client only (no process-wide TLS change). */
  agent?: Agent;
  retry?: Partial<RetrySettings>;
  /** Values that must never appear in an error message (tokens, secrets). */
  secrets?: string[];
}

export interface JsonResponse<T = unknown> {
  status: number;
  body: T | undefined;
  headers: Record<string, string>;
}

/** Builds the error for a 4xx/5xx answer in the service's own terms (ARM and Graph word them differently). */
export type ServiceErrorOf = (method: string, path: string, status: number, body: ErrorBody | undefined) => Error;

export abstract class SdkJsonClient {
  private readonly pipeline: Pipeline;
  private readonly http: HttpClient = createDefaultHttpClient();
  readonly endpoint: string;
  private readonly secrets: string[];

  protected constructor(options: SdkClientOptions, scope: string, private readonly errorOf: ServiceErrorOf) {
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    this.secrets = (options.secrets ?? []).filter((s) => s.length >= 4);
    this.pipeline = sdkPipeline(options, scope);
  }

  protected async send<T>(method: HttpMethods, url: string, body: unknown, contentType: string): Promise<JsonResponse<T>> {
    const display = displayPath(url);
    const headers = createHttpHeaders({ accept: 'application/json' });
    if (body !== undefined) headers.set('content-type', contentType);
    const req = createPipelineRequest({ url, method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    let res;
    try {
      res = await this.pipeline.sendRequest(this.http, req);
    } catch (e) {
      throw this.redacted(transportError(method, display, e));
    }
    const parsed = parseJson(res.bodyAsText ?? undefined);
    const flat: Record<string, string> = {};
    for (const [k, v] of res.headers) flat[k.toLowerCase()] = v;
    if (res.status >= 400) throw this.redacted(this.errorOf(method, display, res.status, parsed as ErrorBody | undefined));
    return { status: res.status, body: parsed as T | undefined, headers: flat };
  }

  private redacted<E extends Error>(e: E): E {
    for (const s of this.secrets) e.message = e.message.split(s).join('***');
    return e;
  }
}

/** The SDK pipeline tripline sends through: retries (bare 429s too), a bearer token for `scope`, the emulator's CA. */
function sdkPipeline(options: Pick<SdkClientOptions, 'credential' | 'agent' | 'retry'>, scope: string): Pipeline {
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const pipeline = createPipelineFromOptions({
    retryOptions: { maxRetries: retry.maxRetries, retryDelayInMs: retry.retryDelayMs, maxRetryDelayInMs: retry.maxRetryDelayMs },
    userAgentOptions: { userAgentPrefix: 'tripline' },
  });
  pipeline.addPolicy(bareThrottlingRetryPolicy(retry), { phase: 'Retry' });
  pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential: options.credential, scopes: scope }));
  if (options.agent) pipeline.addPolicy(agentPolicy(options.agent));
  return pipeline;
}

function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The path without the host and query: short enough for a message, free of skip tokens. */
function displayPath(url: string): string {
  return new URL(url).pathname;
}

/**
 * The SDK retries a 429 only when it says how long to wait; a throttled response without Retry-After
 * would otherwise fail the write. Back off exponentially (with jitter) instead.
 */
function bareThrottlingRetryPolicy(retry: RetrySettings): PipelinePolicy {
  return {
    name: 'triplineBareThrottlingRetry',
    async sendRequest(request, next) {
      for (let attempt = 0; ; attempt++) {
        const res = await next(request);
        const bare = res.status === 429 && !res.headers.get('retry-after') && !res.headers.get('retry-after-ms') && !res.headers.get('x-ms-retry-after-ms');
        if (!bare || attempt >= retry.maxRetries) return res;
        const ceiling = Math.min(retry.maxRetryDelayMs, retry.retryDelayMs * 2 ** attempt);
        await new Promise((r) => setTimeout(r, ceiling / 2 + Math.random() * (ceiling / 2)));
      }
    },
  };
}
