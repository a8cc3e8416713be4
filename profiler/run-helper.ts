// Running the user's program under CPython with apc's Python helper
// (profiler/python/apc_tracer) and collecting what it wrote. Owns the child
// process: its command line, PYTHONPATH, working directory, the timeout
// (SIGINT first so the helper writes its snapshot, SIGKILL after a grace
// period) and Ctrl+C (passed on to the program, not fatal to apc). Does not
// own choosing the entry (entry.ts), the snapshot format (helper-output.ts)
// or storing (profile.ts).

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ProfileMode } from "../memory/trace-store.js";
import type { ProgramTarget } from "./entry.js";
import { InterpreterMissing, ProfileOutputMissing } from "./errors.js";
import { readHelperSnapshot, type HelperSnapshot } from "./helper-output.js";

/** thread: the default sampler; signal and setprofile: measured alternatives (see apc_tracer/sampler.py). */
export type SamplerKind = "thread" | "signal" | "setprofile" | "none";

export interface HelperRunOptions {
  readonly python: string;
  readonly project: string;
  readonly target: ProgramTarget;
  readonly args: readonly string[];
  readonly mode: ProfileMode;
  /** Stop the program after it ran this many seconds (SIGINT, then SIGKILL after graceS). */
  readonly timeoutS?: number;
  readonly graceS?: number;
  /** Sampling interval asked of the sampler thread (the GIL makes the real one longer). */
  readonly intervalS?: number;
  /** Seconds between the helper's partial snapshots. */
  readonly flushS?: number;
  readonly sampler?: SamplerKind;
  /** "inherit": the program talks to the terminal; "pipe": its output is collected. */
  readonly stdio?: "inherit" | "pipe";
}

export interface HelperRunResult {
  /** The command as run (interpreter first). */
  readonly command: string[];
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  /** apc received SIGINT (Ctrl+C) while the program ran. */
  readonly interrupted: boolean;
  readonly startedAt: Date;
  readonly wallS: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly snapshot: HelperSnapshot | null;
}

export const DEFAULT_INTERVAL_S = 0.005;
export const DEFAULT_FLUSH_S = 1;
export const DEFAULT_GRACE_S = 3;
/** Longest wait for the interpreter to reach the program before --timeout counts anyway. */
const STARTUP_LIMIT_S = 30;
const OUTPUT_LIMIT = 1 << 20;

/** The folder holding apc_tracer/ and compiler/tracer.py, from src or from dist/. */
export function helperPythonPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.join(here, "python"), path.join(here, "..", "..", "profiler", "python")]) {
    if (existsSync(path.join(candidate, "apc_tracer", "__init__.py"))) return candidate;
  }
  throw new Error(`apc's Python helper (profiler/python/apc_tracer) is missing next to ${here}`);
}

function scriptArgument(project: string, file: string): string {
  const rel = path.relative(project, file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}

export async function runUnderHelper(opts: HelperRunOptions): Promise<HelperRunResult> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "apc-profile-"));
  const outFile = path.join(tmp, "snapshot.json");
  const helperArgs = [
    "-m",
    "apc_tracer",
    "--out",
    outFile,
    "--mode",
    opts.mode,
    "--interval",
    String(opts.intervalS ?? DEFAULT_INTERVAL_S),
    "--flush",
    String(opts.flushS ?? DEFAULT_FLUSH_S),
    "--sampler",
    opts.sampler ?? "thread",
    // A script inside the project is named relative to it (the working
    // directory), so the program sees sys.argv[0] as `python main.py` gives it.
    ...(opts.target.kind === "script" ? ["--script", scriptArgument(opts.project, opts.target.file)] : ["--module", opts.target.module]),
    "--",
    ...opts.args,
  ];
  const env = { ...process.env, PYTHONPATH: [helperPythonPath(), process.env.PYTHONPATH].filter(Boolean).join(path.delimiter) };
  const stdio = opts.stdio ?? "inherit";
  const startedAt = new Date();
  const t0 = performance.now();
  try {
    const outcome = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; timedOut: boolean; interrupted: boolean; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(opts.python, helperArgs, { cwd: opts.project, env, stdio: stdio === "inherit" ? "inherit" : ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        const keep = (buf: string, chunk: Buffer) => (buf + chunk.toString("utf8")).slice(-OUTPUT_LIMIT);
        child.stdout?.on("data", (c: Buffer) => (stdout = keep(stdout, c)));
        child.stderr?.on("data", (c: Buffer) => (stderr = keep(stderr, c)));
        let timedOut = false;
        let interrupted = false;
        const timers: NodeJS.Timeout[] = [];
        const stop = () => {
          child.kill("SIGINT");
          timers.push(setTimeout(() => child.kill("SIGKILL"), (opts.graceS ?? DEFAULT_GRACE_S) * 1000));
        };
        if (opts.timeoutS !== undefined) {
          // The clock starts when the program does (the helper's first
          // snapshot, written just before it runs the program), so a slow
          // interpreter start on a loaded machine does not eat the budget;
          // a helper that never gets there is stopped STARTUP_LIMIT_S later.
          const timeoutMs = opts.timeoutS * 1000;
          const spawned = performance.now();
          const armWhenStarted = () => {
            if (existsSync(outFile) || performance.now() - spawned > timeoutMs + STARTUP_LIMIT_S * 1000) {
              timers.push(
                setTimeout(() => {
                  timedOut = true;
                  stop();
                }, timeoutMs),
              );
            } else timers.push(setTimeout(armWhenStarted, 10));
          };
          armWhenStarted();
        }
        // Ctrl+C reaches the program too (same process group): let it end and
        // keep its profile instead of dying with it.
        const onSigint = () => {
          if (!interrupted) {
            interrupted = true;
            if (stdio === "pipe") stop();
            else timers.push(setTimeout(() => child.kill("SIGKILL"), (opts.graceS ?? DEFAULT_GRACE_S) * 1000));
          }
        };
        process.on("SIGINT", onSigint);
        const done = () => {
          for (const t of timers) clearTimeout(t);
          process.off("SIGINT", onSigint);
        };
        child.on("error", (err: NodeJS.ErrnoException) => {
          done();
          reject(err.code === "ENOENT" || err.code === "EACCES" ? new InterpreterMissing(opts.python, err.message) : err);
        });
        child.on("close", (code, signal) => {
          done();
          resolve({ code, signal, timedOut, interrupted, stdout, stderr });
        });
      },
    );
    const snapshot = readHelperSnapshot(outFile);
    if (!snapshot && !outcome.timedOut && !outcome.interrupted) {
      // The helper never got going: a broken interpreter, a Python too old, a missing module.
      throw new ProfileOutputMissing(outFile, outcome.stderr.trim().split("\n").slice(-5).join("\n"));
    }
    return {
      command: [opts.python, ...helperArgs],
      exitCode: outcome.code,
      signal: outcome.signal,
      timedOut: outcome.timedOut,
      interrupted: outcome.interrupted,
      startedAt,
      wallS: (performance.now() - t0) / 1000,
      stdout: outcome.stdout,
      stderr: outcome.stderr,
      snapshot,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
