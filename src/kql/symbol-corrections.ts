// Where Kusto.Language's declared types differ from what the real engine returns, the global function
// table is corrected once, when Kusto.Language loads, so every analysis (validate, run, test, the
// schema of a result) sees the engine's type and types downstream expressions from it.
type KL = typeof Kusto.Language;
type Symbols = typeof Kusto.Language.Symbols;

/** Replaces GlobalState.Default with one whose functions carry the engine's result types. */
export function correctSymbols(k: KL): void {
  const old = k.Functions.DatetimeDiff!;
  const fixed = datetimeDiff(k.Symbols, old);
  const g = k.GlobalState.Default!;
  const functions = (g.Functions as unknown as Kusto.Language.Symbols.FunctionSymbol[]).map((f) => (f === old ? fixed : f));
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

function unboxed(value: unknown): unknown {
  return (globalThis as unknown as { Bridge: { unbox(v: unknown, b: boolean): unknown } }).Bridge.unbox(value, true);
}
