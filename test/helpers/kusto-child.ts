// Runs one query through azure-kusto-data in its own process (the emulator's CA comes in through
// NODE_EXTRA_CA_CERTS, which the client's options have no way to give) and prints the primary result of
// the v2 and the v1 endpoint as JSON, or the client's error. Args: CLUSTER DATABASE QUERY.
import { Client, KustoConnectionStringBuilder } from 'azure-kusto-data';

const [cluster, database, query] = process.argv.slice(2) as [string, string, string];
const client = new Client(KustoConnectionStringBuilder.withAccessToken(cluster, process.env['TRIPLINE_KUSTO_TOKEN'] ?? ''));
const primary = (r: Awaited<ReturnType<Client['execute']>>): unknown => {
  const t = r.primaryResults[0]!;
  return { columns: t.columns.map((c) => [c.name, c.type]), rows: t._rows };
};
try {
  const v2 = await client.executeQuery(database, query);
  const v1 = await client.executeQueryV1(database, query);
  process.stdout.write(JSON.stringify({ v2: primary(v2), v1: primary(v1), v2Tables: v2.tableNames, v1Tables: v1.tableNames }));
} catch (e) {
  const err = e as { response?: { status?: number; data?: unknown } };
  process.stdout.write(JSON.stringify({ status: err.response?.status, error: err.response?.data }));
} finally {
  client.close();
}
