// Runs one generated program both ways and judges the pair: CPython
// (PYTHONHASHSEED=0) for the reference, apc's compile() for the native
// executable, then stdout, exit status and the last stderr line compared.
// A compile that returns diagnostics is a refusal; an exception out of
// compile(), IR validator problems or a diagnostic saying "internal" is a
// compiler crash. Where apc stopped with OverflowError, bigint_probe.py
// decides whether CPython really created an int outside 64 bits (then
// apc's stdout need only be a prefix of CPython's). Also a pool that runs
// such jobs a few at a time.

import { execa } from "execa";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { compile } from "../compiler/driver.js";

export const PYTHON = process.env.APC_FUZZ_PYTHON ?? "python3";
// Next to this file when run from source (vitest), in ../../fuzz from dist/.
const PROBE = [path.join(import.meta.dirname, "bigint_probe.py"), path.join(import.meta.dirname, "..", "..", "fuzz", "bigint_probe.py")].find((p) => existsSync(p))!;
const TIMEOUT_MS = 20_000;

export interface Outcome {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
  readonly timedOut: boolean;
}

export interface Refusal {
  readonly code: string;
  readonly message: string;
}

export type Verdict = "agree" | "differ" | "refused" | "crash" | "invalid";

export interface Judgement {
  readonly verdict: Verdict;
  readonly python: Outcome;
  readonly apc: Outcome | null;
  /** Diagnostics of a refusal (every error, not only the first). */
  readonly refusals: readonly Refusal[];
  /** The crash: an internal error's message and stack. */
  readonly crash: string | null;
  /** apc stopped with OverflowError where CPython created a big int. */
  readonly overflowAccepted: boolean;
  /** Why the program cannot be judged (CPython itself timed out). */
  readonly note: string | null;
}

export interface RunOptions {
  /** Scratch folder for sources and executables. */
  readonly workDir: string;
  readonly optLevel?: 0 | 1 | 2 | 3;
}

export function lastLine(text: string): string {
  const lines = text.trimEnd().split("\n");
  return lines[lines.length - 1] ?? "";
}

async function runProcess(cmd: string, args: string[], cwd: string): Promise<Outcome> {
  const r = await execa(cmd, args, {
    cwd,
    reject: false,
    timeout: TIMEOUT_MS,
    stdin: "ignore",
    encoding: "utf8",
    stripFinalNewline: false,
    maxBuffer: 16 << 20,
    env: { PYTHONHASHSEED: "0", PYTHONIOENCODING: "utf-8" },
  });
  const signal = r.signal ? (({ SIGSEGV: 139, SIGABRT: 134, SIGBUS: 135, SIGFPE: 136, SIGKILL: 137, SIGTERM: 143 }) as Record<string, number>)[r.signal] ?? 128 : null;
  return { stdout: String(r.stdout ?? ""), stderr: String(r.stderr ?? ""), status: signal ?? r.exitCode ?? 128, timedOut: Boolean(r.timedOut) };
}

export function runPython(file: string): Promise<Outcome> {
  return runProcess(PYTHON, [path.basename(file)], path.dirname(file));
}

/** Whether CPython creates an int outside 64 bits running `file`. */
export async function createsBigInt(file: string): Promise<boolean> {
  const r = await runProcess(PYTHON, [PROBE, path.basename(file)], path.dirname(file));
  return r.stdout.trim() === "big";
}

function sameOutput(a: Outcome, b: Outcome): boolean {
  return a.stdout === b.stdout && a.status === b.status && lastLine(a.stderr) === lastLine(b.stderr);
}

/** Compile, run and compare one program (named `name` in the work dir). */
export async function judge(source: string, name: string, opts: RunOptions): Promise<Judgement> {
  const dir = path.join(opts.workDir, name);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "prog.py");
  writeFileSync(file, source);
  try {
    const python = await runPython(file);
    const base = { python, apc: null, refusals: [], crash: null, overflowAccepted: false, note: null };
    if (python.timedOut) return { ...base, verdict: "invalid", note: "CPython timed out" };
    let res;
    try {
      res = await compile(source, { file: "prog.py", output: path.join(dir, "prog"), optLevel: opts.optLevel ?? 2 });
    } catch (err) {
      const e = err as Error;
      return { ...base, verdict: "crash", crash: `${e.message}\n${e.stack ?? ""}` };
    }
    const internal = res.diagnostics.find((d) => /internal/i.test(d.message));
    if (internal) return { ...base, verdict: "crash", crash: `${internal.code}: ${internal.message}` };
    if (res.irProblems.length) return { ...base, verdict: "crash", crash: `invalid IR: ${res.irProblems.map((p) => `${p.func}: ${p.message}`).join("; ")}` };
    if (!res.ok) {
      const refusals = res.diagnostics.filter((d) => d.severity === "error").map((d) => ({ code: d.code, message: d.message }));
      const fromReports = res.functions.filter((f) => f.status === "refused" && f.reason).map((f) => ({ code: f.reason!.code, message: f.reason!.message }));
      return { ...base, verdict: "refused", refusals: refusals.length ? refusals : fromReports };
    }
    const apc = await runProcess(res.artifacts.executable!, [], dir);
    if (sameOutput(python, apc)) return { ...base, apc, verdict: "agree" };
    if (lastLine(apc.stderr).startsWith("OverflowError") && !apc.timedOut) {
      const big = await createsBigInt(file);
      if (big && python.stdout.startsWith(apc.stdout)) return { ...base, apc, verdict: "agree", overflowAccepted: true };
    }
    return { ...base, apc, verdict: "differ" };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Run `job` over `items`, at most `width` at a time, reporting each result
 *  as it arrives; resolves when all are done. */
export async function pool<T, R>(items: readonly T[], width: number, job: (item: T) => Promise<R>, onResult: (item: T, result: R) => void): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      onResult(item, await job(item));
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}
