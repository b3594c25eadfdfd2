// The registry of built-in scalar functions, by the name Kusto.Language resolved the call to.
import { datetimeFunctions } from './datetime.js';
import { dynamicFunctions } from './dynamic.js';
import { ipFunctions } from './ip.js';
import type { FnImpl } from './lift.js';
import { scalarFunctions } from './scalar.js';
import { seriesFunctions } from './series.js';
import { stringFunctions } from './strings.js';

export const builtinFunctions: Record<string, FnImpl> = {
  ...scalarFunctions,
  ...stringFunctions,
  ...datetimeFunctions,
  ...dynamicFunctions,
  ...seriesFunctions,
  ...ipFunctions,
};
