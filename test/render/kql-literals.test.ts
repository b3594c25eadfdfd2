import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { kusto } from '../../src/kql/kusto.js';
import { kqlBool, kqlDatetime, kqlDynamic, kqlIdent, kqlInt, kqlString, kqlTimespan, LiteralError } from '../../src/render/kql-literals.js';

const K = kusto();
const { SyntaxKind } = K.Syntax;
const Enum = (globalThis as unknown as { System: { Enum: { getName(type: unknown, value: number): string } } }).System.Enum;
const kindName = (k: number): string => Enum.getName(SyntaxKind, k) ?? String(k);

function parse(query: string) {
  const code = K.KustoCode.ParseAndAnalyze(query, K.GlobalState.Default)!;
  const diagnostics: string[] = [];
  const d = code.GetDiagnostics()!;
  for (let i = 0; i < d.Count; i++) diagnostics.push(d.getItem(i)!.Message ?? '');
  const tokens: { kind: string; text: string; value: string }[] = [];
  code.Syntax!.WalkElements((e: Kusto.Language.Syntax.SyntaxElement) => {
    if (e.IsToken) {
      const t = e as Kusto.Language.Syntax.SyntaxToken;
      tokens.push({ kind: kindName(t.Kind), text: t.Text ?? '', value: t.ValueText ?? '' });
    }
  });
  return { code, diagnostics, tokens };
}

// Any string a user could put in a parameter: quotes, backslashes, newlines, unicode, KQL syntax.
const hostile = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('"', "'", '\\', '\n', '\r', '\t', '|', '/', ';', ' ', 'a', '(', ')', '\u2028', '\u0000', 'é', '😀', '{', '}', '[', ']', '`', '@', 'h', '#') }),
);

describe('kql-string', () => {
  it('emits one string literal whose value is exactly the input, for any input', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const { diagnostics, tokens } = parse(`print x = ${kqlString(s)}`);
        expect(diagnostics).toEqual([]);
        const literals = tokens.filter((t) => t.kind === 'StringLiteralToken');
        expect(literals).toHaveLength(1);
        expect(literals[0]!.value).toBe(s);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves the structure of the query unchanged whatever the value', () => {
    const query = (v: string) =>
      `SigninLogs | where UserPrincipalName =~ ${kqlString(v)} // note\n| project UserPrincipalName`;
    const shape = (q: string) =>
      parse(q).tokens.map((t) => (t.kind === 'StringLiteralToken' ? t.kind : `${t.kind}:${t.text}`));
    const benign = shape(query('alice@contoso.com'));
    fc.assert(
      fc.property(hostile, (s) => {
        expect(shape(query(s))).toEqual(benign);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects non-strings', () => {
    expect(() => kqlString(5)).toThrow(LiteralError);
    expect(() => kqlString(undefined)).toThrow(/expects a string/);
  });
});

describe('kql-dynamic', () => {
  it('emits a dynamic literal whose JSON value is the input', () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(fc.oneof(fc.array(hostile), json), (v) => {
        const { code, diagnostics } = parse(`print x = ${kqlDynamic(v)}`);
        expect(diagnostics).toEqual([]);
        const literal = code.Syntax!.GetDescendants(K.Syntax.DynamicExpression)!.getItem(0)!;
        // Compared as JSON values: JSON (and so dynamic) has no negative zero.
        expect(JSON.parse(String(literal.LiteralValue))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('kql-ident', () => {
  it('quotes any name as one bracketed identifier', () => {
    fc.assert(
      fc.property(hostile.filter((s) => s.length > 0), (s) => {
        const { tokens } = parse(`print ${kqlIdent(s)} = 1`);
        const names = tokens.filter((t) => t.kind === 'OpenBracketToken' || t.kind === 'StringLiteralToken');
        expect(names.map((t) => t.kind)).toEqual(['OpenBracketToken', 'StringLiteralToken']);
        expect(names[1]!.value).toBe(s);
      }),
      { numRuns: 200 },
    );
  });
});

describe('scalar helpers', () => {
  it.each([
    ['1h', '1h'],
    ['PT1H', '1h'],
    ['90m', '90m'],
    ['P1DT2H', '26h'],
    ['1.5h', '90m'],
    ['14d', '14d'],
    ['30s', '30s'],
    ['PT0.5S', '500ms'],
  ])('kql-timespan %s -> %s', (input, expected) => {
    expect(kqlTimespan(input)).toBe(expected);
  });

  it('kql-timespan rejects what is not a duration', () => {
    for (const text of ['soon', '00:00:30', '1 hour', '-5m']) expect(() => kqlTimespan(text)).toThrow(`'${text}' is not a duration`);
  });

  it('kql-datetime, kql-int and kql-bool emit literals Kusto reads back', () => {
    expect(kqlDatetime('2026-03-29T01:00:00Z')).toBe('datetime(2026-03-29T01:00:00Z)');
    expect(() => kqlDatetime('next tuesday')).toThrow(/ISO 8601/);
    expect(kqlInt(42)).toBe('42');
    expect(kqlInt(5_000_000_000)).toBe('long(5000000000)');
    expect(() => kqlInt(1.5)).toThrow(/integer/);
    expect(kqlBool(false)).toBe('false');
    expect(() => kqlBool('true')).toThrow(/true or false/);
    const { diagnostics } = parse(
      `print a = ${kqlDatetime('2026-03-29T01:00:00Z')}, b = ${kqlInt(5_000_000_000)}, c = ${kqlBool(true)}, d = ${kqlTimespan('P2D')}`,
    );
    expect(diagnostics).toEqual([]);
  });
});
