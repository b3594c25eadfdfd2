// == and != between a string and a dynamic array or bag. The Kusto documentation defines == as =~ made
// case-sensitive (MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/equals-cs-operator.md @1bbb122c:
// "== Equals, case-sensitive yes; =~ Equals, no"), and =~ compares a dynamic operand through its text:
// Microsoft's harness for real Kusto (microsoft/finops-toolkit
// src/powershell/Tests/assets/StringOperatorEquivalence.kql @df17ed45, check #10, "PASS = 0 rows") holds
// `sku.AHB =~ 'true'` equal to `tolower(sku.AHB) == 'true'`, and its guideline (docs-wiki/Coding-guidelines.md
// @a306c037) says an object or array operand compares as its JSON serialization. The conformance verdicts
// hold no such case. Microsoft's published rule FirstAppOrServicePrincipalCredential relies on it
// (`where old_value_set == "[]"`; its firing case is in test/data/published-rules/fired).
import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../src/kql/engine/index.js';
import type { WireValue } from '../../src/kql/table.js';

function row(kql: string): WireValue[] {
  const { query, errors } = compileQuery(kql);
  expect(errors).toEqual([]);
  return query!.run({ tables: {}, now: '2026-01-01T00:00:00Z' }).rows[0]!;
}

describe('a string compared with a dynamic array or bag', () => {
  it('is equal when it is the JSON text of the value, on either side', () => {
    expect(row(`print dynamic([]) == "[]", "[]" == parse_json("[]"), dynamic({"a":1}) == '{"a":1}', dynamic([1]) != "[]"`))
      .toEqual([true, true, true, true]);
  });

  it('is unequal to any other text, case included: == is =~ made case-sensitive', () => {
    expect(row(`print dynamic([1]) == "[]", dynamic([]) != "[]", dynamic(["A"]) == '["a"]', dynamic(["A"]) =~ '["a"]'`))
      .toEqual([false, false, false, true]);
  });
});
