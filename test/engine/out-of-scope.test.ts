// Polygon algebra and graph operators stay out of the embedded engine (issue 10): a query using them
// is a compile error that names the construct at its position, never a wrong answer.
import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../src/kql/engine/index.js';

describe('constructs out of scope', () => {
  it.each([
    ['geo_union_polygons_array', 'print u = geo_union_polygons_array(dynamic([]))', 11],
    ['geo_intersection_2polygons', 'print i = geo_intersection_2polygons(dynamic(null), dynamic(null))', 11],
    ['geo_polygon_simplify', 'print s = geo_polygon_simplify(dynamic(null))', 11],
    ['geo_polygon_densify', 'print d = geo_polygon_densify(dynamic(null))', 11],
  ])('%s is a compile error at the call', (name, kql, column) => {
    const { query, errors } = compileQuery(kql);
    expect(query).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain(`${name}()`);
    expect([errors[0]!.line, errors[0]!.column]).toEqual([1, column]);
  });

  it('make-graph is a compile error naming the operator', () => {
    const { query, errors } = compileQuery('datatable(a:string, b:string)["x","y"]\n| make-graph a --> b with_node_id=a');
    expect(query).toBeUndefined();
    expect(errors[0]!.message).toContain('make-graph');
    expect(errors[0]!.line).toBe(2);
  });
});
