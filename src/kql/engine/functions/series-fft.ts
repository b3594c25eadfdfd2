// The discrete Fourier transform of a complex series given as a real and an imaginary array
// (series_fft, series_ifft): X[k] = sum x[n]·e^(-2πikn/N), the inverse with e^(+2πikn/N) and 1/N, as
// the documented round trip and the signs of the documented chart require. Any length: radix-2 for
// powers of two, Bluestein's chirp (a power-of-two convolution) otherwise.
import { markReals } from '../../json.js';
import type { Dyn, Val } from '../values.js';
import { type CallInfo, type FnImpl, lift } from './lift.js';
import { nums } from './series.js';

interface Complex { re: number[]; im: number[] }

/** In place, iterative Cooley-Tukey; n must be a power of two. */
function radix2(re: number[], im: number[], sign: 1 | -1): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) { [re[i], re[j]] = [re[j]!, re[i]!]; [im[i], im[j]] = [im[j]!, im[i]!]; }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (sign * 2 * Math.PI) / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(ang * k), wi = Math.sin(ang * k);
        const a = i + k, b = a + len / 2;
        const xr = re[b]! * wr - im[b]! * wi, xi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - xr; im[b] = im[a]! - xi;
        re[a] = re[a]! + xr; im[a] = im[a]! + xi;
      }
    }
  }
}

/** Bluestein: with c[m] = e^(sign·iπm²/N), X[k] = c[k] · sum over n of (x[n]·c[n]) · conj(c[k-n]), a convolution. */
function bluestein(x: Complex, sign: 1 | -1): Complex {
  const n = x.re.length;
  let m = 1;
  while (m < 2 * n - 1) m <<= 1;
  // m² mod 2n keeps the chirp's angle small, so cos/sin stay exact for long series.
  const cr = new Array<number>(n), ci = new Array<number>(n);
  for (let k = 0; k < n; k++) {
    const a = (sign * Math.PI * ((k * k) % (2 * n))) / n;
    cr[k] = Math.cos(a); ci[k] = Math.sin(a);
  }
  const ar = new Array<number>(m).fill(0), ai = new Array<number>(m).fill(0);
  const br = new Array<number>(m).fill(0), bi = new Array<number>(m).fill(0);
  for (let k = 0; k < n; k++) {
    ar[k] = x.re[k]! * cr[k]! - x.im[k]! * ci[k]!;
    ai[k] = x.re[k]! * ci[k]! + x.im[k]! * cr[k]!;
  }
  br[0] = cr[0]!; bi[0] = -ci[0]!;
  for (let k = 1; k < n; k++) { br[k] = br[m - k] = cr[k]!; bi[k] = bi[m - k] = -ci[k]!; }
  radix2(ar, ai, -1);
  radix2(br, bi, -1);
  for (let k = 0; k < m; k++) {
    const r = ar[k]! * br[k]! - ai[k]! * bi[k]!;
    ai[k] = ar[k]! * bi[k]! + ai[k]! * br[k]!;
    ar[k] = r;
  }
  radix2(ar, ai, 1);
  const re = new Array<number>(n), im = new Array<number>(n);
  for (let k = 0; k < n; k++) {
    const pr = ar[k]! / m, pi = ai[k]! / m;
    re[k] = pr * cr[k]! - pi * ci[k]!;
    im[k] = pr * ci[k]! + pi * cr[k]!;
  }
  return { re, im };
}

/** The transform with e^(sign·2πikn/N), unscaled. */
function dft(x: Complex, sign: 1 | -1): Complex {
  const n = x.re.length;
  if ((n & (n - 1)) === 0) {
    const re = [...x.re], im = [...x.im];
    radix2(re, im, sign);
    return { re, im };
  }
  return bluestein(x, sign);
}

/** The complex input; null when the real part is not an array or the parts differ in length. Missing elements count as 0. */
function complexOf(real: Val, imag: Val | undefined): Complex | null {
  const re = nums(real);
  if (!re) return null;
  const im = imag === undefined || imag === null ? re.map(() => 0) : nums(imag);
  if (!im || im.length !== re.length) return null;
  return { re: re.map((v) => v ?? 0), im: im.map((v) => v ?? 0) };
}

function transform(c: CallInfo, sign: 1 | -1): ReturnType<FnImpl> {
  return lift(c, () => (real: Val, imag?: Val) => {
    const x = complexOf(real, imag);
    const y = x && dft(x, sign);
    if (y && sign === 1) {
      const n = y.re.length;
      for (let k = 0; k < n; k++) { y.re[k] = y.re[k]! / n; y.im[k] = y.im[k]! / n; }
    }
    // Fields in Kusto.Language's order of the tuple's columns (real, imag).
    const fields: Dyn[] = y ? [markReals(y.re), markReals(y.im)] : [null, null];
    return c.named ? fields[0]! : fields;
  });
}

export const seriesFftFunctions: Record<string, FnImpl> = {
  series_fft: (c) => transform(c, -1),
  series_ifft: (c) => transform(c, 1),
};
