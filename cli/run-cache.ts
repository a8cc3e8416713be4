// `apc run`: build into a content-addressed cache under .apc/cache and
// execute. The key covers the source, the file name (tracebacks show it),
// the options, and a fingerprint of the compiler and runtime themselves, so
// a second run of an unchanged file skips the compile and an upgraded apc
// never reuses a stale binary.

import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CompileOptions, CompileResult } from "../compiler/driver.js";
import { runtimeSourceDir } from "../compiler/backend/runtime-lib.js";

type Build = (source: string, options: Omit<CompileOptions, "file">) => Promise<CompileResult>;

export async function runCached(file: string, args: string[], opts: Omit<CompileOptions, "file" | "emit" | "output">, build: Build): Promise<number> {
  const source = readFileSync(file, "utf8");
  const key = createHash("sha256")
    .update(JSON.stringify([path.relative(process.cwd(), path.resolve(file)), opts, compilerFingerprint()]))
    .update(source)
    .digest("hex")
    .slice(0, 24);
  const dir = path.join(process.cwd(), ".apc", "cache", key);
  const exe = path.join(dir, path.basename(file).replace(/\.py$/, "") || "prog");
  if (!existsSync(exe)) {
    mkdirSync(dir, { recursive: true });
    const tmp = `${exe}.tmp-${process.pid}`;
    const res = await build(source, { ...opts, emit: "exe", output: tmp });
    if (!res.ok) return 1;
    renameSync(tmp, exe);
  }
  return new Promise((resolve) => {
    const child = spawn(exe, args, { stdio: "inherit" });
    child.on("exit", (code, signal) => resolve(code ?? 128 + (signal ? signalNumber(signal) : 0)));
  });
}

function signalNumber(sig: NodeJS.Signals): number {
  const map: Partial<Record<NodeJS.Signals, number>> = { SIGSEGV: 11, SIGABRT: 6, SIGKILL: 9, SIGTERM: 15, SIGINT: 2, SIGFPE: 8 };
  return map[sig] ?? 1;
}

let fingerprint: string | null = null;

/** Hash of the compiler's own code and the runtime sources. */
export function compilerFingerprint(): string {
  if (fingerprint) return fingerprint;
  const h = createHash("sha256");
  const compilerDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "compiler");
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) visit(p);
      else if (/\.(js|ts|c|h)$/.test(name) && !name.endsWith(".map")) h.update(name).update(readFileSync(p));
    }
  };
  visit(compilerDir);
  visit(runtimeSourceDir());
  fingerprint = h.digest("hex");
  return fingerprint;
}
