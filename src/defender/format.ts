// How `tripline convert` prints a conversion: the verdict per property, then the body (text); or
// `{body, properties: [{sentinel, defender, verdict, how}]}` (json).
import type { Conversion } from './types.js';

export function conversionJson(conversion: Conversion): string {
  const properties = conversion.properties.map(({ sentinel, defender, verdict, how }) => ({ sentinel, defender, verdict, how }));
  return JSON.stringify({ body: conversion.body, properties }, null, 2) + '\n';
}

export function conversionText(file: string, conversion: Conversion): string {
  const counts = new Map<string, number>();
  for (const p of conversion.properties) counts.set(p.verdict, (counts.get(p.verdict) ?? 0) + 1);
  const summary = ['direct', 'converted', 'lossy', 'impossible'].map((v) => `${counts.get(v) ?? 0} ${v}`).join(', ');
  const width = Math.max(...conversion.properties.map((p) => p.sentinel.length));
  const lines = conversion.properties.map((p) => `  ${p.verdict.padEnd(10)} ${p.sentinel.padEnd(width)} -> ${p.defender}: ${p.how}`);
  return [
    `${file} as Defender custom detection ${conversion.body.id} (${summary})`,
    '',
    'Properties:',
    ...lines,
    '',
    'Body (POST /security/rules/detectionRules):',
    JSON.stringify(conversion.body, null, 2),
    '',
  ].join('\n');
}
