// Numeric functions beyond their pages' examples (those are docs cases, family math). erf, erfc, gamma,
// loggamma and welch_test (whose page states its result to two digits) against the definitions,
// computed here independently: erfc as the integral of 2/√π·e^(-t²) (Simpson's rule), Γ at
// half-integers as (2n)!/(4ⁿn!)·√π, lnΓ at whole numbers as a sum of logs, the t-test's tails by
// integration; around() at both bounds and on nulls; bitset_count_ones() on a long's 64 bits.
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

describe('welch_test', () => {
  it('gives the page\'s p-value 0.021 for Wikipedia\'s samples, the two tails of Student\'s t at the Welch–Satterthwaite df', () => {
    const [m1, v1, n1, m2, v2, n2, p] = values(`print
    s1 = dynamic([27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]),
    s2 = dynamic([27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4])
| mv-expand s1 to typeof(double), s2 to typeof(double)
| summarize m1=avg(s1), v1=variance(s1), c1=count(), m2=avg(s2), v2=variance(s2), c2=count()
| extend pValue=welch_test(m1,v1,c1,m2,v2,c2)`) as [number, number, number, number, number, number, number];
    expect(p.toFixed(3)).toBe('0.021');
    const s1 = v1 / n1, s2 = v2 / n2;
    const t = Math.abs(m1 - m2) / Math.sqrt(s1 + s2);
    const df = (s1 + s2) ** 2 / (s1 ** 2 / (n1 - 1) + s2 ** 2 / (n2 - 1));
    // Student's t density, normalized numerically over [-60, 60]; both tails beyond |t| by Simpson's rule.
    const density = (x: number): number => (1 + (x * x) / df) ** (-(df + 1) / 2);
    const integrate = (a: number, b: number): number => {
      const n = 200000, h = (b - a) / n;
      let sum = density(a) + density(b);
      for (let i = 1; i < n; i++) sum += density(a + i * h) * (i % 2 ? 4 : 2);
      return (sum * h) / 3;
    };
    near(p, (2 * integrate(t, 60)) / integrate(-60, 60), 1e-6);
  });
});

describe('around', () => {
  it('includes both ends of [center - delta, center + delta] and is null on a null argument, as its page states', () => {
    expect(values(`print a = around(3, 4, 1), b = around(5, 4, 1), c = around(6, 4, 1),
  d = around(4.5, 4.0, 0.25), e = around(90m, 2h, 30m), f = around(long(null), 4, 1), g = around(4, 4, real(null))`))
      .toEqual([true, true, false, false, true, null, null]);
  });
});

describe('bitset_count_ones', () => {
  it('counts the set bits of the 64-bit two\'s complement: -1 has 64, the largest long 63', () => {
    expect(values('print bitset_count_ones(-1), bitset_count_ones(9223372036854775807), bitset_count_ones(-9223372036854775807 - 1), bitset_count_ones(long(null))'))
      .toEqual([64, 63, 1, null]);
  });
});
