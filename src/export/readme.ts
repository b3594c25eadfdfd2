// DIR/README.md: templates cannot depend on each other across files (dependsOn works only inside one
// template), so the order they must be deployed in is written down here, with the command for each.
import { DETECTION_RULES_PATH, PUBLIC_GRAPH } from '../deploy/graph/client.js';
import type { Environment } from '../environments/types.js';

export interface ReadmeEntry {
  path: string;
  /** What the template deploys, e.g. "analytics rule Break-glass account sign-in". */
  title: string;
}

const SECTIONS: [string, string][] = [
  ['watchlists/', 'Watchlists (rules query them through _GetWatchlist)'],
  ['rules/', 'Analytics rules'],
  ['defender/', 'Defender XDR custom detections (Microsoft Graph request bodies, not ARM templates)'],
  ['automation/', 'Automation rules (their conditions name the analytics rules above)'],
  ['workbooks/', 'Workbooks'],
];

function command(env: Environment, path: string): string {
  if (path.startsWith('defender/')) return `az rest --method post --url ${detectionRulesUrl(env)} --body @${path}`;
  return `az deployment group create -g ${env.resourceGroup} --template-file ${path} --parameters workspace=${env.workspaceName}`;
}

function detectionRulesUrl(env: Environment): string {
  return `${(env.graphEndpoint ?? PUBLIC_GRAPH).replace(/\/+$/, '')}${DETECTION_RULES_PATH}`;
}

export function exportReadme(env: Environment, entries: readonly ReadmeEntry[], legacyForm: boolean): string {
  const lines = [
    `# ARM templates for environment '${env.name}'`,
    '',
    `Written by \`tripline export --env ${env.name}${legacyForm ? ' --legacy-form' : ''}\`: one deployment template per content item,`,
    `rendered with this environment's parameters and watchlist contents. Each takes the Log Analytics workspace`,
    `name as parameter \`workspace\` (default \`${env.workspaceName}\`) and deploys into the workspace's resource group.`,
    '',
    'Deploy them in this order: a template cannot depend on a resource of another template, and automation',
    'rules refer to analytics rules, which may query watchlists.',
    '',
  ];
  let step = 1;
  for (const [prefix, heading] of SECTIONS) {
    const inSection = entries.filter((e) => e.path.startsWith(prefix));
    if (!inSection.length) continue;
    lines.push(`## ${step++}. ${heading}`, '');
    for (const e of inSection) lines.push(`- ${e.title}`, '', `      ${command(env, e.path)}`, '');
  }
  lines.push(
    'Everything in order, from this folder:',
    '',
    '    for f in watchlists/*.json rules/*.json automation/*.json workbooks/*.json; do',
    `      [ -e "$f" ] && az deployment group create -g ${env.resourceGroup} --template-file "$f" --parameters workspace=${env.workspaceName} || exit 1`,
    '    done',
    '',
  );
  if (entries.some((e) => e.path.startsWith('defender/'))) {
    lines.push(
      'The Defender custom detections after the analytics rules (a rule that exists already takes PATCH on',
      `${detectionRulesUrl(env)}/<id> with the body less its id; the identity needs CustomDetection.ReadWrite.All):`,
      '',
      '    for f in defender/*.json; do',
      `      az rest --method post --url ${detectionRulesUrl(env)} --body @"$f" || exit 1`,
      '    done',
      '',
    );
  }
  return lines.join('\n');
}
