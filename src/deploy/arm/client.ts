// Requests to Azure Resource Manager at explicit api-versions, through the SDK pipeline (sdk-client.ts).
import { SdkJsonClient, type JsonResponse, type SdkClientOptions } from '../sdk-client.js';
import { armError } from './errors.js';

export type ArmClientOptions = SdkClientOptions;

export type ArmResponse<T = unknown> = JsonResponse<T>;

export type ArmResource = {
  id?: string;
  name?: string;
  type?: string;
  etag?: string;
  kind?: string;
  location?: string;
  properties?: Record<string, unknown>;
  [key: string]: unknown;
};

const ARM_SCOPE = 'https://management.azure.com/.default';

export class ArmClient extends SdkJsonClient {
  constructor(options: ArmClientOptions) {
    super(options, ARM_SCOPE, armError);
  }

  /** `path` is relative to the endpoint (starting with /) or an absolute URL from the service (nextLink, operation status). */
  request<T>(method: 'GET' | 'PUT' | 'DELETE', path: string, apiVersion: string | undefined, body?: unknown): Promise<ArmResponse<T>> {
    return this.send<T>(method, this.url(path, apiVersion), body, 'application/json; charset=utf-8');
  }

  async get<T = ArmResource>(path: string, apiVersion: string): Promise<T | undefined> {
    try {
      return (await this.request<T>('GET', path, apiVersion)).body;
    } catch (e) {
      if ((e as { status?: number }).status === 404) return undefined;
      throw e;
    }
  }

  /** Every item of an ARM list, following nextLink. */
  async list<T = ArmResource>(path: string, apiVersion: string, query = ''): Promise<T[]> {
    const out: T[] = [];
    let next: string | undefined = path + (query ? `?${query}` : '');
    let first = true;
    while (next) {
      const res: ArmResponse<{ value?: T[]; nextLink?: string }> = await this.request('GET', next, first ? apiVersion : undefined);
      out.push(...(res.body?.value ?? []));
      next = res.body?.nextLink ?? undefined;
      first = false;
    }
    return out;
  }

  private url(path: string, apiVersion: string | undefined): string {
    const url = new URL(/^https?:\/\//.test(path) ? path : this.endpoint + path);
    if (apiVersion && !url.searchParams.has('api-version')) url.searchParams.set('api-version', apiVersion);
    return url.toString();
  }
}
