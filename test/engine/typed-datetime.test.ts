// Typed paths over datetime columns must answer exactly as the boxed (bigint) paths: the same query over
// a typed input column and over a boxed copy of it (todatetime(tostring(t)) yields boxed values).
import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../src/kql/engine/index.js';
import type { DataTable, WireValue } from '../../src/kql/table.js';

// Extremes, nulls, leap days, the Unix epoch's edges, and DST changes in Sydney and New York.
const TIMES = [
  '0001-01-01T00:00:00Z', '0001-01-01T03:59:59.9999999Z', '9999-12-31T23:59:59.9999999Z', '9999-12-30T12:00:00Z', null,
  '1969-12-31T23:59:59.9999999Z', '1970-01-01T00:00:00Z', '1969-12-31T23:59:59.99995Z', '2024-02-29T13:14:15.1234567Z',
  '2023-12-31T23:59:59Z', '2021-01-03T00:00:00Z', '2026-04-04T15:59:59.9999999Z', '2026-04-04T16:00:00Z',
  '2026-10-03T16:00:00Z', '2026-10-04T02:30:00Z', '2026-03-08T07:00:00Z', '2026-03-08T02:30:00Z', '2026-11-01T05:59:59Z',
  '1900-03-01T00:00:00Z', '2000-01-01T00:00:00.0000001Z', '2026-12-28T08:00:00Z',
];

const input: DataTable = {
  columns: [{ name: 't', type: 'datetime' }, { name: 'u', type: 'string' }],
  rows: TIMES.map((t, i) => [t, ['hour', 'week', 'day'][i % 3]!] as WireValue[]),
};

function run(kql: string): unknown[][] {
  const q = compileQuery(kql, { tables: { T: input.columns } });
  expect(q.errors).toEqual([]);
  return q.query!.run({ tables: { T: input }, now: '2026-03-04T00:00:00Z' }).rows;
}

/** The query's rows over the typed column and over its boxed copy. */
function both(expr: string): [unknown[][], unknown[][]] {
  return [
    run(`T | extend r = ${expr} | project r`),
    run(`T | extend t = todatetime(tostring(t)) | extend r = ${expr} | project r`),
  ];
}

const ZONES = ['Australia/Sydney', 'America/New_York', 'Asia/Kolkata', 'UTC', 'Nowhere/Zone'];

describe('datetime functions over a typed column', () => {
  it.each([
    'hourofday(t)', 'dayofweek(t)', 'dayofmonth(t)', 'dayofyear(t)', 'getyear(t)', 'getmonth(t)', 'monthofyear(t)',
    'week_of_year(t)', 'weekofyear(t)',
    ...['year', 'quarter', 'month', 'day', 'dayofyear', 'hour', 'minute', 'second', 'millisecond', 'microsecond',
      'nanosecond', 'week_of_year'].map((u) => `datetime_part("${u}", t)`),
    'datepart("hour", t)',
  ])('%s answers as the boxed path', (expr) => {
    const [typed, boxed] = both(expr);
    expect(typed).toEqual(boxed);
  });

  it.each(ZONES)('datetime_utc_to_local and datetime_local_to_utc in %s answer as the boxed path', (zone) => {
    // (As ticks: a zone's offset can move 0001-01-01 before the first datetime, which prints differently.)
    for (const expr of [`tolong(datetime_utc_to_local(t, "${zone}"))`, `tolong(datetime_local_to_utc(t, "${zone}"))`]) {
      const [typed, boxed] = both(expr);
      expect(typed).toEqual(boxed);
    }
  });

  it('parts of local times, including those before 0001-01-01, answer as the boxed path', () => {
    const expr = 'pack_array(hourofday(l), dayofweek(l), getyear(l), datetime_part("week_of_year", l), tolong(datetime_utc_to_local(l, "America/New_York")))';
    const typedRows = run(`T | extend l = datetime_local_to_utc(t, "Asia/Kolkata") | project r = ${expr}`);
    const boxedRows = run(`T | extend t = todatetime(tostring(t)) | extend l = datetime_local_to_utc(t, "Asia/Kolkata") | project r = ${expr}`);
    expect(typedRows).toEqual(boxedRows);
  });

  it('a time zone that varies by row takes the boxed path', () => {
    const [typed, boxed] = both('tolong(datetime_utc_to_local(t, iff(u == "hour", "Asia/Kolkata", "UTC")))');
    expect(typed).toEqual(boxed);
  });
});
