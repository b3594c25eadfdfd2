// "Did you mean" for a name Kusto could not resolve, as schema and fixture errors already offer: the
// candidates are the columns of the tables the query reads, the tables, and the workspace functions; for
// an unknown function, Kusto's own scalar and aggregate functions and the workspace functions.
import { didYouMean } from '../../core/suggest.js';
import { kusto } from '../kusto.js';
import { referencedNames } from '../schema/globals.js';
import type { SchemaContext } from '../schema/types.js';

const UNKNOWN_NAME = /^The name '([^']+)' does not refer to any known (function)?/;

let builtins: string[] | undefined;

/** Kusto.Language's functions and aggregates (its GlobalState.Default), read once. */
function builtinFunctionNames(): string[] {
  if (!builtins) {
    const globals = kusto().GlobalState.Default;
    builtins = [];
    // Bridge.NET hands these lists over as plain arrays, whatever the .d.ts says.
    for (const list of [globals?.Functions, globals?.Aggregates]) {
      for (const f of (list ?? []) as unknown as readonly Kusto.Language.Symbols.FunctionSymbol[]) builtins.push(f.Name ?? '');
    }
  }
  return builtins;
}

export function withNameSuggestion(message: string, query: string, ctx: SchemaContext): string {
  const m = UNKNOWN_NAME.exec(message);
  if (!m) return message;
  const functions = ctx.functions.map((f) => f.name);
  if (m[2]) return message + didYouMean(m[1]!, [...new Set([...builtinFunctionNames(), ...functions])]);
  const columns = referencedNames(query, ctx).tables.flatMap((t) => ctx.catalog.table(t)?.map((c) => c.name) ?? []);
  const candidates = [...new Set([...columns, ...ctx.catalog.tableNames(), ...functions])];
  return message + didYouMean(m[1]!, candidates);
}
