// String predicates (has and friends, with Kusto's term rules) and string functions.
import { convert, toStr } from '../convert.js';
import type { Dyn, KType, Val } from '../values.js';
import { parseJsonLoose } from '../values.js';
import type { CExpr } from '../compile/context.js';
import { CompileError } from '../errors.js';
import { type CallInfo, type FnImpl, lift, perDistinctString } from './lift.js';
import { firstMatch, matchAll, regex, regexFlags } from './regex.js';

const alnumRe = /[\p{L}\p{N}]/u;

/** Term characters: letters and digits of any script; everything else separates terms. */
export function isTermChar(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (c >= 0xd800 && c <= 0xdbff) return alnumRe.test(s.slice(i, i + 2));
  if (c >= 0xdc00 && c <= 0xdfff) return i > 0 && alnumRe.test(s.slice(i - 1, i + 1));
  return alnumRe.test(s[i]!);
}

/**
 * `has`: the needle occurs where it starts and ends on term boundaries. A needle edge that is not a
 * term character needs no boundary there (so `has "-x"` and `has " "` behave as Kusto's phrase match).
 */
export function hasTerm(h: string, n: string, prefixOnly = false, suffixOnly = false): boolean {
  if (n.length === 0) return true;
  const needStart = !suffixOnly && isTermChar(n, 0);
  const needEnd = !prefixOnly && isTermChar(n, n.length - 1);
  let from = 0;
  for (;;) {
    const i = h.indexOf(n, from);
    if (i < 0) return false;
    const e = i + n.length;
    if ((!needStart || i === 0 || !isTermChar(h, i - 1)) && (!needEnd || e === h.length || !isTermChar(h, e))) return true;
    from = i + 1;
  }
}

export const lower = (s: string): string => s.toLowerCase();

export type StrPred = (h: string, n: string) => boolean;

/** Binary string operators by Kusto.Language OperatorKind name. Needles are pre-lowered for *_ci forms. */
export const stringOps: Record<string, { ci: boolean; neg: boolean; f: StrPred }> = {
  Has: { ci: true, neg: false, f: (h, n) => hasTerm(h, n) },
  NotHas: { ci: true, neg: true, f: (h, n) => hasTerm(h, n) },
  HasCs: { ci: false, neg: false, f: (h, n) => hasTerm(h, n) },
  NotHasCs: { ci: false, neg: true, f: (h, n) => hasTerm(h, n) },
  HasPrefix: { ci: true, neg: false, f: (h, n) => hasTerm(h, n, true) },
  NotHasPrefix: { ci: true, neg: true, f: (h, n) => hasTerm(h, n, true) },
  HasPrefixCs: { ci: false, neg: false, f: (h, n) => hasTerm(h, n, true) },
  NotHasPrefixCs: { ci: false, neg: true, f: (h, n) => hasTerm(h, n, true) },
  HasSuffix: { ci: true, neg: false, f: (h, n) => hasTerm(h, n, false, true) },
  NotHasSuffix: { ci: true, neg: true, f: (h, n) => hasTerm(h, n, false, true) },
  HasSuffixCs: { ci: false, neg: false, f: (h, n) => hasTerm(h, n, false, true) },
  NotHasSuffixCs: { ci: false, neg: true, f: (h, n) => hasTerm(h, n, false, true) },
  Contains: { ci: true, neg: false, f: (h, n) => h.includes(n) },
  NotContains: { ci: true, neg: true, f: (h, n) => h.includes(n) },
  ContainsCs: { ci: false, neg: false, f: (h, n) => h.includes(n) },
  NotContainsCs: { ci: false, neg: true, f: (h, n) => h.includes(n) },
  StartsWith: { ci: true, neg: false, f: (h, n) => h.startsWith(n) },
  NotStartsWith: { ci: true, neg: true, f: (h, n) => h.startsWith(n) },
  StartsWithCs: { ci: false, neg: false, f: (h, n) => h.startsWith(n) },
  NotStartsWithCs: { ci: false, neg: true, f: (h, n) => h.startsWith(n) },
  EndsWith: { ci: true, neg: false, f: (h, n) => h.endsWith(n) },
  NotEndsWith: { ci: true, neg: true, f: (h, n) => h.endsWith(n) },
  EndsWithCs: { ci: false, neg: false, f: (h, n) => h.endsWith(n) },
  NotEndsWithCs: { ci: false, neg: true, f: (h, n) => h.endsWith(n) },
  EqualTilde: { ci: true, neg: false, f: (h, n) => h === n },
  BangTilde: { ci: true, neg: true, f: (h, n) => h === n },
};

