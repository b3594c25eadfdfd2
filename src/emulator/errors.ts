// Two kinds of failure: a bad emulator configuration (state file, fault SPEC) stops the start with a
// located message; an ArmError is an HTTP answer in ARM's CloudError shape and never escapes a request.

/** A state file or fault SPEC the emulator cannot use; the message names the file and place or the SPEC part. */
export class EmulatorConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmulatorConfigError';
  }
}

/** An error response: `{"error":{"code","message","target"?}}` with this HTTP status. */
export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): { error: { code: string; message: string; target?: string } } {
    return { error: { code: this.code, message: this.message, ...(this.target ? { target: this.target } : {}) } };
  }
}

/** 400 BadRequest naming the offending property (ARM's `target`). */
export function badRequest(message: string, target?: string): ArmError {
  return new ArmError(400, 'BadRequest', message, target);
}
