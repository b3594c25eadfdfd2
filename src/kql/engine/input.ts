// Columnar input tables (large fixtures) as engine tables. The columns a query reads are fetched from
// the source in one request before it runs; any other column only when an operator reads it. A column
// is converted once per input table and kept for later runs over the same table; one the source holds
// in typed arrays is taken as it is.
import { type ColumnarTable, isTypedValues, type TypedValues, type WireValue } from '../table.js';
import { engineColumn, engineColumnOfTyped } from './compile/wire.js';
import { type Column, type Table, renamed } from './table.js';
import type { KType } from './values.js';
import { isTypedType } from './vectors.js';

const converted = new WeakMap<ColumnarTable, Map<string, Column>>();
// A source may hand the same array for several columns (a fixture's columns that no row sets): it is
// converted once per type, so those columns share one engine vector. Engine vectors are never written.
const convertedWire = new WeakMap<WireValue[] | TypedValues, Map<KType, Column>>();

function convertOnce(name: string, values: WireValue[] | TypedValues, type: KType): Column {
  let byType = convertedWire.get(values);
  if (!byType) convertedWire.set(values, (byType = new Map()));
  let c = byType.get(type);
  if (!c) byType.set(type, (c = isTypedValues(values) ? engineColumnOfTyped(name, type, values) : engineColumn(name, type, values)));
  return c.name === name ? c : renamed(c, name);
}

export function fromColumnar(input: ColumnarTable, reads: ReadonlySet<string> | 'all'): Table {
  let done = converted.get(input);
  if (!done) converted.set(input, (done = new Map()));
  const cache = done;
  const types = new Map(input.columns.map((c) => [c.name, c.type]));
  const fetch = (names: string[]): void => {
    const todo = names.filter((n) => !cache.has(n));
    if (!todo.length) return;
    const values = input.typedValues ? input.typedValues(todo) : input.values(todo);
    todo.forEach((n, i) => cache.set(n, convertOnce(n, values[i]!, types.get(n)!)));
  };
  fetch(input.columns.filter((c) => reads === 'all' || reads.has(c.name)).map((c) => c.name));
  const cols = input.columns.map((c): Column => cache.get(c.name) ?? deferred(c.name, c.type, () => {
    fetch([c.name]);
    return cache.get(c.name)!;
  }));
  return { n: input.rowCount, cols };
}

/** A column converted when an operator first reads any part of it (its data, typed vector or text). */
function deferred(name: string, type: KType, get: () => Column): Column {
  const c = { name, type } as Column;
  const keys = ['data', ...(isTypedType(type) ? ['typed'] : []), ...(type === 'datetime' ? ['text'] : [])] as const;
  for (const key of keys as readonly ('data' | 'typed' | 'text')[]) {
    Object.defineProperty(c, key, { enumerable: key === 'data', get: () => get()[key] });
  }
  return c;
}
