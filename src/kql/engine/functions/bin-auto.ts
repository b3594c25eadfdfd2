// bin_auto(x): bin_at(x, size, at) with the size and fixed point the query sets beforehand
// (`set query_bin_auto_size=1h; set query_bin_auto_at=...;`, bound by plan/translate.ts); without
// query_bin_auto_at the fixed point is 0, which is bin(x, size).
import { fail } from '../compile/context.js';
import { datetimeFunctions } from './datetime.js';
import type { CallCompiler } from './lift.js';

export const binAutoCalls: Record<string, CallCompiler> = {
  bin_auto: (call, cx, compile) => {
    const size = cx.scope.get('$query_bin_auto_size');
    if (size?.kind !== 'scalar') return fail(call.at, 'bin_auto() needs the bin size: put `set query_bin_auto_size=...;` before the query');
    const at = cx.scope.get('$query_bin_auto_at');
    const value = compile(call.args[0]!);
    const args = at?.kind === 'scalar' ? [value, size.expr, at.expr] : [value, size.expr];
    const name = args.length === 3 ? 'bin_at' : 'bin';
    return datetimeFunctions[name]!({ at: call.at, name, ret: call.type, named: false, args, argAt: args.map(() => call.at) });
  },
};
