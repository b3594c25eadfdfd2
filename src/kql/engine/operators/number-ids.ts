// Dense ids for numeric keys in an open-addressing hash table of typed arrays: no boxed Map entry per
// key, and a bigint (datetime/timespan ticks, longs beyond 2^53) is hashed through its double without
// allocating. The double only picks the slot; equality is exact on the value itself.
import type { Val } from '../values.js';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function hashOf(d: number): number {
  let h: number;
  if ((d | 0) === d) h = d;
  else {
    f64[0] = d;
    h = u32[0]! ^ Math.imul(u32[1]!, 0x9e3779b1);
  }
  return mix(h);
}

/** murmur3's finalizer: every input bit reaches the low bits the table masks. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export class NumberIds {
  /** Slot -> id + 1 (0: empty). */
  private slots: Int32Array;
  private keys: Float64Array;
  private mask: number;
  /** The first value seen for each id (for the exact comparison). */
  readonly values: Val[] = [];

  constructor(expected: number) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.slots = new Int32Array(cap);
    this.keys = new Float64Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.values.length;
  }

  /**
   * The id of v, a new one when unseen. A number and a bigint of the same value are one key (a long may
   * arrive as either); -0 is 0. NaN is not a key: the caller gives it an id of its own.
   */
  idOf(v: number | bigint): number {
    const d = typeof v === 'number' ? v + 0 : Number(v);
    let s = hashOf(d) & this.mask;
    for (;;) {
      const e = this.slots[s]!;
      if (e === 0) break;
      // eslint-disable-next-line eqeqeq -- loose equality compares a number and a bigint by value, exactly.
      if (this.keys[s] === d && (this.values[e - 1] === v || this.values[e - 1] == v)) return e - 1;
      s = (s + 1) & this.mask;
    }
    const id = this.values.length;
    this.values.push(v);
    this.slots[s] = id + 1;
    this.keys[s] = d;
    if (id * 2 >= this.mask) this.grow();
    return id;
  }

  /** A new id for a value that is not hashed (null, NaN), kept in the same dense range. */
  addUnkeyed(v: Val): number {
    this.values.push(v);
    return this.values.length - 1;
  }

  private grow(): void {
    const cap = (this.mask + 1) * 2;
    const slots = new Int32Array(cap);
    const keys = new Float64Array(cap);
    const mask = cap - 1;
    for (let s = 0; s <= this.mask; s++) {
      const e = this.slots[s]!;
      if (e === 0) continue;
      let t = hashOf(this.keys[s]!) & mask;
      while (slots[t] !== 0) t = (t + 1) & mask;
      slots[t] = e;
      keys[t] = this.keys[s]!;
    }
    this.slots = slots;
    this.keys = keys;
    this.mask = mask;
  }
}

/**
 * Dense ids for 64-bit integers given as their two 32-bit words (a typed vector's `words`): the same
 * open addressing as NumberIds, on the words themselves, so no bigint is made per key.
 */
export class WordIds {
  private slots: Int32Array;
  private his: Int32Array;
  private los: Int32Array;
  private mask: number;
  /** Ids handed out, keyed and unkeyed. */
  size = 0;

  constructor(expected: number) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.slots = new Int32Array(cap);
    this.his = new Int32Array(cap);
    this.los = new Int32Array(cap);
    this.mask = cap - 1;
  }

  idOf(hi: number, lo: number): number {
    const s = this.slotOf(hi, lo);
    const e = this.slots[s]!;
    if (e !== 0) return e - 1;
    const id = this.size++;
    this.slots[s] = id + 1;
    this.his[s] = hi;
    this.los[s] = lo;
    if (id * 2 >= this.mask) this.grow();
    return id;
  }

  /** The id of (hi, lo), or -1 when it has none (nothing is added). */
  find(hi: number, lo: number): number {
    return this.slots[this.slotOf(hi, lo)]! - 1;
  }

  /** The slot holding (hi, lo), or the empty slot where it would go. */
  private slotOf(hi: number, lo: number): number {
    let s = mix(lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    while (this.slots[s] !== 0 && (this.los[s] !== lo || this.his[s] !== hi)) s = (s + 1) & this.mask;
    return s;
  }

  /** A new id for a value that is not hashed (null). */
  addUnkeyed(): number {
    return this.size++;
  }

  private grow(): void {
    const cap = (this.mask + 1) * 2;
    const slots = new Int32Array(cap);
    const his = new Int32Array(cap);
    const los = new Int32Array(cap);
    const mask = cap - 1;
    for (let s = 0; s <= this.mask; s++) {
      const e = this.slots[s]!;
      if (e === 0) continue;
      let t = mix(this.los[s]! ^ Math.imul(this.his[s]!, 0x9e3779b1)) & mask;
      while (slots[t] !== 0) t = (t + 1) & mask;
      slots[t] = e;
      his[t] = this.his[s]!;
      los[t] = this.los[s]!;
    }
    this.slots = slots;
    this.his = his;
    this.los = los;
    this.mask = mask;
  }
}
