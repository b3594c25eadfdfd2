// `tripline render --out DIR`: the request bodies as they would be sent, one file per content item.
// Everything is computed first and written only when the whole run is clean, so a failed run never
// leaves a half-written DIR behind.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Environment } from '../environments/types.js';
import { alertRuleBody } from '../render/alert-rule-body.js';
import type { RenderedRule } from '../rules/types.js';
import type { Watchlist } from '../watchlists/types.js';

export interface OutputFile {
  path: string;
  content: unknown;
}

export function watchlistBody(w: Watchlist): { properties: Record<string, unknown> } {
  const { displayName, description, provider, itemsSearchKey, ...rest } = w.meta;
  return {
    properties: {
      displayName,
      ...(description ? { description } : {}),
      provider,
      itemsSearchKey,
      ...rest,
      source: w.csvFile.split('/').pop(),
      sourceType: 'Local',
      contentType: 'text/csv',
      numberOfLinesToSkip: 0,
      rawContent: w.csvText.replace(/^\uFEFF/, ''),
    },
  };
}

export function renderOutputs(rendered: RenderedRule[], watchlists: Watchlist[], env: Environment): OutputFile[] {
  return [
    ...rendered.map((r) => ({ path: `rules/${r.rule.stem}.json`, content: alertRuleBody(r, env) })),
    ...watchlists.map((w) => ({ path: `watchlists/${w.alias}.json`, content: watchlistBody(w) })),
  ];
}

export function writeOutputs(outDir: string, files: OutputFile[]): void {
  for (const f of files) {
    const path = join(outDir, f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(f.content, null, 2) + '\n');
  }
}
