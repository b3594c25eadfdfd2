// Functions of the run and of the whole row: now/ago (the run's one `now`), ingestion_time,
// column_ifexists and pack_all (which read the row's columns by name).
import { convert, toStr } from '../convert.js';
import { col } from '../table.js';
import type { Dyn, KType, Val } from '../values.js';
import { type CExpr, type Runtime, constVec, fail } from '../compile/context.js';
import { EXTEND_NEW, coerce } from '../compile/expr-util.js';
import type { CallCompiler } from './lift.js';

function unaryRt(e: CExpr, type: KType, f: (v: Val, rt: Runtime) => Val): CExpr {
  return { type, ev: (t, rt) => e.ev(t, rt).map((v) => f(v, rt)) };
}

const now: CallCompiler = ({ args }, _cx, compile) => {
  const off = args[0] ? compile(args[0]) : undefined;
  const get = (rt: Runtime): Val => rt.now + (off ? ((off.constant?.(rt) as bigint | null) ?? 0n) : 0n);
  return { type: 'datetime', ev: (t, rt) => constVec(get(rt), t.n), constant: get };
};

const ago: CallCompiler = ({ args }, _cx, compile) => {
  const off = compile(args[0]!);
  if (off.constant) {
    const oc = off.constant;
    const get = (rt: Runtime): Val => { const o = oc(rt) as bigint | null; return o === null ? null : rt.now - o; };
    return { type: 'datetime', ev: (t, rt) => constVec(get(rt), t.n), constant: get };
  }
  return unaryRt(off, 'datetime', (v, rt) => (v === null ? null : rt.now - (v as bigint)));
};

const ingestionTime: CallCompiler = () => {
  return {
    type: 'datetime',
    ev: (t) => {
      const ingested = col(t, '_IngestionTime');
      const generated = col(t, 'TimeGenerated');
      if (!ingested) return generated ? generated.data : constVec(null, t.n);
      if (!generated) return ingested.data;
      // A row that states no ingestion time was ingested at its TimeGenerated, row by row, as the test
      // runner's schedule sees it (testing/schedule.ts); a table mixing both kinds of row must agree.
      return ingested.data.map((v, i) => v ?? generated.data[i]!);
    },
  };
};

const columnIfExists: CallCompiler = ({ name, type, args }, _cx, compile) => {
  const nameArg = args[0]!;
  if (nameArg.kind !== 'literal' || typeof nameArg.value !== 'string') return fail(nameArg.at, `${name}(): the column name must be a string literal`);
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
};

const packAll: CallCompiler = ({ args }, _cx, compile) => {
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
};

export const rowCalls: Record<string, CallCompiler> = {
  now,
  ago,
  ingestion_time: ingestionTime,
  column_ifexists: columnIfExists,
  columnifexists: columnIfExists,
  pack_all: packAll,
  bag_pack_columns: packAll,
};
