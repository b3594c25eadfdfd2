// CLI start-up (`npm run bench cli`): cold processes of the built CLI, as a user runs them. Targets from
// the authoring issue: `tripline --help` under 0.5 s (it must not load Kusto.Language), `validate` of one
// rule under 2 s, of which loading Kusto.Language is about 1.2 s. Figures are printed, not asserted.
// Each run also reports its own CPU time (user + system): on a shared machine the wall clock measures
// the neighbours as much as tripline.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const CPU_REPORT = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\ntripline-bench-cpu-ms:'+(u.user+u.system)/1000)})`;

function cold(label: string, args: string[]): void {
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--import', CPU_REPORT, join(root, 'bin/tripline.js'), ...args], { cwd: root, encoding: 'utf8' });
    times.push(performance.now() - t0);
    cpu.push(Number(/tripline-bench-cpu-ms:([\d.]+)/.exec(r.stderr)?.[1] ?? NaN));
    if (r.status !== 0) console.log(`  ${label}: exit ${r.status}: ${r.stderr.slice(0, 200)}`);
  }
  console.log(
    `  ${label.padEnd(40)} median ${median(times).toFixed(0)} ms over ${RUNS} cold runs (min ${Math.min(...times).toFixed(0)} ms), CPU median ${median(cpu).toFixed(0)} ms`,
  );
}

function kustoLoad(): void {
  const script = `const t=performance.now();const r=require('module').createRequire(${JSON.stringify(join(root, 'package.json'))});r('@kusto/language-service-next/bridge.min.js');r('@kusto/language-service-next/Kusto.Language.Bridge.min.js');console.log(performance.now()-t)`;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(Number(spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout.trim()));
  console.log(`  ${'loading Kusto.Language'.padEnd(40)} median ${median(times).toFixed(0)} ms over ${RUNS} cold runs`);
}

export default async function bench(): Promise<void> {
  cold('tripline --help', ['--help']);
  cold('tripline validate rules/break-glass-sign-in.yaml', ['validate', 'rules/break-glass-sign-in.yaml']);
  kustoLoad();
}
