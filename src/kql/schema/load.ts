// The SchemaContext of a repository: its tripline.config.yaml plus its watchlists/ folder.
import type { Problem } from '../../core/problems.js';
import { loadWatchlists } from '../../watchlists/load.js';
import { loadConfig } from './config.js';
import { createSchemaContext } from './context.js';
import type { SchemaContext } from './types.js';

export function loadSchemaContext(root: string): { ctx: SchemaContext; problems: Problem[] } {
  const { config, problems } = loadConfig(root);
  const { watchlists, problems: watchlistProblems } = loadWatchlists(root);
  const ctx = createSchemaContext({
    customTables: config.customTables,
    functions: config.functions,
    watchlists: new Map(watchlists.map((w) => [w.alias, w.columns])),
    analysis: config.analysis,
  });
  return { ctx, problems: [...problems, ...watchlistProblems] };
}
