// Operations on ColumnarTables that keep them lazy: no column is read before a consumer asks for it.
import type { ColumnarTable, ColumnSchema, DictValues, InputTable, NumberValues, TypedValues, WireValue } from './table.js';
import { isColumnar, isTypedValues } from './table.js';
import { dictVec, gatherDict } from './engine/dict-vectors.js';
import { dayAndTime, f64Vec, gatherTyped, i64Vec, isNullAt, nullBitmap, setNullAt } from './engine/vectors.js';

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
  const values = (names: readonly string[]): WireValue[][] => {
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
  };
  return {
    columns,
    rowCount: parts.reduce((n, p) => n + p.rowCount, 0),
    values,
    // A column every part holds typed, of one kind, stays typed; any other is boxed.
    typedValues: (names) => names.map((n) => concatTyped(parts.map((p) => (p.columns.some((c) => c.name === n) ? p.typedValues?.([n])[0] : undefined))) ?? values([n])[0]!),
  };
}

function concatTyped(vs: readonly (WireValue[] | TypedValues | undefined)[]): TypedValues | undefined {
  const typed = vs.filter((v): v is TypedValues => v !== undefined && isTypedValues(v));
  const kind = typed[0]?.kind;
  if (typed.length !== vs.length || typed.some((v) => v.kind !== kind)) return undefined;
  if (kind === 'dict') return concatDict(typed as DictValues[]);
  return concatNumbers(typed as NumberValues[]);
}

/** Dictionary columns as one: codes into the union of their dictionaries (undefined beyond 65,536 values). */
function concatDict(parts: readonly DictValues[]): DictValues | undefined {
  const index = new Map<string, number>();
  const dict: string[] = [];
  const maps = parts.map((p) => Int32Array.from(p.dict, (s) => {
    let code = index.get(s);
    if (code === undefined) index.set(s, (code = dict.push(s) - 1));
    return code;
  }));
  if (dict.length > 1 << 16) return undefined;
  const codes = new Uint16Array(parts.reduce((k, p) => k + p.codes.length, 0));
  let at = 0;
  parts.forEach((p, j) => {
    for (let i = 0; i < p.codes.length; i++) codes[at++] = maps[j]![p.codes[i]!]!;
  });
  return { kind: 'dict', codes, dict };
}

function concatNumbers(typed: readonly NumberValues[]): NumberValues {
  const kind = typed[0]!.kind;
  const n = typed.reduce((k, v) => k + v.values.length, 0);
  let nulls: Uint8Array | null = null;
  let at = 0;
  for (const v of typed) {
    for (let i = 0; v.nulls && i < v.values.length; i++) if (isNullAt(v.nulls, i)) setNullAt((nulls ??= nullBitmap(n)), at + i);
    at += v.values.length;
  }
  if (kind === 'f64') {
    const values = new Float64Array(n);
    typed.reduce((k, v) => (values.set(v.values as Float64Array, k), k + v.values.length), 0);
    return { kind, values, nulls };
  }
  const values = new BigInt64Array(n);
  typed.reduce((k, v) => (values.set(v.values as BigInt64Array, k), k + v.values.length), 0);
  return { kind: 'i64', values, nulls };
}

/** The rows at `index`, in that order; a column the source holds typed stays typed. */
export function selectRows(t: ColumnarTable, index: readonly number[]): ColumnarTable {
  const pick = (v: WireValue[]): WireValue[] => index.map((i) => v[i]!);
  const typed = t.typedValues?.bind(t);
  return {
    columns: t.columns,
    rowCount: index.length,
    values: (names) => t.values(names).map(pick),
    ...(typed && { typedValues: (names) => typed(names).map((v) => (isTypedValues(v) ? pickTyped(v, index) : pick(v))) }),
  };
}

function pickTyped(v: TypedValues, index: readonly number[]): TypedValues {
  if (v.kind === 'dict') return gatherDict(dictVec(v.codes, v.dict), index);
  return gatherTyped(v.kind === 'f64' ? f64Vec(v.values, v.nulls) : i64Vec(v.values, v.nulls), index);
}

/** Days from 0001-01-01 to the Unix epoch. */
const UNIX_EPOCH_DAYS = 719_162;

/**
 * A datetime column as milliseconds since the Unix epoch, the ticks below a millisecond kept as the
 * fraction, NaN where a row has none; undefined when the table has no such column. A typed column is
 * read from its words (no text, no bigint per row).
 */
export function instantsOf(table: InputTable, name: string): Float64Array | undefined {
  const at = table.columns.findIndex((c) => c.name === name);
  if (at < 0) return undefined;
  if (!isColumnar(table)) return Float64Array.from(table.rows, (r) => instant(r[at]));
  const v = table.typedValues ? table.typedValues([name])[0]! : table.values([name])[0]!;
  if (!isTypedValues(v)) return Float64Array.from(v, instant);
  if (v.kind !== 'i64') return new Float64Array(table.rowCount).fill(NaN);
  const words = new Int32Array(v.values.buffer, v.values.byteOffset, v.values.length * 2);
  const out = new Float64Array(table.rowCount);
  for (let i = 0; i < out.length; i++) {
    if (isNullAt(v.nulls, i)) {
      out[i] = NaN;
      continue;
    }
    // Whole days and ticks of the day are exact in doubles; so is each part of the sum.
    const [days, tod] = dayAndTime(words, i);
    out[i] = (days - UNIX_EPOCH_DAYS) * 86_400_000 + Math.floor(tod / 1e4) + (tod % 1e4) / 1e4;
  }
  return out;
}

/** Milliseconds since the epoch of a datetime's text, sub-millisecond digits kept as a fraction; NaN when not one. */
export function instant(v: WireValue | undefined): number {
  if (typeof v !== 'string') return NaN;
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) return NaN;
  const frac = /\.(\d{4,7})/.exec(v);
  return frac ? ms + Number('0.' + frac[1]!.slice(3)) : ms;
}
