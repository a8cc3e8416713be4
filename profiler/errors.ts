// The profiler's errors, each a class with a fixed code callers branch on,
// and `assertNever` for its exhaustive switches. Trace store errors live with
// the store (memory/trace-store.ts).

export class EntryNotFound extends Error {
  readonly code = "EntryNotFound";
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`no entry point in ${path}: ${detail}`);
  }
}

export class InterpreterMissing extends Error {
  readonly code = "InterpreterMissing";
  constructor(
    readonly interpreter: string,
    detail: string,
  ) {
    super(`cannot run the Python interpreter '${interpreter}': ${detail}. Install Python 3.11+ or pass --python PATH.`);
  }
}

/** The helper ended without leaving any snapshot (it could not start, or was killed before its first flush). */
export class ProfileOutputMissing extends Error {
  readonly code = "ProfileOutputMissing";
  constructor(
    readonly file: string,
    readonly stderrTail: string,
  ) {
    super(`the profiler helper left no output at ${file}${stderrTail ? `; its stderr ended with:\n${stderrTail}` : ""}`);
  }
}

export class ProfileOutputInvalid extends Error {
  readonly code = "ProfileOutputInvalid";
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`the profiler helper's output ${file} is not in the expected format: ${detail}`);
  }
}

export function assertNever(x: never, what = "value"): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(x)}`);
}
