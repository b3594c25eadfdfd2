// The calls the function registry cannot lift from a row function: they need the run (now, ago), the
// row set (window functions, pack_all, column_ifexists, ingestion_time) or lazily chosen arguments (iff,
// case, coalesce).
import { convert, toStr } from '../convert.js';
import type { ScalarNode } from '../plan/nodes.js';
import { col } from '../table.js';
import { type Dyn, type KType, type Val, dynEquals } from '../values.js';
import { type CExpr, type Cx, type Runtime, constVec, fail } from './context.js';
import { EXTEND_NEW, coerce, unary } from './expr-util.js';

type CallNode = Extract<ScalarNode, { kind: 'call' }>;

function boolOf(v: Val): boolean | null {
  return v === null ? null : Boolean(v);
}

const WINDOW = new Set(['row_number', 'prev', 'next', 'row_cumsum', 'row_rank_dense', 'row_rank_min', 'row_window_session']);

/** Calls compiled here rather than lifted from a row function: they need the run, the row set or lazy arguments. */
export function specialCall(call: CallNode, cx: Cx, compile: (n: ScalarNode) => CExpr): CExpr | undefined {
  const { name, type, args } = call;
  const node = call.at;
  if (WINDOW.has(name) && !cx.serialized) {
    return fail(node, `function ${name}() needs a serialized row set (use serialize, sort or top first)`);
  }
  switch (name) {
    case 'iff': case 'iif': {
      const [c, a, b] = args.map((x) => compile(x)) as [CExpr, CExpr, CExpr];
      if (a.type !== b.type && !call.nullArgs[1] && !call.nullArgs[2]) {
        return fail(node, `${name}(): both branches must have the same type (${a.type} and ${b.type})`);
      }
      const aa = coerce(a, type);
      const bb = coerce(b, type);
      return {
        type,
        ev: (t, rt) => {
          const cv = c.ev(t, rt);
          const av = aa.ev(t, rt);
          const bv = bb.ev(t, rt);
          const out = new Array(t.n);
          for (let i = 0; i < t.n; i++) out[i] = cv[i] === true ? av[i] : bv[i];
          return out;
        },
      };
    }
    case 'case': {
      const es = args.map((x) => compile(x));
      return {
        type,
        ev: (t, rt) => {
          const vs = es.map((e, i) => (i % 2 === 1 || i === es.length - 1 ? coerce(e, type) : e).ev(t, rt));
          const out = new Array(t.n);
          for (let i = 0; i < t.n; i++) {
            let j = 0;
            for (; j + 1 < vs.length; j += 2) if (vs[j]![i] === true) break;
            out[i] = j + 1 < vs.length ? vs[j + 1]![i] : vs[vs.length - 1]![i];
          }
          return out;
        },
      };
    }
    case 'coalesce': {
      const es = args.map((x) => coerce(compile(x), type));
      return {
        type,
        ev: (t, rt) => {
          const vs = es.map((e) => e.ev(t, rt));
          const out = new Array(t.n);
          for (let i = 0; i < t.n; i++) {
            let v: Val = type === 'string' ? '' : null;
            for (const x of vs) {
              const c = x[i]!;
              if (c !== null && c !== '') { v = c; break; }
            }
            out[i] = v;
          }
          return out;
        },
      };
    }
    case 'now': {
      const off = args[0] ? compile(args[0]) : undefined;
      const get = (rt: Runtime): Val => rt.now + (off ? ((off.constant?.(rt) as bigint | null) ?? 0n) : 0n);
      return { type: 'datetime', ev: (t, rt) => constVec(get(rt), t.n), constant: get };
    }
    case 'ago': {
      const off = compile(args[0]!);
      if (off.constant) {
        const oc = off.constant;
        const get = (rt: Runtime): Val => { const o = oc(rt) as bigint | null; return o === null ? null : rt.now - o; };
        return { type: 'datetime', ev: (t, rt) => constVec(get(rt), t.n), constant: get };
      }
      return unaryRt(off, 'datetime', (v, rt) => (v === null ? null : rt.now - (v as bigint)));
    }
    case 'ingestion_time':
      return {
        type: 'datetime',
        ev: (t) => {
          const c = col(t, '_IngestionTime') ?? col(t, 'TimeGenerated');
          return c ? c.data : constVec(null, t.n);
        },
      };
    case 'isnull': {
      const e = compile(args[0]!);
      return unary(e, 'bool', (v) => v === null || (typeof v === 'number' && false));
    }
    case 'isnotnull': {
      const e = compile(args[0]!);
      return unary(e, 'bool', (v) => v !== null);
    }
    case 'not': {
      const e = compile(args[0]!);
      return unary(e, 'bool', (v) => (v === null ? null : !boolOf(v)));
    }
    case 'row_number': {
      const start = args[0] ? compile(args[0]) : undefined;
      const restart = args[1] ? compile(args[1]) : undefined;
      return {
        type,
        ev: (t, rt) => {
          const s0 = start ? Number(start.ev({ n: 1, cols: [] }, rt)[0] ?? 1) : 1;
          const r = restart?.ev(t, rt);
          const out = new Array(t.n);
          let k = s0;
          for (let i = 0; i < t.n; i++) {
            if (r && r[i] === true) k = s0;
            out[i] = k++;
          }
          return out;
        },
      };
    }
    case 'prev': case 'next': {
      const e = compile(args[0]!);
      const off = args[1] ? compile(args[1]) : undefined;
      const def = args[2] ? coerce(compile(args[2]), type) : undefined;
      const sign = name === 'prev' ? -1 : 1;
      return {
        type,
        ev: (t, rt) => {
          const v = coerce(e, type).ev(t, rt);
          const o = off ? Number(off.ev({ n: 1, cols: [] }, rt)[0] ?? 1) : 1;
          const d = def ? def.ev(t, rt) : null;
          const out = new Array(t.n);
          for (let i = 0; i < t.n; i++) {
            const j = i + sign * o;
            out[i] = j >= 0 && j < t.n ? v[j] : d ? d[i] : type === 'string' ? '' : null;
          }
          return out;
        },
      };
    }
    case 'row_cumsum': {
      const e = compile(args[0]!);
      const restart = args[1] ? compile(args[1]) : undefined;
      return {
        type,
        ev: (t, rt) => {
          const v = e.ev(t, rt);
          const r = restart?.ev(t, rt);
          const out = new Array(t.n);
          let acc = 0;
          for (let i = 0; i < t.n; i++) {
            if (r && r[i] === true) acc = 0;
            acc += Number(v[i] ?? 0);
            out[i] = acc;
          }
          return out;
        },
      };
    }
    case 'row_rank_dense': case 'row_rank_min': {
      const e = compile(args[0]!);
      const restart = args[1] ? compile(args[1]) : undefined;
      const dense = name === 'row_rank_dense';
      return {
        type,
        ev: (t, rt) => {
          const v = e.ev(t, rt);
          const r = restart?.ev(t, rt);
          const out = new Array(t.n);
          let rank = 0;
          let base = 0;
          for (let i = 0; i < t.n; i++) {
            const fresh = i === 0 || (r !== undefined && r[i] === true);
            if (fresh) { rank = 0; base = i; }
            if (fresh || !sameVal(v[i]!, v[i - 1]!)) rank = dense ? rank + 1 : i - base + 1;
            out[i] = rank;
          }
          return out;
        },
      };
    }
    case 'column_ifexists': {
      const nameArg = args[0]!;
      if (nameArg.kind !== 'literal' || typeof nameArg.value !== 'string') return fail(nameArg.at, 'column_ifexists(): the column name must be a string literal');
      const cname = nameArg.value;
      const def = compile(args[1]!);
      return {
        type,
        ev: (t, rt) => {
          const c = col(t, cname);
          if (c) return c.type === type ? c.data : c.data.map((v) => convert(v, c.type, type));
          return coerce(def, type).ev(t, rt);
        },
      };
    }
    case 'pack_all': case 'bag_pack_columns': {
      const ignoreEmpty = args[0] ? compile(args[0]) : undefined;
      return {
        type: 'dynamic',
        ev: (t, rt) => {
          const out = new Array(t.n);
          const skipEmpty = ignoreEmpty ? ignoreEmpty.ev({ n: 1, cols: [] }, rt)[0] === true : false;
          const marker = t.cols.find((c) => c.name.startsWith(EXTEND_NEW));
          const hidden = new Set(marker ? marker.name.split(EXTEND_NEW).filter(Boolean) : []);
          for (let i = 0; i < t.n; i++) {
            const o: { [k: string]: Dyn } = {};
            for (const c of t.cols) {
              const v = c.data[i]!;
              if (c.name === '_IngestionTime' || c.name.startsWith(EXTEND_NEW) || hidden.has(c.name)) continue;
              if (skipEmpty && (v === null || v === '')) continue;
              o[c.name] = typeof v === 'bigint' ? toStr(v, c.type) : (v as Dyn);
            }
            out[i] = o;
          }
          return out;
        },
      };
    }
  }
  return undefined;
}

function sameVal(a: Val, b: Val): boolean {
  if (a === b) return true;
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) return dynEquals(a as Dyn, b as Dyn);
  return false;
}

function unaryRt(e: CExpr, type: KType, f: (v: Val, rt: Runtime) => Val): CExpr {
  return { type, ev: (t, rt) => e.ev(t, rt).map((v) => f(v, rt)) };
}

