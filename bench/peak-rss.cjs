// Preloaded into a measured process (node --require): writes its peak resident set size (bytes) and CPU
// time (ms) as JSON to the file named by PEAK_RSS_FILE when it exits, so a benchmark can read them for
// any child process. CPU time is reported beside wall time because the machine may be shared.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  const u = process.resourceUsage();
  writeFileSync(process.env.PEAK_RSS_FILE, JSON.stringify({ rss: u.maxRSS * 1024, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
});
