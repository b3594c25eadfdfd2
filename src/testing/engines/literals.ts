// Kusto literals for the embedded engine's wire values, so a case's rows can be sent as `datatable`.
import type { ColumnSchema, DataTable, KqlScalarType, WireValue } from '../../kql/table.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A name as Kusto accepts it anywhere: bare when it is an identifier, else `['...']`. */
export function kustoName(name: string): string {
  return IDENTIFIER.test(name) ? name : `['${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

function numberLiteral(type: KqlScalarType, v: number): string {
  if (Number.isNaN(v)) return 'real(nan)';
  if (!Number.isFinite(v)) return v > 0 ? 'real(+inf)' : 'real(-inf)';
  return `${type}(${v})`;
}

/** The literal of one value of a column; a value the column's type cannot hold is an error. */
export function kustoLiteral(type: KqlScalarType, v: WireValue): string {
  // Kusto strings are never null (an absent string is empty), so there is no string(null) literal.
  if (v === null) return type === 'string' ? '""' : `${type}(null)`;
  switch (type) {
    case 'string':
      if (typeof v === 'string') return JSON.stringify(v);
      break;
    case 'dynamic':
      return `dynamic(${JSON.stringify(v)})`;
    case 'bool':
      if (typeof v === 'boolean') return String(v);
      break;
    case 'int':
    case 'long':
    case 'real':
    case 'decimal':
      if (typeof v === 'number') return numberLiteral(type, v);
      if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return `${type}(${v.trim()})`;
      break;
    case 'datetime':
    case 'timespan':
    case 'guid':
      // Their wire forms (ISO 8601, [d.]hh:mm:ss[.f], the GUID) are what the literals take.
      if (typeof v === 'string' && /^[-0-9A-Za-z:.+]+$/.test(v)) return `${type}(${v})`;
      break;
  }
  throw new Error(`a ${type} column holds ${JSON.stringify(v).slice(0, 60)}, which is not a ${type}`);
}

function columnDecl(c: ColumnSchema): string {
  return `${kustoName(c.name)}:${c.type}`;
}

/** `datatable(A:string, B:long) [ "x", long(1), ... ]` */
export function datatableLiteral(t: DataTable): string {
  // Kusto has no table without columns (an unknown watchlist): one empty column stands in.
  if (!t.columns.length) return 'datatable(SearchKey:string) []';
  const values = t.rows.map((r) => t.columns.map((c, i) => kustoLiteral(c.type, r[i] ?? null)).join(', '));
  const body = values.length ? `\n  ${values.join(',\n  ')}\n` : '';
  return `datatable(${t.columns.map(columnDecl).join(', ')}) [${body}]`;
}
