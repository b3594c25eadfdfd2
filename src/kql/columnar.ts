// Operations on ColumnarTables that keep them lazy: no column is read before a consumer asks for it.
import type { ColumnarTable, ColumnSchema, InputTable, WireValue } from './table.js';
import { isColumnar } from './table.js';

export function rowCountOf(t: InputTable): number {
  return isColumnar(t) ? t.rowCount : t.rows.length;
}

/**
 * Rows of all parts, in order, on the union of their columns. A part lacking a column gets `fill`'s
 * values for it when given, else nulls.
 */
export function concatColumnar(
  parts: readonly ColumnarTable[],
  fill: (part: ColumnarTable, column: string) => WireValue[] | undefined = () => undefined,
): ColumnarTable {
  if (parts.length === 1) return parts[0]!;
  const columns: ColumnSchema[] = [];
  for (const p of parts) for (const c of p.columns) if (!columns.some((x) => x.name === c.name)) columns.push(c);
  return {
    columns,
    rowCount: parts.reduce((n, p) => n + p.rowCount, 0),
    values(names) {
      const out = names.map((): WireValue[] => []);
      for (const p of parts) {
        const own = names.filter((n) => p.columns.some((c) => c.name === n));
        const read = own.length ? p.values(own) : [];
        const values = new Map(own.map((n, i) => [n, read[i]!] as const));
        names.forEach((n, i) => {
          const v = values.get(n) ?? fill(p, n) ?? new Array<WireValue>(p.rowCount).fill(null);
          for (const x of v) out[i]!.push(x);
        });
      }
      return out;
    },
  };
}

/** The rows at `index`, in that order. */
export function selectRows(t: ColumnarTable, index: readonly number[]): ColumnarTable {
  return {
    columns: t.columns,
    rowCount: index.length,
    values: (names) => t.values(names).map((v) => index.map((i) => v[i]!)),
  };
}
