// RE2 semantics through re2js, with compiled patterns cached (queries reuse a handful of patterns).
import { RE2JS } from 're2js';

const cache = new Map<string, RE2JS>();

const CLASS_IN: Record<string, string> = { d: '\\p{Nd}', s: '\\s\\p{Z}\\x85', w: '\\p{L}\\p{Mn}\\p{Nd}\\p{Pc}' };

/**
 * The real engine's \d, \s and \w are Unicode-aware (full-width digits are digits, NBSP is space);
 * RE2's are ASCII, so they are widened to the matching Unicode classes.
 */
export function unicodeClasses(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) {
      const n = pattern[i + 1]!;
      const cls = CLASS_IN[n];
      if (cls) out += inClass ? cls : `[${cls}]`;
      else if (!inClass && CLASS_IN[n.toLowerCase()] && n !== n.toLowerCase()) out += `[^${CLASS_IN[n.toLowerCase()]}]`;
      else out += ch + n;
      i++;
      continue;
    }
    if (ch === '[' && !inClass) inClass = true;
    else if (ch === ']' && inClass) inClass = false;
    out += ch;
  }
  return out;
}

/** Kusto's inline flag syntax ((?i) etc.) is RE2's; only the pattern text is needed. */
export function regex(pattern: string, flags = 0): RE2JS {
  const key = flags + '\u0000' + pattern;
  let r = cache.get(key);
  if (!r) {
    r = RE2JS.compile(unicodeClasses(pattern), flags);
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
