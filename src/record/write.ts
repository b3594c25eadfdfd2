// Writing a recording: one JSON Lines fixture per table, its first line a `//` provenance header
// (environment, workspace, query, time range, row count, whether it is pseudonymized), plus the
// watchlists (CSV) and parameter values (YAML) the recorded rule needs beside it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';
import { formatCsv } from '../fixtures/csv.js';
import type { WireValue } from '../kql/table.js';

export interface Recording {
  header(source: { table: string; query: string }, rows: number): Record<string, WireValue>;
  tables: { source: { table: string; query: string; out: string }; rows: Record<string, WireValue>[] }[];
  watchlists: { alias: string; columns: string[]; rows: Record<string, string>[]; out: string }[];
  parameters?: { values: Record<string, unknown>; out: string };
}

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

export function writeRecording(r: Recording): { file: string; rows: number }[] {
  const written: { file: string; rows: number }[] = [];
  for (const t of r.tables) {
    const header = `// tripline record: ${JSON.stringify(r.header(t.source, t.rows.length))}`;
    write(t.source.out, [header, ...t.rows.map((row) => JSON.stringify(row))].join('\n') + '\n');
    written.push({ file: t.source.out, rows: t.rows.length });
  }
  for (const w of r.watchlists) {
    write(w.out, formatCsv(w.columns, w.rows));
    written.push({ file: w.out, rows: w.rows.length });
  }
  if (r.parameters) {
    write(r.parameters.out, `# Parameter values of the recorded rule, pseudonymized like the fixture: use them as the test case's parameters.\n${stringify(r.parameters.values)}`);
    written.push({ file: r.parameters.out, rows: Object.keys(r.parameters.values).length });
  }
  return written;
}
