// Columnar input tables (large fixtures) as engine tables. The columns a query reads are fetched from
// the source in one request before it runs; any other column only when an operator reads it. A column
// is converted once per input table and kept for later runs over the same table.
import type { ColumnarTable, WireValue } from '../table.js';
import { columnFromWire } from './compile/wire.js';
import { type Column, type Table, lazyColumn, lazyProperty } from './table.js';
import { type KType, type Val, formatDatetime } from './values.js';

const converted = new WeakMap<ColumnarTable, Map<string, Val[]>>();
// A source may hand the same array for several columns (a fixture's columns that no row sets): it is
// converted once per type, so those columns share one engine vector. Engine vectors are never written.
const convertedWire = new WeakMap<WireValue[], Map<KType, Val[]>>();

function convertOnce(values: WireValue[], type: KType): Val[] {
  let byType = convertedWire.get(values);
  if (!byType) convertedWire.set(values, (byType = new Map()));
  let data = byType.get(type);
  if (!data) byType.set(type, (data = columnFromWire(values, type)));
  return data;
}

export function fromColumnar(input: ColumnarTable, reads: ReadonlySet<string> | 'all'): Table {
  let done = converted.get(input);
  if (!done) converted.set(input, (done = new Map()));
  const cache = done;
  const types = new Map(input.columns.map((c) => [c.name, c.type]));
  const fetch = (names: string[]): void => {
    const todo = names.filter((n) => !cache.has(n));
    if (!todo.length) return;
    const values = input.values(todo);
    todo.forEach((n, i) => cache.set(n, convertOnce(values[i]!, types.get(n)!)));
  };
  fetch(input.columns.filter((c) => reads === 'all' || reads.has(c.name)).map((c) => c.name));
  const cols = input.columns.map((c): Column => {
    const col = lazyColumn(c.name, c.type, () => {
      fetch([c.name]);
      return cache.get(c.name)!;
    });
    // The output text of datetimes, as fromDataTable keeps it for row inputs.
    if (c.type === 'datetime') lazyProperty(col, 'text', () => col.data.map((v) => (v === null ? null : formatDatetime(v as bigint))));
    return col;
  });
  return { n: input.rowCount, cols };
}
