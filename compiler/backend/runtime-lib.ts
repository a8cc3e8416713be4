// Building the C runtime once per machine and runtime version: every
// runtime/*.c compiled with the system C compiler (position independent, so
// the same objects serve executables and --shared libraries) into
// libapc_rt.a, with main.c kept apart as main.o (shared libraries have no
// main). The result is cached under ~/.cache/apc/runtime-<hash> (or
// $APC_CACHE_DIR), keyed by the sources, compiler and flags; concurrent
// builds race safely (build in a temp folder, then rename).

import { execa } from "execa";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const RUNTIME_CFLAGS = ["-O2", "-std=c11", "-fPIC", "-D_GNU_SOURCE", "-Wall"];

export interface RuntimeLib {
  readonly archive: string; // libapc_rt.a
  readonly mainObject: string; // main.o
  readonly dir: string;
}

/** The runtime's source folder: <package>/runtime (this file lives in
 *  compiler/backend/, or dist/compiler/backend/ once built). */
export function runtimeSourceDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, "runtime");
    if (existsSync(path.join(candidate, "apc_rt.h"))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error("apc runtime sources (runtime/apc_rt.h) not found next to the compiler");
}

export function cacheRoot(): string {
  return process.env.APC_CACHE_DIR ?? path.join(os.homedir(), ".cache", "apc");
}

const building = new Map<string, Promise<RuntimeLib>>();

/** Build (or find cached) the runtime with the C compiler `cc`. */
export function ensureRuntime(cc: string): Promise<RuntimeLib> {
  const src = runtimeSourceDir();
  const files = readdirSync(src).filter((f) => /\.(c|h)$/.test(f)).sort();
  const h = createHash("sha256");
  h.update(JSON.stringify([cc, RUNTIME_CFLAGS]));
  for (const f of files) h.update(f).update(readFileSync(path.join(src, f)));
  const key = h.digest("hex").slice(0, 16);
  const dir = path.join(cacheRoot(), `runtime-${key}`);
  const lib = { archive: path.join(dir, "libapc_rt.a"), mainObject: path.join(dir, "main.o"), dir };
  if (existsSync(lib.archive) && existsSync(lib.mainObject)) return Promise.resolve(lib);
  let p = building.get(dir);
  if (!p) {
    p = build(cc, src, files, lib);
    building.set(dir, p);
  }
  return p;
}

async function build(cc: string, src: string, files: string[], lib: RuntimeLib): Promise<RuntimeLib> {
  mkdirSync(path.dirname(lib.dir), { recursive: true });
  const tmp = mkdtempSync(`${lib.dir}.tmp-`);
  try {
    const sources = files.filter((f) => f.endsWith(".c"));
    await Promise.all(
      sources.map((f) => execa(cc, [...RUNTIME_CFLAGS, "-I", src, "-c", path.join(src, f), "-o", path.join(tmp, f.replace(/\.c$/, ".o"))])),
    );
    const objs = sources.filter((f) => f !== "main.c").map((f) => path.join(tmp, f.replace(/\.c$/, ".o")));
    await execa("ar", ["rcs", path.join(tmp, "libapc_rt.a"), ...objs]);
    try {
      renameSync(tmp, lib.dir);
    } catch {
      // Another process finished first: its build is identical.
      if (!existsSync(lib.archive)) throw new Error(`could not install the runtime into ${lib.dir}`);
    }
    return lib;
  } finally {
    if (existsSync(tmp)) rmSync(tmp, { recursive: true, force: true });
  }
}
