// The test-case model (DESIGN.md "Test case") and what running one produces: the alerts the SOC would
// receive, not only the rows the query returned.
import type { Problem, SourceLocation } from '../core/problems.js';
import type { YamlSource } from '../core/yaml.js';
import type { DataTable } from '../kql/table.js';
import type { RuleDefinition } from '../rules/types.js';
import type { Target } from '../environments/types.js';
import type { ExternalDataMapping } from '../externaldata/map.js';

export interface ExpectedEntity {
  type: string;
  [identifier: string]: unknown;
}

export interface ExpectedAlert {
  displayName?: string;
  description?: string;
  severity?: string;
  tactics?: string[];
  entities?: ExpectedEntity[];
  customDetails?: Record<string, unknown>;
}

export interface Expectation {
  fires?: boolean;
  /** Number of alerts after eventGroupingSettings (total across runs for a replay), or the alerts themselves. */
  alerts?: number | ExpectedAlert[];
  rows?: Record<string, unknown>[];
  /** Replay only: input rows that no run saw. */
  missed?: number;
  /** Replay only: result rows that alerted in more than one run. */
  duplicates?: number;
  /** What differs on Defender for a rule with a `defender:` key (replaces the rest there). */
  defender?: Expectation;
}

export interface TestCase {
  name: string;
  rule: RuleDefinition;
  /** The YAML document holding the case and the pointer of the case inside it. */
  source: YamlSource;
  pointer: string;
  at: SourceLocation;
  now?: string;
  environment?: string;
  parameters?: Record<string, unknown>;
  window?: { from: string };
  replay?: { from: string; to: string };
  /** Table name -> fixture path (repository-relative) or inline rows. */
  input: Record<string, string | Record<string, unknown>[]>;
  /** Watchlist alias -> CSV path or inline items replacing its contents for this case. */
  watchlists: Record<string, string | Record<string, unknown>[]>;
  /** externaldata URLs (or patterns) mapped to local files for this case. */
  externalData: ExternalDataMapping[];
  expect: Expectation;
}

export interface Entity {
  type: string;
  identifiers: Record<string, string>;
}

/** An alert as Sentinel would raise it from the query's results. */
export interface Alert {
  displayName: string;
  description: string;
  severity: string;
  tactics: string[];
  entities: Entity[];
  /** Distinct entities the rows held beyond Sentinel's per-alert limits, which the alert does not carry. */
  entitiesDropped?: number;
  /** Sentinel stores every custom detail as an array of values. */
  customDetails: Record<string, unknown[]>;
  /** Index of the result rows this alert was built from. */
  rows: number[];
}

/** One scheduled (or NRT) execution of the rule. */
export interface Run {
  at: string;
  window: { from: string; to: string };
  /** Result of the query over the rows visible to this run. */
  result: DataTable;
  fired: boolean;
  alerts: Alert[];
  /** True when suppression stopped the rule from running. */
  suppressed: boolean;
}

export interface Failure {
  message: string;
  /** Rendered detail: a table diff, the alert as Sentinel shows it. */
  detail?: string;
  at: SourceLocation;
}

/** A watchlist a case read and where its contents came from (a CSV path, or the case's inline items). */
export interface WatchlistUse {
  alias: string;
  source: string;
}

export interface TestResult {
  case: TestCase;
  /** The platform whose scheduling and alert model the case ran with. */
  platform: Target;
  status: 'passed' | 'failed' | 'error';
  /** The environment the rule was rendered for. */
  environment: string;
  /** The watchlists the query read, in the order it first read them. */
  watchlists: WatchlistUse[];
  runs: Run[];
  failures: Failure[];
  /** Problems that prevented the case from running (bad fixture, render error, unsupported KQL). */
  problems: Problem[];
  /** Replay only. */
  missed?: MissedRow[];
  duplicates?: DuplicateRow[];
  durationMs: number;
}

export interface MissedRow {
  table: string;
  row: number;
  timeGenerated: string;
  ingestionTime: string;
}

export interface DuplicateRow {
  row: Record<string, unknown>;
  runs: string[];
}
