// `apc profile` as a user runs it (node bin/apc.js, the built dist/): the
// entry it says it chose, the table at the end, the program's own stdout and
// exit status, `--` arguments, -m, the timeout exit code, and the clear
// refusal of a corrupt trace store.

import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureProject, projectWith, PYTHON } from "./fixtures/projects.js";

const APC = path.join(import.meta.dirname, "..", "..", "bin", "apc.js");

function apc(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [APC, ...args], { encoding: "utf8", cwd, timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

// Not describe.concurrent: every test here waits on spawnSync, so nothing
// overlaps, and concurrent tests start their timeouts together; on a busy
// machine the last of a batch timed out on the others' work.
describe("apc profile (CLI)", () => {
  it("says which entry it chose, keeps the program's stdout, and ends with the table", () => {
    const dir = fixtureProject("hot");
    const r = apc(["profile", "--python", PYTHON], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^done \d+\n$/);
    expect(r.stderr).toContain(`apc profile: entry main.py (the project's main.py), in ${dir}, sample mode, interpreter ${PYTHON}`);
    expect(r.stderr).toMatch(/run 1: sample mode, exit status 0, [\d.]+ s, \d+ samples\n/);
    expect(r.stderr).toMatch(/#\s+function\s+where\s+self %\s+self s\s+total %\s+total s\s+calls\s+types\n/);
    expect(r.stderr).toMatch(/\n1\s+planted_hot\s+main\.py:3\s/);
    expect(r.stderr).toContain("flame graph: .apc/reports/flame-1.svg");
    expect(readFileSync(path.join(dir, ".apc", "reports", "flame-1.svg"), "utf8")).toContain("planted_hot");
  });

  it("passes arguments after -- and runs -m MODULE", () => {
    const dir = fixtureProject("modpkg");
    const r = apc(["profile", "-m", "app", "--mode", "trace", "--python", PYTHON, "--", "there"], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe("hello there True\n");
    expect(r.stderr).toContain("entry module app (-m)");
    expect(r.stderr).toMatch(/greet .*mono/);
  });

  it("exits with the program's status when it fails", () => {
    const dir = fixtureProject("crash");
    const r = apc(["profile", ".", "--python", PYTHON], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("ValueError: value too large");
    expect(r.stderr).toContain("exit status 1 (ValueError)");
  });

  it("exits 124 when --timeout stops the program", () => {
    const dir = fixtureProject("forever");
    const r = apc(["profile", "--timeout", "2", "--python", PYTHON], dir);
    expect(r.status, r.stderr).toBe(124);
    expect(r.stderr).toContain("stopped after the timeout");
    expect(r.stderr).toContain("spin_forever");
  });

  it("refuses a corrupt traces.db with a clear error and leaves it as it was", () => {
    const dir = fixtureProject("hot");
    mkdirSync(path.join(dir, ".apc"));
    const file = path.join(dir, ".apc", "traces.db");
    writeFileSync(file, "garbage that is not SQLite");
    const r = apc(["profile", "--python", PYTHON], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`error[TraceStoreCorrupt]: ${file} is not a usable apc trace store (not-sqlite`);
    expect(r.stdout).toBe(""); // the program did not run
    expect(readFileSync(file, "utf8")).toBe("garbage that is not SQLite");
    const exp = apc(["traces", "export", "--json"], dir);
    expect(exp.status).toBe(2);
    expect(exp.stderr).toContain("error[TraceStoreCorrupt]");
  });

  it("names the candidates when it cannot choose an entry", () => {
    const dir = projectWith({ "a.py": "", "b.py": "" });
    const r = apc(["profile"], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("error[EntryNotFound]: no entry point in .: no main.py or __main__.py, and 2 scripts (a.py, b.py)");
  });
});
