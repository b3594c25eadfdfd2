// One child process of node, measured: wall time, and the CPU time and peak RSS it reports through the
// preloaded bench/peak-rss.cjs. CPU time is the comparable figure when the machine is shared.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface Measured {
  ms: number;
  cpuMs: number;
  peakMb: number;
  stdout: string;
  stderr: string;
}

export function measure(args: string[], cwd = root): Measured {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-bench-rss-'));
  const usageFile = join(dir, 'usage.json');
  try {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--require', join(root, 'bench/peak-rss.cjs'), ...args], {
      cwd, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, PEAK_RSS_FILE: usageFile },
    });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${args.join(' ')}: exit ${r.status}: ${(r.stderr || r.stdout).slice(0, 800)}`);
    const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { rss: number; cpuMs: number };
    return { ms, cpuMs: usage.cpuMs, peakMb: usage.rss / 1e6, stdout: r.stdout, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function describe(m: Measured): string {
  return `${(m.ms / 1000).toFixed(2)} s (CPU ${(m.cpuMs / 1000).toFixed(2)} s)  ${m.peakMb.toFixed(0)} MB`;
}
