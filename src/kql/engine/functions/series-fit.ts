// Two-segment linear regression (series_fit_2lines, series_fit_2lines_dynamic): every split of the
// series into two parts of at least two points, a series_fit_line on each part (its own x = 1..k),
// and the split whose combined R-squared is highest.
import { markReals } from '../../json.js';
import type { Dyn } from '../values.js';
import { type FnImpl, lift } from './lift.js';
import { nums } from './series.js';
import { fitLine } from './series-analysis.js';

interface Side { rsquare: number; slope: number; interception: number; variance: number; rvariance: number; fit: number[]; ssRes: number }

function side(ys: number[]): Side {
  const n = ys.length;
  const { slope, interception } = fitLine(ys);
  const fit = ys.map((_, i) => interception + slope * (i + 1));
  const mean = ys.reduce((a, b) => a + b, 0) / n;
  const ssTot = ys.reduce((a, y) => a + (y - mean) ** 2, 0);
  const ssRes = ys.reduce((a, y, i) => a + (y - fit[i]!) ** 2, 0);
  return {
    rsquare: ssTot === 0 ? 1 : 1 - ssRes / ssTot, slope, interception,
    variance: n > 1 ? ssTot / (n - 1) : 0, rvariance: n > 1 ? ssRes / (n - 1) : 0, fit, ssRes,
  };
}

interface TwoLines { rsquare: number; split_idx: number; variance: number; rvariance: number; line_fit: number[]; left: Side; right: Side }

/** The right part starts at split_idx (zero-based). Null when the series has fewer than four points. */
function fit2(ys: number[]): TwoLines | null {
  const n = ys.length;
  if (n < 4) return null;
  const mean = ys.reduce((a, b) => a + b, 0) / n;
  const ssTot = ys.reduce((a, y) => a + (y - mean) ** 2, 0);
  let best: TwoLines | null = null;
  for (let k = 2; k <= n - 2; k++) {
    const left = side(ys.slice(0, k));
    const right = side(ys.slice(k));
    const ssRes = left.ssRes + right.ssRes;
    const rsquare = ssTot === 0 ? 1 : 1 - ssRes / ssTot;
    if (best && rsquare <= best.rsquare) continue;
    best = { rsquare, split_idx: k, variance: ssTot / (n - 1), rvariance: ssRes / (n - 1), line_fit: [...left.fit, ...right.fit], left, right };
  }
  return best;
}

function sideBag(s: Side): { [k: string]: Dyn } {
  return markReals({ rsquare: s.rsquare, slope: s.slope, interception: s.interception, variance: s.variance, rvariance: s.rvariance });
}

function values(ys: Dyn): number[] | null {
  return nums(ys as never)?.map((x) => x ?? 0) ?? null;
}

export const seriesFitFunctions: Record<string, FnImpl> = {
  // Fields in Kusto.Language's order of the tuple's columns.
  series_fit_2lines: (c) => lift(c, () => (v) => {
    const r = fit2(values(v as Dyn) ?? []);
    if (!r) return c.named ? null : Array<Dyn>(15).fill(null);
    if (c.named) return r.rsquare;
    const { left: l, right: g } = r;
    return [r.rsquare, r.split_idx, r.variance, r.rvariance, r.line_fit,
      g.rsquare, g.slope, g.interception, g.variance, g.rvariance, l.rsquare, l.slope, l.interception, l.variance, l.rvariance];
  }),
  series_fit_2lines_dynamic: (c) => lift(c, () => (v) => {
    const r = fit2(values(v as Dyn) ?? []);
    if (!r) return null;
    const bag = { rsquare: r.rsquare, split_idx: r.split_idx, variance: r.variance, rvariance: r.rvariance, line_fit: markReals(r.line_fit), right: sideBag(r.right), left: sideBag(r.left) };
    return markReals(bag, ['rsquare', 'variance', 'rvariance']);
  }),
};
