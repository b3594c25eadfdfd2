// Functions that copy the elements of dynamic arrays keep each element's kind: a whole real taken from
// a marked source prints as 10.0, a long beside it as 10, as the real engine writes them.
import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../src/kql/engine/index.js';
import { formatResult } from '../../src/run/format.js';

function rowsOf(kql: string): string {
  const { query, errors } = compileQuery(kql);
  expect(errors).toEqual([]);
  const json = formatResult(query!.run({ tables: {}, now: '2026-01-01T00:00:00Z' }), 'json');
  return json.slice(json.indexOf('"rows":'));
}

const MIXED = 'let a = pack_array(1.0, 2, 3.0);';

describe('copies of arrays holding whole reals', () => {
  it('keep each element\'s kind through concat, slice, reverse, rotate and shift', () => {
    expect(rowsOf(`${MIXED} print array_concat(a, dynamic([4]), a), array_slice(a, 1, 2), array_reverse(a)`))
      .toBe('"rows":[[[1.0,2,3.0,4,1.0,2,3.0],[2,3.0],[3.0,2,1.0]]]}\n');
    expect(rowsOf(`${MIXED} print array_rotate_left(a, 1), array_rotate_right(a, 1), array_shift_left(a, 1), array_shift_right(a, 1, 9.0)`))
      .toBe('"rows":[[[2,3.0,1.0],[3.0,1.0,2],[2,3.0,null],[9.0,1.0,2]]]}\n');
  });

  it('keep it through the sorts, one array or several', () => {
    expect(rowsOf(`${MIXED} print array_sort_desc(a), array_sort_asc(pack_array(3, 1, 2), a)`))
      .toBe('"rows":[[[3.0,2,1.0],[1,2,3],[2,3.0,1.0]]]}\n');
  });

  it('keep it through set_union, set_intersect and set_difference', () => {
    expect(rowsOf(`${MIXED} print set_union(a, dynamic([5])), set_intersect(a, dynamic([3, 1])), set_difference(a, dynamic([2]))`))
      .toBe('"rows":[[[1.0,2,3.0,5],[1.0,3.0],[1.0,3.0]]]}\n');
  });

  it('keep it through series_fill_*, where a real fill constant prints as one (the series_fill_const page)', () => {
    expect(rowsOf(`print a = pack_array(1.0, long(null), 2, long(null))
      | project series_fill_const(a, 0.0), series_fill_const(a, -1), series_fill_forward(a), series_fill_backward(a)`))
      .toBe('"rows":[[[1.0,0.0,2,0.0],[1.0,-1,2,-1],[1.0,1.0,2,2],[1.0,2,2,null]]]}\n');
  });
});

describe('element-wise series_* results', () => {
  it('are real where an operand\'s element is, and long where both are (the real engine keeps long series long)', () => {
    expect(rowsOf(`${MIXED} print series_add(a, pack_array(1, 1, 1)), series_multiply(pack_array(2, 3), pack_array(2, 3)), series_subtract(pack_array(2, 3), 1.0)`))
      .toBe('"rows":[[[2.0,3,4.0],[4,9],[1.0,2.0]]]}\n');
  });
});

describe('the computed series of the series analysis functions', () => {
  it('are reals: series_fft, series_fit_2lines_dynamic, series_decompose_anomalies (whose flags stay longs)', () => {
    expect(rowsOf('print series_fft(dynamic([1, 1, 1, 1]))')).toBe('"rows":[[[4.0,0.0,0.0,0.0],[0.0,0.0,0.0,0.0]]]}\n');
    expect(rowsOf('print series_fit_2lines_dynamic(dynamic([1, 2, 3, 10, 20, 30]))')).toBe(
      '"rows":[[{"rsquare":1.0,"split_idx":3,"variance":137.6,"rvariance":0.0,"line_fit":[1.0,2.0,3.0,10.0,20.0,30.0],' +
      '"right":{"rsquare":1.0,"slope":10.0,"interception":0.0,"variance":100.0,"rvariance":0.0},' +
      '"left":{"rsquare":1.0,"slope":1.0,"interception":0.0,"variance":1.0,"rvariance":0.0}}]]}\n');
    expect(rowsOf('print series_decompose_anomalies(dynamic([1, 1, 1, 1, 1, 1, 1, 9]), 1.5, 0, "none")'))
      .toBe('"rows":[[[0,0,0,0,0,0,0,1],[0.0,0.0,0.0,0.0,0.0,0.0,0.0,2.3333333333333353],[0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0]]]}\n');
  });
});