const s = (v: Val, t: KType): string => toStr(v, t);

function arr(v: Val): Dyn[] | null {
  if (Array.isArray(v)) return v as Dyn[];
  if (typeof v === 'string') {
    const p = parseJsonLoose(v);
    return Array.isArray(p) ? p : null;
  }
  return null;
}

function trimRe(pattern: string, text: string, start: boolean, end: boolean): string {
  const p = `(?:${pattern})`;
  let out = text;
  // One match is removed at each end (the real engine does not repeat: trim("x", "xxaxx") is "xax").
  if (start) {
    const m = firstMatch(regex(`^${p}`), out);
    if (m && m.start === 0) out = out.slice(m.end);
  }
  if (end) {
    const m = firstMatch(regex(`${p}$`), out);
    if (m && m.end === out.length) out = out.slice(0, m.start);
  }
  return out;
}

function substringImpl(str: string, start: number | null, len?: number | null): string {
  if (start === null) return '';
  const cps = Array.from(str);
  // A negative start counts from the end; one before the beginning yields nothing.
  if (start < 0 && -start > cps.length) return '';
  let st = start < 0 ? cps.length + start : start;
  if (st > cps.length) return '';
  st = Math.trunc(st);
  const l = len === undefined || len === null ? cps.length - st : Math.max(0, Math.trunc(len));
  return cps.slice(st, st + l).join('');
}

/** Functions whose argument at this position is a regular expression. */
const REGEX_ARG: Record<string, number> = { extract: 0, extract_all: 0, extractall: 0, replace_regex: 1, replace: 0, trim: 0, trim_start: 0, trim_end: 0, indexof_regex: 1 };

export function validateRegexArg(c: CallInfo): void {
  const i = REGEX_ARG[c.name];
  if (i === undefined) return;
  const a = c.args[i];
  if (!a?.constant) return;
  let p: Val;
  try {
    p = a.constant({} as never);
  } catch {
    return;
  }
  if (typeof p !== 'string') return;
  try {
    regex(p);
  } catch (e) {
    throw new CompileError(`${c.name}(): invalid regular expression (RE2 syntax): ${(e as Error).message}`, c.argAt[i]!.start, c.argAt[i]!.width);
  }
}

const lowerEscapes = (e: string): string => e.replace(/%[0-9A-F]{2}/g, (x) => x.toLowerCase());

