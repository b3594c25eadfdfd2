// parse / parse-where (simple and regex kinds) and parse-kv. Simple patterns are translated to one RE2
// regex so that matching follows Kusto's leftmost, non-greedy-unless-last rules in a single pass.
import { type Cx, type Runtime, fail } from '../compile/context.js';
import { compileExpr, literalValue, typeOf } from '../compile/expressions.js';
import { convert, toStr } from '../convert.js';
import { regex } from '../functions/regex.js';
import { RE2JS } from 're2js';
import { type SNode, child, columnsOf, kindName, listItems, simpleName } from '../syntax.js';
import { type Column, type Table } from '../table.js';
import type { KType, Val } from '../values.js';

function param(op: SNode, name: string): string | undefined {
  for (const p of listItems(op, 'Parameters')) {
    if (simpleName(child(p, 'Name')).toLowerCase() === name) return child(p, 'Expression')!.toString().trim();
  }
  return undefined;
}

const TYPE_RE: Record<string, string> = {
  long: '[-+]?\\d+', int: '[-+]?\\d+', real: '[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?',
  decimal: '[-+]?(?:\\d+\\.?\\d*|\\.\\d+)', bool: '(?i:true|false)',
};

interface Capture {
  name: string;
  type: KType;
}

export function compileParse(op: SNode, cx: Cx, where: boolean): (t: Table, rt: Runtime) => Table {
  const kind = (param(op, 'kind') ?? 'simple').toLowerCase();
  const flags = param(op, 'flags') ?? '';
  const src = compileExpr(child(op, 'Expression')!, cx);
  const patterns = listItems(op, 'Patterns');
  const caps: Capture[] = [];
  let re = '';
  const parts = patterns.map((p) => ({ k: kindName(p), p }));
  for (let i = 0; i < parts.length; i++) {
    const { k, p } = parts[i]!;
    const lastVar = !parts.slice(i + 1).some((x) => x.k !== 'StringLiteralExpression' && x.k !== 'CompoundStringLiteralExpression') && parts.slice(i + 1).length === 0;
    if (k === 'StringLiteralExpression' || k === 'CompoundStringLiteralExpression') {
      const s = literalValue(p, 'string') as string;
      re += kind === 'regex' ? s : RE2JS.quote(s);
    } else if (k === 'NameAndTypeDeclaration' || k === 'NameDeclaration') {
      const nameNode = k === 'NameAndTypeDeclaration' ? child(p, 'Name')! : p;
      const name = simpleName(nameNode);
      const type = k === 'NameAndTypeDeclaration' ? typeOf(nameNode) : 'string';
      caps.push({ name, type });
      const body = kind === 'regex' ? (type === 'string' ? '.*' : TYPE_RE[type] ?? '.*') : (type === 'string' || type === 'dynamic' || type === 'datetime' || type === 'timespan' || type === 'guid' ? (lastVar ? '.*' : '.*?') : TYPE_RE[type] ?? '.*?');
      re += `(${body})`;
    } else if (k === 'StarExpression') {
      re += lastVar ? '.*' : '.*?';
    } else {
      return fail(p, `unsupported parse pattern element: ${p.toString().trim()}`);
    }
  }
  const full = (kind === 'regex' ? '' : '') + re;
  let flagBits = 0;
  if (kind === 'regex' && flags.includes('i')) flagBits |= RE2JS.CASE_INSENSITIVE;
  if (kind === 'regex' && flags.includes('s')) flagBits |= RE2JS.DOTALL;
  if (kind === 'regex' && flags.includes('m')) flagBits |= RE2JS.MULTILINE;
  if (kind === 'relaxed') return fail(op, 'unsupported: parse kind=relaxed');
  const out = columnsOf(op.ResultType);
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
        const g = m.group(c + 1);
        const v = g === null ? null : convert(g, 'string', caps[c]!.type);
        if (v === null && caps[c]!.type !== 'string') good = false;
        row.push(v === null && caps[c]!.type === 'string' ? '' : v);
      }
      if (where && !good) continue;
      keep.push(i);
      for (let c = 0; c < caps.length; c++) capVals[c]!.push(row[c]!);
    }
    const capNames = new Set(caps.map((c) => c.name));
    const cols: Column[] = t.cols.filter((c) => !capNames.has(c.name)).map((c) => ({ ...c, data: keep.map((r) => c.data[r]!) }));
    caps.forEach((c, k) => cols.push({ name: c.name, type: c.type, data: capVals[k]! }));
    const order = out.length ? out.map((o) => cols.find((c) => c.name === o.name)).filter((c): c is Column => !!c) : cols;
    return { n: keep.length, cols: order.length === cols.length ? order : cols };
  };
}

export function compileParseKv(op: SNode, cx: Cx): (t: Table, rt: Runtime) => Table {
  const src = compileExpr(child(op, 'Expression')!, cx);
  const keys = listItems(child(op, 'Keys') ?? op, 'Columns').map((c) => ({ name: simpleName(child(c, 'Name')), type: typeOf(child(c, 'Name')!) }));
  const wc = child(op, 'WithClause');
  const props: Record<string, string> = {};
  if (wc) {
    for (const p of listItems(wc, 'Properties')) {
      const v = child(p, 'Expression')!;
      const k = simpleName(child(p, 'Name')).toLowerCase();
      props[k] = kindName(v).includes('String') ? (literalValue(v, 'string') as string) : v.toString().trim();
    }
  }
  const pairDelim = props['pair_delimiter'] ?? ' ';
  const kvDelim = props['kv_delimiter'] ?? '=';
  const quote = props['quote'] ?? '';
  const useRegex = props['regex'];
  if (!keys.length) return fail(op, 'parse-kv without keys');
  return (t, rt) => {
    const vals = src.ev(t, rt);
    const cols: Column[] = t.cols.filter((c) => !keys.some((k) => k.name === c.name)).map((c) => ({ ...c }));
    const data: Val[][] = keys.map(() => []);
    for (let i = 0; i < t.n; i++) {
      const s = toStr(vals[i]!, src.type);
      const found = new Map<string, string>();
      if (useRegex) {
        const m = regex(useRegex).matcher(s);
        let pos = 0;
        while (pos <= s.length && m.find(pos)) {
          const k = m.group(1);
          const v = m.group(2);
          if (k !== null && !found.has(k)) found.set(k, v ?? '');
          pos = m.end() === m.start() ? m.end() + 1 : m.end();
        }
      } else {
        for (const pair of splitPairs(s, pairDelim, quote)) {
          const at = pair.indexOf(kvDelim);
          if (at < 0) continue;
          const k = pair.slice(0, at).trim();
          let v = pair.slice(at + kvDelim.length).trim();
          if (quote && v.length >= 2 && quote.includes(v[0]!) && v.endsWith(v[0]!)) v = v.slice(1, -1);
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

function splitPairs(s: string, delim: string, quote: string): string[] {
  if (!quote) return s.split(delim);
  const out: string[] = [];
  let cur = '';
  let q = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (q) {
      cur += ch;
      if (ch === q) q = '';
      continue;
    }
    if (quote.includes(ch)) { q = ch; cur += ch; continue; }
    if (s.startsWith(delim, i)) { out.push(cur); cur = ''; i += delim.length - 1; continue; }
    cur += ch;
  }
  out.push(cur);
  return out;
}
