// series_fft / series_ifft, whose page (learn.microsoft.com/kusto/query/series-fft-function) only
// renders charts: its two examples checked against what the charts show and the transform's
// definition X[k] = sum over n of x[n]·e^(-2πikn/N), computed here term by term.
import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../src/kql/engine/index.js';
import type { WireValue } from '../../src/kql/table.js';
import { one } from './run-print.js';

/** The page's signal: a period-8 sine as the real part, a period-32 sine as the imaginary part, n = 128. */
const SINES = `let sinewave=(x:double, period:double, gain:double=1.0, phase:double=0.0)
{
    gain*sin(2*pi()/period*(x+phase))
}
;
let n=128;
range x from 0 to n-1 step 1 | extend yr=sinewave(x, 8), yi=sinewave(x, 32)
| summarize x=make_list(x), y_real=make_list(yr), y_imag=make_list(yi)`;

function expectClose(actual: WireValue, expected: number[], tolerance: number): void {
  const a = actual as number[];
  expect(a).toHaveLength(expected.length);
  const worst = Math.max(0, ...a.map((v, i) => Math.abs(v - expected[i]!)));
  expect(worst).toBeLessThan(tolerance);
}

/** The definition, term by term: the ground truth for any length. */
function dftByDefinition(re: number[], im: number[], sign: number): [number[], number[]] {
  const n = re.length;
  const outRe: number[] = [], outIm: number[] = [];
  for (let k = 0; k < n; k++) {
    let sr = 0, si = 0;
    for (let t = 0; t < n; t++) {
      const a = (sign * 2 * Math.PI * ((k * t) % n)) / n;
      sr += re[t]! * Math.cos(a) - im[t]! * Math.sin(a);
      si += re[t]! * Math.sin(a) + im[t]! * Math.cos(a);
    }
    outRe.push(sr); outIm.push(si);
  }
  return [outRe, outIm];
}

describe('series_fft', () => {
  it('turns the page\'s two sines into the four spikes its chart shows: ±64 at 4/124 (real) and 16/112 (imaginary)', () => {
    const [, , , re, im] = one(`${SINES}\n| extend (fft_y_real, fft_y_imag) = series_fft(y_real, y_imag)`);
    // sin(2πn/8) = (e^(2πi·16n/128) - e^(-2πi·16n/128)) / 2i gives -64i at bin 16 and +64i at 112;
    // i·sin(2πn/32) gives +64 at bin 4 and -64 at bin 124.
    const real = new Array<number>(128).fill(0), imag = new Array<number>(128).fill(0);
    real[4] = 64; real[124] = -64; imag[16] = -64; imag[112] = 64;
    expectClose(re, real, 1e-9);
    expectClose(im, imag, 1e-9);
  });

  it('is the definition on lengths that are not powers of two, with an imaginary part and without', () => {
    for (const n of [1, 6, 37]) {
      const re = Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * 10 + i);
      const im = Array.from({ length: n }, (_, i) => Math.cos(i * 0.3) - 0.5);
      const [fr, fi] = one(`print (r, i) = series_fft(dynamic(${JSON.stringify(re)}), dynamic(${JSON.stringify(im)}))`);
      const [er, ei] = dftByDefinition(re, im, -1);
      expectClose(fr, er, 1e-9 * n * 10);
      expectClose(fi, ei, 1e-9 * n * 10);
      const [rr, ri] = one(`print (r, i) = series_fft(dynamic(${JSON.stringify(re)}))`);
      const [zr, zi] = dftByDefinition(re, re.map(() => 0), -1);
      expectClose(rr, zr, 1e-9 * n * 10);
      expectClose(ri, zi, 1e-9 * n * 10);
    }
  });

  it('names its columns after the series, gives the real part alone when assigned to one name, and null for a non-array', () => {
    const { query } = compileQuery('print y = dynamic([1, 0, 0, 0]) | extend series_fft(y) | extend r = series_fft(y), bad = series_fft(dynamic({}))');
    const t = query!.run({ tables: {}, now: '2026-01-01T00:00:00Z' });
    expect(t.columns.map((c) => c.name)).toEqual(['y', 'series_fft_y_real', 'series_fft_y_imag', 'r', 'bad']);
    expect(t.rows[0]!.slice(1)).toEqual([[1, 1, 1, 1], [0, 0, 0, 0], [1, 1, 1, 1], null]);
  });
});

describe('series_ifft', () => {
  it('gives back the page\'s original series after series_fft (its second example)', () => {
    const [, yr, yi, re2, im2] = one(`${SINES}\n| extend (fft_y_real, fft_y_imag) = series_fft(y_real, y_imag)
| extend (y_real2, y_imag2) = series_ifft(fft_y_real, fft_y_imag)
| project-away fft_y_real, fft_y_imag`);
    expectClose(re2, yr as number[], 1e-12);
    expectClose(im2, yi as number[], 1e-12);
  });

  it('is the definition with e^(+2πikn/N) and 1/N', () => {
    const re = [3, -1, 4, 1, -5, 9, 2], im = [0.5, 0, -2, 7, 1, 1, -3];
    const [r, i] = one(`print (r, i) = series_ifft(dynamic(${JSON.stringify(re)}), dynamic(${JSON.stringify(im)}))`);
    const [er, ei] = dftByDefinition(re, im, 1);
    expectClose(r, er.map((v) => v / 7), 1e-12);
    expectClose(i, ei.map((v) => v / 7), 1e-12);
  });
});
