// Defender's frequency and lookback rules for a Scheduled rule (reference §3.1 Frequency, Lookback).
import { error, warning, type Problem } from '../core/problems.js';
import { describeDuration, parseDuration } from '../core/duration.js';
import type { RuleDefinition } from '../rules/types.js';
import { LOOKBACK_BANDS } from './limits.js';
import { PRESET_FREQUENCIES } from './schedule.js';

export function checkDefenderSchedule(rule: RuleDefinition): Problem[] {
  const doc = rule.doc;
  if (doc.kind !== 'Scheduled') return [];
  const frequency = parseDuration(doc.queryFrequency ?? '1h');
  const lookback = parseDuration(doc.queryPeriod ?? '1h');
  if (!frequency || !lookback) return []; // malformed: the schema reports it
  const problems: Problem[] = [];
  if (!(PRESET_FREQUENCIES as readonly string[]).includes(frequency.iso)) {
    problems.push(
      warning(
        'defender-frequency',
        `queryFrequency ${doc.queryFrequency} is not a Defender preset (1h, 3h, 12h, 1d): custom frequencies are in public preview`,
        rule.source.locate('/queryFrequency'),
      ),
    );
  }
  const band = LOOKBACK_BANDS.find((b) => frequency.ms >= b.from && frequency.ms < b.to);
  const tooLong = band && (band.inclusive ? lookback.ms > band.maxLookback : lookback.ms >= band.maxLookback);
  if (band && tooLong) {
    problems.push(
      error(
        'defender-lookback',
        `queryPeriod ${doc.queryPeriod} is too long for queryFrequency ${doc.queryFrequency} in Defender: the lookback must be ${band.text} (found ${describeDuration(lookback.ms)})`,
        rule.source.locate('/queryPeriod'),
      ),
    );
  }
  return problems;
}
