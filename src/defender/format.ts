// How `tripline convert` prints a conversion: the verdict per property, then the body (text); or
// `{body, properties: [{sentinel, defender, verdict, how}], problems}` (json). A rule with errors gets no
// body (json: null): Defender would refuse it, and a partial body must not pass for a deployable one.
import { hasErrors, sortProblems, type Problem } from '../core/problems.js';
import type { Conversion, DetectionRuleBody } from './types.js';

function deployableBody(conversion: Conversion | undefined, problems: readonly Problem[]): DetectionRuleBody | null {
  return conversion && !hasErrors(problems) ? conversion.body : null;
}

export function conversionJson(conversion: Conversion | undefined, problems: readonly Problem[]): string {
  const properties = (conversion?.properties ?? []).map(({ sentinel, defender, verdict, how }) => ({ sentinel, defender, verdict, how }));
  return JSON.stringify({ body: deployableBody(conversion, problems), properties, problems: sortProblems(problems) }, null, 2) + '\n';
}

export function conversionText(file: string, conversion: Conversion, problems: readonly Problem[]): string {
  const counts = new Map<string, number>();
  for (const p of conversion.properties) counts.set(p.verdict, (counts.get(p.verdict) ?? 0) + 1);
  const summary = ['direct', 'converted', 'lossy', 'impossible'].map((v) => `${counts.get(v) ?? 0} ${v}`).join(', ');
  const width = Math.max(...conversion.properties.map((p) => p.sentinel.length));
  const lines = conversion.properties.map((p) => `  ${p.verdict.padEnd(10)} ${p.sentinel.padEnd(width)} -> ${p.defender}: ${p.how}`);
  const body = deployableBody(conversion, problems);
  const errors = problems.filter((p) => p.severity === 'error').length;
  return [
    `${file} as Defender custom detection ${conversion.body.id} (${summary})`,
    '',
    'Properties:',
    ...lines,
    '',
    ...(body
      ? ['Body (POST /security/rules/detectionRules):', JSON.stringify(body, null, 2)]
      : [`No body: Defender would refuse this rule; fix the ${errors === 1 ? 'error' : `${errors} errors`} reported for it first.`]),
    '',
  ].join('\n');
}
