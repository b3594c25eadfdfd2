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
 * A value on the wire: null; boolean (bool); number (int, long, real, decimal); bigint (a long outside
 * the safe integers, exact: print it with jsonText, ./json.ts); string (string, guid;
 * datetime as ISO 8601 UTC with up to 7 fractional digits; timespan as [-][d.]hh:mm:ss[.fffffff]);
 * any JSON value for dynamic.
 */
export type WireValue = null | boolean | number | bigint | string | WireValue[] | { [key: string]: WireValue };

export interface DataTable {
  columns: ColumnSchema[];
  rows: WireValue[][];
}

/**
 * A table held column by column (fixtures of millions of rows): `columns` is its whole schema, and a
 * column's values exist only once asked for, so a query reading three columns of ninety-seven never
 * holds the rest.
 */
export interface ColumnarTable {
  readonly columns: readonly ColumnSchema[];
  readonly rowCount: number;
  /** The named columns' values (rowCount each), in one pass over the source when it must be read again. */
  values(names: readonly string[]): WireValue[][];
  /**
   * Like `values`, but a column the source holds in typed arrays comes as those, unboxed (the engine
   * takes them as they are). Optional: a source without typed storage leaves it out.
   */
  typedValues?(names: readonly string[]): (WireValue[] | TypedValues)[];
}

/**
 * A column's values in typed arrays (rowCount each); bit i % 8 of byte i >> 3 of `nulls` set means row
 * i is null (its value is then meaningless), `nulls` is null when no row is.
 *   f64: int, real, decimal, and long while every value is a safe integer.
 *   i64: datetime (100 ns ticks since 0001-01-01T00:00:00Z, as Kusto and .NET count them), timespan
 *        (ticks), long.
 *   dict: a string column of few distinct values: row i is dict[codes[i]] (never null: "" is empty).
 */
export type TypedValues = NumberValues | DictValues;

export type NumberValues =
  | { readonly kind: 'f64'; readonly values: Float64Array; readonly nulls: Uint8Array | null }
  | { readonly kind: 'i64'; readonly values: BigInt64Array; readonly nulls: Uint8Array | null };

export interface DictValues {
  readonly kind: 'dict';
  readonly codes: Uint16Array | Int32Array;
  readonly dict: readonly string[];
}

export function isTypedValues(v: WireValue[] | TypedValues): v is TypedValues {
  return !Array.isArray(v);
}

/** An input table as stages hand it to the engine. */
export type InputTable = DataTable | ColumnarTable;

export function isColumnar(t: InputTable): t is ColumnarTable {
  return !('rows' in t);
}

/** Rows of a columnar table (for consumers that work row by row on small tables). */
export function toRows(t: ColumnarTable): DataTable {
  const columns = [...t.columns];
  const values = t.values(columns.map((c) => c.name));
  const rows: WireValue[][] = new Array(t.rowCount);
  for (let i = 0; i < t.rowCount; i++) rows[i] = values.map((v) => v[i]!);
  return { columns, rows };
}
