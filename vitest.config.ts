import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Vitest's default (cores - 1) is a single worker on a 2-core CI machine; much of the suite waits on
    // emulators, sockets, child processes and a browser, so one worker per core halves the wall time.
    maxWorkers: availableParallelism(),
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
