// `tripline pull`: analytics rules, automation rules and watchlists made in the portal into files, and
// drifted portal edits back into the repository for review.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError, error } from '../../core/problems.js';
import { closeEmulators, connect } from '../../deploy/connect.js';
import { repositoryId } from '../../deploy/ownership.js';
import { loadProject } from '../../project/load.js';
import { pull } from '../../pull/pull.js';
import { ExitCode } from '../exit.js';
import { exitCodeFor, printProblems } from '../output.js';

interface PullOptions {
  env: string;
  rule?: string;
  watchlist?: string;
  allUnmanaged?: boolean;
  drifted?: boolean;
  out: string;
}

async function runPull(opts: PullOptions): Promise<number> {
  if ([opts.rule, opts.watchlist, opts.allUnmanaged, opts.drifted].filter(Boolean).length !== 1) {
    throw new ConfigError([error('usage', 'give one of --rule NAME, --watchlist ALIAS, --all-unmanaged or --drifted', { file: '<command line>' })]);
  }
  const root = process.cwd();
  const loaded = loadProject(root, { env: opts.env });
  if (!loaded.project) {
    printProblems(loaded.configProblems);
    return ExitCode.Usage;
  }
  const c = await connect(loaded.project.env, root);
  if (!c.connection) {
    printProblems(c.problems);
    return ExitCode.Usage;
  }
  const selection = { ...(opts.rule ? { rule: opts.rule } : {}), ...(opts.watchlist ? { watchlist: opts.watchlist } : {}), allUnmanaged: opts.allUnmanaged === true, drifted: opts.drifted === true };
  const result = await pull(loaded.project, c.connection, repositoryId(root), selection, resolve(root, opts.out));
  for (const w of result.written) process.stdout.write(`${w.action}: ${w.label} -> ${w.files.join(', ')}\n`);
  if (!result.written.length && !result.problems.length) process.stdout.write('nothing to pull\n');
  printProblems(result.problems);
  return exitCodeFor([], result.problems);
}

export function register(program: Command): void {
  program
    .command('pull')
    .description('bring analytics rules, automation rules and watchlists made in the portal into the repository, and drifted portal edits back into their files')
    .option('--env <name>', 'environment', 'local')
    .option('--rule <name>', 'the analytics or automation rule with this display name or id')
    .option('--watchlist <alias>', 'the watchlist with this alias or display name')
    .option('--all-unmanaged', 'every analytics rule, automation rule and watchlist of the workspace that tripline does not manage')
    .option('--drifted', "write each drifted managed item's portal version over its files (<stem>.pulled.yaml beside a templated rule)")
    .option('--out <dir>', 'folder for new analytics rule files (automation rules go to automation/, watchlists to watchlists/)', 'rules')
    .addHelpText('after', '\nExamples:\n  tripline pull --env prod --all-unmanaged\n  tripline pull --env prod --rule "Encoded PowerShell command line"\n  tripline pull --env prod --drifted\n')
    .action(async (opts: PullOptions) => {
      try {
        process.exitCode = await runPull(opts);
      } finally {
        await closeEmulators();
      }
    });
}
