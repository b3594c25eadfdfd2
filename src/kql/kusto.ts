/// <reference types="@kusto/language-service-next" />
// Kusto.Language is a Bridge.NET build that defines globals (`Bridge`, `System`, `Kusto`) when its
// scripts are required, in this order. Loading costs about a second, so it happens once per process,
// on first use, and never at import time of modules that might not need it.
import { createRequire } from 'node:module';
import { correctSymbols } from './symbol-corrections.js';

let loaded: typeof Kusto.Language | undefined;

export function kusto(): typeof Kusto.Language {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    require('@kusto/language-service-next/bridge.min.js');
    require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
    loaded = (globalThis as unknown as { Kusto: typeof Kusto }).Kusto.Language;
    correctSymbols(loaded);
  }
  return loaded;
}
