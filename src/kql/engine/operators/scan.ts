// scan with a single step: a state machine over the serialized rows. Bare names of declared variables
// read the row's own (default) value, `<step>.x` the state after the previous match; a row is output
// when the step's condition holds, with the new state.
import { type Cx, type Runtime, fail } from '../compile/context.js';
import { compileSyntax } from '../compile/expressions.js';
import { SCAN_STATE } from '../compile/expr-util.js';
import { literalValue } from '../plan/literals.js';
import { resultType as typeOf } from '../syntax.js';
import { convert } from '../convert.js';
import { type SNode, child, kindName, listItems, simpleName } from '../syntax.js';
import type { Column, Table } from '../table.js';
import type { KType, Val } from '../values.js';

export function compileScan(op: SNode, cx: Cx): (t: Table, rt: Runtime) => Table {
  const decls = listItems(child(op, 'DeclareClause')!, 'Declarations').map((d) => {
    const nt = child(d, 'NameAndType')!;
    const nameNode = child(nt, 'Name')!;
    const type = typeOf(nameNode);
    const dv = child(d, 'DefaultValue');
    const valueNode = dv ? child(dv, 'Value') : null;
    const def = valueNode ? compileSyntax(valueNode, cx) : undefined;
    return { name: simpleName(nameNode), type, def };
  });
  const steps = listItems(op, 'Steps');
  if (steps.length !== 1) return fail(op, 'unsupported: scan with more than one step');
  const step = steps[0]!;
  const stepName = simpleName(child(step, 'Name'));
  const scx: Cx = { ...cx, serialized: false, hooks: { ...cx.hooks, scanStep: stepName } };
  const cond = compileSyntax(child(step, 'Condition')!, scx);
  const comp = child(step, 'ComputationClause');
  const assigns = comp
    ? listItems(comp, 'Assignments').map((a) => ({ name: simpleName(child(a, 'Name')), expr: compileSyntax(child(a, 'Expression')!, scx) }))
    : [];
  void literalValue;
  void kindName;
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
