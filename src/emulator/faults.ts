// Fault injection: SPEC is a comma list of `kind=probability` plus `retry-after=<s>`, `slow-ms=<ms>` and
// `on=<scope>` (which requests a drawn fault hits: all, arm, graph, arm-writes, graph-writes; Graph is
// Microsoft Graph, ARM everything else). One seeded PRNG draws exactly once per (authenticated) request
// in arrival order, whatever the scope, so the same seed and request sequence reproduce the same faults.
import { mulberry32 } from '../core/random.js';
import { EmulatorConfigError } from './errors.js';

export const FAULT_KINDS = ['429', '429-bare', '500', '503', 'reset', 'reset-after-commit', 'slow'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
const FAULT_SCOPES = ['all', 'arm', 'graph', 'arm-writes', 'graph-writes'] as const;
type FaultScope = (typeof FAULT_SCOPES)[number];

export interface FaultSpec {
  /** In SPEC order; a draw u in [0,1) picks the first kind whose cumulative probability exceeds u. */
  faults: { kind: FaultKind; probability: number }[];
  /** Seconds sent in Retry-After with `429`. */
  retryAfter: number;
  /** Delay of `slow`. */
  slowMs: number;
  /** Which requests faults hit (default all). */
  on?: FaultScope;
}

function bad(part: string, why: string): EmulatorConfigError {
  return new EmulatorConfigError(`invalid fault SPEC part '${part}': ${why}`);
}

function nonNegativeNumber(part: string, value: string, what: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw bad(part, `${what} must be a non-negative number`);
  return n;
}

export function parseFaultSpec(spec: string): FaultSpec {
  const out: FaultSpec = { faults: [], retryAfter: 1, slowMs: 200 };
  const seen = new Set<string>();
  for (const raw of spec.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) throw bad(part, 'expected kind=probability');
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (seen.has(key)) throw bad(part, `'${key}' is given twice`);
    seen.add(key);
    if (key === 'retry-after') out.retryAfter = nonNegativeNumber(part, value, 'retry-after');
    else if (key === 'slow-ms') out.slowMs = nonNegativeNumber(part, value, 'slow-ms');
    else if (key === 'on') {
      if (!(FAULT_SCOPES as readonly string[]).includes(value)) throw bad(part, `on must be one of ${FAULT_SCOPES.join(', ')}`);
      out.on = value as FaultScope;
    }
    else if ((FAULT_KINDS as readonly string[]).includes(key)) {
      const p = Number(value);
      if (value === '' || !Number.isFinite(p) || p < 0 || p > 1) throw bad(part, 'probability must be a number from 0 to 1');
      out.faults.push({ kind: key as FaultKind, probability: p });
    } else {
      throw bad(part, `unknown fault kind '${key}' (known: ${FAULT_KINDS.join(', ')}, and the settings retry-after, slow-ms, on)`);
    }
  }
  const total = out.faults.reduce((s, f) => s + f.probability, 0);
  if (total > 1 + 1e-9) throw new EmulatorConfigError(`invalid fault SPEC '${spec}': the probabilities add up to ${total}, more than 1`);
  return out;
}

export class FaultInjector {
  private random: () => number;

  constructor(
    private spec: FaultSpec,
    seed = 1,
  ) {
    this.random = mulberry32(seed);
  }

  get settings(): FaultSpec {
    return this.spec;
  }

  /**
   * Draws once (always, even with no faults configured or a request out of scope, so adding a kind or a
   * scope does not shift the sequence's draws); a fault drawn for a request out of scope is not applied.
   */
  draw(request?: { graph: boolean; write: boolean }): FaultKind | undefined {
    const u = this.random();
    if (request && !inScope(this.spec.on ?? 'all', request)) return undefined;
    let acc = 0;
    for (const f of this.spec.faults) {
      acc += f.probability;
      if (u < acc) return f.kind;
    }
    return undefined;
  }
}

function inScope(scope: FaultScope, request: { graph: boolean; write: boolean }): boolean {
  if (scope === 'all') return true;
  const [platform, writes] = scope.split('-');
  return (platform === 'graph') === request.graph && (!writes || request.write);
}
