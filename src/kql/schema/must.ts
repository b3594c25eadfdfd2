// The Bridge.NET typings mark every reference as nullable, including values the C# API guarantees.
// `must` states that guarantee once, and fails loudly if a Kusto.Language upgrade ever breaks it.
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`Kusto.Language returned no ${what}`);
  return value;
}
