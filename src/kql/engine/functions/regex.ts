// RE2 semantics through re2js, with compiled patterns cached (queries reuse a handful of patterns).
import { RE2JS } from 're2js';

const cache = new Map<string, RE2JS>();

/** Kusto's inline flag syntax ((?i) etc.) is RE2's; only the pattern text is needed. */
export function regex(pattern: string, flags = 0): RE2JS {
  const key = flags + '\u0000' + pattern;
  let r = cache.get(key);
  if (!r) {
    r = RE2JS.compile(pattern, flags);
    if (cache.size > 500) cache.clear();
    cache.set(key, r);
  }
  return r;
}

export function regexFlags(f: string): number {
  let flags = 0;
  if (f.includes('i')) flags |= RE2JS.CASE_INSENSITIVE;
  if (f.includes('s')) flags |= RE2JS.DOTALL;
  if (f.includes('m')) flags |= RE2JS.MULTILINE;
  return flags;
}

/** All matches: each as [whole, group1, ...]; groups that did not participate are ''. */
export function matchAll(re: RE2JS, s: string, limit = Infinity): string[][] {
  const out: string[][] = [];
  const m = re.matcher(s);
  let pos = 0;
  while (out.length < limit && pos <= s.length && m.find(pos)) {
    const g: string[] = [];
    for (let i = 0; i <= m.groupCount(); i++) g.push(m.group(i) ?? '');
    out.push(g);
    const end = m.end();
    pos = end === m.start() ? end + 1 : end;
  }
  return out;
}

export function firstMatch(re: RE2JS, s: string): { groups: (string | null)[]; start: number; end: number } | null {
  const m = re.matcher(s);
  if (!m.find()) return null;
  const groups: (string | null)[] = [];
  for (let i = 0; i <= m.groupCount(); i++) groups.push(m.group(i));
  return { groups, start: m.start(), end: m.end() };
}
