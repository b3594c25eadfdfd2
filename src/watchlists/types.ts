import type { YamlSource } from '../core/yaml.js';

export interface WatchlistMeta {
  displayName: string;
  description?: string;
  itemsSearchKey: string;
  provider: string;
  labels?: string[];
  defaultDuration?: string;
  [other: string]: unknown;
}

/** watchlists/<Alias>.yaml + the CSV that holds its items (the default one or an environment's). */
export interface Watchlist {
  alias: string;
  metaFile: string;
  meta: WatchlistMeta;
  metaSource: YamlSource;
  /** Repository-relative path of the CSV actually used. */
  csvFile: string;
  /** CSV text as read, sent as rawContent on deploy. */
  csvText: string;
  columns: string[];
  rows: Record<string, string>[];
}
