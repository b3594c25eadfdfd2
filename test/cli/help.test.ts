// Every command's help, found by walking `tripline --help` (so a new command is covered without listing
// it here): a description and at least two examples, each a tripline command line.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** Command names of a help text's "Commands:" section. */
function commandsOf(help: string): string[] {
  const section = help.split(/\nCommands:\n/)[1]?.split(/\n\n/)[0] ?? '';
  return [...section.matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1]!).filter((n) => n !== 'help');
}

async function helpOf(path: string[]): Promise<string> {
  const res = await runCli([...path, '--help']);
  expect(res.code).toBe(0);
  return res.stdout;
}

describe('help', () => {
  it('has a description and two or more examples for the program and every command', async () => {
    const lacking: string[] = [];
    const visit = async (path: string[]): Promise<void> => {
      const help = await helpOf(path);
      const examples = (help.split(/\nExamples:\n/)[1] ?? '').split('\n').filter((l) => /^ {2}(\S.* )?tripline /.test(l));
      const described = path.length === 0 || /\n\n\S/.test(help.split('\nOptions:')[0] ?? '');
      if (examples.length < 2 || !described) lacking.push(`tripline ${path.join(' ')}: ${examples.length} examples${described ? '' : ', no description'}`);
      for (const sub of commandsOf(help)) await visit([...path, sub]);
    };
    await visit([]);
    expect(lacking).toEqual([]);
  });
});
