// Conversion between the interchange DataTable (WireValue rows) and the engine's columnar tables.
import type { ColumnSchema, DataTable, WireValue } from '../../table.js';
import { jsonText, parseJsonExact } from '../../json.js';
import { convert, toLong } from '../convert.js';
import { type Column, type Table, lazyProperty } from '../table.js';
import { type Dyn, type KType, type Val, formatDatetime, formatTimespan, parseDatetime, parseTimespan } from '../values.js';

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

const cache = new WeakMap<DataTable, Table>();

/**
 * Input tables are converted once and cached by identity: callers run one compiled query over the same
 * fixture many times, and treat DataTables as immutable.
 */
export function fromDataTable(dt: DataTable, schema?: ColumnSchema[]): Table {
  const hit = cache.get(dt);
  if (hit && !schema) return hit;
  const cols: Column[] = dt.columns.map((c, j) => {
    const data = new Array<Val>(dt.rows.length);
    for (let i = 0; i < dt.rows.length; i++) data[i] = fromWire(dt.rows[i]![j], c.type);
    return { name: c.name, type: c.type, data };
  });
  for (const c of cols) {
    if (c.type !== 'datetime') continue;
    lazyProperty(c, 'text', () => c.data.map((v) => (v === null ? null : formatDatetime(v as bigint))));
  }
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
    const d = c.data;
    if (c.type === 'string' || c.type === 'bool' || c.type === 'int' || c.type === 'long' || c.type === 'guid') {
      for (let i = 0; i < t.n; i++) rows[i]![j] = d[i] as WireValue;
    } else if (c.type === 'datetime' && c.text) {
      const text = c.text;
      for (let i = 0; i < t.n; i++) rows[i]![j] = text[i]!;
    } else if (c.type === 'datetime') {
      for (let i = 0; i < t.n; i++) { const v = d[i]; rows[i]![j] = v === null ? null : formatDatetime(v as bigint); }
    } else {
      for (let i = 0; i < t.n; i++) rows[i]![j] = toWire(d[i]!, c.type);
    }
  }
  return { columns: cols.map((c) => ({ name: c.name, type: c.type })), rows };
}
