// Conditionals and null tests compiled from their arguments' vectors: iff/case/coalesce choose per
// row among branches evaluated as whole vectors, with the branches' types checked as the real engine does.
import type { Val } from '../values.js';
import { type CExpr, fail } from '../compile/context.js';
import { coerce, unary } from '../compile/expr-util.js';
import type { CallCompiler } from './lift.js';

function boolOf(v: Val): boolean | null {
  return v === null ? null : Boolean(v);
}

const iff: CallCompiler = (call, _cx, compile) => {
  const { name, type, args } = call;
  const node = call.at;
  const [c, a, b] = args.map((x) => compile(x)) as [CExpr, CExpr, CExpr];
  // A dynamic branch takes the other's value as dynamic (iff(isnotempty(d), d[0], "") in Microsoft's
  // published rules); other mixed types are rejected, as the real engine rejects int and real.
  const mixed = a.type !== b.type && a.type !== 'dynamic' && b.type !== 'dynamic';
  if (mixed && !call.nullArgs[1] && !call.nullArgs[2]) {
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
};

const caseFn: CallCompiler = (call, _cx, compile) => {
  const { type, args } = call;
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
};

const coalesce: CallCompiler = (call, _cx, compile) => {
  const { type, args } = call;
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
};

const isnull: CallCompiler = (call, _cx, compile) => {
  const { args } = call;
  const e = compile(args[0]!);
  return unary(e, 'bool', (v) => v === null || (typeof v === 'number' && false));
};

const isnotnull: CallCompiler = (call, _cx, compile) => {
  const { args } = call;
  const e = compile(args[0]!);
  return unary(e, 'bool', (v) => v !== null);
};

const not: CallCompiler = (call, _cx, compile) => {
  const { args } = call;
  const e = compile(args[0]!);
  return unary(e, 'bool', (v) => (v === null ? null : !boolOf(v)));
};

// notnull: isnotnull's deprecated alias.
export const conditionalCalls: Record<string, CallCompiler> = { iff, iif: iff, case: caseFn, coalesce, isnull, isnotnull, notnull: isnotnull, not };
