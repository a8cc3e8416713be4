// Where the benchmark suite lives on disk, found from this module's own location
// so it works from the TypeScript sources (vitest) and from dist/ (the CLI):
// the repository root, the programs, their C twins, and the Numba host script.

import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, "benchmarks", "programs"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("apc bench: cannot find the repository root (benchmarks/programs) above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export const REPO_ROOT = findRepoRoot();
export const PROGRAMS_DIR = path.join(REPO_ROOT, "benchmarks", "programs");
export const C_TWINS_DIR = path.join(REPO_ROOT, "benchmarks", "c");
export const NUMBA_HOST = path.join(REPO_ROOT, "benchmarks", "harness", "numba_host.py");
/** The command that installs every missing peer (scripts/install-peers.sh). */
export const INSTALL_PEERS = "npm run bench:peers";
