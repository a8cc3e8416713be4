// `apc run`'s cache against damaged entries: a cached executable that is
// truncated, emptied, made non-executable or overwritten in place (same
// size) is found wrong by its record (size and SHA-256 written at build) and
// rebuilt, and the program runs as CPython runs it; a sound entry is reused.

import { spawnSync } from "node:child_process";
import { chmodSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runPython, tempDir } from "../helpers.js";

const APC = path.join(import.meta.dirname, "..", "..", "bin", "apc.js");
const PROGRAM = `import sys


def collatz(n: int) -> int:
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


print(max(collatz(i) for i in range(1, 3000)), sys.argv[1:])
`;

describe("apc run's cache", () => {
  const dir = tempDir("apc-run-cache-");
  const run = () => spawnSync(process.execPath, [APC, "run", "prog.py", "--", "a", "b"], { cwd: dir, encoding: "utf8", timeout: 120_000 });
  let expected: string;

  beforeAll(() => {
    writeFileSync(path.join(dir, "prog.py"), PROGRAM);
    expected = runPython(path.join(dir, "prog.py"), ["a", "b"]).stdout;
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toBe(expected);
  });

  /** The entry last built (a rebuilt dist/ changes the compiler's fingerprint, so the key). */
  function currentEntry(): string {
    const cache = path.join(dir, ".apc", "cache");
    const [key] = readdirSync(cache).sort((a, b) => statSync(path.join(cache, b)).mtimeMs - statSync(path.join(cache, a)).mtimeMs);
    return path.join(cache, key!, "prog");
  }

  it("reuses a sound entry without rebuilding it", () => {
    const exe = currentEntry();
    const before = statSync(exe);
    const r = run();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(expected);
    expect(r.stderr).toBe("");
    expect(statSync(exe).ino).toBe(before.ino);
  });

  const damages: [string, (file: string) => void][] = [
    ["truncated", (f) => truncateSync(f, Math.floor(statSync(f).size / 3))],
    ["empty", (f) => truncateSync(f, 0)],
    ["not executable", (f) => chmodSync(f, 0o644)],
    ["overwritten in place, same size", (f) => {
      const bytes = readFileSync(f);
      bytes.fill(0, 0, 64); // the ELF header
      writeFileSync(f, bytes);
    }],
  ];

  it.each(damages)("rebuilds an entry that is %s, and runs it correctly", (_what, damage) => {
    damage(currentEntry());
    const r = run();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(expected);
    expect(r.stderr).toMatch(/^apc run: the cached build \.apc\/cache\/\w+\/prog .*: rebuilding it\n$/);
  });

  it("reuses a rebuilt entry", () => {
    const r = run();
    expect(r.stdout).toBe(expected);
    expect(r.stderr).toBe("");
  });
});
