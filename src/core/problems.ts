// Problems are values: every stage collects them and the CLI reports them together, so a user fixes a
// whole run's mistakes at once instead of one per invocation.

export type Severity = 'error' | 'warning' | 'note';

export interface SourceLocation {
  /** Path relative to the repository root (or as the user gave it). */
  file: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** JSON pointer into the document, when the problem is about a value rather than text. */
  pointer?: string;
}

export interface Problem extends SourceLocation {
  severity: Severity;
  /** Stable identifier, e.g. `schema`, `yaml-syntax`, `sentinel-query-period`, `KS142`. */
  code: string;
  message: string;
}

export function error(code: string, message: string, at: SourceLocation): Problem {
  return { severity: 'error', code, message, ...at };
}

export function warning(code: string, message: string, at: SourceLocation): Problem {
  return { severity: 'warning', code, message, ...at };
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

export function formatLocation(p: SourceLocation): string {
  if (p.line === undefined) return p.pointer ? `${p.file}#${p.pointer}` : p.file;
  return `${p.file}:${p.line}:${p.column ?? 1}`;
}

export function formatProblem(p: Problem): string {
  return `${formatLocation(p)}: ${p.severity} ${p.code}: ${p.message}`;
}

export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
}

/** Thrown only for usage and configuration errors that stop a command before any work (exit 2). */
export class ConfigError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

/** The same problem found by two checks (a fixture shared by several cases) is reported once. */
export function uniqueProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = formatProblem(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
