// A local ARM endpoint for the Sentinel content tripline deploys (alert rules, watchlists and items,
// automation rules, metadata, workbooks), with ARM's auth, api-version, etag, paging and long-running
// operation behaviour, optional persistence and fault injection, so the real Azure SDK pipeline can be
// exercised end to end offline. HTTPS only: the SDK's bearer policy refuses plain http.
import { randomBytes } from 'node:crypto';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { generateCertificates } from './cert.js';
import { EmulatorConfigError } from './errors.js';
import { FaultInjector, parseFaultSpec } from './faults.js';
import type { QueryWorkspaceConfig } from './log-analytics/data.js';
import { QueryService } from './log-analytics/service.js';
import { GraphService } from './graph/service.js';
import { RequestHandler, type EmulatorRequest } from './server.js';
import { EmulatorState, emptyState, loadState } from './state.js';

export { EmulatorConfigError } from './errors.js';
export { parseFaultSpec, type FaultSpec, type FaultKind } from './faults.js';
export type { EmulatorRequest } from './server.js';
export type { QueryWorkspaceConfig } from './log-analytics/data.js';
export { SECURITY_INSIGHTS_VERSIONS, WORKBOOK_VERSIONS } from './server.js';

export interface EmulatorOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Absolute or cwd-relative JSON file; absent = in-memory only. */
  statePath?: string;
  /** Fault SPEC (see faults.ts); '' or undefined = none. */
  faults?: string;
  /** PRNG seed for faults (default 1). */
  seed?: number;
  /** Bearer token accepted with full rights (default: 32 random bytes, base64url). */
  token?: string;
  /** A token that may read but gets 403 on writes. */
  readerToken?: string;
  /** List page size (default 50). */
  pageSize?: number;
  /** Status polls a watchlist operation reports InProgress before Succeeded (default 1). */
  lroPolls?: number;
  /**
   * Tables the emulated workspaces have beyond the standard catalog (custom `*_CL` tables), so rules
   * reading them are not refused as naming a table that does not exist.
   */
  customTables?: readonly string[];
  /** Log Analytics workspaces the query API answers for (more can be added with addWorkspace). */
  workspaces?: readonly QueryWorkspaceConfig[];
  /** Result records a query returns before the rest is cut off as a partial error (default 500,000). */
  queryRowLimit?: number;
}

export interface RunningEmulator {
  /** 'https://127.0.0.1:PORT' */
  url: string;
  /** PEM of the CA certificate that signed the server certificate. */
  ca: string;
  token: string;
  /** Every request handled, in arrival order (Authorization never recorded); status 0 = connection dropped. */
  requests: EmulatorRequest[];
  setFaults(spec: string, seed?: number): void;
  /** Registers (or replaces) a Log Analytics workspace of the query API; its data loads on its first query. */
  addWorkspace(config: QueryWorkspaceConfig): void;
  close(): Promise<void>;
}

function positiveInteger(name: string, v: number | undefined, fallback: number, min: number): number {
  if (v === undefined) return fallback;
  if (!Number.isInteger(v) || v < min) throw new EmulatorConfigError(`invalid emulator option ${name}: ${v} (expected an integer of at least ${min})`);
  return v;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const seed = options.seed ?? 1;
  let injector = new FaultInjector(parseFaultSpec(options.faults ?? ''), seed);
  const pageSize = positiveInteger('pageSize', options.pageSize, 50, 1);
  const lroPolls = positiveInteger('lroPolls', options.lroPolls, 1, 0);
  const statePath = options.statePath ? path.resolve(options.statePath) : undefined;
  const state = new EmulatorState(statePath ? loadState(statePath) : emptyState(), statePath);
  const token = options.token ?? randomBytes(32).toString('base64url');
  const requests: EmulatorRequest[] = [];
  const queries = new QueryService(state, positiveInteger('queryRowLimit', options.queryRowLimit, 500_000, 1));
  for (const w of options.workspaces ?? []) queries.add(w);
  const customTables = new Set(options.customTables ?? []);
  const handler = new RequestHandler({
    state,
    faults: () => injector,
    token,
    ...(options.readerToken ? { readerToken: options.readerToken } : {}),
    pageSize,
    lroPolls,
    requests,
    customTables,
    queries,
    graph: new GraphService(state, pageSize, customTables),
  });
  const certs = await generateCertificates();
  const server = https.createServer({ cert: certs.cert, key: certs.key }, handler.handle);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    ca: certs.ca,
    token,
    requests,
    addWorkspace(config: QueryWorkspaceConfig) {
      queries.add(config);
    },
    setFaults(spec: string, newSeed?: number) {
      injector = new FaultInjector(parseFaultSpec(spec), newSeed ?? seed);
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await state.flush();
    },
  };
}
