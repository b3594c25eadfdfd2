// JSON text of Kusto values: exact 64-bit longs (bigint), which JSON.stringify refuses and JSON.parse
// rounds, and whole reals inside dynamic values, which Kusto writes with a decimal point (10.0) where a
// JS number cannot tell them from a long.

const LONG_MAX = 9223372036854775807n;
const LONG_MIN = -9223372036854775808n;
const BIG_MARK = '\u0000long:';
const RAW_MARK = '\u0000raw:';
const RAW_TEXT = /"\\u0000(?:long|raw):([^"]+)"/g;

/**
 * The containers whose whole numbers are reals: `true` for every element of an array or value of a bag,
 * or the bag keys that hold reals. Marking the container keeps the numbers plain JS numbers, so the many
 * functions that read dynamic numbers need no change (a boxed real would need unwrapping in all of
 * them, and in every function added later); only JSON printing consults the mark. A copy made by code
 * that does not mark it prints its whole reals as 10, as before the mark; a whole real taken out of its
 * container (d.x, mv-expand) has no container and prints as 10 too.
 */
const realSlots = new WeakMap<object, true | ReadonlySet<string>>();
let anyMarked = false;

/** Marks an array or bag of reals (or the named keys of a bag); returns it. */
export function markReals<T extends object>(container: T, keys?: readonly string[]): T {
  realSlots.set(container, keys ? new Set(keys) : true);
  anyMarked = true;
  return container;
}

/** A copy of a container keeps its reals (a key the copy lacks is never asked about). */
export function copyReals<T extends object>(from: object, to: T): T {
  const m = realSlots.get(from);
  if (m) realSlots.set(to, m);
  return to;
}

function isRealSlot(holder: object, key: string): boolean {
  const m = realSlots.get(holder);
  return m === true || (m !== undefined && m.has(key));
}

/** Whether any of these containers is marked: a copy that moves elements works out its marks only then. */
export function anyReals(containers: readonly object[]): boolean {
  return anyMarked && containers.some((c) => realSlots.has(c));
}

/** Whether element i of an array is a marked real. */
export function realAt(a: readonly unknown[], i: number): boolean {
  return isRealSlot(a, String(i));
}

/** Marks the elements of an array for which isReal holds (each element keeps its own kind); returns it. */
export function markRealsWhere<T extends unknown[]>(a: T, isReal: (i: number) => boolean): T {
  const keys: string[] = [];
  for (let i = 0; i < a.length; i++) if (isReal(i)) keys.push(String(i));
  if (keys.length === 0) return a;
  return keys.length === a.length ? markReals(a) : markReals(a, keys);
}

/** A marked container inside a value: its path of keys from the value, and its marks. */
export interface RealMark {
  at: string[];
  keys: true | string[];
}

/**
 * The marks inside a value, by path, for a copy that structured cloning makes (a worker thread's
 * postMessage), which keeps the value but not the marks held beside it; putRealMarks puts them back.
 */
export function realMarksOf(v: unknown): RealMark[] {
  const marks: RealMark[] = [];
  if (!anyMarked) return marks;
  const seen = new Set<object>();
  const walk = (x: unknown, at: string[]): void => {
    if (x === null || typeof x !== 'object' || ArrayBuffer.isView(x) || seen.has(x)) return;
    seen.add(x);
    const m = realSlots.get(x);
    if (m) marks.push({ at, keys: m === true ? true : [...m] });
    for (const [k, y] of Object.entries(x)) walk(y, [...at, k]);
  };
  walk(v, []);
  return marks;
}

/** Marks the containers of a structured clone that realMarksOf found marked in the original. */
export function putRealMarks(v: unknown, marks: readonly RealMark[]): void {
  for (const { at, keys } of marks) {
    let x = v;
    for (const k of at) x = x !== null && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined;
    if (x !== null && typeof x === 'object') markReals(x, keys === true ? undefined : keys);
  }
}

/** A whole double as .NET writes it: 10.0, -0.0, 1E+15. */
function wholeRealText(x: number): string {
  if (Math.abs(x) < 1e15) return Object.is(x, -0) ? '-0.0' : `${x}.0`;
  const [mant, exp] = x.toExponential().split('e');
  return `${mant!.toUpperCase()}E${exp![0]}${exp!.slice(1).padStart(2, '0')}`;
}

/**
 * JSON text of a value that may hold exact longs (bigint) and marked reals, written as Kusto writes
 * them, which JSON.stringify cannot do: each goes out as a marked string, and the marks are unquoted after.
 */
export function jsonText(v: unknown, replace?: (x: unknown) => unknown, space?: number | string): string {
  if (!replace && !anyMarked) {
    // Until a real is marked, most values hold no bigint: the plain (several times faster) stringify,
    // which throws on one.
    try {
      return JSON.stringify(v, undefined, space);
    } catch {
      // a bigint: the marking pass below
    }
  }
  let raw = false;
  const text = JSON.stringify(v, function (this: object, k: string, x: unknown) {
    if (typeof x === 'bigint') {
      raw = true;
      return BIG_MARK + x;
    }
    if (typeof x === 'number' && Number.isInteger(x) && isRealSlot(this, k)) {
      raw = true;
      return RAW_MARK + wholeRealText(x);
    }
    return replace ? replace(x) : x;
  }, space);
  return raw ? text.replace(RAW_TEXT, '$1') : text;
}

/** A number token of JSON text, or a string token (skipped whole so digits inside it are left alone). */
const JSON_TOKEN = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{16,}(?![.eE\d])/g;

/**
 * JSON.parse, keeping integers outside the safe range exact (a bigint long; beyond 64 bits a real, as
 * the real engine reads them). Only text with a run of 16 digits takes the slow path.
 */
export function parseJsonExact(text: string): unknown {
  if (!/\d{16}/.test(text)) return JSON.parse(text);
  const marked = text.replace(JSON_TOKEN, (tok) => (tok.startsWith('"') ? tok : `"\\u0000long:${tok}"`));
  return JSON.parse(marked, (_k, x: unknown) => {
    if (typeof x !== 'string' || !x.startsWith(BIG_MARK)) return x;
    const b = BigInt(x.slice(BIG_MARK.length));
    return b > LONG_MAX || b < LONG_MIN || Number.isSafeInteger(Number(b)) ? Number(b) : b;
  });
}
