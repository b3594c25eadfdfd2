// Conversion between the interchange DataTable (WireValue rows) and the engine's columnar tables.
import type { ColumnSchema, DataTable, TypedValues, WireValue } from '../../table.js';
import { jsonText, parseJsonExact } from '../../json.js';
import { convert, toLong } from '../convert.js';
import { type Column, type Table, dictColumn, lazyProperty, typedColumn } from '../table.js';
import { dictVec } from '../dict-vectors.js';
import {
  type Dyn, type KType, type Val,
  formatDatetime, formatDayTime, formatTimespan, parseDatetime, parseTimespan, parseWireDatetime,
} from '../values.js';
import {
  type TypedVec, dayAndTime, f64Vec, i64Vec, isNullAt, isTypedType, nullBitmap, setDayAndTime, setNullAt, typedFromVals,
} from '../vectors.js';

function fromWire(v: WireValue | undefined, t: KType): Val {
  if (v === null || v === undefined) return t === 'string' ? '' : null;
  switch (t) {
    case 'string':
      return typeof v === 'string' ? v : typeof v === 'object' ? jsonText(v) : String(v);
    case 'datetime':
      if (typeof v === 'string') return parseDatetime(v);
      if (typeof v === 'number' || typeof v === 'bigint') return convert(v, 'long', 'datetime');
      return null;
    case 'timespan':
      if (typeof v === 'string') return parseTimespan(v);
      if (typeof v === 'number') return BigInt(Math.trunc(v));
      if (typeof v === 'bigint') return v;
      return null;
    case 'dynamic':
      if (typeof v === 'string') {
        const s = v.trim();
        if (s.startsWith('{') || s.startsWith('[')) {
          try {
            return parseJsonExact(s) as Val;
          } catch {
            return v;
          }
        }
      }
      return v as Val;
    case 'bool':
      if (typeof v === 'boolean') return v;
      return convert(typeof v === 'number' || typeof v === 'bigint' ? v : String(v), typeof v === 'number' || typeof v === 'bigint' ? 'long' : 'string', 'bool');
    case 'guid':
      return convert(String(v), 'string', 'guid');
    default:
      if (typeof v === 'number') return t === 'long' ? (Number.isSafeInteger(v) ? v : toLong(v, 'real')) : t === 'int' ? Math.trunc(v) : v;
      if (typeof v === 'bigint') return convert(v, 'long', t);
      return convert(typeof v === 'string' ? v : jsonText(v), 'string', t);
  }
}

/** A column of wire values as engine values; a string column that holds only strings is used as it is. */
export function columnFromWire(values: WireValue[], type: KType): Val[] {
  if (type === 'string' && values.every((v) => typeof v === 'string')) return values as Val[];
  const out = new Array<Val>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = fromWire(values[i], type);
  return out;
}

/** A column of wire values as an engine column: numbers, datetimes and timespans in typed vectors. */
export function engineColumn(name: string, type: KType, values: WireValue[]): Column {
  const read = isTypedType(type) ? typedFromWire(values, type) : undefined;
  const typed = read?.vec;
  const c: Column = typed ? typedColumn(name, type, typed) : { name, type, data: columnFromWire(values, type) };
  // Wire datetimes are usually in the form the engine prints: then their text is the values themselves.
  if (type === 'datetime') lazyProperty(c, 'text', () => (read?.printed ? values as (string | null)[] : datetimeText(c)));
  return c;
}

/**
 * A source's typed column as an engine column, without a copy; datetime text is formatted from the ticks
 * when first asked for. Throws when the source breaks the contract of TypedValues for the type.
 */
export function engineColumnOfTyped(name: string, type: KType, v: TypedValues): Column {
  if (v.kind === 'dict') {
    if (type !== 'string') throw new Error(`column ${name}: dictionary values cannot hold ${type}`);
    return dictColumn(name, type, dictVec(v.codes, v.dict));
  }
  const fits = v.kind === 'i64' ? type === 'datetime' || type === 'timespan' || type === 'long' : isTypedType(type) && type !== 'datetime' && type !== 'timespan';
  if (!fits) throw new Error(`column ${name}: ${v.kind} values cannot hold ${type}`);
  const c = typedColumn(name, type, v.kind === 'f64' ? f64Vec(v.values, v.nulls) : i64Vec(v.values, v.nulls));
  if (type === 'datetime') lazyProperty(c, 'text', () => datetimeText(c));
  return c;
}

