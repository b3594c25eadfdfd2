// The registry of built-in scalar functions, by the name Kusto.Language resolved the call to.
// `callCompilers` come first: they compile from the call's plan node; `builtinFunctions` get compiled
// arguments (most are row functions lifted into loops, functions/lift.ts).
import { binAutoCalls } from './bin-auto.js';
import { compressionFunctions } from './compression.js';
import { conditionalCalls } from './conditional.js';
import { datetimeFunctions } from './datetime.js';
import { dynamicFunctions } from './dynamic.js';
import { geoFunctions } from './geo.js';
import { geoIpCalls } from './geoip.js';
import { h3Functions } from './h3.js';
import { hashingFunctions } from './hashing.js';
import { ipFunctions } from './ip.js';
import type { CallCompiler, FnImpl } from './lift.js';
import { punycodeFunctions } from './punycode.js';
import { rowCalls } from './row.js';
import { s2Functions } from './s2.js';
import { scalarFunctions } from './scalar.js';
import { seriesFunctions } from './series.js';
import { seriesDecomposeFunctions } from './series-decompose.js';
import { seriesFftFunctions } from './series-fft.js';
import { seriesFitFunctions } from './series-fit.js';
import { seriesFitPolyFunctions } from './series-fit-poly.js';
import { seriesMathFunctions } from './series-math.js';
import { specialMathFunctions } from './special-math.js';
import { stringFunctions } from './strings.js';
import { textFunctions } from './text.js';
import { userAgentFunctions } from './user-agent.js';
import { windowCalls } from './window.js';
import { xmlFunctions } from './xml.js';

export const builtinFunctions: Record<string, FnImpl> = {
  ...scalarFunctions,
  ...stringFunctions,
  ...datetimeFunctions,
  ...dynamicFunctions,
  ...seriesFunctions,
  ...seriesDecomposeFunctions,
  ...seriesFitFunctions,
  ...seriesFitPolyFunctions,
  ...seriesFftFunctions,
  ...seriesMathFunctions,
  ...specialMathFunctions,
  ...ipFunctions,
  ...hashingFunctions,
  ...compressionFunctions,
  ...textFunctions,
  ...userAgentFunctions,
  ...punycodeFunctions,
  ...geoFunctions,
  ...h3Functions,
  ...xmlFunctions,
  ...s2Functions,
};

export const callCompilers: Record<string, CallCompiler> = {
  ...conditionalCalls,
  ...windowCalls,
  ...rowCalls,
  ...geoIpCalls,
  ...binAutoCalls,
};
