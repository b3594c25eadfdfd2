// The engine's columnar table: one value vector per column. Operators take and return these; only the
// public boundary converts to and from the WireValue rows of ../table.ts.
import type { KType, Val, Vec } from './values.js';
import { type DictVec, dictVals, gatherDict, sliceDict } from './dict-vectors.js';
import { type TypedVec, gatherTyped, sliceTyped, typedFromVals, valsOf } from './vectors.js';

export interface Column {
  name: string;
  type: KType;
  data: Vec;
  /**
   * The values in typed arrays (vectors.ts), on columns made by typedColumn: operators with a typed path
   * read these, and `data` is made from them when another operator first reads it.
   */
  typed?: TypedVec;
  /**
   * A string column's dictionary encoding (dict-vectors.ts), on columns made by dictColumn: like
   * `typed`, not enumerable, and `data` is made from it when first read.
   */
  dict?: DictVec;
  /**
   * Output text of each value, when known without formatting: datetime columns of input tables keep
   * their canonical ISO text (computed once per fixture), and columns gathered from them share it.
   */
  text?: (string | null)[];
}

export interface Table {
  cols: Column[];
  n: number;
}

export function emptyTable(cols: { name: string; type: KType }[]): Table {
  return { cols: cols.map((c) => ({ name: c.name, type: c.type, data: [] })), n: 0 };
}

export function col(t: Table, name: string): Column | undefined {
  for (const c of t.cols) if (c.name === name) return c;
  return undefined;
}

/**
 * Rows picked by index, in the given order (selection vectors, sort permutations, join sides). Each
 * column is gathered on first use only, so a filter followed by a projection copies just the columns
 * the projection keeps.
 */
export function gather(t: Table, idx: ArrayLike<number>): Table {
  const n = idx.length;
  return {
    n,
    cols: t.cols.map((c) => {
      const g = isTyped(c)
        ? typedColumn(c.name, c.type, () => gatherTyped(c.typed!, idx))
        : isDict(c) ? dictColumn(c.name, c.type, () => gatherDict(c.dict!, idx))
        : lazyColumn(c.name, c.type, () => {
          const src = c.data;
          const out = new Array(n);
          for (let i = 0; i < n; i++) out[i] = src[idx[i]!];
          return out;
        });
      // (Checked by descriptor: reading `text` would compute it.)
      if (Object.getOwnPropertyDescriptor(c, 'text')) {
        // Reuse the source's text when it exists or when most rows are kept; a small selection from a
        // column whose text was never needed formats just its own values.
        if (computed.has(c) || n * 4 >= t.n) {
          lazyProperty(g, 'text', () => {
            const src = c.text!;
            const out = new Array<string | null>(n);
            for (let i = 0; i < n; i++) out[i] = src[idx[i]!]!;
            return out;
          });
        }
      }
      return g;
    }),
  };
}

const computed = new WeakSet<Column>();

/** A property computed on first read (and then kept). */
export function lazyProperty<K extends 'text'>(c: Column, key: K, make: () => NonNullable<Column[K]>): void {
  let v: Column[K] | undefined;
  Object.defineProperty(c, key, {
    enumerable: false,
    configurable: true,
    get: () => {
      if (v === undefined) {
        v = make();
        computed.add(c);
      }
      return v;
    },
  });
}

export function lazyColumn(name: string, type: Column['type'], make: () => Column['data']): Column {
  let data: Column['data'] | undefined;
  const c = { name, type } as Column;
  Object.defineProperty(c, 'data', {
    enumerable: true,
    get: () => (data ??= make()),
    set: (v: Column['data']) => { data = v; },
  });
  return c;
}

/**
 * A column stored in a typed vector (made on first read when given as a function); its boxed `data` is
 * made from the vector when an operator without a typed path reads it. `typed` is not enumerable, so a
 * column spread into a new one with other data (`{ ...c, data }`) never carries a stale vector.
 */
export function typedColumn(name: string, type: KType, vec: TypedVec | (() => TypedVec)): Column {
  let v = typeof vec === 'function' ? undefined : vec;
  const typed = (): TypedVec => (v ??= (vec as () => TypedVec)());
  const c = lazyColumn(name, type, () => valsOf(typed(), type));
  Object.defineProperty(c, 'typed', { enumerable: false, get: typed });
  return c;
}

/** A string column stored dictionary-encoded (made on first read when given as a function); its boxed `data` is made from it when first read. */
export function dictColumn(name: string, type: KType, vec: DictVec | (() => DictVec)): Column {
  let v = typeof vec === 'function' ? undefined : vec;
  const dict = (): DictVec => (v ??= (vec as () => DictVec)());
  const c = lazyColumn(name, type, () => dictVals(dict()));
  Object.defineProperty(c, 'dict', { enumerable: false, get: dict });
  return c;
}

/** Whether a column has a dictionary encoding, without making it. */
export function isDict(c: Column): boolean {
  return Object.getOwnPropertyDescriptor(c, 'dict') !== undefined;
}

/** Boxed values as a column, stored typed when its type has a typed vector. */
export function columnOf(name: string, type: KType, data: Val[]): Column {
  const typed = typedFromVals(data, type);
  return typed ? typedColumn(name, type, typed) : { name, type, data };
}

/** Whether a column has a typed vector, without making it. */
export function isTyped(c: Column): boolean {
  return Object.getOwnPropertyDescriptor(c, 'typed') !== undefined;
}

/** The column under another name, keeping its lazily made data, typed vector and text. */
export function renamed(c: Column, name: string): Column {
  const out = Object.defineProperties({}, Object.getOwnPropertyDescriptors(c)) as Column;
  out.name = name;
  return out;
}

/** Like gather, but index -1 yields null (outer join padding); a column is copied only when read. */
export function gatherNullable(t: Table, idx: ArrayLike<number>): Table {
  const n = idx.length;
  return {
    n,
    cols: t.cols.map((c) => {
      if (isTyped(c)) return typedColumn(c.name, c.type, () => gatherTyped(c.typed!, idx));
      if (isDict(c)) return dictColumn(c.name, c.type, () => gatherDict(c.dict!, idx));
      return lazyColumn(c.name, c.type, () => {
        const src = c.data;
        const out = new Array(n);
        const pad = c.type === 'string' ? '' : null;
        for (let i = 0; i < n; i++) {
          const j = idx[i]!;
          out[i] = j < 0 ? pad : src[j];
        }
        return out;
      });
    }),
  };
}

/** Rows from..to; like gather, a column is copied only when read. */
export function slice(t: Table, from: number, to: number): Table {
  return {
    n: Math.max(0, Math.min(to, t.n) - from),
    cols: t.cols.map((c) => (isTyped(c)
      ? typedColumn(c.name, c.type, () => sliceTyped(c.typed!, from, to))
      : isDict(c) ? dictColumn(c.name, c.type, () => sliceDict(c.dict!, from, to))
      : lazyColumn(c.name, c.type, () => c.data.slice(from, to)))),
  };
}
