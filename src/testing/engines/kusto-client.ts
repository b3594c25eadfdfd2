// The real Kusto engine through azure-kusto-data: an Azure Data Explorer cluster, the Kusto emulator
// container, or tripline's emulator. Results come back in the embedded engine's wire form so the runner
// turns them into alerts and checks them exactly as it does its own.
import type { Client, KustoConnectionStringBuilder } from 'azure-kusto-data';
import type { ColumnSchema, KqlScalarType, WireValue } from '../../kql/table.js';
import { KQL_SCALAR_TYPES } from '../../kql/table.js';
import type { QueryBackend } from './types.js';

export interface KustoTarget {
  cluster: string;
  database: string;
  /** A bearer token to send (TRIPLINE_KUSTO_TOKEN); otherwise see connectionFor. */
  token?: string;
}

/** Other spellings of Kusto's types that clusters report. */
const TYPE_ALIASES: Record<string, KqlScalarType> = {
  boolean: 'bool', int32: 'int', int64: 'long', double: 'real', float: 'real', date: 'datetime', time: 'timespan', uniqueid: 'guid', object: 'dynamic', sbyte: 'bool',
};

function scalarType(t: string | null): KqlScalarType {
  const lower = (t ?? 'string').toLowerCase();
  return (KQL_SCALAR_TYPES as readonly string[]).includes(lower) ? (lower as KqlScalarType) : (TYPE_ALIASES[lower] ?? 'string');
}

function isLocalHttp(url: URL): boolean {
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/**
 * How to sign in: a token given in the environment; none for the Kusto emulator container (plain http on
 * this machine, no authentication); otherwise DefaultAzureCredential (az login, workload identity,
 * managed identity).
 */
async function connectionFor(target: KustoTarget, builder: typeof KustoConnectionStringBuilder): Promise<KustoConnectionStringBuilder> {
  if (target.token) return builder.withAccessToken(target.cluster, target.token);
  if (isLocalHttp(new URL(target.cluster))) return new builder(target.cluster);
  const { DefaultAzureCredential } = await import('@azure/identity');
  return builder.withTokenCredential(target.cluster, new DefaultAzureCredential());
}

/** The service's own message, without request details (the client already strips Authorization). */
export function kustoErrorMessage(e: unknown): string {
  const err = e as { response?: { status?: number; data?: { error?: Record<string, unknown> } }; message?: unknown };
  const detail = err.response?.data?.error;
  if (detail) return String(detail['@message'] ?? detail['message'] ?? `HTTP ${err.response?.status}`);
  if (err.response?.status) return `HTTP ${err.response.status}`;
  return String(err.message ?? e);
}

/** The SDK is loaded with the first query: it is slow to load, and only `test --engine adx` needs it. */
export function kustoBackend(target: KustoTarget): QueryBackend {
  let connected: Promise<Client> | undefined;
  const connect = (): Promise<Client> =>
    (connected ??= import('azure-kusto-data').then(async (k) => new k.Client(await connectionFor(target, k.KustoConnectionStringBuilder))));
  return {
    name: `${target.cluster.replace(/\/+$/, '')}/${target.database}`,
    async query(text) {
      let response;
      try {
        response = await (await connect()).execute(target.database, text);
      } catch (e) {
        throw new Error(kustoErrorMessage(e));
      }
      const primary = response.primaryResults[0];
      if (!primary) return { columns: [], rows: [] };
      const columns: ColumnSchema[] = primary.columns.map((c) => ({ name: c.name ?? '', type: scalarType(c.type) }));
      const rows = (primary._rows as WireValue[][]).map((r) => r.map((v, i) => wireValue(columns[i]!.type, v)));
      return { columns, rows };
    },
    close: () => void connected?.then((c) => c.close()),
  };
}

/** v2 sends dynamic values as JSON and decimals as strings; v1 sends dynamic values as JSON text. */
function wireValue(type: KqlScalarType, v: WireValue): WireValue {
  if (v === null || v === undefined) return null;
  if (type === 'decimal' && typeof v === 'string') return Number(v);
  if (type === 'bool' && typeof v === 'number') return v !== 0;
  return v;
}