export const stringFunctions: Record<string, FnImpl> = {
  strlen: (c) => lift(c, ([t]) => (v) => Array.from(s(v, t!)).length),
  string_size: (c) => lift(c, ([t]) => (v) => Buffer.byteLength(s(v, t!), 'utf8')),
  tolower: (c) => perDistinctString(c, lift(c, ([t]) => (v) => s(v, t!).toLowerCase()), (v) => v.toLowerCase()),
  toupper: (c) => perDistinctString(c, lift(c, ([t]) => (v) => s(v, t!).toUpperCase()), (v) => v.toUpperCase()),
  strcat: (c) => lift(c, (ts) => (...vs) => vs.map((v, i) => s(v, ts[i]!)).join('')),
  strcat_delim: (c) => lift(c, (ts) => (d, ...vs) => vs.map((v, i) => s(v, ts[i + 1]!)).join(s(d!, ts[0]!))),
  strcat_array: (c) => lift(c, ([, td]) => (a, d) => (arr(a) ?? []).map((x) => s(x, 'dynamic')).join(s(d!, td!))),
  substring: (c) => lift(c, ([t]) => (v, st, l) => substringImpl(s(v, t!), st as number | null, l as number | null | undefined)),
  indexof: (c) => lift(c, ([t, tl]) => (v, l, st, len, occ) => {
    const h = s(v, t!);
    const n = s(l!, tl!);
    if (n === '') return null;
    let from = (st as number | undefined) ?? 0;
    if (from < 0) from = Math.max(0, h.length + from);
    if (from > h.length) return -1;
    const limit = len === undefined || len === null || (len as number) < 0 ? h.length : Math.min(h.length, from + (len as number));
    let o = (occ as number | undefined) ?? 1;
    let i = from - 1;
    while (o-- > 0) {
      i = h.indexOf(n, i + 1);
      if (i < 0) return -1;
    }
    return i + n.length <= limit ? i : -1;
  }),
  countof: (c) => lift(c, ([t, tn, tk]) => (v, n, kind) => {
    const h = s(v, t!);
    const needle = s(n!, tn!);
    if (kind !== undefined && s(kind, tk!) === 'regex') return matchAll(regex(needle), h).length;
    if (!needle) return 0;
    // Plain countof counts overlapping matches ("aaaa" has "aa" 3 times); regex matches do not overlap.
    let count = 0;
    for (let i = h.indexOf(needle); i >= 0; i = h.indexOf(needle, i + 1)) count++;
    return count;
  }),
  reverse: (c) => lift(c, ([t]) => (v) => Array.from(s(v, t!)).reverse().join('')),
  strrep: (c) => lift(c, ([t, , td]) => (v, n, d) => {
    const k = Math.max(0, Number(n ?? 0));
    return Array.from({ length: k }, () => s(v, t!)).join(d === undefined ? '' : s(d, td!));
  }),
  isempty: (c) => lift(c, () => (v) => v === null || v === ''),
  isascii: (c) => lift(c, ([t]) => (v) => /^[\x00-\x7f]*$/.test(s(v, t!))),
  // A lone UTF-16 surrogate (from a \ud800 escape) is the only text with no UTF-8 form.
  isutf8: (c) => lift(c, ([t]) => (v) => !/[\ud800-\udfff]/u.test(s(v, t!))),
  isnotempty: (c) => lift(c, () => (v) => !(v === null || v === '')),
  notempty: (c) => lift(c, () => (v) => !(v === null || v === '')),
  trim: (c) => lift(c, ([tp, t]) => (p, v) => trimRe(s(p!, tp!), s(v!, t!), true, true)),
  trim_start: (c) => lift(c, ([tp, t]) => (p, v) => trimRe(s(p!, tp!), s(v!, t!), true, false)),
  trim_end: (c) => lift(c, ([tp, t]) => (p, v) => trimRe(s(p!, tp!), s(v!, t!), false, true)),
  replace_string: (c) => lift(c, ([t, tl, tr]) => (v, l, r) => {
    const needle = s(l!, tl!);
    return needle ? s(v, t!).split(needle).join(s(r!, tr!)) : s(v, t!);
  }),
  replace_regex: (c) => lift(c, ([t, tl, tr]) => (v, l, r) => regexReplace(s(v, t!), s(l!, tl!), s(r!, tr!))),
  replace: (c) => lift(c, ([tl, tr, t]) => (l, r, v) => regexReplace(s(v!, t!), s(l!, tl!), s(r!, tr!))),
  extract: (c) => lift(c, ([tp, , t]) => (p, g, v, typ) => {
    const m = firstMatch(regex(s(p!, tp!)), s(v!, t!));
    if (!m) return c.ret === 'string' ? '' : null;
    const r = m.groups[Number(g)] ?? null;
    // The typed form converts the capture; a capture that does not convert is null.
    if (typ !== undefined && c.ret !== 'string') return r === null ? null : convert(r, 'string', c.ret);
    return r ?? (c.ret === 'string' ? '' : null);
  }),
  extract_all: extractAllChecked,
  extractall: extractAllChecked,
  split: (c) => lift(c, ([t, td]) => (v, d, idx) => {
    const parts = s(v, t!).split(s(d!, td!));
    if (idx === undefined) return parts;
    if (idx === null) return null;
    const i = Number(idx);
    return i >= 0 && i < parts.length ? [parts[i]!] : null;
  }),
  strcmp: (c) => lift(c, ([ta, tb]) => (a, b) => {
    const x = s(a!, ta!);
    const y = s(b!, tb!);
    return x < y ? -1 : x > y ? 1 : 0;
  }),
  has_any_index: (c) => lift(c, ([t]) => (v, a) => {
    const h = s(v, t!).toLowerCase();
    const list = arr(a!) ?? [];
    return list.findIndex((x) => hasTerm(h, s(x, 'dynamic').toLowerCase()));
  }),
  // Lowercase escapes as the documented outputs show; url_encode is form encoding (space as '+', and
  // only letters, digits and -_.!*() kept, as .NET's HttpUtility.UrlEncode).
  url_encode: (c) => lift(c, ([t]) => (v) => lowerEscapes(encodeURIComponent(s(v, t!)).replace(/%20/g, '+').replace(/[~']/g, (ch) => `%${ch.charCodeAt(0).toString(16)}`))),
  url_encode_component: (c) => lift(c, ([t]) => (v) => lowerEscapes(encodeURIComponent(s(v, t!)))),
  url_decode: (c) => lift(c, ([t]) => (v) => {
    try {
      return decodeURIComponent(s(v, t!).replace(/\+/g, ' '));
    } catch {
      return null;
    }
  }),
  base64_encode_tostring: (c) => lift(c, ([t]) => (v) => Buffer.from(s(v, t!), 'utf8').toString('base64')),
  base64_encodestring: (c) => lift(c, ([t]) => (v) => Buffer.from(s(v, t!), 'utf8').toString('base64')),
  base64_decode_tostring: (c) => lift(c, ([t]) => (v) => {
    const b = Buffer.from(s(v, t!), 'base64').toString('utf8');
    return b.includes('\uFFFD') ? '' : b;
  }),
  base64_decodestring: (c) => lift(c, ([t]) => (v) => Buffer.from(s(v, t!), 'base64').toString('utf8')),
  translate: (c) => lift(c, ([ta, tb, t]) => (a, b, v) => {
    const from = Array.from(s(a!, ta!));
    const to = Array.from(s(b!, tb!));
    return Array.from(s(v!, t!)).map((ch) => {
      const i = from.indexOf(ch);
      if (i < 0) return ch;
      return to.length === 0 ? '' : to[Math.min(i, to.length - 1)]!;
    }).join('');
  }),
  parse_url: (c) => lift(c, ([t]) => (v) => parseUrl(s(v, t!))),
  parseurl: (c) => lift(c, ([t]) => (v) => parseUrl(s(v, t!))),
  parse_path: (c) => lift(c, ([t]) => (v) => parsePath(s(v, t!))),
  unicode_codepoints_from_string: (c) => lift(c, ([t]) => (v) => Array.from(s(v, t!)).map((ch) => ch.codePointAt(0)!)),
  unicode_codepoints_to_string: (c) => lift(c, () => (v) => String.fromCodePoint(...(arr(v) ?? []).map(Number))),
  make_string: (c) => lift(c, () => (...vs) => String.fromCodePoint(...vs.flatMap((v) => (Array.isArray(v) ? v.map(Number) : [Number(v)])))),
  regex_quote: (c) => lift(c, ([t]) => (v) => s(v, t!).replace(/[\\^$.|?*+()[\]{}]/g, '\\$&')),
  indexof_regex: (c) => lift(c, ([t, tp]) => (v, p, st, len, occ) => {
    const h = s(v, t!);
    let from = st === undefined || st === null ? 0 : Number(st);
    if (from < 0) return null;
    const end = len === undefined || len === null || Number(len) < 0 ? h.length : Math.min(h.length, from + Number(len));
    const m = regex(s(p!, tp!)).matcher(h.slice(0, end));
    let k = occ === undefined || occ === null ? 1 : Number(occ);
    while (from <= end && m.find(from)) {
      if (--k === 0) return m.start();
      from = m.end() > m.start() ? m.end() : m.end() + 1;
    }
    return -1;
  }),
  base64_decode_toarray: (c) => lift(c, ([t]) => (v) => Array.from(Buffer.from(s(v, t!), 'base64'))),
  base64_encode_fromarray: (c) => lift(c, () => (v) => (Array.isArray(v) ? Buffer.from((v as Dyn[]).map(Number)).toString('base64') : null)),
  base64_encode_fromguid: (c) => lift(c, ([t]) => (v) => (v === null ? null : Buffer.from(guidBytes(s(v, t!))).toString('base64'))),
  base64_decode_toguid: (c) => lift(c, ([t]) => (v) => {
    const b = Buffer.from(s(v, t!), 'base64');
    if (b.length !== 16) return null;
    const h = (i: number, n: number, rev: boolean): string => { const x = [...b.subarray(i, i + n)]; if (rev) x.reverse(); return x.map((y) => y.toString(16).padStart(2, '0')).join(''); };
    return `${h(0, 4, true)}-${h(4, 2, true)}-${h(6, 2, true)}-${h(8, 2, false)}-${h(10, 6, false)}`;
  }),
  parse_command_line: (c) => lift(c, ([t, tk]) => (v, kind) => (s(kind!, tk!).toLowerCase() === 'windows' ? commandLineToArgv(s(v, t!)) : null)),
  parse_urlquery: (c) => lift(c, ([t]) => (v) => parseUrlQuery(s(v, t!))),
  parseurlquery: (c) => lift(c, ([t]) => (v) => parseUrlQuery(s(v, t!))),
  to_utf8: (c) => lift(c, ([t]) => (v) => Array.from(Buffer.from(s(v, t!), 'utf8'))),
};

function parseUrlQuery(query: string): Dyn {
  const params: { [k: string]: Dyn } = {};
  for (const kv of query.replace(/^\?/, '').split('&')) {
    if (!kv) continue;
    const [k, x = ''] = kv.split('=');
    params[decodeURIComponent(k!)] = decodeURIComponent(x);
  }
  return { 'Query Parameters': params };
}

function extractAllChecked(c: CallInfo): CExpr {
  const p = c.args[0];
  if (p?.constant) {
    const pat = p.constant({} as never);
    if (typeof pat === 'string' && regex(pat).groupCount() === 0) {
      throw new CompileError(`${c.name}(): the regular expression needs at least one capturing group`, c.at.start, c.at.width);
    }
  }
  return extractAll(c);
}

function extractAll(c: CallInfo): CExpr {
  return lift(c, (ts) => (...vs) => {
    const [p, a, b] = vs;
    const groupsArg = vs.length === 3 ? (a as Dyn[]) : null;
    const text = s(vs.length === 3 ? b! : a!, ts[vs.length - 1]!);
    const re = regex(s(p!, ts[0]!));
    const ms = matchAll(re, text);
    if (ms.length === 0) return null;
    const ng = re.groupCount();
    if (groupsArg) return ms.map((g) => groupsArg.map((i) => g[Number(i)] ?? ''));
    if (ng <= 1) return ms.map((g) => g[ng] ?? '');
    return ms.map((g) => g.slice(1));
  });
}

/** .NET Guid byte order: the first three groups little-endian. */
function guidBytes(g: string): number[] {
  const hex = g.replace(/-/g, '');
  const b = Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
  return [b[3]!, b[2]!, b[1]!, b[0]!, b[5]!, b[4]!, b[7]!, b[6]!, ...b.slice(8)];
}

export function regexReplace(text: string, pattern: string, repl: string): string {
  // Kusto's \1 group references become RE2JS's $1.
  const r = repl.replace(/\$/g, '$$$$').replace(/\\(\d)/g, '$$$1');
  return regex(pattern).matcher(text).replaceAll(r);
}

function parseUrl(u: string): Dyn {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^:/?#]*)(?::(\d+))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(u);
  if (!m) return {};
  const params: { [k: string]: Dyn } = {};
  for (const kv of (m[7] ?? '').split('&')) {
    if (!kv) continue;
    const [k, v = ''] = kv.split('=');
    params[decodeURIComponent(k!)] = decodeURIComponent(v);
  }
  return {
    Scheme: m[1]!, Host: m[4]!, Port: m[5] ?? '', Path: m[6] ?? '', Username: m[2] ?? '', Password: m[3] ?? '',
    'Query Parameters': params, Fragment: m[8] ?? '',
  };
}

function parsePath(path: string): Dyn {
  // A URI scheme (file://) is split off; the rest is parsed as a plain path.
  const sm = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(path);
  const p = sm ? path.slice(sm[0].length) : path;
  const i = Math.max(p.lastIndexOf('\\'), p.lastIndexOf('/'));
  let file = i >= 0 ? p.slice(i + 1) : p;
  // NTFS alternate data stream: file.txt:stream (a colon in the last segment, past any drive letter).
  let ads = '';
  const colon = file.indexOf(':', i < 0 && /^[A-Za-z]:/.test(p) ? 2 : 0);
  if (colon >= 0) { ads = file.slice(colon + 1); file = file.slice(0, colon); }
  const dot = file.lastIndexOf('.');
  const dir = i >= 0 ? p.slice(0, i) : '';
  return {
    Scheme: sm ? sm[1]! : '', RootPath: /^[A-Za-z]:/.test(p) ? p.slice(0, 2) : '', DirectoryPath: dir,
    DirectoryName: i >= 0 ? dir.split(/[\\/]/).pop() ?? '' : '', Filename: file,
    Extension: dot >= 0 ? file.slice(dot + 1) : '', AlternateDataStreamName: ads,
  };
}

/**
 * Windows' CommandLineToArgvW rules: the program name ends at the next quote (when quoted) or blank;
 * later arguments split at blanks outside quotes, 2n backslashes before a quote are n and the quote
 * toggles quoting, 2n+1 are n and a literal quote, and a third consecutive quote is a literal one.
 */
function commandLineToArgv(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  let cur = '';
  if (line[0] === '"') {
    i = 1;
    while (i < line.length && line[i] !== '"') cur += line[i++];
    if (i < line.length) i++;
  } else {
    while (i < line.length && line[i] !== ' ' && line[i] !== '\t') cur += line[i++];
  }
  out.push(cur);
  while (line[i] === ' ' || line[i] === '\t') i++;
  if (i >= line.length) return line.length ? out : [];
  cur = '';
  let backslashes = 0;
  let quotes = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if ((ch === ' ' || ch === '\t') && quotes === 0) {
      out.push(cur);
      cur = '';
      backslashes = 0;
      while (line[i] === ' ' || line[i] === '\t') i++;
      if (i >= line.length) return out;
      continue;
    }
    if (ch === '\\') { cur += ch; backslashes++; i++; continue; }
    if (ch === '"') {
      cur = cur.slice(0, cur.length - Math.ceil(backslashes / 2));
      if (backslashes % 2 === 0) quotes++;
      else cur += '"';
      i++;
      backslashes = 0;
      while (line[i] === '"') {
        if (++quotes === 3) { cur += '"'; quotes = 0; }
        i++;
      }
      if (quotes === 2) quotes = 0;
      continue;
    }
    cur += ch;
    backslashes = 0;
    i++;
  }
  out.push(cur);
  return out;
}

export { regexFlags };
