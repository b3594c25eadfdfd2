// bin(), bin_at(), floor() and startof*() over typed vectors: ticks are binned through their 32-bit words
// in doubles, with no bigint per row, into a new typed vector. Each kernel gives exactly what the bigint
// functions of datetime.ts give, or undefined where doubles could round (the caller then bins boxed).
import { type F64Vec, type I64Vec, dayAndTime, f64Vec, i64Vec, isNullAt, nullBitmap, setNullAt } from '../vectors.js';

const TWO32 = 4294967296;
const DAY_TICKS = 864_000_000_000n;
/** Sizes up to 2^52: a remainder plus a low word (< 2^32) stays an exact integer in a double. */
const MAX_SIZE = 2n ** 52n;

/**
 * v - ((v - origin) mod size) for each row: floor((v - origin) / size) * size + origin, as binTicks;
 * undefined for a size beyond 2^52 or a bin below the range (of a signed 64-bit integer when `signed`,
 * else 0).
 * `%` of doubles is exact, so v mod size is ((hi * 2^32) % size + lo) % size, every step an exact integer.
 */
export function binTicksVec(v: I64Vec, size: bigint, origin: bigint, signed: boolean): I64Vec | undefined {
  // A bin below the range (before year 1, or below -2^63) is left to the boxed path, which keeps its bigint.
  const lowestHi = signed ? -2147483648 : 0;
  if (size <= 0n || size > MAX_SIZE) return undefined;
  const sz = Number(size);
  const shift = Number(((origin % size) + size) % size);
  const n = v.values.length;
  const out = i64Vec(new BigInt64Array(n), v.nulls && v.nulls.slice());
  const from = v.words;
  const to = out.words;
  for (let i = 0; i < n; i++) {
    if (isNullAt(v.nulls, i)) continue;
    const hi = from[2 * i + 1]!;
    const lo = from[2 * i]! >>> 0;
    let r = (((hi * TWO32) % sz) + lo) % sz;
    if (r < 0) r += sz;
    r -= shift;
    if (r < 0) r += sz;
    const low = lo - r;
    const borrow = low < 0 ? Math.ceil(-low / TWO32) : 0;
    if (hi - borrow < lowestHi) return undefined;
    to[2 * i] = (low + borrow * TWO32) | 0;
    to[2 * i + 1] = hi - borrow;
  }
  return out;
}

/** A function of each number, computed on the Float64Array; nulls stay null. */
export function mapNumbers(v: F64Vec, f: (x: number) => number): F64Vec {
  const n = v.values.length;
  const from = v.values;
  const to = new Float64Array(n);
  for (let i = 0; i < n; i++) if (!isNullAt(v.nulls, i)) to[i] = f(from[i]!);
  return f64Vec(to, v.nulls && v.nulls.slice());
}

/**
 * A datetime function whose result depends only on the day (startofday, startofweek, ...): `f` runs
 * once per distinct day, on the day's first tick, and each row takes its day's result. Rows before
 * year 1 (negative ticks, where a truncating % differs) run `f` on their own value.
 */
export function byDay(v: I64Vec, f: (ticks: bigint) => bigint | null): I64Vec {
  const n = v.values.length;
  const values = new BigInt64Array(n);
  let nulls: Uint8Array | null = null;
  const memo = new Map<number, bigint | null>();
  let lastDay = NaN;
  let last: bigint | null = null;
  for (let i = 0; i < n; i++) {
    let r: bigint | null = null;
    if (!isNullAt(v.nulls, i)) {
      const days = dayAndTime(v.words, i)[0];
      if (days < 0) r = f(v.values[i]!);
      else if (days === lastDay) r = last;
      else {
        r = memo.has(days) ? memo.get(days)! : f(BigInt(days) * DAY_TICKS);
        memo.set(days, r);
        lastDay = days;
        last = r;
      }
    }
    if (r === null) setNullAt((nulls ??= nullBitmap(n)), i);
    else values[i] = r;
  }
  return i64Vec(values, nulls);
}
