// The engine's public API as other stages use it: compile once, run many times over DataTables, with
// errors located in the query text and values in the wire format.
import { describe, expect, it } from 'vitest';
import { compileQuery, KqlRuntimeError } from '../../src/kql/engine/index.js';
import { buildGlobals, createSchemaContext } from '../../src/kql/schema/index.js';
import type { ColumnSchema, DataTable, WireValue } from '../../src/kql/table.js';

const signinSchema: ColumnSchema[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'UserPrincipalName', type: 'string' },
  { name: 'ResultType', type: 'string' },
  { name: 'IPAddress', type: 'string' },
  { name: 'LocationDetails', type: 'dynamic' },
];

const signins: DataTable = {
  columns: signinSchema,
  rows: [
    ['2026-03-02T02:30:00Z', 'bg1@contoso.com', '0', '10.1.2.3', { city: 'Sydney', geo: { lat: -33.8 } }],
    ['2026-03-02T01:00:00Z', 'Alice@Contoso.com', '50126', '8.8.8.8', { city: 'Paris' }],
    ['2026-03-01T20:00:00Z', 'bob@contoso.com', '0', '192.168.0.7', null],
  ],
};

function run(kql: string, now = '2026-03-02T03:00:00Z', tables: Record<string, DataTable> = { SigninLogs: signins }): DataTable {
  const { query, errors } = compileQuery(kql, { tables: { SigninLogs: signinSchema } });
  expect(errors).toEqual([]);
  return query!.run({ tables, now });
}

const col = (t: DataTable, name: string): WireValue[] => {
  const i = t.columns.findIndex((c) => c.name === name);
  expect(i, `column ${name}`).toBeGreaterThanOrEqual(0);
  return t.rows.map((r) => r[i]!);
};

describe('compileQuery', () => {
  it('reports Kusto.Language errors with 1-based line and column in the query', () => {
    const { query, errors } = compileQuery('SigninLogs\n| where UserPrincipalNam == "x"', { tables: { SigninLogs: signinSchema } });
    expect(query).toBeUndefined();
    expect(errors[0]).toMatchObject({ line: 2, column: 9, offset: 19 });
    expect(errors[0]!.message).toMatch(/UserPrincipalNam/);
  });

  it('rejects an unsupported construct at compile time, naming it and its position', () => {
    const { query, errors } = compileQuery('print x = 1\n| evaluate autocluster()');
    expect(query).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/autocluster/);
    expect(errors[0]!.line).toBe(2);
  });

  it('requires a serialized row set for window functions, as the real engine does', () => {
    expect(compileQuery('datatable(x:long)[1,2] | extend r = row_number()').errors).toHaveLength(1);
    expect(compileQuery('datatable(x:long)[1,2] | serialize r = row_number()').errors).toEqual([]);
  });

  it('rejects a constant regular expression RE2 cannot compile, at its position', () => {
    const { errors } = compileQuery('print x = "ab"\n| where x matches regex "(?<=a)b"');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 2, column: 25 });
    expect(errors[0]!.message).toMatch(/RE2/);
  });

  it('exposes the bound output schema', () => {
    const { query } = compileQuery('SigninLogs | summarize count() by UserPrincipalName', { tables: { SigninLogs: signinSchema } });
    expect(query!.columns).toEqual([{ name: 'UserPrincipalName', type: 'string' }, { name: 'count_', type: 'long' }]);
  });
});

