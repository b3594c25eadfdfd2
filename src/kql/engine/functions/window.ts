// Window functions: they read neighbouring rows, so they need a serialized row set (after sort, top or
// serialize), as the real engine requires.
import { type Dyn, type Val, dynEquals } from '../values.js';
import { fail } from '../compile/context.js';
import { coerce } from '../compile/expr-util.js';
import type { CallCompiler } from './lift.js';

/** Fails unless the row set is serialized, then compiles the call. */
function windowed(f: CallCompiler): CallCompiler {
  return (call, cx, compile) => {
    if (!cx.serialized) return fail(call.at, `function ${call.name}() needs a serialized row set (use serialize, sort or top first)`);
    return f(call, cx, compile);
  };
}

function sameVal(a: Val, b: Val): boolean {
  if (a === b) return true;
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) return dynEquals(a as Dyn, b as Dyn);
  return false;
}

const rowNumber: CallCompiler = (call, _cx, compile) => {
  const { type, args } = call;
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
};

const prevNext: CallCompiler = (call, _cx, compile) => {
  const { name, type, args } = call;
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
};

const rowCumsum: CallCompiler = (call, _cx, compile) => {
  const { type, args } = call;
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
};

const rowRank: CallCompiler = (call, _cx, compile) => {
  const { name, type, args } = call;
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
};

/**
 * row_window_session(expr, maxFromFirst, maxBetweenNeighbors [, restart]): each row's session start. A
 * value starts a session when there is no session (or its start is null), when it is at least
 * maxFromFirst after the start or at least maxBetweenNeighbors after the previous value, or when
 * restart is true; a null value yields null and the next value starts a session (documented model).
 */
const rowWindowSession: CallCompiler = (call, _cx, compile) => {
  const { type, args } = call;
  const e = compile(args[0]!);
  const [first, neighbours] = [compile(args[1]!), compile(args[2]!)];
  const restart = args[3] ? compile(args[3]) : undefined;
  return {
    type,
    ev: (t, rt) => {
      const v = e.ev(t, rt);
      const maxFirst = first.ev({ n: 1, cols: [] }, rt)[0] as bigint | null;
      const maxGap = neighbours.ev({ n: 1, cols: [] }, rt)[0] as bigint | null;
      const r = restart?.ev(t, rt);
      const out = new Array<Val>(t.n);
      let start: bigint | null = null;
      let prev: bigint | null = null;
      for (let i = 0; i < t.n; i++) {
        const x = v[i] as bigint | null;
        if (x === null) {
          out[i] = start = prev = null;
          continue;
        }
        const fresh = start === null || prev === null || (r !== undefined && r[i] === true)
          || (maxFirst !== null && x >= start + maxFirst) || (maxGap !== null && x >= prev + maxGap);
        if (fresh) start = x;
        out[i] = start;
        prev = x;
      }
      return out;
    },
  };
};

export const windowCalls: Record<string, CallCompiler> = {
  row_number: windowed(rowNumber),
  prev: windowed(prevNext),
  next: windowed(prevNext),
  row_cumsum: windowed(rowCumsum),
  row_rank_dense: windowed(rowRank),
  row_rank_min: windowed(rowRank),
  row_window_session: windowed(rowWindowSession),
};
