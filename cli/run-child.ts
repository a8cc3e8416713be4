// `apc run`'s compiled program as a child process: stdio inherited, the
// signals that end a foreground program (SIGINT, SIGTERM, SIGHUP, SIGQUIT)
// passed on to it while it runs, and the child always waited for, so apc
// never leaves it running with parent pid 1. apc then ends as the child did:
// its exit status, or 128 + the number of the signal that killed it (the
// shell's convention, from os.constants.signals: SIGPIPE 141, SIGSEGV 139).
// Does not own building or checking the executable (cli/run-cache.ts).

import { spawn } from "node:child_process";
import os from "node:os";

/** Signals apc catches while the program runs and passes on to it. */
export const FORWARDED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"] as const satisfies readonly NodeJS.Signals[];

/** Runs `exe` with `args` and resolves to the status apc should exit with. */
export function runProgram(exe: string, args: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(exe, args, { stdio: "inherit" });
    const forward = (sig: NodeJS.Signals) => {
      // A terminal's Ctrl-C reaches the whole process group, the child too: a
      // second SIGINT is harmless. A `kill <apc pid>` reaches only apc.
      child.kill(sig);
    };
    for (const sig of FORWARDED_SIGNALS) process.on(sig, forward);
    const done = (status: number) => {
      for (const sig of FORWARDED_SIGNALS) process.off(sig, forward);
      resolve(status);
    };
    child.on("error", (err: NodeJS.ErrnoException) => {
      process.stderr.write(`apc run: cannot run ${exe}: ${err.message}\n`);
      done(err.code === "ENOENT" ? 127 : 126);
    });
    child.on("exit", (code, signal) => done(code ?? 128 + signalNumber(signal)));
  });
}

/** The signal's number on this system (SIGTERM 15), or 0 for none. */
export function signalNumber(signal: NodeJS.Signals | null): number {
  return signal === null ? 0 : (os.constants.signals[signal] ?? 0);
}
