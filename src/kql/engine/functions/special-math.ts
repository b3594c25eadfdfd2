// The error function and the gamma function (erf, erfc, gamma, loggamma) to the last digit or two of
// a double, which the documented outputs print 15 digits of: erf by its series of positive terms
// (no cancellation) below 2.5 and erfc by its continued fraction above; gamma by Lanczos' formula
// (g = 7, nine terms), exact at whole numbers, with the reflection formula below 1/2.
import type { Val } from '../values.js';
import { type FnImpl, lift } from './lift.js';

const SQRT_PI = Math.sqrt(Math.PI);

/** erf(x) = 2/√π · e^(-x²) · sum over n of 2ⁿx^(2n+1) / (1·3·…·(2n+1)). */
function erfSeries(x: number): number {
  let term = x, sum = x;
  for (let n = 1; Math.abs(term) > Math.abs(sum) * 1e-17; n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
  }
  return (2 / SQRT_PI) * Math.exp(-x * x) * sum;
}

/** erfc(x) for x ≥ 2.5: e^(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated from the tail. */
function erfcFraction(x: number): number {
  let f = x;
  for (let n = 200; n >= 1; n--) f = x + n / 2 / f;
  return Math.exp(-x * x) / (SQRT_PI * f);
}

function erf(x: number): number {
  if (Math.abs(x) < 2.5) return erfSeries(x);
  if (Number.isNaN(x)) return NaN;
  return Math.sign(x) * (1 - erfcFraction(Math.abs(x)));
}

function erfc(x: number): number {
  return x >= 2.5 ? erfcFraction(x) : 1 - erf(x);
}

const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];

/** Γ(x) = √(2π) · t^(x-1/2) · e^(-t) · A(x), t = x + 6.5, for x ≥ 1/2; as its logarithm, which does not overflow. */
function logGammaLanczos(x: number): number {
  const z = x - 1;
  let a = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

function factorial(n: number): number {
  let f = 1;
  for (let k = 2; k <= n; k++) f *= k;
  return f;
}

function gamma(x: number): number {
  if (Number.isInteger(x) && x > 0 && x <= 171) return factorial(x - 1);
  if (x === 0) return 1 / x;
  if (Number.isInteger(x) && x < 0) return NaN;
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  return Math.exp(logGammaLanczos(x));
}

/** ln |Γ(x)|. */
function logGamma(x: number): number {
  if (Number.isInteger(x) && x > 0 && x <= 171) return Math.log(factorial(x - 1));
  if (Number.isInteger(x) && x <= 0) return Infinity;
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  return logGammaLanczos(x);
}

function real(f: (x: number) => number): FnImpl {
  return (c) => lift(c, () => (v: Val) => (v === null ? null : f(Number(v))));
}

export const specialMathFunctions: Record<string, FnImpl> = {
  erf: real(erf),
  erfc: real(erfc),
  gamma: real(gamma),
  loggamma: real(logGamma),
};
