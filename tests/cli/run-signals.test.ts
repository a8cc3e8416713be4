// `apc run` and the compiled program's process: SIGTERM or SIGINT sent to apc
// is passed on to the program, which is reaped before apc exits as it did
// (128 + signal); no program is left running with parent pid 1. A program
// whose stdout reader goes away (`apc run prog | head -1`) ends as CPython
// does: "BrokenPipeError: [Errno 32] Broken pipe" on stderr and status 1.
// `.apc/` gets its .gitignore. The program's process is found through /proc (its argv[0] is the cached
// executable), not through anything the program itself writes.

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PYTHON, tempDir } from "../helpers.js";

const APC = path.join(import.meta.dirname, "..", "..", "bin", "apc.js");

/** Pids of live processes whose argv[0] is an executable in `cacheDir` named `name`. */
function programsIn(cacheDir: string, name: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let argv0: string;
    let state: string;
    try {
      argv0 = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0")[0]!;
      state = readFileSync(`/proc/${entry}/stat`, "utf8").replace(/^.*\) /, "")[0]!;
    } catch {
      continue; // gone meanwhile
    }
    if (argv0.startsWith(cacheDir + path.sep) && path.basename(argv0) === name && state !== "Z") found.push(Number(entry));
  }
  return found;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

const leftovers: number[] = [];
afterEach(() => {
  // A program the old apc orphaned: ended by its pid, so the machine is not left busy.
  for (const pid of leftovers.splice(0)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
});

describe("apc run passes signals on and reaps the program", () => {
  for (const [sig, status] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
    it(`${sig}: the program is ended too, and apc exits ${status}`, async () => {
      const dir = tempDir("apc-run-signal-");
      writeFileSync(path.join(dir, "busy.py"), "n = 0\nwhile True:\n    n = (n + 1) % 1000\n");
      const cacheDir = path.join(dir, ".apc", "cache");
      const apc = spawn(process.execPath, [APC, "run", "busy.py"], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      apc.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
      const done = exited(apc);
      // Wait (building first) until the program runs; apc ending early fails the test.
      let programs: number[] = [];
      while (programs.length === 0) {
        if (apc.exitCode !== null) throw new Error(`apc run ended before the program started: ${stderr}`);
        await sleep(100);
        programs = existsSync(cacheDir) ? programsIn(cacheDir, "busy") : [];
      }
      expect(programs).toHaveLength(1);
      leftovers.push(programs[0]!);
      apc.kill(sig);
      const end = await done;
      expect(end).toEqual({ code: status, signal: null });
      expect(programsIn(cacheDir, "busy")).toEqual([]);
      expect(existsSync(`/proc/${programs[0]}`) && readFileSync(`/proc/${programs[0]}/cmdline`, "utf8").startsWith(cacheDir)).toBe(false);
    });
  }
});

describe("a compiled program whose stdout reader has gone", () => {
  /** Runs cmd, reads the first chunk of its stdout, then closes the pipe (as `| head -1`). */
  async function firstChunkThenClose(cmd: string, args: string[], cwd: string): Promise<{ first: string; stderr: string; status: number | null; signal: NodeJS.Signals | null }> {
    const child = spawn(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const done = exited(child);
    const first = await new Promise<string>((resolve) =>
      child.stdout!.once("data", (d: Buffer) => {
        child.stdout!.destroy();
        resolve(d.toString().split("\n")[0]!);
      }),
    );
    const { code, signal } = await done;
    return { first, stderr, status: code, signal };
  }

  it("ends as CPython does: BrokenPipeError on stderr, status 1 (apc run and CPython alike)", async () => {
    const dir = tempDir("apc-run-pipe-");
    // 100,000 lines (~590 KB) outgrow any pipe buffer: writes after the close fail for certain.
    writeFileSync(path.join(dir, "many.py"), "for i in range(100000):\n    print(i)\n");
    const python = await firstChunkThenClose(PYTHON, ["many.py"], dir);
    const apc = await firstChunkThenClose(process.execPath, [APC, "run", "many.py"], dir);
    expect(python.first).toBe("0");
    expect(apc.first).toBe("0");
    const lastLine = (s: string) => s.trimEnd().split("\n").pop();
    expect(lastLine(python.stderr)).toBe("BrokenPipeError: [Errno 32] Broken pipe");
    expect({ status: apc.status, signal: apc.signal, last: lastLine(apc.stderr) }).toEqual({
      status: python.status,
      signal: null,
      last: "BrokenPipeError: [Errno 32] Broken pipe",
    });
    expect(apc.status).toBe(1);
    // The run cache's folder keeps itself out of git.
    expect(readFileSync(path.join(dir, ".apc", ".gitignore"), "utf8")).toMatch(/^\*$/m);
  });
});
