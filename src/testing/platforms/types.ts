// What differs between the platforms a rule's test cases run on (issue 15 item 4): which rows a run
// sees, when runs happen, the trigger, how results become alerts, and suppression. The runner drives
// the same case through each platform the rule has; everything platform-specific is behind this.
import type { Target } from '../../environments/types.js';
import type { DataTable, InputTable } from '../../kql/table.js';
import type { RenderedRule, RuleDocument } from '../../rules/types.js';
import type { TimedTable } from '../schedule.js';
import type { Alert } from '../types.js';

export interface PlatformModel {
  readonly target: Target;
  /** The query this platform runs for the rendered rule. */
  query(rendered: RenderedRule): string;
  /** A case's table (Log Analytics columns, as fixtures are written) as this platform's queries read it. */
  view(name: string, table: InputTable): InputTable;
  /** Indexes of a table's rows a run at `runAt` sees; `windowFrom` is a continuous (NRT) run's start, when the case gives one. */
  visible(doc: RuleDocument, t: TimedTable, runAt: number, windowFrom?: number): number[];
  /** The span a run's report shows as its window. */
  window(doc: RuleDocument, runAt: number, windowFrom?: number): { from: number; to: number };
  /** Time between two runs in a replay. */
  frequencyMs(doc: RuleDocument): number;
  /** Whether a run with this many result rows raises alerts. */
  fires(doc: RuleDocument, count: number): boolean;
  /** The trigger as a failure message explains it. */
  trigger(doc: RuleDocument): string;
  alerts(doc: RuleDocument, result: DataTable): Alert[];
  /** The grouping as a failure message names it. */
  grouping(doc: RuleDocument): string;
  /** How long a run that alerted silences the rule (0: never). */
  suppressionMs(doc: RuleDocument): number;
}
