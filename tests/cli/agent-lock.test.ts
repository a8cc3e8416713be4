// One `apc agent optimize` per project at a time: while a run holds the
// project's lock (taken here, in this process), a second is refused with the
// holder's pid, as a one-line message, before it starts Chroma or opens the
// decision log; a lock left by a killed run is taken over.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acquireRunLock, RUN_LOCKS } from "../../agents/run-lock.js";
import { tempDir } from "../helpers.js";

const APC = path.join(import.meta.dirname, "..", "..", "bin", "apc.js");

function project(): string {
  const dir = tempDir("apc-agent-lock-");
  writeFileSync(path.join(dir, "main.py"), "def work(n: int) -> int:\n    return sum(i * i for i in range(n))\n\n\nprint(work(100000))\n");
  return dir;
}

describe("apc agent optimize's lock", () => {
  it("refuses a second run while one holds the lock, naming its pid, and starts nothing", () => {
    const dir = project();
    const apcDir = path.join(dir, ".apc");
    const lock = acquireRunLock(apcDir, "agent-optimize");
    try {
      const r = spawnSync(process.execPath, [APC, "agent", "optimize", dir, "--budget", "1"], { cwd: dir, encoding: "utf8", timeout: 300_000 });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`another apc agent optimize run is already running on this project (process ${process.pid}, started ${lock.holder.startedAt})`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(path.join(apcDir, "chroma"))).toBe(false);
      expect(existsSync(path.join(apcDir, "decisions.db"))).toBe(false);
      expect(existsSync(lock.file)).toBe(true);
    } finally {
      lock.release();
    }
  });

  it("takes over the lock of a run that was killed", () => {
    const apcDir = path.join(project(), ".apc");
    mkdirSync(apcDir);
    const dead = spawnSync("true").pid!; // a pid whose process is gone
    writeFileSync(path.join(apcDir, RUN_LOCKS["agent-optimize"].file), JSON.stringify({ pid: dead, host: hostname(), startedAt: "2026-01-01T00:00:00.000Z" }));
    const lock = acquireRunLock(apcDir, "agent-optimize");
    try {
      expect(lock.tookOverFrom?.pid).toBe(dead);
      expect(lock.notice).toContain(`took over a stale apc agent optimize lock: process ${dead}`);
    } finally {
      lock.release();
    }
  });
});
