// hash_combine and hash_many: several hashes folded into one. The real engine's fold is unpublished
// (its documentation warns that it may change); this one is Boost's 64-bit hash_combine.
import type { Val } from '../values.js';
import { type FnImpl, lift } from './lift.js';
import { hashOf } from './scalar.js';

const M64 = (1n << 64n) - 1n;
const GOLDEN = 0x9e3779b97f4a7c15n;

function combine(hashes: bigint[]): number {
  let seed = BigInt.asUintN(64, hashes[0]!);
  for (const h of hashes.slice(1)) {
    seed ^= (BigInt.asUintN(64, h) + GOLDEN + ((seed << 6n) & M64) + (seed >> 2n)) & M64;
  }
  return Number(BigInt.asIntN(64, seed));
}

export const hashingFunctions: Record<string, FnImpl> = {
  hash_combine: (c) => lift(c, () => (...hs: Val[]) => (hs.some((h) => h === null) ? null : combine(hs.map((h) => BigInt(Math.trunc(h as number)))))),
  hash_many: (c) => lift(c, (types) => (...vs: Val[]) => (vs.some((v) => v === null) ? null : combine(vs.map((v, i) => hashOf(v, types[i]!))))),
};
