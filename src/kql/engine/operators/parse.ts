// parse / parse-where (simple and regex kinds) and parse-kv. Simple patterns are translated to one RE2
// regex so that matching follows Kusto's leftmost, non-greedy-unless-last rules in a single pass.
import type { Cx, Runtime } from '../compile/context.js';
import { compileExpr } from '../compile/expressions.js';
import { convert, toStr } from '../convert.js';
import { regex } from '../functions/regex.js';
import type { OperatorNode } from '../plan/nodes.js';
import { RE2JS } from 're2js';
import { type Column, type Table } from '../table.js';
import type { KType, Val } from '../values.js';

const TYPE_RE: Record<string, string> = {
  long: '[-+]?\\d+', int: '[-+]?\\d+', real: '[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?',
  decimal: '[-+]?(?:\\d+\\.?\\d*|\\.\\d+)', bool: '(?i:true|false)',
};

interface Capture {
  name: string;
  type: KType;
}

type ParseOp = Extract<OperatorNode, { kind: 'parse' | 'parse-where' }>;

export function compileParse(op: ParseOp, cx: Cx): (t: Table, rt: Runtime) => Table {
  const where = op.kind === 'parse-where';
  const { mode: kind, flags, out } = op;
  const src = compileExpr(op.source, cx);
  const caps: Capture[] = [];
  let re = '';
  const parts = op.pattern;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const lastVar = i === parts.length - 1;
    if (p.kind === 'text') {
      re += kind === 'regex' ? p.text : RE2JS.quote(p.text);
    } else if (p.kind === 'capture') {
      const { type } = p;
      caps.push({ name: p.name, type });
      const loose = type === 'string' || type === 'dynamic' || type === 'datetime' || type === 'timespan' || type === 'guid';
      let body = kind === 'regex' ? (type === 'string' || type === 'dynamic' ? '.*' : TYPE_RE[type] ?? '.*') : (loose ? (lastVar ? '.*' : '.*?') : TYPE_RE[type] ?? '.*?');
      // Relaxed: a typed value that is not of its type still matches (as any text) and becomes null,
      // while one that is keeps its own extent (e.g. a number followed by `*`).
      if (kind === 'relaxed' && !loose && TYPE_RE[type]) body = `(?:${body}|${lastVar ? '.*' : '.*?'})`;
      // Named groups: the user's own regex parts may contain capturing groups.
      re += `(?P<${capName(caps.length - 1)}>${body})`;
    } else {
      re += kind === 'regex' ? '.*' : lastVar ? '.*' : '.*?';
    }
  }
  const inline = kind === 'regex' ? flags.replace(/[^imsU]/g, '') : '';
  const full = (inline ? `(?${inline})` : '') + re;
  const flagBits = 0;
  // relaxed: like simple, but a value that does not convert leaves just its column null.
  const relaxed = kind === 'relaxed';
  return (t, rt) => {
    const rx = regex(kind === 'regex' ? full : `^${full}${/\.\*\)?$/.test(full) ? '' : ''}`, flagBits);
    const vals = src.ev(t, rt);
    const capVals: Val[][] = caps.map(() => []);
    const keep: number[] = [];
    for (let i = 0; i < t.n; i++) {
      const s = toStr(vals[i]!, src.type);
      const m = rx.matcher(s);
      const ok = kind === 'regex' ? m.find() : m.find() && m.start() === 0;
      if (!ok) {
        if (where) continue;
        keep.push(i);
        for (let c = 0; c < caps.length; c++) capVals[c]!.push(caps[c]!.type === 'string' ? '' : null);
        continue;
      }
      const row: Val[] = [];
      let good = true;
      for (let c = 0; c < caps.length; c++) {
        const g = m.group(capName(c));
        const v = g === null ? null : convert(g, 'string', caps[c]!.type);
        if (v === null && caps[c]!.type !== 'string') good = false;
        row.push(v === null && caps[c]!.type === 'string' ? '' : v);
      }
      if (where && !good) continue;
      keep.push(i);
      // Simple mode is all or nothing: a typed value that does not convert unmatches the row.
      const all = good || relaxed || kind === 'regex';
      for (let c = 0; c < caps.length; c++) capVals[c]!.push(all ? row[c]! : caps[c]!.type === 'string' ? '' : null);
    }
    const capNames = new Set(caps.map((c) => c.name));
    const cols: Column[] = t.cols.filter((c) => !capNames.has(c.name)).map((c) => ({ ...c, data: keep.map((r) => c.data[r]!) }));
    caps.forEach((c, k) => cols.push({ name: c.name, type: c.type, data: capVals[k]! }));
    const order = out.length ? out.map((o) => cols.find((c) => c.name === o.name)).filter((c): c is Column => !!c) : cols;
    return { n: keep.length, cols: order.length === cols.length ? order : cols };
  };
}

const capName = (i: number): string => `tripline_c${i}`;

