// `apc run`: build into a content-addressed cache under .apc/cache and
// execute. The key covers the source, the file name (tracebacks show it),
// the options, and a fingerprint of the compiler and runtime themselves, so
// a second run of an unchanged file skips the compile and an upgraded apc
// never reuses a stale binary.
//
// An entry is the executable `<key>/<name>` and its record `<name>.entry.json`
// (the size and SHA-256 the build wrote); both are written under private
// names and renamed into place, the executable first. An entry is run only
// when the file is executable and its size and hash match the record;
// otherwise (truncated, emptied, chmod -x, no record) it is rebuilt, saying
// so on stderr. Two runs building the same entry at once each rename a
// complete file: at worst a record and an executable from different builds
// meet, which fails the check and costs one more build, never a wrong run.

import { createHash } from "node:crypto";
import { chmodSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CompileOptions, CompileResult } from "../compiler/driver.js";
import { runtimeSourceDir } from "../compiler/backend/runtime-lib.js";
import { prepareApcFolder } from "../memory/apc-folder.js";
import { runProgram } from "./run-child.js";

type Build = (source: Uint8Array, options: Omit<CompileOptions, "file">) => Promise<CompileResult>;

/** What a cache entry's record holds: the executable as the build wrote it. */
interface CacheRecord {
  readonly size: number;
  readonly sha256: string;
}

export async function runCached(file: string, args: string[], opts: Omit<CompileOptions, "file" | "emit" | "output">, build: Build): Promise<number> {
  const source = readFileSync(file); // bytes: compile() decodes them as CPython does
  const key = createHash("sha256")
    .update(JSON.stringify([path.relative(process.cwd(), path.resolve(file)), opts, compilerFingerprint()]))
    .update(source)
    .digest("hex")
    .slice(0, 24);
  const dir = path.join(process.cwd(), ".apc", "cache", key);
  const exe = path.join(dir, path.basename(file).replace(/\.py$/, "") || "prog");
  const problem = checkEntry(exe);
  if (problem !== null) {
    if (problem !== "missing") process.stderr.write(`apc run: the cached build ${path.relative(process.cwd(), exe)} ${problem}: rebuilding it\n`);
    if (!(await buildEntry(exe, source, opts, build))) return 1;
  }
  // Signals passed on, the child reaped, its status or 128 + signal returned (cli/run-child.ts).
  return runProgram(exe, args);
}

const recordOf = (exe: string) => `${exe}.entry.json`;

/** Why the entry cannot be run as it is ("missing" when it was never built), or null when it can. */
export function checkEntry(exe: string): string | null {
  if (!existsSync(exe)) return "missing";
  let record: CacheRecord;
  try {
    record = JSON.parse(readFileSync(recordOf(exe), "utf8")) as CacheRecord;
    if (!Number.isInteger(record.size) || typeof record.sha256 !== "string") throw new Error("not a record");
  } catch {
    return "has no valid record of what was built";
  }
  const st = statSync(exe);
  if (!st.isFile()) return "is not a file";
  if (st.size !== record.size) return `is ${st.size} bytes, the build wrote ${record.size}`;
  if ((st.mode & constants.S_IXUSR) === 0) return "is not executable";
  if (sha256(readFileSync(exe)) !== record.sha256) return "does not match the hash recorded when it was built";
  return null;
}

/** Builds the entry under a private name, records it, and renames both into place; false when the build failed. */
async function buildEntry(exe: string, source: Uint8Array, opts: Omit<CompileOptions, "file" | "emit" | "output">, build: Build): Promise<boolean> {
  prepareApcFolder(path.resolve(path.dirname(exe), "..", "..")); // .apc/ with its .gitignore
  mkdirSync(path.dirname(exe), { recursive: true });
  const tmp = `${exe}.tmp-${process.pid}`;
  const tmpRecord = `${recordOf(exe)}.tmp-${process.pid}`;
  try {
    const res = await build(source, { ...opts, emit: "exe", output: tmp });
    if (!res.ok) return false;
    chmodSync(tmp, 0o755);
    if (statSync(exe, { throwIfNoEntry: false })?.isDirectory()) rmSync(exe, { recursive: true, force: true });
    const bytes = readFileSync(tmp);
    const record: CacheRecord = { size: bytes.length, sha256: sha256(bytes) };
    writeFileSync(tmpRecord, JSON.stringify(record));
    renameSync(tmp, exe);
    renameSync(tmpRecord, recordOf(exe));
    return true;
  } finally {
    rmSync(tmp, { force: true });
    rmSync(tmpRecord, { force: true });
  }
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

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
