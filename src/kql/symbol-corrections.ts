// Where Kusto.Language's declared types differ from the real engine's (what a function returns, what
// a parameter takes), the global function table is corrected once, when Kusto.Language loads, so every
// analysis (validate, run, test, the schema of a result) sees the engine's types.
type KL = typeof Kusto.Language;
type Symbols = typeof Kusto.Language.Symbols;

/** Replaces GlobalState.Default with one whose functions carry the engine's types. */
export function correctSymbols(k: KL): void {
  const fixed = new Map([
    [k.Functions.DatetimeDiff!, datetimeDiff(k.Symbols, k.Functions.DatetimeDiff!)],
    [k.Functions.SeriesFitPoly!, seriesFitPoly(k.Symbols, k.Functions.SeriesFitPoly!)],
  ]);
  const g = k.GlobalState.Default!;
  const functions = (g.Functions as unknown as Kusto.Language.Symbols.FunctionSymbol[]).map((f) => fixed.get(f) ?? f);
  (k.GlobalState as unknown as { s_default: Kusto.Language.GlobalState }).s_default =
    g.WithFunctions(functions as unknown as System.Collections.Generic.IReadOnlyList$1<Kusto.Language.Symbols.FunctionSymbol>)!;
}

// Kusto.Language binds datetime_diff to long; the engine returns a real for the 'week' part (a whole
// number of weeks, typed real), as the conformance verdicts show.
function datetimeDiff(S: Symbols, old: Kusto.Language.Symbols.FunctionSymbol): Kusto.Language.Symbols.FunctionSymbol {
  const params = old.Signatures!.getItem(0)!.Parameters as unknown as Kusto.Language.Symbols.Parameter[];
  const returnType = (info: Kusto.Language.Symbols.CustomReturnTypeContext): Kusto.Language.Symbols.TypeSymbol => {
    const arg = info.GetArgument$1('part');
    const part = arg?.IsLiteral ? unboxed(arg.LiteralValue) : undefined;
    return typeof part === 'string' && part.toLowerCase() === 'week' ? S.ScalarTypes.Real! : S.ScalarTypes.Long!;
  };
  return new S.FunctionSymbol.ctor(old.Name!, returnType, S.Tabularity.Scalar, params)
    .ConstantFoldable()!
    .WithResultNameKind(old.ResultNameKind)!;
}

// Kusto.Language declares series_fit_poly's degree as int, so the documentation's own
// `series_fit_poly(y, x, 5)` (a long literal) is an error; the real engine takes any integer there.
function seriesFitPoly(S: Symbols, old: Kusto.Language.Symbols.FunctionSymbol): Kusto.Language.Symbols.FunctionSymbol {
  const sig = old.Signatures!.getItem(0)!;
  const params = Array.from({ length: sig.Parameters!.Count }, (_, i) => sig.Parameters!.getItem(i)!).map((p) => (p.Name !== 'degree' ? p
    : new S.Parameter.ctor(p.Name, S.ParameterTypeKind.Integer, p.ArgumentKind, null, null, false, null, p.MinOccurring, p.MaxOccurring, null, null)));
  return new S.FunctionSymbol.ctor(old.Name!, sig.CustomReturnType!, S.Tabularity.Scalar, params)
    .WithResultNameKind(old.ResultNameKind)!;
}

function unboxed(value: unknown): unknown {
  return (globalThis as unknown as { Bridge: { unbox(v: unknown, b: boolean): unknown } }).Bridge.unbox(value, true);
}
