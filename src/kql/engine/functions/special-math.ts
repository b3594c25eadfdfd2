// The error, gamma and beta functions (erf, erfc, gamma, loggamma, beta_cdf/_pdf/_inv, welch_test) to
// the last digit or two of a double, which the documented outputs print 15 digits of: erf by its
// series of positive terms (no cancellation) below 2.5 and erfc by its continued fraction above;
// gamma by Lanczos' formula (g = 7, nine terms), exact at whole numbers, with the reflection formula
// below 1/2; the incomplete beta by its continued fraction (modified Lentz).
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

/** ln B(a, b). */
function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** The continued fraction of the regularized incomplete beta (modified Lentz), valid for x < (a + 1) / (a + b + 2). */
function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1, d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    for (const num of [(m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)), (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))]) {
      d = 1 + num * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + num / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-16) break;
  }
  return h;
}

/** I_x(a, b), the beta distribution's cumulative probability. */
function betaCdf(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log(1 - x) - logBeta(a, b));
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(x, a, b)) / a : 1 - (front * betaFraction(1 - x, b, a)) / b;
}

/** The x with I_x(a, b) = p, by bisection (I_x rises with x). */
function betaInv(p: number, a: number, b: number): number {
  let lo = 0, hi = 1;
  for (let i = 0; i < 200 && hi - lo > 1e-17; i++) {
    const mid = (lo + hi) / 2;
    if (betaCdf(mid, a, b) < p) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Two-tailed p-value of Welch's t-test: t = (m1 - m2) / √(v1/n1 + v2/n2) with the Welch–Satterthwaite degrees of freedom. */
function welchTest(m1: number, v1: number, n1: number, m2: number, v2: number, n2: number): number {
  const s1 = v1 / n1, s2 = v2 / n2;
  const t = (m1 - m2) / Math.sqrt(s1 + s2);
  const df = (s1 + s2) ** 2 / (s1 ** 2 / (n1 - 1) + s2 ** 2 / (n2 - 1));
  return betaCdf(df / (df + t * t), df / 2, 0.5);
}

const badShape = (a: number, b: number, max = Infinity): boolean => !(a > 0 && a <= max && b > 0 && b <= max);

/** A function of numbers; null when an argument is null. */
function numeric(f: (...xs: number[]) => number | null): FnImpl {
  return (c) => lift(c, () => (...vs: Val[]) => (vs.some((v) => v === null) ? null : f(...vs.map(Number))));
}

export const specialMathFunctions: Record<string, FnImpl> = {
  erf: numeric(erf),
  erfc: numeric(erfc),
  gamma: numeric(gamma),
  loggamma: numeric(logGamma),
  // The limits and their NaN/null results as the pages document them; for beta_inv the page's note
  // and its output table disagree, and the table (null above 1, NaN for a shape ≤ 0) is followed.
  beta_cdf: numeric((x, a, b) => (x! < 0 || x! > 1 || badShape(a!, b!, 10000) ? NaN : betaCdf(x!, a!, b!))),
  beta_pdf: numeric((x, a, b) => (x! <= 0 || x! >= 1 || badShape(a!, b!) ? NaN
    : Math.exp((a! - 1) * Math.log(x!) + (b! - 1) * Math.log(1 - x!) - logBeta(a!, b!)))),
  beta_inv: numeric((p, a, b) => (p! <= 0 || p! > 1 ? null : badShape(a!, b!) ? NaN : betaInv(p!, a!, b!))),
  welch_test: numeric((m1, v1, n1, m2, v2, n2) => welchTest(m1!, v1!, n1!, m2!, v2!, n2!)),
};
