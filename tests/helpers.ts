// Shared test helpers: run CPython for the reference behaviour, compile with
// apc's compile() API, and run native executables, all for real.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { compile, type CompileOptions, type CompileResult } from "../compiler/driver.js";

export interface RunOutput {
  stdout: string;
  stderr: string;
  status: number;
}

export const PYTHON = process.env.APC_TEST_PYTHON ?? "python3";

export function runProcess(cmd: string, args: string[], cwd?: string, env?: NodeJS.ProcessEnv): RunOutput {
  const r = spawnSync(cmd, args, { encoding: "utf8", cwd, env, timeout: 60_000, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? 128 };
}

/** CPython on a script, with str hashing unsalted (PYTHONHASHSEED=0): apc's
 *  str hash is CPython's under that seed, so sets and dicts of strings
 *  iterate in the same order. */
export function runPython(file: string, args: string[] = []): RunOutput {
  return runProcess(PYTHON, [path.basename(file), ...args], path.dirname(file), { ...process.env, PYTHONHASHSEED: "0" });
}

export function tempDir(prefix = "apc-test-"): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Compile a file to an executable in a temp folder. */
export async function buildFile(file: string, opts: Partial<CompileOptions> = {}): Promise<CompileResult> {
  const out = path.join(tempDir(), path.basename(file).replace(/\.py$/, ""));
  return compile(readFileSync(file, "utf8"), { file: path.basename(file), output: out, ...opts });
}

export function lastLine(text: string): string {
  const lines = text.trimEnd().split("\n");
  return lines[lines.length - 1] ?? "";
}