describe('CompiledQuery.run', () => {
  it('runs one compiled query many times with now() and ago() fixed per run', () => {
    const { query } = compileQuery('SigninLogs | where TimeGenerated > ago(1h) | project UserPrincipalName, t = now()', { tables: { SigninLogs: signinSchema } });
    const a = query!.run({ tables: { SigninLogs: signins }, now: '2026-03-02T03:00:00Z' });
    const b = query!.run({ tables: { SigninLogs: signins }, now: new Date('2026-03-02T01:30:00Z') });
    expect(col(a, 'UserPrincipalName')).toEqual(['bg1@contoso.com']);
    expect(col(a, 't')).toEqual(['2026-03-02T03:00:00Z']);
    expect(col(b, 'UserPrincipalName').sort()).toEqual(['Alice@Contoso.com', 'bg1@contoso.com']);
  });

  it('treats a declared table without rows as empty', () => {
    expect(run('SigninLogs | count', '2026-03-02T03:00:00Z', {}).rows).toEqual([[0]]);
  });

  it('returns _IngestionTime from ingestion_time(), falling back to TimeGenerated', () => {
    const withIngest: DataTable = {
      columns: [...signinSchema, { name: '_IngestionTime', type: 'datetime' }],
      rows: signins.rows.map((r, i) => [...r, i === 0 ? '2026-03-02T02:45:00Z' : null]),
    };
    const t = run('SigninLogs | project UserPrincipalName, it = ingestion_time()', '2026-03-02T03:00:00Z', { SigninLogs: withIngest });
    // Rows that state no ingestion time were ingested at their TimeGenerated, as the test runner schedules them.
    expect(col(t, 'it')).toEqual(['2026-03-02T02:45:00Z', '2026-03-02T01:00:00Z', '2026-03-01T20:00:00Z']);
    expect(t.columns.map((c) => c.name)).toEqual(['UserPrincipalName', 'it']);
    const all = run('SigninLogs | where UserPrincipalName startswith "bg"', '2026-03-02T03:00:00Z', { SigninLogs: withIngest });
    expect(all.columns.map((c) => c.name)).toEqual(signinSchema.map((c) => c.name));
    const t2 = run('SigninLogs | project it = ingestion_time()');
    expect(col(t2, 'it')).toEqual(['2026-03-02T02:30:00Z', '2026-03-02T01:00:00Z', '2026-03-01T20:00:00Z']);
  });

  it('calls tabular functions the globals declare (_GetWatchlist) through ctx.functions', () => {
    const ctx = createSchemaContext({ watchlists: { BreakGlass: ['UPN'] } });
    const kql = `SigninLogs | where UserPrincipalName in~ ((_GetWatchlist('BreakGlass') | project UPN)) | project UserPrincipalName`;
    const { query, errors } = compileQuery(kql, { globals: buildGlobals(kql, ctx) });
    expect(errors).toEqual([]);
    const seen: WireValue[][] = [];
    const out = query!.run({
      tables: { SigninLogs: signins },
      now: '2026-03-02T03:00:00Z',
      functions: {
        _GetWatchlist: (args) => {
          seen.push(args);
          return { columns: [{ name: 'UPN', type: 'string' }], rows: [['BG1@contoso.com'], ['bob@CONTOSO.com']] };
        },
      },
    });
    expect(seen).toEqual([['BreakGlass']]);
    expect(col(out, 'UserPrincipalName')).toEqual(['bg1@contoso.com', 'bob@contoso.com']);
  });

  it('throws a located KqlRuntimeError when a runtime dependency is missing', () => {
    const ctx = createSchemaContext({ watchlists: { W: ['A'] } });
    const kql = `print A = "x"\n| join kind=inner (_GetWatchlist('W') | project A) on A`;
    const { query } = compileQuery(kql, { globals: buildGlobals(kql, ctx) });
    let err: unknown;
    try {
      query!.run({ tables: {}, now: '2026-01-01T00:00:00Z' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KqlRuntimeError);
    expect(err).toMatchObject({ line: 2 });
    expect((err as Error).message).toMatch(/_GetWatchlist/);
  });

  it('locates a run-time fault at the call that faulted, not at the start of the query', () => {
    const kql = `print t = 'foo'\n| extend s = series_decompose(dynamic([1, 2, 3, 4]), -1, t)`;
    const { query } = compileQuery(kql, {});
    expect(() => query!.run({ tables: {}, now: '2026-01-01T00:00:00Z' })).toThrow(
      expect.objectContaining({ line: 2, column: 14, length: 'series_decompose(dynamic([1, 2, 3, 4]), -1, t)'.length, message: expect.stringMatching(/the trend must be/) }),
    );
  });

  it('locates a fault of a host function at the operator that ran it', () => {
    const ctx = createSchemaContext({ watchlists: { W: ['A'] } });
    const kql = `print A = "x"\n| join kind=inner (_GetWatchlist('W') | project A) on A`;
    const { query } = compileQuery(kql, { globals: buildGlobals(kql, ctx) });
    const functions = { _GetWatchlist: () => { throw new Error('watchlist store unavailable'); } };
    expect(() => query!.run({ tables: {}, now: '2026-01-01T00:00:00Z', functions })).toThrow(
      expect.objectContaining({ name: 'KqlRuntimeError', line: 2, message: 'watchlist store unavailable' }),
    );
  });

  it('writes values as the Log Analytics API does', () => {
    const t = run(`print dt = datetime(2026-03-02 03:04:05.1234567), ts = 1d + 2h + 3ms, neg = -90m, l = 9007199254740991, r = 0.5, nan = real(nan),
      b = true, g = guid(74BE27DE-1E4E-49D9-B579-FE0B331D3642), d = dynamic({"a":[1,"x",null]}), s = "", n = int(null)`);
    expect(t.columns.map((c) => c.type)).toEqual(['datetime', 'timespan', 'timespan', 'long', 'real', 'real', 'bool', 'guid', 'dynamic', 'string', 'int']);
    expect(t.rows[0]).toEqual(['2026-03-02T03:04:05.1234567Z', '1.02:00:00.0030000', '-01:30:00', 9007199254740991, 0.5, 'NaN', true, '74be27de-1e4e-49d9-b579-fe0b331d3642', { a: [1, 'x', null] }, '', null]);
  });
});

describe('semantics Sentinel rules depend on', () => {
  it('has matches whole terms case-insensitively; contains and startswith match substrings', () => {
    const t = run(`datatable(s:string)["Admin.User@contoso.com", "sysadmin@contoso.com", "ADMIN", "adm in"]
      | extend h = s has "admin", hc = s has_cs "admin", c = s contains "ADMIN", sw = s startswith "admin", nh = s !has "admin"`);
    expect(col(t, 'h')).toEqual([true, false, true, false]);
    expect(col(t, 'hc')).toEqual([false, false, false, false]);
    expect(col(t, 'c')).toEqual([true, true, true, false]);
    expect(col(t, 'sw')).toEqual([true, false, true, false]);
    expect(col(t, 'nh')).toEqual([false, true, false, true]);
  });

  it('in~ is case-insensitive, in is not, and both accept a subquery', () => {
    const t = run(`let admins = datatable(u:string)["ALICE@contoso.com"];
      SigninLogs | extend ci = UserPrincipalName in~ ("alice@contoso.com", "x"), cs = UserPrincipalName in ("alice@contoso.com"),
        sub = UserPrincipalName in~ (admins), nin = UserPrincipalName !in~ ("BOB@contoso.com") | project ci, cs, sub, nin`);
    expect(t.rows).toEqual([[false, false, false, true], [true, false, true, true], [false, false, false, false]]);
  });

  it('has_any and has_all follow the term rules', () => {
    const t = run(`datatable(s:string)["failed login from 10.0.0.1", "login ok"] | extend a = s has_any ("FAILED", "denied"), b = s has_all ("login", "from"), c = s has_any (dynamic(["ok"]))`);
    expect(t.rows).toEqual([['failed login from 10.0.0.1', true, true, false], ['login ok', false, false, true]]);
  });

  it('between is inclusive on both ends, for numbers and for datetime with a timespan width', () => {
    const t = run(`SigninLogs | extend inWin = TimeGenerated between (datetime(2026-03-02 01:00) .. 90m), n = strlen(UserPrincipalName) between (15 .. 17) | project inWin, n`);
    expect(t.rows).toEqual([[true, true], [true, true], [false, true]]);
  });

  it('datetime_utc_to_local and datetime_local_to_utc follow DST in IANA zones', () => {
    const t = run(`datatable(utc:datetime)[datetime(2026-04-04 15:59:59), datetime(2026-04-04 16:00:00), datetime(2026-03-08 06:59:59), datetime(2026-03-08 07:00:00)]
      | extend syd = datetime_utc_to_local(utc, "Australia/Sydney"), ny = datetime_utc_to_local(utc, "America/New_York")
      | extend back = datetime_local_to_utc(syd, "Australia/Sydney"), h = hourofday(syd)`);
    expect(col(t, 'syd')).toEqual(['2026-04-05T02:59:59Z', '2026-04-05T02:00:00Z', '2026-03-08T17:59:59Z', '2026-03-08T18:00:00Z']);
    expect(col(t, 'ny')).toEqual(['2026-04-04T11:59:59Z', '2026-04-04T12:00:00Z', '2026-03-08T01:59:59Z', '2026-03-08T03:00:00Z']);
    expect(col(t, 'back').slice(2)).toEqual(['2026-03-08T06:59:59Z', '2026-03-08T07:00:00Z']);
    expect(col(t, 'h')).toEqual([2, 2, 17, 18]);
  });

  it('bin aligns datetimes to 0001-01-01 and keeps exact ticks', () => {
    const t = run(`print a = bin(datetime(2026-03-02 03:04:05.1234567), 1h), b = bin(datetime(2026-03-05), 7d), c = datetime(2026-03-02) + 1tick, d = bin(-7, 5), e = bin(7.5, 2.0)`);
    expect(t.rows[0]).toEqual(['2026-03-02T03:00:00Z', '2026-03-02T00:00:00Z', '2026-03-02T00:00:00.0000001Z', -10, 6]);
  });

  it('default join is innerunique: the left side is deduplicated on the key', () => {
    const t = run(`let L = datatable(k:long, a:string)[1,"x", 1,"y", 2,"z"]; let R = datatable(k:long, b:string)[1,"r1", 1,"r2"];
      L | join R on k | count`);
    expect(t.rows).toEqual([[2]]);
    const inner = run(`let L = datatable(k:long, a:string)[1,"x", 1,"y"]; let R = datatable(k:long, b:string)[1,"r1", 1,"r2"]; L | join kind=inner R on k | count`);
    expect(inner.rows).toEqual([[4]]);
  });

  it('dynamic member and index access, mv-expand with itemindex, parse', () => {
    const t = run(`SigninLogs | extend city = tostring(LocationDetails.city), lat = todouble(LocationDetails["geo"].lat) | project UserPrincipalName, city, lat`);
    expect(t.rows[0]).toEqual(['bg1@contoso.com', 'Sydney', -33.8]);
    expect(t.rows[2]).toEqual(['bob@contoso.com', '', null]);
    const m = run(`print d = dynamic(["a","b"]) | mv-expand with_itemindex=i x = d to typeof(string) | project i, x`);
    expect(m.rows).toEqual([[0, 'a'], [1, 'b']]);
    const p = run(`print s = "user=alice id=42 ok" | parse s with "user=" user " id=" id:long " " rest`);
    expect(p.rows[0]!.slice(1)).toEqual(['alice', 42, 'ok']);
  });

  it('let functions with parameters, materialize and toscalar', () => {
    const t = run(`let threshold = 1; let f = (u:string, suffix:string = "@contoso.com") { strcat(u, suffix) };
      let failures = materialize(SigninLogs | where ResultType != "0");
      let n = toscalar(failures | count);
      print who = f("eve"), n, over = n >= threshold`);
    expect(t.rows).toEqual([['eve@contoso.com', 1, true]]);
  });

  it('summarize names columns as Kusto does and aggregates with null rules', () => {
    const t = run(`datatable(k:string, v:long)["a",1, "a",long(null), "b",3]
      | summarize count(), dcount(v), sum(v), avg(v), make_set(v), arg_max(v, *), countif(v > 1) by k | order by k asc`);
    expect(t.columns.map((c) => c.name)).toEqual(['k', 'count_', 'dcount_v', 'sum_v', 'avg_v', 'set_v', 'v', 'countif_']);
    expect(t.rows).toEqual([['a', 2, 1, 1, 1, [1], 1, 0], ['b', 1, 1, 3, 3, [3], 3, 1]]);
  });

  it('runs an AuditLogs role-assignment idiom: nested dynamic, parse_json(tostring()), mv-expand, trim', () => {
    const schema: ColumnSchema[] = [
      { name: 'TimeGenerated', type: 'datetime' }, { name: 'OperationName', type: 'string' }, { name: 'Category', type: 'string' },
      { name: 'InitiatedBy', type: 'dynamic' }, { name: 'TargetResources', type: 'dynamic' },
    ];
    const audit: DataTable = {
      columns: schema,
      rows: [
        ['2026-03-02T01:00:00Z', 'Add member to role', 'RoleManagement', { user: { userPrincipalName: 'admin@contoso.com', ipAddress: '1.2.3.4' } },
          [{ userPrincipalName: 'bob@contoso.com', modifiedProperties: [{ displayName: 'Role.DisplayName', newValue: '"Global Administrator"' }, { displayName: 'Role.TemplateId', newValue: '"62e9"' }] }]],
        ['2026-03-02T01:05:00Z', 'Update user', 'UserManagement', { user: { userPrincipalName: 'x@contoso.com' } }, []],
      ],
    };
    const kql = `AuditLogs | where Category =~ "rolemanagement" and OperationName has_any ("Add member to role", "Add eligible member")
      | extend Initiator = tostring(InitiatedBy.user.userPrincipalName), IP = tostring(parse_json(tostring(InitiatedBy.user)).ipAddress)
      | mv-expand TargetResources | extend Target = tostring(TargetResources.userPrincipalName)
      | mv-expand Prop = TargetResources.modifiedProperties | where Prop.displayName == "Role.DisplayName"
      | extend Role = trim(@'"', tostring(Prop.newValue)) | project TimeGenerated, Initiator, IP, Target, Role`;
    const { query, errors } = compileQuery(kql, { tables: { AuditLogs: schema } });
    expect(errors).toEqual([]);
    const t = query!.run({ tables: { AuditLogs: audit }, now: '2026-03-02T03:00:00Z' });
    expect(t.rows).toEqual([['2026-03-02T01:00:00Z', 'admin@contoso.com', '1.2.3.4', 'bob@contoso.com', 'Global Administrator']]);
  });

  it('user functions with tabular parameters, called directly and through invoke', () => {
    const direct = run(`let f = (T:(x:long), p:long) { T | where x > p }; let D = datatable(x:long)[1,2,3]; f(D, 1)`);
    const invoked = run(`let f = (T:(x:long), p:long) { T | where x > p }; datatable(x:long)[1,2,3] | invoke f(1)`);
    expect(direct.rows).toEqual([[2], [3]]);
    expect(invoked.rows).toEqual([[2], [3]]);
  });

  it('top-nested adds an "others" record per level with the aggregate of the rest', () => {
    const t = run(`datatable(cat:string, sub:string, v:long)["a","x",10, "a","y",25, "b","x",30, "c","z",5, "d","z",1]
      | top-nested 2 of cat with others="OTHER" by Tot=sum(v), top-nested 1 of sub by S=sum(v)`);
    expect(t.columns.map((c) => c.name)).toEqual(['cat', 'Tot', 'sub', 'S']);
    expect(t.rows).toEqual([['a', 35, 'y', 25], ['b', 30, 'x', 30], ['OTHER', 6, '', null]]);
  });

  it('search as a source unions the named tables with $table and matches terms case-insensitively', () => {
    const tables = { A: [{ name: 'x', type: 'string' }, { name: 'n', type: 'long' }], B: [{ name: 'y', type: 'string' }] } satisfies Record<string, ColumnSchema[]>;
    const data: Record<string, DataTable> = { A: { columns: tables.A, rows: [['foo bar', 1], ['foobar', 2]] }, B: { columns: tables.B, rows: [['FOO'], ['nope']] } };
    const { query } = compileQuery('search in (A, B) "foo"', { tables });
    expect(query!.run({ tables: data, now: '2026-01-01T00:00:00Z' }).rows).toEqual([['A', 'foo bar', 1, ''], ['B', '', null, 'FOO']]);
    const cs = compileQuery('search kind=case_sensitive "FOO" | project $table', { tables });
    expect(cs.query!.run({ tables: data, now: '2026-01-01T00:00:00Z' }).rows).toEqual([['B']]);
  });
});

describe('datetime as text', () => {
  it('has 7 fractional digits in tostring and string functions, while datetime columns stay trimmed', () => {
    const t = run("print s = tostring(datetime(2020-01-01)), c = strcat('at ', datetime(2020-01-01 10:00:00.5)), d = datetime(2020-01-01)");
    expect(t.rows).toEqual([['2020-01-01T00:00:00.0000000Z', 'at 2020-01-01T10:00:00.5000000Z', '2020-01-01T00:00:00Z']]);
  });
});

describe('constant arguments bound by let', () => {
  it('a let-bound regex checked when the call compiles (the crash on SubscriptionMigration.yaml)', () => {
    expect(run('let p = "([a-z])([0-9])"; print m = extract_all(p, "a1 b2")').rows).toEqual([[[['a', '1'], ['b', '2']]]]);
  });
});

describe('iff with a dynamic branch', () => {
  it('takes the other branch as dynamic (the iff(isnotempty(d), d[0], "") idiom)', () => {
    const t = run('print a = tostring(iff(true, dynamic(["x"])[0], "")), b = tostring(iff(false, dynamic(["x"])[0], ""))');
    expect(t.rows).toEqual([['x', '']]);
  });
});

describe("the engine's limits are errors, never a silent cut", () => {
  it('a range operator beyond 10,000,000 rows fails, located at the range', () => {
    const { query } = compileQuery('range x from 1 to 10000000000 step 1 | count');
    expect(() => query!.run({ tables: {}, now: '2026-03-02T03:00:00Z' })).toThrow(/range: more than 10,000,000 rows, the embedded engine's limit/);
  });

  it('range() beyond 1,000,000 elements fails', () => {
    const { query } = compileQuery('print a = array_length(range(1, 2000000, 1))');
    expect(() => query!.run({ tables: {}, now: '2026-03-02T03:00:00Z' })).toThrow(/range\(\): more than 1,000,000 elements/);
  });
});

describe('row_window_session', () => {
  it("gives each row its session's start: the documentation's example", () => {
    const t = run(`datatable (ID:string, Timestamp:datetime) [
      "1", datetime(2024-04-11 10:00:00), "2", datetime(2024-04-11 10:18:00), "1", datetime(2024-04-11 11:00:00),
      "3", datetime(2024-04-11 11:30:00), "2", datetime(2024-04-11 13:30:00), "2", datetime(2024-04-11 10:16:00)]
      | sort by ID asc, Timestamp asc
      | extend SessionStarted = row_window_session(Timestamp, 1h, 5m, ID != prev(ID))`);
    expect(t.rows.map((r) => [r[0], r[2]])).toEqual([
      ['1', '2024-04-11T10:00:00Z'], ['1', '2024-04-11T11:00:00Z'], ['2', '2024-04-11T10:16:00Z'],
      ['2', '2024-04-11T10:16:00Z'], ['2', '2024-04-11T13:30:00Z'], ['3', '2024-04-11T11:30:00Z'],
    ]);
  });

  it('starts a session at the first limit reached; a null yields null and the next value starts anew', () => {
    const t = run(`datatable (T:datetime) [datetime(2024-01-01 00:00), datetime(2024-01-01 00:04), datetime(2024-01-01 00:08),
      datetime(2024-01-01 00:10), datetime(null), datetime(2024-01-01 00:11)]
      | serialize | extend S = row_window_session(T, 10m, 5m)`);
    expect(t.rows.map((r) => r[1])).toEqual(['2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:10:00Z', null, '2024-01-01T00:11:00Z']);
  });
});

describe('deprecated aggregate spellings', () => {
  it('makelist and makeset are make_list and make_set', () => {
    const t = run('datatable(x:long)[1, 2, 2] | summarize makelist(x), makeset(x)');
    expect(t.columns.map((c) => c.name)).toEqual(['list_x', 'set_x']);
    expect(t.rows).toEqual([[[1, 2, 2], [1, 2]]]);
  });
});

describe('parse_ipv6', () => {
  it('gives the canonical form with the prefix applied; an IPv4 address maps into ::ffff:0:0/96', () => {
    const t = run('print a = parse_ipv6("fe80::85d:e82c:9446:7994"), b = parse_ipv6("fe80::85d:e82c:9446:7994/120"), c = parse_ipv6("192.168.255.255/24"), d = parse_ipv6("not an address")');
    expect(t.rows).toEqual([['fe80:0000:0000:0000:085d:e82c:9446:7994', 'fe80:0000:0000:0000:085d:e82c:9446:7900', '0000:0000:0000:0000:0000:ffff:c0a8:ff00', null]]);
  });

  it('ipv6_is_in_any_range takes ranges as arguments or in a dynamic array; an invalid address is null', () => {
    const t = run("print a = ipv6_is_in_any_range('2001:db8::1', '10.0.0.0/8', '2001:db8::/32'), b = ipv6_is_in_any_range('2001:db9::1', dynamic(['2001:db8::/32'])), c = ipv6_is_in_any_range('10.1.2.3', '10.0.0.0/8'), d = ipv6_is_in_any_range('bad', '2001:db8::/32')");
    expect(t.rows).toEqual([[true, false, true, null]]);
  });
});

describe('several arg_max/arg_min(..., *) in one summarize', () => {
  it("each takes its own extreme row's columns, named as Kusto.Language names the repeats", () => {
    const t = run('datatable(k:string, a:long, b:long)["x",1,5, "x",2,4, "y",7,7] | summarize arg_max(a, *), arg_min(b + 1, *) by k | order by k asc');
    expect(t.columns.map((c) => c.name)).toEqual(['k', 'a', 'b', 'min_', 'a1', 'b1']);
    expect(t.rows).toEqual([['x', 2, 4, 5, 2, 4], ['y', 7, 7, 8, 7, 7]]);
  });
});
