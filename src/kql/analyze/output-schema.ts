// Checks what Sentinel reads from a rule's result rows against the result schema Kusto.Language
// computes: entity mappings, custom details, alert details override. A missing column here does not
// fail a deployment; Sentinel just leaves the entity or detail out of every alert, so it is caught here.
import { error, warning, type Problem, type SourceLocation } from '../../core/problems.js';
import { toPointer } from '../../core/yaml.js';
import type { RuleDefinition } from '../../rules/types.js';
import { closestName } from '../../core/suggest.js';
import type { QueryResultSchema } from './types.js';

interface ColumnUse {
  pointer: string;
  column: string;
  /** What reads the column, for the message. */
  what: string;
  /** Types Sentinel accepts here; undefined = any. */
  accepts?: readonly string[];
  /** A type outside `accepts` is only suspicious (warning), not certainly wrong. */
  lenient?: boolean;
  /** Offset of the column name inside the scalar at `pointer` (placeholders in a format string). */
  offset?: number;
}

const SCALAR_TYPES = ['bool', 'int', 'long', 'real', 'decimal', 'string', 'datetime', 'timespan', 'guid'] as const;
const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Every place the rule names a result column. Reads the raw document so a malformed entry is skipped, not thrown on. */
export function columnUses(rule: RuleDefinition): ColumnUse[] {
  const doc = rule.doc as Record<string, unknown>;
  const uses: ColumnUse[] = [];
  arr(doc.entityMappings).forEach((m, i) => {
    if (!isObject(m)) return;
    arr(m.fieldMappings).forEach((f, j) => {
      if (isObject(f) && typeof f.columnName === 'string') {
        uses.push({
          pointer: toPointer(['entityMappings', i, 'fieldMappings', j, 'columnName']),
          column: f.columnName,
          what: `entity mapping ${String(m.entityType ?? '')}.${String(f.identifier ?? '')}`,
          // Sentinel reads a dynamic value as its JSON text: right for a string that mv-expand left
          // dynamic, wrong for an array or object; the analyzer cannot tell which.
          accepts: SCALAR_TYPES,
          lenient: true,
        });
      }
    });
  });
  arr(doc.sentinelEntitiesMappings).forEach((m, i) => {
    if (isObject(m) && typeof m.columnName === 'string') {
      uses.push({ pointer: toPointer(['sentinelEntitiesMappings', i, 'columnName']), column: m.columnName, what: 'sentinelEntitiesMappings' });
    }
  });
  if (isObject(doc.customDetails)) {
    for (const [key, col] of Object.entries(doc.customDetails)) {
      if (typeof col === 'string') uses.push({ pointer: toPointer(['customDetails', key]), column: col, what: `custom detail ${key}` });
    }
  }
  const o = doc.alertDetailsOverride;
  if (isObject(o)) {
    for (const field of ['alertDisplayNameFormat', 'alertDescriptionFormat'] as const) {
      const text = o[field];
      if (typeof text !== 'string') continue;
      for (const m of text.matchAll(PLACEHOLDER)) {
        uses.push({
          pointer: toPointer(['alertDetailsOverride', field]),
          column: m[1] ?? '',
          what: `placeholder {{${m[1] ?? ''}}} in ${field}`,
          offset: (m.index ?? 0) + m[0].indexOf(m[1] ?? ''),
        });
      }
    }
    if (typeof o.alertSeverityColumnName === 'string') {
      uses.push({ pointer: '/alertDetailsOverride/alertSeverityColumnName', column: o.alertSeverityColumnName, what: 'alertSeverityColumnName', accepts: ['string'] });
    }
    if (typeof o.alertTacticsColumnName === 'string') {
      uses.push({ pointer: '/alertDetailsOverride/alertTacticsColumnName', column: o.alertTacticsColumnName, what: 'alertTacticsColumnName', accepts: ['string', 'dynamic'] });
    }
    arr(o.alertDynamicProperties).forEach((p, i) => {
      if (isObject(p) && typeof p.value === 'string') {
        uses.push({
          pointer: toPointer(['alertDetailsOverride', 'alertDynamicProperties', i, 'value']),
          column: p.value,
          what: `alert property ${String(p.alertProperty ?? '')}`,
        });
      }
    });
  }
  return uses;
}

function locate(rule: RuleDefinition, use: ColumnUse): SourceLocation {
  const base = rule.source.locate(use.pointer);
  if (use.offset !== undefined) {
    const map = rule.source.scalarOffsetMapper(use.pointer);
    if (map) return { ...base, ...map(use.offset), file: base.file, pointer: use.pointer };
  }
  return { ...base, pointer: use.pointer };
}

// Wide tables (SigninLogs has 70+ columns) would drown the message; the first few say enough.
function listColumns(names: readonly string[]): string {
  if (names.length === 0) return '(none)';
  const shown = names.slice(0, 12).join(', ');
  return names.length > 12 ? `${shown}, ... (${names.length - 12} more)` : shown;
}

/** Problems for columns the rule reads that the result does not have, or has with an unusable type. */
export function outputSchemaProblems(rule: RuleDefinition, result: QueryResultSchema): Problem[] {
  const problems: Problem[] = [];
  const byName = new Map(result.columns.map((c) => [c.name, c]));
  const names = result.columns.map((c) => c.name);
  for (const use of columnUses(rule)) {
    const col = byName.get(use.column);
    if (!col) {
      // An open schema (bag_unpack, pivot, an unknown watchlist) may well have the column at run time.
      if (result.open) continue;
      const hint = closestName(use.column, names);
      problems.push(error(
        'output-column',
        `${use.what} reads column '${use.column}', which the query's result does not have${hint ? ` (did you mean '${hint}'?)` : ''}; result columns: ${listColumns(names)}`,
        locate(rule, use),
      ));
    } else if (use.accepts && col.type !== 'unknown' && !use.accepts.includes(col.type)) {
      const report = use.lenient ? warning : error;
      problems.push(report(
        'output-column-type',
        use.lenient
          ? `${use.what} reads column '${use.column}' of type ${col.type}; an array or object there makes a wrong entity (convert with tostring())`
          : `${use.what} reads column '${use.column}' of type ${col.type}; it needs ${use.accepts.join(' or ')}${col.type === 'dynamic' ? ' (convert with tostring())' : ''}`,
        locate(rule, use),
      ));
    }
  }
  return problems;
}
