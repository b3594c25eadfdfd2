// "Did you mean": the closest known name to a misspelt one, when it is close enough to be what the user
// meant. One policy for every typo guard (rule keys, enum values, fixture columns, table names).

/** The closest candidate to `word`, or undefined when none is close. */
export function closestName(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const caseOnly = candidates.find((c) => c.toLowerCase() === lower);
  if (caseOnly) return caseOnly;
  // A truncated name (`aggregation` for `aggregationKind`) is far in edits but obviously meant.
  const extended = word.length >= 4 ? candidates.filter((c) => c.toLowerCase().startsWith(lower)) : [];
  if (extended.length === 1) return extended[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const tolerance = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  return bestDistance <= tolerance ? best : undefined;
}

/** ` (did you mean X?)` for the closest candidate, or '' when nothing is close. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const guess = closestName(word, candidates);
  return guess === undefined ? '' : ` (did you mean ${guess}?)`;
}

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = Math.min(up + 1, row[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length]!;
}
