// Sentinel's kind/queryFrequency/queryPeriod -> detectionRule.schedule (reference §2.2 ruleSchedule, §3.1
// frequency presets, §3.4 NRT, §4 mapping rows `kind NRT`, `queryFrequency`, `queryPeriod`).
import { parseDuration } from '../core/duration.js';
import type { RuleDocument } from '../rules/types.js';
import type { PropertyVerdict } from './types.js';

/** Frequencies the Defender portal offers as presets; any other 5m..14d is custom frequency (preview). */
export const PRESET_FREQUENCIES = ['PT1H', 'PT3H', 'PT12H', 'P1D'] as const;

/** "a zero frequency" marks a continuous (NRT) rule; the exact literal is undocumented (reference §3.4, §6). */
export const NRT_FREQUENCY = 'PT0S';

export function convertSchedule(doc: RuleDocument): { schedule: { frequency: string; lookback?: string }; verdicts: PropertyVerdict[] } {
  if (doc.kind === 'NRT') {
    return {
      schedule: { frequency: NRT_FREQUENCY },
      verdicts: [
        {
          sentinel: 'kind: NRT',
          defender: 'schedule.frequency',
          verdict: 'converted',
          how: `continuous (NRT) rule: zero frequency ${NRT_FREQUENCY} (the literal is undocumented), no lookback; NRT query limits apply`,
          pointer: '/kind',
        },
      ],
    };
  }
  const frequency = parseDuration(doc.queryFrequency ?? '1h')?.iso ?? 'PT1H';
  const lookback = parseDuration(doc.queryPeriod ?? '1h')?.iso ?? 'PT1H';
  const preset = (PRESET_FREQUENCIES as readonly string[]).includes(frequency);
  return {
    schedule: { frequency, lookback },
    verdicts: [
      {
        sentinel: 'queryFrequency',
        defender: 'schedule.frequency',
        verdict: 'converted',
        how: `${doc.queryFrequency ?? '1h'} as ISO 8601 ${frequency}${preset ? ' (a preset)' : ' (custom frequency: public preview)'}`,
        pointer: '/queryFrequency',
      },
      {
        sentinel: 'queryPeriod',
        defender: 'schedule.lookback',
        verdict: 'converted',
        how: `${doc.queryPeriod ?? '1h'} as ISO 8601 ${lookback} (lookback is beta and preview; v1.0 derives it from the frequency)`,
        pointer: '/queryPeriod',
      },
    ],
  };
}
