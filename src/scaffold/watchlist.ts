// `tripline new watchlist ALIAS`: the metadata file and an items CSV with its search key column, which
// validate as created and are what `_GetWatchlist('ALIAS')` returns in tests.
import { error, type Problem } from '../core/problems.js';
import type { ScaffoldFile } from './files.js';

export function scaffoldWatchlist(alias: string): { files: ScaffoldFile[]; problems: Problem[] } {
  // Sentinel watchlist aliases: letters, digits, '-' and '_'.
  if (!/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(alias)) {
    return { files: [], problems: [error('usage', `watchlist alias '${alias}' must start with a letter and hold only letters, digits, - and _`, { file: '<command line>' })] };
  }
  return {
    files: [
      {
        path: `watchlists/${alias}.yaml`,
        text: `# yaml-language-server: $schema=../schemas/watchlist.schema.json
displayName: ${alias}
description: What the items are and who keeps this list up to date.
itemsSearchKey: Name
provider: tripline
`,
      },
      { path: `watchlists/${alias}.csv`, text: 'Name,Notes\nexample-item,replace with your items (one per line; Name must be unique)\n' },
    ],
    problems: [],
  };
}
