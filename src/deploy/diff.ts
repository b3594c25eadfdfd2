// Property-level differences between two normalized items, as a reviewer reads them: one change per
// leaf that differs, arrays of plain values (sets, lists of names) as one change, and the query as a
// line diff in the formatters.
import type { Json } from '../core/json.js';
import type { Normalized } from './normalize.js';
import { stableStringify } from './normalize.js';
import type { Change } from './types.js';

export function diff(before: Normalized | undefined, after: Normalized | undefined): Change[] {
  const out: Change[] = [];
  walk(before, after, '', out);
  return out;
}

function walk(before: Json | undefined, after: Json | undefined, path: string, out: Change[]): void {
  if (before !== undefined && after !== undefined && stableStringify(before) === stableStringify(after)) return;
  if (isObject(before) && isObject(after)) {
    for (const k of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) walk(before[k], after[k], join(path, k), out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length && before.some(isObject)) {
    before.forEach((b, i) => walk(b, after[i], `${path}[${i}]`, out));
    return;
  }
  if (before === undefined && after === undefined) return;
  out.push({ path, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) });
}

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function join(path: string, key: string): string {
  const part = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  if (!path) return part;
  return /^[A-Za-z_$]/.test(part) ? `${path}.${part}` : `${path}[${part}]`;
}

/** A minimal line diff (longest common subsequence) of two texts: lines prefixed ' ', '-' or '+'. */
export function lineDiff(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push(' ' + a[i++]);
      j++;
    } else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) out.push('-' + a[i++]);
    else out.push('+' + b[j++]);
  }
  return out;
}
