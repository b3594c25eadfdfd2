import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { EmulatorConfigError, startEmulator, type RunningEmulator } from '../../emulator/index.js';
import { ExitCode } from '../exit.js';

function integer(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    return n;
  };
}

/** The token of an earlier run (so clients keep working across restarts), or a new one. */
function existingToken(file: string): string | undefined {
  try {
    const token = fs.readFileSync(file, 'utf8').trim();
    return token === '' ? undefined : token;
  } catch {
    return undefined;
  }
}

function writeClientFiles(emu: RunningEmulator, statePath: string, reused: boolean): { crt: string; tokenFile: string } {
  const crt = `${statePath}.crt`;
  const tokenFile = `${statePath}.token`;
  fs.mkdirSync(path.dirname(statePath), { recursive: true });
  fs.writeFileSync(crt, emu.ca);
  if (!reused) {
    fs.writeFileSync(tokenFile, emu.token + '\n', { mode: 0o600 });
    fs.chmodSync(tokenFile, 0o600); // the mode option does not apply to an existing file
  }
  return { crt, tokenFile };
}

// Never the token itself: only where to read it.
function usage(emu: RunningEmulator, state: string, crt: string, tokenFile: string): string {
  const rel = (p: string) => path.relative(process.cwd(), p) || p;
  const ws = '/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<ws>/providers/Microsoft.SecurityInsights';
  return [
    `tripline emulator: listening on ${emu.url} (state ${rel(state)})`,
    `  CA certificate: ${rel(crt)}`,
    `  bearer token:   ${rel(tokenFile)}`,
    '',
    'Try it:',
    `  curl --cacert ${rel(crt)} -H "Authorization: Bearer $(cat ${rel(tokenFile)})" "${emu.url}${ws}/alertRules?api-version=2025-09-01"`,
    '',
    `Deploy to it with an environment that has \`armEndpoint: ${emu.url}\` and \`credential: emulator\`:`,
    `  NODE_EXTRA_CA_CERTS=${rel(crt)} TRIPLINE_EMULATOR_TOKEN="$(cat ${rel(tokenFile)})" npx tripline plan --env <name>`,
    '',
    'Stop with Ctrl+C.',
    '',
  ].join('\n');
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function register(program: Command): void {
  program
    .command('emulator')
    .description('serve the local ARM emulator over HTTPS (Sentinel rules, watchlists, automation rules, metadata, workbooks) until stopped')
    .option('--port <port>', 'port to listen on', integer(0, 65535), 8443)
    .option('--state <file>', 'state file; <file>.crt and <file>.token are written beside it', '.tripline/emulator.json')
    .option('--faults <spec>', "fault injection, e.g. '429=0.1,500=0.05,reset-after-commit=0.02,retry-after=1'")
    .option('--seed <n>', 'seed of the fault draws', integer(0, 2 ** 32 - 1), 1)
    .addHelpText(
      'after',
      "\nExamples:\n  tripline emulator\n  tripline emulator --port 9443 --state /tmp/ws.json\n  tripline emulator --faults '429=0.1,500=0.05,reset=0.05' --seed 7\n",
    )
    .action(async (opts: { port: number; state: string; faults?: string; seed: number }) => {
      const statePath = path.resolve(opts.state);
      const reused = existingToken(`${statePath}.token`);
      let emu: RunningEmulator;
      try {
        emu = await startEmulator({
          port: opts.port,
          statePath,
          seed: opts.seed,
          ...(opts.faults !== undefined ? { faults: opts.faults } : {}),
          token: reused ?? randomBytes(32).toString('base64url'),
        });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE' || code === 'EACCES') {
          process.stderr.write(`tripline emulator: cannot listen on port ${opts.port} (${code}); choose another with --port\n`);
        } else if (e instanceof EmulatorConfigError) {
          process.stderr.write(`tripline emulator: ${e.message}\n`);
        } else {
          throw e;
        }
        process.exitCode = ExitCode.Usage;
        return;
      }
      const { crt, tokenFile } = writeClientFiles(emu, statePath, reused !== undefined);
      process.stdout.write(usage(emu, statePath, crt, tokenFile));
      const signal = await untilSignal();
      await emu.close();
      process.stdout.write(`tripline emulator: stopped (${signal}); state saved in ${path.relative(process.cwd(), statePath) || statePath}\n`);
      process.exitCode = ExitCode.Ok;
    });
}
