// Every scalar function in Kusto.Language's function table runs on the engine (it has an entry in the
// function registry) or is listed here with the reason it does not: a query calling it is a compile
// error naming it. The lists are pinned both ways, so implementing a listed function, or a
// Kusto.Language upgrade adding one the engine lacks, shows up here.
import { describe, expect, it } from 'vitest';
import { builtinFunctions, callCompilers } from '../../src/kql/engine/functions/index.js';
import { compileQuery } from '../../src/kql/engine/index.js';
import { kusto } from '../../src/kql/kusto.js';

const reasons: [string, string[]][] = [
  ['internal to Kusto (the service\'s own rewrites), not written in queries', [
    '__cast', '__geo_length_to_s2cell_level', '__geo_line_s2cell_covering_level', '__geo_line_validate',
    '__geo_polygon_s2cell_covering_level', '__geo_polygon_validate', '__hash_crc32', '__hash_djb2', '__hash_many_crc32',
    '__hash_xxh64', '__hll_normalize', '__invoke', '__ipv6_lookup_ranges', '__lz4_compress_dynamic_array_to_base64_string']],
  ['a table reference, which the plan resolves (table()) or which has no meaning offline, with one workspace and no cluster', [
    'table', 'cluster', 'database', 'external_table', 'materialized_view', 'stored_query_result', 'entity_group',
    'current_cluster_endpoint', 'current_database', 'current_node_id', 'current_principal', 'current_principal_details',
    'current_principal_is_member_of', 'current_cursor', 'cursor_after', 'cursor_before_or_at', 'cursor_current',
    'extent_id', 'extentid', 'extent_tags', 'estimate_data_size', 'row_id', 'rowstore_ordinal_range']],
  ['graph operators\' functions: out of scope (issue 10)', [
    'graph', 'all', 'any', 'map', 'labels', 'node_id', 'inner_nodes', 'node_degree_in', 'node_degree_out']],
  ['polygon and line algebra: out of scope (issue 10)', [
    'geo_union_polygons_array', 'geo_union_lines_array', 'geo_intersection_2polygons', 'geo_intersection_2lines',
    'geo_intersection_line_with_polygon', 'geo_polygon_simplify', 'geo_line_simplify', 'geo_simplify_polygons_array',
    'geo_polygon_densify', 'geo_line_densify', 'geo_polygon_buffer', 'geo_line_buffer', 'geo_point_buffer']],
  ['hll/tdigest sketches: the engine has no sketch values (its dcount and percentiles are exact)', [
    'hll_isvalid', 'hll_merge', 'dcount_hll', 'tdigest_isvalid', 'tdigest_merge', 'merge_tdigest', 'percentile_tdigest',
    'percentiles_array_tdigest', 'percentrank_tdigest', 'rank_tdigest']],
  ['line and polygon measures and predicates: not implemented (issue 10 names only points, cells and containment)', [
    'geo_angle', 'geo_azimuth', 'geo_closest_point_on_line', 'geo_closest_point_on_polygon', 'geo_distance_point_to_line',
    'geo_distance_point_to_polygon', 'geo_from_wkt', 'geo_intersects_2lines', 'geo_intersects_2polygons',
    'geo_intersects_line_with_polygon', 'geo_line_centroid', 'geo_line_interpolate_point', 'geo_line_length',
    'geo_line_locate_point', 'geo_line_to_s2cells', 'geo_polygon_area', 'geo_polygon_centroid', 'geo_polygon_perimeter',
    'geo_polygon_to_h3cells', 'geo_polygon_to_s2cells']],
  ['not implemented: unit conversions, outside issue 10', [
    'convert_angle', 'convert_energy', 'convert_force', 'convert_length', 'convert_mass', 'convert_speed',
    'convert_temperature', 'convert_volume']],
  ['not implemented: no documentation page to take the semantics from', ['array_strcat', 'set_equals', 'iscolumnexists', 'row_rank']],
  ['not implemented', ['assert', 'column_names_of', 'datetime_list_timezones']],
];

const NOT_RUN = new Map(reasons.flatMap(([why, names]) => names.map((n) => [n, why] as const)));

describe('Kusto.Language\'s scalar functions', () => {
  it('run on the engine or are listed with the reason they do not', () => {
    const all = kusto().Functions.All as unknown as { Name: string }[];
    const lacking = all.map((f) => f.Name).filter((n) => !(n in builtinFunctions) && !(n in callCompilers));
    expect(lacking.filter((n) => !NOT_RUN.has(n)), 'lacking and not listed').toEqual([]);
    expect([...NOT_RUN.keys()].filter((n) => !lacking.includes(n)), 'listed but run now (or gone): remove them').toEqual([]);
  });

  it('a listed one is a compile error naming it at the call', () => {
    const { query, errors } = compileQuery('print a = 1\n| extend b = geo_line_length(dynamic({"type":"LineString","coordinates":[[0,0],[1,1]]}))');
    expect(query).toBeUndefined();
    expect(errors.map((e) => [e.line, e.column, e.message])).toEqual([[2, 14, 'unsupported function: geo_line_length()']]);
  });
});
