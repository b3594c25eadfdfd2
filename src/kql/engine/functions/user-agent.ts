// parse_user_agent: the Browserscope ua-parser rules (uap-core's regexes.yaml, Apache-2.0), whose
// family names the real engine returns, applied as the uap-core specification says: the first
// matching rule of each list wins, $1..$9 in replacements stand for its groups, no match is "Other".
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import type { Dyn, Val } from '../values.js';
import { type FnImpl, lift } from './lift.js';

interface Rule { regex: RegExp; rep: Record<string, string | undefined> }
interface Rules { ua: Rule[]; os: Rule[]; device: Rule[] }

let rules: Rules | undefined;

function load(): Rules {
  if (rules) return rules;
  const file = createRequire(import.meta.url).resolve('uap-core/regexes.yaml');
  const doc = parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string>[]>;
  const list = (key: string): Rule[] => (doc[key] ?? []).map(({ regex, regex_flag, ...rep }) => ({ regex: new RegExp(regex!, regex_flag === 'i' ? 'i' : ''), rep }));
  rules = { ua: list('user_agent_parsers'), os: list('os_parsers'), device: list('device_parsers') };
  return rules;
}

function first(list: Rule[], ua: string): { m: RegExpExecArray; rep: Rule['rep'] } | null {
  for (const r of list) {
    const m = r.regex.exec(ua);
    if (m) return { m, rep: r.rep };
  }
  return null;
}

/** A replacement with $1..$9 filled in from the match, trimmed; the group itself when there is none. */
function pick(m: RegExpExecArray, replacement: string | undefined, group: number): string {
  const v = replacement !== undefined ? replacement.replace(/\$(\d)/g, (_, d: string) => m[Number(d)] ?? '') : m[group] ?? '';
  return v.trim();
}

function browser(ua: string): Dyn {
  const hit = first(load().ua, ua);
  if (!hit) return { Family: 'Other', MajorVersion: '', MinorVersion: '', Patch: '' };
  const { m, rep } = hit;
  return { Family: pick(m, rep['family_replacement'], 1), MajorVersion: pick(m, rep['v1_replacement'], 2), MinorVersion: pick(m, rep['v2_replacement'], 3), Patch: pick(m, rep['v3_replacement'], 4) };
}

function os(ua: string): Dyn {
  const hit = first(load().os, ua);
  if (!hit) return { Family: 'Other', MajorVersion: '', MinorVersion: '', Patch: '', PatchMinor: '' };
  const { m, rep } = hit;
  return {
    Family: pick(m, rep['os_replacement'], 1), MajorVersion: pick(m, rep['os_v1_replacement'], 2), MinorVersion: pick(m, rep['os_v2_replacement'], 3),
    Patch: pick(m, rep['os_v3_replacement'], 4), PatchMinor: pick(m, rep['os_v4_replacement'], 5),
  };
}

function device(ua: string): Dyn {
  const hit = first(load().device, ua);
  if (!hit) return { Family: 'Other', Brand: '', Model: '' };
  const { m, rep } = hit;
  const brand = rep['brand_replacement'];
  return { Family: pick(m, rep['device_replacement'], 1), Brand: brand === undefined ? '' : pick(m, brand, 0), Model: pick(m, rep['model_replacement'], 1) };
}

const TARGETS: Record<string, [string, (ua: string) => Dyn]> = {
  browser: ['Browser', browser], os: ['OperatingSystem', os], device: ['Device', device],
};

function targets(lookFor: Val): [string, (ua: string) => Dyn][] {
  const names = Array.isArray(lookFor) ? lookFor : [lookFor];
  return names.map((n) => {
    const t = typeof n === 'string' ? TARGETS[n.toLowerCase()] : undefined;
    if (!t) throw new Error(`parse_user_agent(): look-for must be "browser", "os" or "device" (or an array of them), not ${JSON.stringify(n)}`);
    return t;
  });
}

export const userAgentFunctions: Record<string, FnImpl> = {
  parse_user_agent: (c) => lift(c, () => (ua, lookFor) => {
    const text = typeof ua === 'string' ? ua : '';
    const out: { [k: string]: Dyn } = {};
    for (const [key, parseTarget] of targets(lookFor)) out[key] = parseTarget(text);
    return out;
  }),
};
