// A SchemaContext is plain data; the Kusto symbols built from it are cached elsewhere (symbols.ts),
// keyed by the context object, so one context analyzes many queries cheaply.
import { tableCatalog } from '../../tables/catalog.js';
import type { SchemaContext, SchemaContextOptions } from './types.js';

export function createSchemaContext(options: SchemaContextOptions = {}): SchemaContext {
  const wl = options.watchlists;
  return {
    catalog: tableCatalog(options.customTables ?? {}, options.platform),
    functions: options.functions ?? [],
    watchlists: wl instanceof Map ? wl : new Map(Object.entries(wl ?? {})),
    analysis: { checks: { ...(options.analysis?.checks ?? {}) } },
  };
}
