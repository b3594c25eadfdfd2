// erf, erfc, gamma and loggamma away from the whole numbers their pages' examples use (those are docs
// cases, family math): against the definitions, computed here independently: erfc as the integral of
// 2/√π·e^(-t²) (Simpson's rule), Γ at half-integers as (2n)!/(4ⁿn!)·√π, lnΓ at whole numbers as a sum of logs.
import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../src/kql/engine/index.js';

function values(kql: string): number[] {
  const { query, errors } = compileQuery(kql);
  expect(errors).toEqual([]);
  return query!.run({ tables: {}, now: '2026-01-01T00:00:00Z' }).rows[0] as number[];
}

const near = (actual: number, expected: number, relative: number): void => {
  expect(Math.abs(actual - expected) / Math.abs(expected), `${actual} vs ${expected}`).toBeLessThan(relative);
};

function erfcByIntegral(x: number): number {
  const n = 100000, b = x + 6, h = (b - x) / n;
  const f = (t: number): number => (2 / Math.sqrt(Math.PI)) * Math.exp(-t * t);
  let sum = f(x) + f(b);
  for (let i = 1; i < n; i++) sum += f(x + i * h) * (i % 2 ? 4 : 2);
  return (sum * h) / 3;
}

describe('erf and erfc', () => {
  it('are the integral on both sides of 2.5, where the engine changes method, and far out', () => {
    const xs = [0.3, 1.7, 2.49, 2.51, 4.2, 9];
    const got = values(`print ${xs.map((x, i) => `e${i} = erfc(${x}), f${i} = erf(${x})`).join(', ')}`);
    xs.forEach((x, i) => {
      near(got[2 * i]!, erfcByIntegral(x), 1e-12);
      near(got[2 * i + 1]!, 1 - erfcByIntegral(x), 1e-12);
    });
  });
});

describe('gamma and loggamma', () => {
  it('gamma is (2n)!/(4ⁿn!)·√π at half-integers, and the reflection formula below 1/2', () => {
    const halves = [0, 1, 4, 10];
    const exact = (n: number): number => {
      let r = Math.sqrt(Math.PI);
      for (let k = 1; k <= n; k++) r *= k - 0.5;
      return r;
    };
    const got = values(`print ${halves.map((n, i) => `g${i} = gamma(${n}.5)`).join(', ')}, neg = gamma(-0.5)`);
    halves.forEach((n, i) => near(got[i]!, exact(n), 1e-14));
    near(got[halves.length]!, -2 * Math.sqrt(Math.PI), 1e-14);
  });

  it('loggamma is ln((n-1)!) where gamma overflows, and ln|Γ| of a negative argument', () => {
    const [big, bigger, neg] = values('print a = loggamma(200), b = loggamma(1000.5), c = loggamma(-0.5)');
    let ln199 = 0;
    for (let k = 2; k < 200; k++) ln199 += Math.log(k);
    near(big!, ln199, 1e-14);
    // Stirling's series with four terms is exact to double precision at x = 1000.5.
    const x = 1000.5;
    const stirling = (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3) + 1 / (1260 * x ** 5);
    near(bigger!, stirling, 1e-14);
    near(neg!, Math.log(2 * Math.sqrt(Math.PI)), 1e-14);
  });
});
