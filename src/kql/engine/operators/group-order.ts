// Rows listed group by group (a counting sort of the group ids), in input order within each group.
// Distinct-value aggregates walk a group's rows at a time and remember, per value id, the last group
// that saw it: one typed-array mark replaces a hash set of (group, value) pairs.

export interface GroupOrder {
  /** Group g's rows are rows[start[g]] .. rows[start[g + 1] - 1]. */
  start: Int32Array;
  rows: Int32Array;
}

// Several aggregates of one summarize share the order; the groups vector is its identity.
const cache = new WeakMap<Int32Array, { G: number; order: GroupOrder }>();

export function rowsByGroup(groups: Int32Array, G: number): GroupOrder {
  const hit = cache.get(groups);
  if (hit && hit.G === G) return hit.order;
  const n = groups.length;
  const start = new Int32Array(G + 1);
  for (let i = 0; i < n; i++) start[groups[i]! + 1]++;
  for (let g = 0; g < G; g++) start[g + 1] += start[g]!;
  const next = start.slice(0, G);
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[next[groups[i]!]!++] = i;
  const order = { start, rows };
  cache.set(groups, { G, order });
  return order;
}
