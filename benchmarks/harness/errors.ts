// The harness's errors, each with a fixed code the caller branches on:
// BenchUsageError is a bad command line (the CLI exits 2); the others are what a
// runner's build step throws and the measurement loop turns into a table cell
// (skipped, refused, build failed, no C twin). Nothing here is about timing.

export class BenchUsageError extends Error {
  readonly code = "BenchUsage";
}

/** A peer's tool is not installed; `install` is the command that installs it. */
export class PeerMissing extends Error {
  readonly code = "PeerMissing";
  constructor(
    message: string,
    readonly install: string,
  ) {
    super(message);
  }
}

/** apc refused the program: the first error diagnostic, as the compile report gives it. */
export class ProgramRefused extends Error {
  readonly code = "ProgramRefused";
  constructor(readonly reason: { code: string; message: string; line: number; col: number }) {
    super(`${reason.code} (line ${reason.line}): ${reason.message}`);
  }
}

/** The build step ran and failed (a compiler error, a crash of the tool). */
export class BuildFailed extends Error {
  readonly code = "BuildFailed";
}

/** The program has no twin for this runner (a C version exists only for numeric programs). */
export class NoTwin extends Error {
  readonly code = "NoTwin";
}
