// The SchemaContext of a repository: its tripline.config.yaml plus its watchlists/ folder.
import { join } from 'node:path';
import type { Problem } from '../../core/problems.js';
import { loadConfig } from './config.js';
import { createSchemaContext } from './context.js';
import type { SchemaContext } from './types.js';
import { readWatchlistHeaders } from './watchlists.js';

export function loadSchemaContext(root: string): { ctx: SchemaContext; problems: Problem[] } {
  const { config, problems } = loadConfig(root);
  const ctx = createSchemaContext({
    customTables: config.customTables,
    functions: config.functions,
    watchlists: readWatchlistHeaders(join(root, 'watchlists')),
    analysis: config.analysis,
  });
  return { ctx, problems };
}
