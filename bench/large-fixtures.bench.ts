// Large fixtures, whole process (`npm run bench large-fixtures`): issue 12's query over generated
// SigninLogs JSON Lines (six columns a row) with `tripline run`, side by side with a hand-written Node
// script giving the same answer (bench/signin-script.mjs); the answers must be equal. Targets (issue 12,
// item 5, on a 2-core machine): 2.5M rows within 2.0x the script's time and under 600 MB peak RSS;
// 500k rows under 300 MB; 5M rows complete under 1.5 GB. Sizes: BENCH_FIXTURE_ROWS=500000,2500000.
// The same rows as CSV (BENCH_CSV_ROWS, default 500000) are run too: CSV fixtures are streamed like
// JSON Lines, so they are held to the same memory targets.
// A second query reads TimeGenerated, which fixtures hold as 64-bit ticks (issue 12, item 1): its figures
// show what a datetime column costs; its answer (rows a day, summed) must count every row.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, measure, root } from './measure-process.js';
import { writeSigninLogs } from './signin-data.js';

const QUERY = 'SigninLogs | where ResultType != "0" and AppDisplayName =~ "azure cli" | summarize Failures = count() by User = tolower(UserPrincipalName) | where Failures >= 2 | order by Failures desc, User asc';
const TIME_QUERY = 'SigninLogs | summarize n = count() by bin(TimeGenerated, 1d) | summarize Days = count(), Rows = sum(n)';
const SIZES = (process.env['BENCH_FIXTURE_ROWS'] ?? '500000,2500000,5000000').split(',').map(Number);
const CSV_SIZES = new Set((process.env['BENCH_CSV_ROWS'] ?? '500000').split(',').map(Number));
const TARGETS: Record<number, { ratio?: number; mb: number }> = { 500000: { mb: 300 }, 2500000: { ratio: 2.0, mb: 600 }, 5000000: { mb: 1500 } };

export default async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-bench-fixtures-'));
  try {
    for (const rows of SIZES) {
      const file = join(dir, `SigninLogs-${rows}.jsonl`);
      const bytes = writeSigninLogs(file, rows);
      const script = measure([join(root, 'bench/signin-script.mjs'), file]);
      const run = measure([join(root, 'bin/tripline.js'), 'run', QUERY, '--table', `SigninLogs=${file}`, '--format', 'json']);
      const answer = (JSON.parse(run.stdout) as { rows: [string, number][] }).rows;
      if (JSON.stringify(answer) !== script.stdout) throw new Error(`${rows} rows: tripline run and the script disagree`);
      const target = TARGETS[rows];
      const ratio = run.ms / script.ms;
      const verdicts = target
        ? [target.ratio ? `time ${ratio <= target.ratio ? 'ok' : 'MISSED'} (<= ${target.ratio}x)` : '', `memory ${run.peakMb < target.mb ? 'ok' : 'MISSED'} (< ${target.mb} MB)`]
        : [];
      console.log(`  ${String(rows).padStart(8)} rows (${(bytes / 1e6).toFixed(0)} MB, ${answer.length} answer rows, equal)`);
      console.log(`    script        ${describe(script)}`);
      console.log(`    tripline run  ${describe(run)}  ${ratio.toFixed(2)}x the script's time (CPU ${(run.cpuMs / script.cpuMs).toFixed(2)}x)  ${verdicts.filter(Boolean).join(', ')}`);
      const byDay = measure([join(root, 'bin/tripline.js'), 'run', TIME_QUERY, '--table', `SigninLogs=${file}`, '--format', 'json']);
      const [days, counted] = (JSON.parse(byDay.stdout) as { rows: [number, number][] }).rows[0]!;
      if (counted !== rows) throw new Error(`${rows} rows: the TimeGenerated query counted ${counted}`);
      console.log(`    reading TimeGenerated (${days} days)  ${describe(byDay)}`);
      rmSync(file);
      if (!CSV_SIZES.has(rows)) continue;
      const csv = join(dir, `SigninLogs-${rows}.csv`);
      const csvBytes = writeSigninLogs(csv, rows, 'csv');
      const fromCsv = measure([join(root, 'bin/tripline.js'), 'run', QUERY, '--table', `SigninLogs=${csv}`, '--format', 'json']);
      if (JSON.stringify((JSON.parse(fromCsv.stdout) as { rows: unknown }).rows) !== script.stdout) throw new Error(`${rows} rows: the CSV's answer differs`);
      const memory = target ? `  memory ${fromCsv.peakMb < target.mb ? 'ok' : 'MISSED'} (< ${target.mb} MB)` : '';
      console.log(`    as CSV (${(csvBytes / 1e6).toFixed(0)} MB)  ${describe(fromCsv)}  ${(fromCsv.ms / script.ms).toFixed(2)}x the script's time${memory}`);
      rmSync(csv);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
