// Runs the tripline CLI in-process (no build, no child process) and captures what it prints.
import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `cwd`: the folder the command runs in (restored afterwards). */
export async function runCli(args: string[], cwd?: string): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  const startDir = process.cwd();
  if (cwd) process.chdir(cwd);
  process.exitCode = undefined;
  try {
    const code = await main(['node', 'tripline', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
    process.chdir(startDir);
  }
}
