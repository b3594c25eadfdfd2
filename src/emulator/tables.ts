// "Does the workspace have the tables this query reads?" answered with the project's own analyzer
// (Kusto.Language over the standard table catalog) rather than a second parser. Only unresolved table
// names (KS204) count: unknown functions and _GetWatchlist aliases are left to the service's run time.
// The analyzer modules and Kusto.Language (about a second) load on the first rule PUT, and results are
// cached by query text so hundreds of similar rules stay cheap.
import type { SchemaContext } from '../kql/schema/types.js';

type Analyzer = (query: string) => string[];

let analyzer: Promise<Analyzer> | undefined;
const cache = new Map<string, string[]>();
const CACHE_LIMIT = 5000;

async function loadAnalyzer(): Promise<Analyzer> {
  const [{ analyzeQuery }, { createSchemaContext }] = await Promise.all([
    import('../kql/analyze/index.js'),
    import('../kql/schema/context.js'),
  ]);
  const ctx: SchemaContext = createSchemaContext();
  return (query) => {
    const names = new Set<string>();
    for (const d of analyzeQuery(query, ctx).diagnostics) {
      if (d.code !== 'KS204') continue;
      names.add(query.slice(d.start, d.start + d.length).replace(/^['"]|['"]$/g, ''));
    }
    return [...names];
  };
}

/** Table names the query reads that the workspace does not have. */
export async function unknownTables(query: string): Promise<string[]> {
  const hit = cache.get(query);
  if (hit) return hit;
  const analyze = await (analyzer ??= loadAnalyzer());
  let names: string[];
  try {
    names = analyze(query);
  } catch {
    // The analyzer failing is the emulator's problem, not the rule's: accept rather than refuse.
    names = [];
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(query, names);
  return names;
}
