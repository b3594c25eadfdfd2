// The two response shapes of Kusto's query endpoint, built from one result table (Kusto docs "Query V2
// HTTP response" and "Query/management HTTP response"; azure-kusto-node's test/data/response/v1_2.ts and
// v2.json): v2 is a JSON array of frames (DataSetHeader, the DataTables, DataSetCompletion), v1 an object
// of Tables with a table of contents last.
import { randomUUID } from 'node:crypto';
import type { DataTable, KqlScalarType, WireValue } from '../../kql/table.js';
import { jsonText } from '../../kql/json.js';

/** The .NET type names v1 reports beside each column's Kusto type. */
const CLR_TYPES: Record<KqlScalarType, string> = {
  bool: 'Boolean',
  int: 'Int32',
  long: 'Int64',
  real: 'Double',
  decimal: 'Decimal',
  string: 'String',
  datetime: 'DateTime',
  timespan: 'TimeSpan',
  guid: 'Guid',
  dynamic: 'Object',
};

interface Completion {
  clientRequestId: string;
  activityId: string;
}

const COMPLETED = '{"Count":1,"Text":"Query completed successfully"}';

/** Kusto sends datetimes with seven fractional digits. */
function kustoDatetime(v: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(v);
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(7, '0').slice(0, 7)}Z` : v;
}

function cells(t: DataTable, dynamicAsText: boolean): WireValue[][] {
  return t.rows.map((r) =>
    r.map((v, i) => {
      const type = t.columns[i]?.type;
      if (v === null) return null;
      if (type === 'datetime' && typeof v === 'string') return kustoDatetime(v);
      if (type === 'dynamic' && dynamicAsText) return jsonText(v);
      return v;
    }),
  );
}

export function completionOf(clientRequestId: string | undefined): Completion {
  return { clientRequestId: clientRequestId ?? `unspecified;${randomUUID()}`, activityId: randomUUID() };
}

export function v2Frames(t: DataTable, c: Completion): unknown[] {
  const now = new Date().toISOString();
  return [
    { FrameType: 'DataSetHeader', IsProgressive: false, Version: 'v2.0', IsFragmented: false, ErrorReportingPlacement: 'EndOfTable' },
    {
      FrameType: 'DataTable',
      TableId: 0,
      TableKind: 'QueryProperties',
      TableName: '@ExtendedProperties',
      Columns: [
        { ColumnName: 'TableId', ColumnType: 'int' },
        { ColumnName: 'Key', ColumnType: 'string' },
        { ColumnName: 'Value', ColumnType: 'dynamic' },
      ],
      Rows: [],
    },
    {
      FrameType: 'DataTable',
      TableId: 1,
      TableKind: 'PrimaryResult',
      TableName: 'PrimaryResult',
      Columns: t.columns.map((col) => ({ ColumnName: col.name, ColumnType: col.type })),
      Rows: cells(t, false),
    },
    {
      FrameType: 'DataTable',
      TableId: 2,
      TableKind: 'QueryCompletionInformation',
      TableName: 'QueryCompletionInformation',
      Columns: [
        ['Timestamp', 'datetime'], ['ClientRequestId', 'string'], ['ActivityId', 'guid'], ['SubActivityId', 'guid'],
        ['ParentActivityId', 'guid'], ['Level', 'int'], ['LevelName', 'string'], ['StatusCode', 'int'],
        ['StatusCodeName', 'string'], ['EventType', 'int'], ['EventTypeName', 'string'], ['Payload', 'string'],
      ].map(([ColumnName, ColumnType]) => ({ ColumnName, ColumnType })),
      Rows: [[now, c.clientRequestId, c.activityId, randomUUID(), randomUUID(), 4, 'Info', 0, 'S_OK (0)', 4, 'QueryInfo', COMPLETED]],
    },
    { FrameType: 'DataSetCompletion', HasErrors: false, Cancelled: false },
  ];
}

export function v1Tables(t: DataTable, c: Completion): unknown {
  const now = new Date().toISOString();
  const table = (name: string, columns: [string, string][], rows: WireValue[][]): unknown => ({
    TableName: name,
    Columns: columns.map(([ColumnName, DataType]) => ({ ColumnName, DataType })),
    Rows: rows,
  });
  return {
    Tables: [
      {
        TableName: 'Table_0',
        Columns: t.columns.map((col) => ({ ColumnName: col.name, DataType: CLR_TYPES[col.type], ColumnType: col.type })),
        Rows: cells(t, true),
      },
      table('Table_1', [['Value', 'String']], []),
      table(
        'Table_2',
        [['Timestamp', 'DateTime'], ['Severity', 'Int32'], ['SeverityName', 'String'], ['StatusCode', 'Int32'], ['StatusDescription', 'String'], ['Count', 'Int32'], ['RequestId', 'Guid'], ['ActivityId', 'Guid'], ['SubActivityId', 'Guid'], ['ClientActivityId', 'String']],
        [[now, 4, 'Info', 0, 'Query completed successfully', 1, c.activityId, c.activityId, randomUUID(), c.clientRequestId]],
      ),
      table(
        'Table_3',
        [['Ordinal', 'Int64'], ['Kind', 'String'], ['Name', 'String'], ['Id', 'String'], ['PrettyName', 'String']],
        [
          [0, 'QueryResult', 'PrimaryResult', randomUUID(), ''],
          [1, 'QueryProperties', '@ExtendedProperties', randomUUID(), ''],
          [2, 'QueryStatus', 'QueryStatus', '00000000-0000-0000-0000-000000000000', ''],
        ],
      ),
    ],
  };
}
