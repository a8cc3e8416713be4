// `apc profile` as a user runs it (node bin/apc.js, the built dist/): the
// entry it says it chose, the table at the end, the program's own stdout and
// exit status, `--` arguments, -m, the timeout exit code, and the clear
// refusal of a corrupt trace store.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { fixtureProject, projectWith, PYTHON } from "./fixtures/projects.js";

const APC = path.join(import.meta.dirname, "..", "..", "bin", "apc.js");

/** The CLI as a child process, awaited: a worker blocked in spawnSync for
 *  over a minute misses vitest's RPC deadline ("Timeout calling onTaskUpdate"). */
async function apc(args: string[], cwd: string) {
  const r = await execa(process.execPath, [APC, ...args], { cwd, reject: false, stripFinalNewline: false, timeout: 60_000 });
  return { stdout: String(r.stdout), stderr: String(r.stderr), status: r.exitCode ?? null };
}

// One test after another: concurrent tests start their timeouts together,
// and on a busy machine the last of a batch timed out on the others' work.
describe("apc profile (CLI)", () => {
  it("says which entry it chose, keeps the program's stdout, and ends with the table", async () => {
    const dir = fixtureProject("hot");
    const r = await apc(["profile", "--python", PYTHON], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^done \d+\n$/);
    expect(r.stderr).toContain(`apc profile: entry main.py (the project's main.py), in ${dir}, sample mode, interpreter ${PYTHON}`);
    expect(r.stderr).toMatch(/run 1: sample mode, exit status 0, [\d.]+ s, \d+ samples\n/);
    expect(r.stderr).toMatch(/#\s+function\s+where\s+self %\s+self s\s+total %\s+total s\s+calls\s+types\n/);
    expect(r.stderr).toMatch(/\n1\s+planted_hot\s+main\.py:3\s/);
    expect(r.stderr).toContain("flame graph: .apc/reports/flame-1.svg");
    expect(readFileSync(path.join(dir, ".apc", "reports", "flame-1.svg"), "utf8")).toContain("planted_hot");
  });

  it("passes arguments after -- and runs -m MODULE", async () => {
    const dir = fixtureProject("modpkg");
    const r = await apc(["profile", "-m", "app", "--mode", "trace", "--python", PYTHON, "--", "there"], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe("hello there True\n");
    expect(r.stderr).toContain("entry module app (-m)");
    expect(r.stderr).toMatch(/greet .*mono/);
  });

  it("exits with the program's status when it fails", async () => {
    const dir = fixtureProject("crash");
    const r = await apc(["profile", ".", "--python", PYTHON], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("ValueError: value too large");
    expect(r.stderr).toContain("exit status 1 (ValueError)");
  });

  it("exits 124 when --timeout stops the program", async () => {
    const dir = fixtureProject("forever");
    const r = await apc(["profile", "--timeout", "2", "--python", PYTHON], dir);
    expect(r.status, r.stderr).toBe(124);
    expect(r.stderr).toContain("stopped after the timeout");
    expect(r.stderr).toContain("spin_forever");
  });

  it("refuses a corrupt traces.db with a clear error and leaves it as it was", async () => {
    const dir = fixtureProject("hot");
    mkdirSync(path.join(dir, ".apc"));
    const file = path.join(dir, ".apc", "traces.db");
    writeFileSync(file, "garbage that is not SQLite");
    const r = await apc(["profile", "--python", PYTHON], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`error[TraceStoreCorrupt]: ${file} is not a usable apc trace store (not-sqlite`);
    expect(r.stdout).toBe(""); // the program did not run
    expect(readFileSync(file, "utf8")).toBe("garbage that is not SQLite");
    const exp = await apc(["traces", "export", "--json"], dir);
    expect(exp.status).toBe(2);
    expect(exp.stderr).toContain("error[TraceStoreCorrupt]");
  });

  it("names the candidates when it cannot choose an entry", async () => {
    const dir = projectWith({ "a.py": "", "b.py": "" });
    const r = await apc(["profile"], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("error[EntryNotFound]: no entry point in .: no main.py or __main__.py, and 2 scripts (a.py, b.py)");
  });
});
