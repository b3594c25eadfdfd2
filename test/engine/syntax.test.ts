// The engine's only door into Kusto.Language's tree (src/kql/engine/syntax.ts): a member it relies on
// that a Kusto.Language version lacks is a located compile error, never undefined.
import { describe, expect, it } from 'vitest';
import { CompileError } from '../../src/kql/engine/errors.js';
import { type SNode, kindOf, kindText, list, opt, req } from '../../src/kql/engine/syntax.js';
import { kusto } from '../../src/kql/kusto.js';

function firstExpression(kql: string): SNode {
  const code = kusto().KustoCode.ParseAndAnalyze(kql, kusto().GlobalState.Default)!;
  const statement = list.Statements(code.Syntax as unknown as SNode)[0]!;
  return req.Expression(statement);
}

describe('syntax accessors', () => {
  it('read the children a node has, typed', () => {
    const pipe = firstExpression('print x = 1 | where x > 0');
    expect(kindOf(pipe)).toBe('PipeExpression');
    expect(kindOf(req.Operator(pipe))).toBe('FilterOperator');
    expect(opt.ByClause(req.Operator(firstExpression('print x = 1 | summarize count()')))).toBeNull();
  });

  it('fail at the node, naming it, when its kind has no such member', () => {
    const print = req.Expression(firstExpression('print x = 1 | project x'));
    let error: unknown;
    try {
      req.Condition(print);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CompileError);
    const e = error as CompileError;
    expect(e.message).toBe(`the engine does not support this Kusto.Language version: a ${kindText(print)} has no Condition`);
    expect(e.offset).toBe(print.TextStart);
    expect(e.length).toBe(print.Width);
  });
});
