// Queries against an environment's Log Analytics workspace through LogsQueryClient
// (@azure/monitor-query-logs). An emulated environment gets the in-process emulator's query API, trusted
// through an https.Agent in the client's own pipeline (no process-wide TLS change); any other its
// credential and the public endpoint. Failures come back as values with the service's message.
import { Agent } from 'node:https';
import { resolve } from 'node:path';
import { agentPolicy } from '@azure/core-rest-pipeline';
import type { LogsQueryClient, LogsTable } from '@azure/monitor-query-logs';
import { error, type Problem } from '../core/problems.js';
import { environmentCredential } from '../deploy/arm/credentials.js';
import { sharedEmulator } from '../deploy/connect.js';
import { EmulatorConfigError } from '../emulator/index.js';
import type { Environment } from '../environments/types.js';
import type { ColumnSchema, DataTable, KqlScalarType, WireValue } from '../kql/table.js';
import { armWorkspaceId, queryWorkspaceId } from './workspace-id.js';

export interface TimeRange {
  start: Date;
  end: Date;
}

export type QueryOutcome =
  | { ok: true; table: DataTable; /** The service's message when the result is partial. */ partial?: string }
  | { ok: false; status?: number; code?: string; message: string };

export interface Workspace {
  /** The workspace GUID (for messages and provenance). */
  id: string;
  query(kql: string, range: TimeRange, options?: { serverTimeoutSeconds?: number }): Promise<QueryOutcome>;
}

export interface ClientSettings {
  maxRetries?: number;
  retryDelayMs?: number;
}

/** The environment's workspace for queries, or the problems that prevent it. */
export async function openWorkspace(env: Environment, root: string, settings: ClientSettings = {}): Promise<{ workspace?: Workspace; problems: Problem[] }> {
  const id = queryWorkspaceId(env);
  const at = env.source?.locateKey('/workspaceId') ?? env.source?.locateKey('') ?? { file: env.file };
  if (!id) return { problems: [error('workspace-id', `environment '${env.name}' needs workspaceId (the Log Analytics workspace GUID) for queries`, at)] };
  let endpoint: string | undefined;
  let agent: Agent | undefined;
  let token: string | undefined;
  if (env.emulator) {
    try {
      const emu = await sharedEmulator(resolve(root, env.emulator.state), env.emulator.faults, env.emulator.seed);
      emu.addWorkspace({
        workspaceId: id,
        armWorkspaceId: armWorkspaceId(env),
        root,
        ...(env.emulator.data ? { data: env.emulator.data } : {}),
        ...(env.emulator.queryRowLimit ? { rowLimit: env.emulator.queryRowLimit } : {}),
      });
      endpoint = `${emu.url}/v1`;
      agent = new Agent({ ca: emu.ca, keepAlive: true });
      token = emu.token;
    } catch (e) {
      if (!(e instanceof EmulatorConfigError)) throw e;
      return { problems: [error('emulator-config', e.message, env.source?.locateKey('/emulator') ?? { file: env.file })] };
    }
  }
  const cred = environmentCredential(env, process.env, token);
  if (!cred.credential) return { problems: cred.problems };
  // Loaded here, not at start-up: the SDK is slow to load and only record and check need it.
  const { LogsQueryClient } = await import('@azure/monitor-query-logs');
  const client = new LogsQueryClient(cred.credential, {
    ...(endpoint ? { endpoint } : {}),
    retryOptions: { maxRetries: settings.maxRetries ?? env.deploy?.maxRetries ?? 3, retryDelayInMs: settings.retryDelayMs ?? env.deploy?.retryDelayMs ?? 1000 },
    ...(agent ? { additionalPolicies: [{ policy: agentPolicy(agent), position: 'perCall' as const }] } : {}),
  });
  return { workspace: logsWorkspace(client, id, cred.secrets), problems: [] };
}

/** A Workspace over any LogsQueryClient (tests give one pointed at a standalone emulator). */
export function logsWorkspace(client: LogsQueryClient, id: string, secrets: string[] = []): Workspace {
  const redact = (s: string): string => secrets.filter((x) => x.length >= 4).reduce((acc, x) => acc.split(x).join('***'), s);
  return {
    id,
    async query(kql, range, options = {}) {
      try {
        const res = await client.queryWorkspace(id, kql, { startTime: range.start, endTime: range.end }, {
          ...(options.serverTimeoutSeconds ? { serverTimeoutInSeconds: options.serverTimeoutSeconds } : {}),
        });
        if (res.status === 'Success') return { ok: true, table: fromLogsTable(res.tables[0]) };
        const detail = res.partialError.message + partialDetails(res.partialError);
        return { ok: true, table: fromLogsTable(res.partialTables[0]), partial: redact(detail) };
      } catch (e) {
        return failure(e, redact);
      }
    },
  };
}

function partialDetails(e: { details?: unknown }): string {
  const details = Array.isArray(e.details) ? (e.details as { message?: unknown }[]) : [];
  const msgs = details.map((d) => String(d.message ?? '')).filter(Boolean);
  return msgs.length ? `: ${msgs.join('; ')}` : '';
}

function failure(e: unknown, redact: (s: string) => string): QueryOutcome {
  const r = e as { statusCode?: number; code?: string; message?: string; details?: { error?: { message?: string; innererror?: unknown } } };
  const inner = innermost(r.details?.error?.innererror);
  const message = [r.details?.error?.message ?? r.message ?? String(e), inner].filter(Boolean).join(': ');
  return { ok: false, ...(r.statusCode ? { status: r.statusCode } : {}), ...(r.code ? { code: r.code } : {}), message: redact(message) };
}

/** The most specific message of a OneAPI innererror chain (a syntax error's position, an unknown name). */
function innermost(inner: unknown): string | undefined {
  let cur = inner as { message?: string; innererror?: unknown } | undefined;
  let msg: string | undefined;
  while (cur && typeof cur === 'object') {
    if (cur.message) msg = cur.message;
    cur = cur.innererror as typeof cur;
  }
  return msg;
}

/** The client's table (Date for datetime, objects for dynamic) back in tripline's wire form. */
export function fromLogsTable(t: LogsTable | undefined): DataTable {
  if (!t) return { columns: [], rows: [] };
  const columns: ColumnSchema[] = t.columnDescriptors.map((c) => ({ name: c.name ?? '', type: (c.type ?? 'string') as KqlScalarType }));
  const rows = t.rows.map((r) => r.map((v) => wire(v)));
  return { columns, rows };
}

function wire(v: unknown): WireValue {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return v.toISOString();
  return v as WireValue;
}