export function compileParseKv(op: Extract<OperatorNode, { kind: 'parse-kv' }>, cx: Cx): (t: Table, rt: Runtime) => Table {
  const src = compileExpr(op.source, cx);
  const keys = op.keys;
  const props = op.properties ?? {};
  const pairDelim = props['pair_delimiter'] ?? ' ';
  const kvDelim = props['kv_delimiter'] ?? '=';
  const quote = props['quote'] ?? '';
  const escape = props['escape'] ?? '';
  const useRegex = props['regex'];
  const greedy = /^true$/i.test(props['greedy'] ?? '');
  const explicit = op.properties !== null && (props['pair_delimiter'] !== undefined || props['kv_delimiter'] !== undefined);
  // Blanks around the key-value delimiter do not split a pair ("key  =  value"), quoting aside.
  const kvBlanks = !quote && /\S/.test(kvDelim) ? new RegExp(`\\s*${kvDelim.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*`, 'g') : null;
  return (t, rt) => {
    const vals = src.ev(t, rt);
    const cols: Column[] = t.cols.filter((c) => !keys.some((k) => k.name === c.name)).map((c) => ({ ...c }));
    const data: Val[][] = keys.map(() => []);
    for (let i = 0; i < t.n; i++) {
      const s = toStr(vals[i]!, src.type);
      const found = new Map<string, string>();
      if (!useRegex && !explicit) {
        // No delimiters given: each key is looked up as `key: value` or `key=value`, the value a token.
        for (const k of keys) {
          const m = regex(`(?:^|[^\\p{L}\\p{N}_])${RE2JS.quote(k.name)}\\s*[:=]\\s*`).matcher(s);
          if (!m.find()) continue;
          const rest = s.slice(m.end());
          const q = quote && quote.includes(rest[0] ?? '') ? rest[0]! : '';
          found.set(k.name, q ? readQuoted(rest, q, closeOf(quote, q), escape).value : (/^[^\s,;]*/.exec(rest)?.[0] ?? ''));
        }
      } else if (greedy) {
        // Greedy values run to the next `key<kv>` of a wanted key (or the end).
        const names = keys.map((k) => RE2JS.quote(k.name)).join('|');
        const m = regex(`(${names})${RE2JS.quote(kvDelim)}`).matcher(s);
        const hits: { k: string; start: number; end: number }[] = [];
        let pos = 0;
        while (m.find(pos)) { hits.push({ k: m.group(1)!, start: m.start(), end: m.end() }); pos = m.end(); }
        hits.forEach((h, i) => {
          let v = s.slice(h.end, i + 1 < hits.length ? hits[i + 1]!.start : s.length);
          if (v.endsWith(pairDelim)) v = v.slice(0, -pairDelim.length);
          if (!found.has(h.k)) found.set(h.k, v.trim());
        });
      } else if (useRegex) {
        const m = regex(useRegex).matcher(s);
        let pos = 0;
        while (pos <= s.length && m.find(pos)) {
          const k = m.group(1);
          const v = m.group(2);
          if (k !== null && !found.has(k)) found.set(k, v ?? '');
          pos = m.end() === m.start() ? m.end() + 1 : m.end();
        }
      } else {
        const text = kvBlanks ? s.replace(kvBlanks, kvDelim) : s;
        for (const pair of splitPairs(text, pairDelim, quote, escape)) {
          const at = pair.indexOf(kvDelim);
          if (at < 0) continue;
          const k = unquote(pair.slice(0, at).trim(), quote, escape);
          const v = unquote(pair.slice(at + kvDelim.length).trim(), quote, escape);
          if (!found.has(k)) found.set(k, v);
        }
      }
      keys.forEach((k, j) => {
        const v = found.get(k.name);
        data[j]!.push(v === undefined ? (k.type === 'string' ? '' : null) : convert(v, 'string', k.type));
      });
    }
    keys.forEach((k, j) => cols.push({ name: k.name, type: k.type, data: data[j]! }));
    return { n: t.n, cols };
  };
}

/** With two different quote characters they are an open/close pair, e.g. '()'. */
function closeOf(quote: string, open: string): string {
  return quote.length === 2 && quote[0] !== quote[1] && open === quote[0] ? quote[1]! : open;
}

function openers(quote: string): string {
  return quote.length === 2 && quote[0] !== quote[1] ? quote[0]! : quote;
}

function readQuoted(s: string, open: string, close: string, escape: string): { value: string; end: number } {
  let v = '';
  for (let i = 1; i < s.length; i++) {
    const ch = s[i]!;
    if (escape && ch === escape && i + 1 < s.length) { v += s[++i]!; continue; }
    if (ch === close) return { value: v, end: i + 1 };
    v += ch;
  }
  void open;
  return { value: v, end: s.length };
}

function unquote(t: string, quote: string, escape: string): string {
  if (!quote || !t || !openers(quote).includes(t[0]!)) return t;
  return readQuoted(t, t[0]!, closeOf(quote, t[0]!), escape).value;
}

function splitPairs(s: string, delim: string, quote: string, escape = ''): string[] {
  if (!quote) return s.split(delim);
  const out: string[] = [];
  let cur = '';
  let q = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (q) {
      cur += ch;
      if (escape && ch === escape && i + 1 < s.length) { cur += s[++i]!; continue; }
      if (ch === q) q = '';
      continue;
    }
    if (openers(quote).includes(ch)) { q = closeOf(quote, ch); cur += ch; continue; }
    if (s.startsWith(delim, i)) { out.push(cur); cur = ''; i += delim.length - 1; continue; }
    cur += ch;
  }
  out.push(cur);
  return out;
}
