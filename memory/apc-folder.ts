// apc's working folder in a project (`.apc/`, or the configured memory dir):
// making it on first use, with a `.gitignore` holding `*` so that what apc
// keeps there (the decision log, Chroma's data, builds, some megabytes) never
// shows up in `git status` or gets committed by `git add .`. A .gitignore
// already there is left alone (the user may have written it). Also checks,
// before anything is made, that the folder can be a folder at all: a path
// under /proc or /sys, or one whose parent is a file, is MemoryDirUnusable at
// once (mkdir there fails, or worse, blocks) instead of a hang or an errno
// without a path. Does not own what goes inside.

import { existsSync, mkdirSync, realpathSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The memory folder cannot be made or used where it is. */
export class MemoryDirUnusable extends Error {
  readonly code = "memory-dir-unusable";
  constructor(
    readonly dir: string,
    detail: string,
  ) {
    super(`apc cannot keep its memory in ${dir}: ${detail}; set memory.dir in agent.config.ts to a folder on a normal file system`);
  }
}

/** Pseudo file systems: files there are kernel interfaces, not storage. */
const PSEUDO_ROOTS = ["/proc", "/sys", "/dev"];

/** Throws MemoryDirUnusable unless `dir` exists as a folder or can be created as one on a real file system. */
export function checkApcFolder(dir: string): void {
  const abs = path.resolve(dir);
  // The nearest part of the path that exists, with its links resolved.
  let existing = abs;
  while (!existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  let real: string;
  try {
    real = realpathSync(existing);
  } catch (err) {
    throw new MemoryDirUnusable(abs, (err as Error).message);
  }
  const pseudo = PSEUDO_ROOTS.find((root) => real === root || real.startsWith(`${root}/`));
  if (pseudo !== undefined) throw new MemoryDirUnusable(abs, `${pseudo} is a kernel pseudo file system, not storage`);
  if (!statSync(real).isDirectory()) throw new MemoryDirUnusable(abs, `${existing} is a file, not a folder`);
}

/** Makes `dir` (and its parents) if missing, and its `.gitignore` (`*`) if it has none. */
export function prepareApcFolder(dir: string): void {
  checkApcFolder(dir);
  mkdirSync(dir, { recursive: true });
  const ignore = path.join(dir, ".gitignore");
  try {
    writeFileSync(ignore, "# apc's working files (decision log, vector memory, builds): not source\n*\n", { flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
}
