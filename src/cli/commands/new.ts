// `tripline new rule NAME | watchlist ALIAS`: scaffolding that validates and passes as created.
import { Command, Option } from 'commander';
import { hasErrors, type Problem } from '../../core/problems.js';
import { loadConfig } from '../../kql/schema/config.js';
import { writeScaffold, type ScaffoldFile } from '../../scaffold/files.js';
import { scaffoldRule, type RuleKind } from '../../scaffold/rule.js';
import { scaffoldWatchlist } from '../../scaffold/watchlist.js';
import { tableCatalog } from '../../tables/catalog.js';
import { ExitCode } from '../exit.js';
import { printProblems } from '../output.js';

export function register(program: Command): void {
  const cmd = program
    .command('new')
    .description('create a rule (with tests and fixtures that pass) or a watchlist to start from')
    .addHelpText('after', '\nExamples:\n  tripline new rule "Admin sign-in from a new country" --table SigninLogs\n  tripline new rule "Mass download" --table OfficeActivity --kind NRT\n  tripline new watchlist VipUsers\n');
  cmd
    .command('rule')
    .description('create rules/<name>.yaml with a fresh id, its tests file and fixtures')
    .argument('<name>', 'the rule display name; the file is named after it')
    .option('--table <table>', 'the table the query reads', 'SigninLogs')
    .addOption(new Option('--kind <kind>', 'rule kind').choices(['Scheduled', 'NRT']).default('Scheduled'))
    .addHelpText('after', '\nExamples:\n  tripline new rule "Admin sign-in from a new country" --table SigninLogs\n  tripline new rule "Mass download" --table OfficeActivity --kind NRT\n')
    .action((name: string, opts: { table: string; kind: RuleKind }) => {
      const root = process.cwd();
      const config = loadConfig(root);
      if (hasErrors(config.problems)) return finish(root, [], config.problems);
      const { files, problems } = scaffoldRule(name, opts, tableCatalog(config.config.customTables));
      finish(root, files, problems, `then: tripline test ${files[0]?.path ?? ''}`);
    });
  cmd
    .command('watchlist')
    .description('create watchlists/<alias>.yaml and its items CSV')
    .argument('<alias>', "the alias queries use in _GetWatchlist('alias')")
    .addHelpText('after', '\nExamples:\n  tripline new watchlist VipUsers\n  tripline new watchlist ServiceAccounts\n')
    .action((alias: string) => {
      const { files, problems } = scaffoldWatchlist(alias);
      finish(process.cwd(), files, problems, `then: edit the items and use _GetWatchlist('${alias}') in a query`);
    });
}

function finish(root: string, files: ScaffoldFile[], problems: Problem[], next = ''): void {
  const all = problems.length ? problems : writeScaffold(root, files);
  if (all.length) {
    printProblems(all);
    process.exitCode = ExitCode.Usage;
    return;
  }
  process.stdout.write(files.map((f) => `created ${f.path}\n`).join('') + (next ? `${next}\n` : ''));
  process.exitCode = ExitCode.Ok;
}
