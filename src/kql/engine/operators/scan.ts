// scan with a single step: a state machine over the serialized rows. Bare names of declared variables
// read the row's own (default) value, `<step>.x` the state after the previous match; a row is output
// when the step's condition holds, with the new state.
import type { Cx, Runtime } from '../compile/context.js';
import { compileExpr } from '../compile/expressions.js';
import { SCAN_STATE } from '../compile/expr-util.js';
import { convert } from '../convert.js';
import type { OperatorNode } from '../plan/nodes.js';
import type { Column, Table } from '../table.js';
import type { KType, Val } from '../values.js';

export function compileScan(op: Extract<OperatorNode, { kind: 'scan' }>, cx: Cx): (t: Table, rt: Runtime) => Table {
  const decls = op.declarations.map((d) => ({ name: d.name, type: d.type, def: d.defaultValue ? compileExpr(d.defaultValue, cx) : undefined }));
  const scx: Cx = { ...cx, serialized: false, hooks: { ...cx.hooks, scanStep: op.step } };
  const cond = compileExpr(op.condition, scx);
  const assigns = op.assignments.map((a) => ({ name: a.name, expr: compileExpr(a.expr, scx) }));
  return (t, rt) => {
    const one: Table = { n: 1, cols: [] };
    const defaults = decls.map((d) => (d.def ? convert(d.def.ev(one, rt)[0]!, d.def.type, d.type) : d.type === 'string' ? '' : null));
    let state: Val[] = defaults.slice();
    const rows: number[] = [];
    const outState: Val[][] = decls.map(() => []);
    for (let i = 0; i < t.n; i++) {
      const cols: Column[] = t.cols.filter((c) => !decls.some((d) => d.name === c.name)).map((c) => ({ name: c.name, type: c.type, data: [c.data[i]!] }));
      decls.forEach((d, k) => {
        cols.push({ name: d.name, type: d.type, data: [defaults[k]!] });
        cols.push({ name: SCAN_STATE + d.name, type: d.type, data: [state[k]!] });
      });
      const row: Table = { n: 1, cols };
      if (cond.ev(row, rt)[0] !== true) continue;
      const next = state.slice();
      for (const a of assigns) {
        const k = decls.findIndex((d) => d.name === a.name);
        if (k < 0) continue;
        next[k] = convert(a.expr.ev(row, rt)[0]!, a.expr.type, decls[k]!.type as KType);
      }
      state = next;
      rows.push(i);
      decls.forEach((_, k) => outState[k]!.push(state[k]!));
    }
    const cols: Column[] = t.cols.filter((c) => !decls.some((d) => d.name === c.name)).map((c) => ({ ...c, data: rows.map((r) => c.data[r]!) }));
    decls.forEach((d, k) => cols.push({ name: d.name, type: d.type, data: outState[k]! }));
    return { n: rows.length, cols };
  };
}
