// Large fixtures, whole process (`npm run bench large-fixtures`): issue 12's query over generated
// SigninLogs JSON Lines (six columns a row) with `tripline run`, side by side with a hand-written Node
// script giving the same answer (bench/signin-script.mjs); the answers must be equal. Targets (issue 12,
// item 5, on a 2-core machine): 2.5M rows within 2.0x the script's time and under 600 MB peak RSS;
// 500k rows under 300 MB; 5M rows complete under 1.5 GB. Sizes: BENCH_FIXTURE_ROWS=500000,2500000.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { writeSigninLogs } from './signin-data.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const QUERY = 'SigninLogs | where ResultType != "0" and AppDisplayName =~ "azure cli" | summarize Failures = count() by User = tolower(UserPrincipalName) | where Failures >= 2 | order by Failures desc, User asc';
const SIZES = (process.env['BENCH_FIXTURE_ROWS'] ?? '500000,2500000,5000000').split(',').map(Number);
const TARGETS: Record<number, { ratio?: number; mb: number }> = { 500000: { mb: 300 }, 2500000: { ratio: 2.0, mb: 600 }, 5000000: { mb: 1500 } };

interface Measured {
  ms: number;
  cpuMs: number;
  peakMb: number;
  stdout: string;
}

function measure(args: string[], dir: string): Measured {
  const rssFile = join(dir, 'peak-rss');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', join(root, 'bench/peak-rss.cjs'), ...args], {
    cwd: root, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, PEAK_RSS_FILE: rssFile },
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')}: exit ${r.status}: ${r.stderr.slice(0, 500)}`);
  const usage = JSON.parse(readFileSync(rssFile, 'utf8')) as { rss: number; cpuMs: number };
  return { ms, cpuMs: usage.cpuMs, peakMb: usage.rss / 1e6, stdout: r.stdout };
}

function sameAnswer(tripline: string, script: string): boolean {
  const t = JSON.parse(tripline) as { rows: [string, number][] };
  return JSON.stringify(t.rows) === script;
}

export default async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-bench-fixtures-'));
  try {
    for (const rows of SIZES) {
      const file = join(dir, `SigninLogs-${rows}.jsonl`);
      const bytes = writeSigninLogs(file, rows);
      const script = measure([join(root, 'bench/signin-script.mjs'), file], dir);
      const run = measure([join(root, 'bin/tripline.js'), 'run', QUERY, '--table', `SigninLogs=${file}`, '--format', 'json'], dir);
      if (!sameAnswer(run.stdout, script.stdout)) throw new Error(`${rows} rows: tripline run and the script disagree`);
      const target = TARGETS[rows];
      const ratio = run.ms / script.ms;
      const verdict = target
        ? [target.ratio ? `time ${ratio <= target.ratio ? 'ok' : 'MISSED'} (<= ${target.ratio}x)` : '', `memory ${run.peakMb < target.mb ? 'ok' : 'MISSED'} (< ${target.mb} MB)`].filter(Boolean).join(', ')
        : '';
      console.log(`  ${String(rows).padStart(8)} rows (${(bytes / 1e6).toFixed(0)} MB, ${JSON.parse(run.stdout).rows.length} answer rows, equal)`);
      const line = (m: Measured): string => `${(m.ms / 1000).toFixed(2)} s (CPU ${(m.cpuMs / 1000).toFixed(2)} s)  ${m.peakMb.toFixed(0)} MB`;
      console.log(`    script        ${line(script)}`);
      console.log(`    tripline run  ${line(run)}  ${ratio.toFixed(2)}x the script's time (CPU ${(run.cpuMs / script.cpuMs).toFixed(2)}x)  ${verdict}`);
      rmSync(file);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
