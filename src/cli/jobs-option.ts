// --jobs, shared by the commands that run test cases (test, ci).
import { Option } from 'commander';
import { ConfigError, error } from '../core/problems.js';
import type { Jobs } from '../testing/jobs.js';

/** --jobs is `auto` or a whole number of worker threads, at least 1. */
function jobCount(text: string): Jobs {
  if (text === 'auto') return text;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError([error('usage', `--jobs ${text}: expected auto or a whole number of worker threads, 1 or more`, { file: '<command line>' })]);
  return n;
}

export function jobsOption(): Option {
  return new Option('--jobs <n>', 'worker threads running the cases: auto (workers on all cores when the estimated work pays for their start-up), 1 (in this process) or N')
    .argParser(jobCount)
    .default('auto' as Jobs);
}
