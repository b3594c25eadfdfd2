// The order in which the real engine lists a cell's neighbors (geo_s2cell_neighbors,
// geo_geohash_neighbors). It is not the order they are found in: the documented outputs are exactly
// the iteration order of an unordered hash set of the tokens with 8 buckets, each token hashed with
// 64-bit FNV-1a over its characters, a bucket's newest token first and buckets in the order they were
// first used (the layout of the MSVC C++ library's std::unordered_set). Both documented examples
// come out in that order from the neighbors in S2's own order and in rows from the north-west.

const OFFSET = 14695981039346656037n;
const PRIME = 1099511628211n;
const MASK = (1n << 64n) - 1n;
const BUCKETS = 8n;

function bucketOf(token: string): number {
  let h = OFFSET;
  for (let i = 0; i < token.length; i++) h = ((h ^ BigInt(token.charCodeAt(i))) * PRIME) & MASK;
  return Number(h % BUCKETS);
}

/** The distinct tokens in the hash set's iteration order, given the order they were added (at most 8: the set never grows). */
export function hashSetOrder(tokens: string[]): string[] {
  const buckets = new Map<number, string[]>();
  for (const t of tokens) {
    const b = bucketOf(t);
    const list = buckets.get(b);
    if (!list) buckets.set(b, [t]);
    else if (!list.includes(t)) list.unshift(t);
  }
  return [...buckets.values()].flat();
}
