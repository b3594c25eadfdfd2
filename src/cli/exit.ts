export const ExitCode = {
  Ok: 0,
  /** A check failed: validation error, failing test, refused deploy. */
  Failed: 1,
  /** Usage or configuration error. */
  Usage: 2,
} as const;