function typedFromWire(values: WireValue[], type: KType): { vec: TypedVec; printed?: boolean } {
  const n = values.length;
  let nulls: Uint8Array | null = null;
  if (type === 'datetime' || type === 'timespan') {
    const out = new BigInt64Array(n);
    const words = new Int32Array(out.buffer);
    let printed = type === 'datetime';
    for (let i = 0; i < n; i++) {
      const w = values[i];
      if (type === 'datetime' && typeof w === 'string' && canonicalDatetime(w, words, i)) {
        // A fraction's trailing zeros are not printed: such a column's text is formatted from the ticks.
        if (w.length > 20 && w.charCodeAt(w.length - 2) === 48) printed = false;
        continue;
      }
      if (w !== null && w !== undefined) printed = false;
      const v = fromWire(w, type);
      if (v === null) setNullAt((nulls ??= nullBitmap(n)), i);
      else out[i] = v as bigint;
    }
    return { vec: i64Vec(out, nulls), printed };
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = fromWire(values[i], type);
    if (typeof v === 'number') out[i] = v;
    else if (v === null) setNullAt((nulls ??= nullBitmap(n)), i);
    else return { vec: typedFromVals(columnFromWire(values, type), type)! }; // a long beyond the safe integers
  }
  return { vec: f64Vec(out, nulls) };
}

const parsed = { days: 0, tod: 0 };

/** A datetime in the wire form (values.ts parseWireDatetime) into row i of `words`; false for other text. */
function canonicalDatetime(s: string, words: Int32Array, i: number): boolean {
  if (!parseWireDatetime(s, parsed)) return false;
  setDayAndTime(words, i, parsed.days, parsed.tod);
  return true;
}

function datetimeTextAt(v: TypedVec, i: number): string | null {
  if (isNullAt(v.nulls, i)) return null;
  const [day, tod] = dayAndTime((v as Extract<TypedVec, { kind: 'i64' }>).words, i);
  return formatDayTime(day, tod);
}

/** The output text of a datetime column, from its typed vector when it has one. */
function datetimeText(c: Column): (string | null)[] {
  const v = c.typed;
  if (v?.kind === 'i64') {
    const out = new Array<string | null>(v.values.length);
    for (let i = 0; i < out.length; i++) out[i] = datetimeTextAt(v, i);
    return out;
  }
  return c.data.map((x) => (x === null ? null : formatDatetime(x as bigint)));
}

const cache = new WeakMap<DataTable, Table>();

/**
 * Input tables are converted once and cached by identity: callers run one compiled query over the same
 * fixture many times, and treat DataTables as immutable.
 */
export function fromDataTable(dt: DataTable, schema?: ColumnSchema[]): Table {
  const hit = cache.get(dt);
  if (hit && !schema) return hit;
  const cols: Column[] = dt.columns.map((c, j) => engineColumn(c.name, c.type, dt.rows.map((r) => r[j] ?? null)));
  const t: Table = { n: dt.rows.length, cols };
  if (!schema) cache.set(dt, t);
  return t;
}

export function toWire(v: Val, t: KType): WireValue {
  if (v === null) return null;
  switch (t) {
    case 'datetime': return formatDatetime(v as bigint);
    case 'timespan': return formatTimespan(v as bigint);
    case 'real': case 'decimal': {
      const n = v as number;
      // JSON has no NaN/Infinity; the Log Analytics API sends them as strings.
      return Number.isFinite(n) ? n : Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
    }
    case 'dynamic': return toWireDyn(v as Dyn);
    default: return v as WireValue;
  }
}

function toWireDyn(d: Dyn): WireValue {
  if (typeof d === 'number' && !Number.isFinite(d)) return Number.isNaN(d) ? 'NaN' : d > 0 ? 'Infinity' : '-Infinity';
  return d as WireValue;
}

export function toDataTable(t: Table): DataTable {
  // Internal columns and the hidden _IngestionTime never reach the output.
  const cols = t.cols.filter((c) => !c.name.startsWith('\u0000') && !c.name.startsWith('_IngestionTime'));
  const rows: WireValue[][] = new Array(t.n);
  for (let i = 0; i < t.n; i++) rows[i] = new Array<WireValue>(cols.length);
  // Column at a time: one conversion per column type, applied in a tight loop.
  for (let j = 0; j < cols.length; j++) {
    const c = cols[j]!;
    if (c.type === 'datetime') {
      const text = c.text ?? datetimeText(c);
      for (let i = 0; i < t.n; i++) rows[i]![j] = text[i]!;
      continue;
    }
    const d = c.data;
    if (c.type === 'string' || c.type === 'bool' || c.type === 'int' || c.type === 'long' || c.type === 'guid') {
      for (let i = 0; i < t.n; i++) rows[i]![j] = d[i] as WireValue;
    } else {
      for (let i = 0; i < t.n; i++) rows[i]![j] = toWire(d[i]!, c.type);
    }
  }
  return { columns: cols.map((c) => ({ name: c.name, type: c.type })), rows };
}
