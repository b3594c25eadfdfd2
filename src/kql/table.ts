// The interchange format for tabular data between stages (fixtures -> engine -> test runner -> CLI):
// values as the Log Analytics query API returns them, so a result can be printed as JSON unchanged.

export type KqlScalarType =
  | 'bool'
  | 'int'
  | 'long'
  | 'real'
  | 'decimal'
  | 'string'
  | 'datetime'
  | 'timespan'
  | 'guid'
  | 'dynamic';

export const KQL_SCALAR_TYPES: readonly KqlScalarType[] = [
  'bool', 'int', 'long', 'real', 'decimal', 'string', 'datetime', 'timespan', 'guid', 'dynamic',
];

export interface ColumnSchema {
  name: string;
  type: KqlScalarType;
}

/**
 * A value on the wire: null; boolean (bool); number (int, long, real, decimal); string (string, guid;
 * datetime as ISO 8601 UTC with up to 7 fractional digits; timespan as [-][d.]hh:mm:ss[.fffffff]);
 * any JSON value for dynamic.
 */
export type WireValue = null | boolean | number | string | WireValue[] | { [key: string]: WireValue };

export interface DataTable {
  columns: ColumnSchema[];
  rows: WireValue[][];
}
