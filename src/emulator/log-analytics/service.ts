// The query API of the emulated workspaces: which workspaces exist (by GUID), their data, and one
// request's answer (200, 200 with a partial error, or a OneAPI error with the service's status code).
import { EmulatorConfigError } from '../errors.js';
import type { EmulatorState } from '../state.js';
import { loadWorkspaceTables, type QueryWorkspaceConfig, type WorkspaceTables } from './data.js';
import { QueryApiError } from './errors.js';
import { deployedWatchlists, runQuery, within, wireTable } from './run.js';
import { parseTimespan } from './timespan.js';

export interface QueryReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface QueryRequest {
  workspaceId: string;
  body: string;
  /** The Prefer header: `wait=N` (server timeout, seconds), `include-statistics=true`. */
  prefer?: string;
  /** When the request arrived (epoch ms): a query answered later than its wait is a gateway timeout. */
  arrivedAt: number;
}

/** The service's defaults: 180 s unless the client asks (at most 600 s); 500,000 result records. */
const DEFAULT_WAIT_S = 180;
const MAX_WAIT_S = 600;
export const DEFAULT_ROW_LIMIT = 500_000;

interface Known {
  config: QueryWorkspaceConfig;
  tables?: WorkspaceTables;
}

function preferences(prefer: string | undefined): { wait: number; statistics: boolean } {
  const parts = (prefer ?? '').split(/[,;]/).map((p) => p.trim().toLowerCase());
  const wait = Number(parts.find((p) => p.startsWith('wait='))?.slice(5));
  return {
    wait: Number.isFinite(wait) && wait > 0 ? Math.min(wait, MAX_WAIT_S) : DEFAULT_WAIT_S,
    statistics: parts.includes('include-statistics=true'),
  };
}

function parseRequest(text: string): { query: string; timespan?: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new QueryApiError(400, 'BadArgumentError', 'The request body is not valid JSON.');
  }
  const b = (body ?? {}) as { query?: unknown; timespan?: unknown };
  if (typeof b.query !== 'string' || b.query.trim() === '') throw new QueryApiError(400, 'BadArgumentError', "The request body must have a non-empty 'query'.");
  if (b.timespan !== undefined && typeof b.timespan !== 'string') throw new QueryApiError(400, 'BadArgumentError', "'timespan' must be a string.");
  return { query: b.query, ...(typeof b.timespan === 'string' ? { timespan: b.timespan } : {}) };
}

export class QueryService {
  private readonly workspaces = new Map<string, Known>();

  constructor(
    private readonly state: EmulatorState,
    private readonly rowLimit: number = DEFAULT_ROW_LIMIT,
  ) {}

  /** Registers (or replaces) a workspace; its data loads on its first query. */
  add(config: QueryWorkspaceConfig): void {
    this.workspaces.set(config.workspaceId.toLowerCase(), { config });
  }

  answer(req: QueryRequest): QueryReply {
    try {
      return this.run(req);
    } catch (e) {
      if (e instanceof QueryApiError) return { status: e.status, body: e.body(), headers: e.headers };
      if (e instanceof EmulatorConfigError) return { status: 500, body: new QueryApiError(500, 'InternalServerError', e.message).body() };
      throw e;
    }
  }

  private run(req: QueryRequest): QueryReply {
    const known = this.workspaces.get(req.workspaceId.toLowerCase());
    if (!known) throw new QueryApiError(404, 'WorkspaceNotFoundError', `The workspace ${req.workspaceId} could not be found.`);
    if (known.config.denied) {
      throw new QueryApiError(403, 'InsufficientAccessError', 'The provided credentials have insufficient access to perform the requested operation.');
    }
    const { query, timespan } = parseRequest(req.body);
    const prefs = preferences(req.prefer);
    const interval = parseTimespan(timespan, Date.now());
    known.tables ??= loadWorkspaceTables(known.config);
    const visible = Object.fromEntries(Object.entries(known.tables.tables).map(([n, t]) => [n, within(t, interval)]));
    const started = Date.now();
    const result = runQuery(query, visible, deployedWatchlists(this.state, known.config.armWorkspaceId), Date.now());
    if (Date.now() - req.arrivedAt > prefs.wait * 1000) {
      throw new QueryApiError(504, 'GatewayTimeout', `The query did not complete within ${prefs.wait} seconds (the request's server timeout).`);
    }
    const limit = known.config.rowLimit ?? this.rowLimit;
    const body: Record<string, unknown> = { tables: [wireTable(result, limit)] };
    if (prefs.statistics) body['statistics'] = { query: { executionTime: (Date.now() - started) / 1000, datasetStatistics: [{ tableRowCount: Math.min(result.rows.length, limit) }] } };
    if (result.rows.length > limit) body['error'] = partialError(limit, req.workspaceId);
    return { status: 200, body, headers: req.prefer ? { 'Preference-Applied': req.prefer } : {} };
  }
}

function partialError(limit: number, workspaceId: string): Record<string, unknown> {
  return {
    code: 'PartialError',
    message: 'There were some errors when processing your query.',
    details: [
      {
        code: 'EngineError',
        message: `Query result set has exceeded the internal record count limit ${limit} records (E_QUERY_RESULT_SET_TOO_LARGE; see https://aka.ms/kustoquerylimits)`,
        resources: [workspaceId],
      },
    ],
  };
}
