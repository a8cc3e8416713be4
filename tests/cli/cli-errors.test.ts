// Expected failures end `apc` with one line, `apc: error[CODE]: ...`, and
// exit 2 (usage: a missing input, a bad -o) or 1 (anything else), never a JS
// stack trace: -o into a missing folder or onto a folder, a missing or folder
// input, a full disk (a 64 KiB tmpfs mounted in a private mount namespace, and
// /dev/full as stdout), an LLM that does not answer `apc chat`. And mistakes
// have no side effects: `apc agent optimize` of a missing folder makes
// nothing, a decisions.db that is a folder is named as such, a memory.dir
// under /proc fails at once instead of hanging.

import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers.js";

const APC = path.join(import.meta.dirname, "..", "..", "bin", "apc.js");

function apc(args: string[], cwd: string, options: { input?: string; stdout?: number } = {}) {
  const r = spawnSync(process.execPath, [APC, ...args], {
    cwd,
    encoding: "utf8",
    input: options.input,
    stdio: [options.input === undefined ? "ignore" : "pipe", options.stdout ?? "pipe", "pipe"],
    timeout: 90_000,
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? "", stderr: r.stderr };
}

/** The one line apc printed on stderr (the test fails on more, or on a stack frame). */
function oneLine(stderr: string): string {
  const lines = stderr.trimEnd().split("\n");
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

function project(): string {
  const dir = tempDir("apc-cli-errors-");
  writeFileSync(path.join(dir, "prog.py"), 'print("hello")\n');
  return dir;
}

describe("apc build/run: bad paths are one-line usage errors (exit 2)", () => {
  it("-o into a folder that does not exist", () => {
    const dir = project();
    const r = apc(["build", "prog.py", "-o", "no/such/folder/prog"], dir);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toBe(`apc: error[output-unwritable]: cannot write -o no/such/folder/prog: the folder ${path.join(dir, "no/such/folder")} does not exist (create it first)`);
  });

  it("-o onto a folder", () => {
    const dir = project();
    mkdirSync(path.join(dir, "out"));
    const r = apc(["build", "prog.py", "-o", "out"], dir);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toBe("apc: error[output-unwritable]: cannot write -o out: it is a folder (give a file name, e.g. -o out/prog)");
  });

  it("run, build and check of a missing file, and run of a folder", () => {
    const dir = project();
    for (const cmd of ["run", "build", "check"]) {
      const r = apc([cmd, "missing.py"], dir);
      expect(r.status).toBe(2);
      expect(oneLine(r.stderr)).toBe("apc: error[input-unreadable]: cannot read missing.py: no such file or folder");
    }
    mkdirSync(path.join(dir, "pkg.py"));
    const r = apc(["run", "pkg.py"], dir);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toBe("apc: error[input-unreadable]: cannot read pkg.py: it is a folder, not a Python file");
  });
});

describe("a full disk is one line, exit 1", () => {
  it("stdout on /dev/full (apc emit llvm > /dev/full)", () => {
    const dir = project();
    const fd = openSync("/dev/full", "w");
    try {
      const r = apc(["emit", "llvm", "prog.py"], dir, { stdout: fd });
      expect(r.status).toBe(1);
      expect(oneLine(r.stderr)).toMatch(/^apc: error\[disk-full\]: no space left on the device: writing the output; /);
    } finally {
      closeSync(fd);
    }
  });

  it("-o on a 64 KiB tmpfs (a private mount namespace; skipped where none can be made)", (ctx) => {
    const dir = project();
    const mnt = path.join(dir, "small");
    mkdirSync(mnt);
    // Root: `unshare -m`; others: a user namespace (`unshare -rm`). The mount vanishes with the namespace.
    const ns = process.getuid?.() === 0 ? ["-m"] : ["-rm"];
    const script = 'mount -t tmpfs -o size=64k tmpfs "$1" || exit 99; shift; exec "$@"';
    const probe = spawnSync("unshare", [...ns, "sh", "-c", script, "sh", mnt, "true"], { encoding: "utf8" });
    if (probe.status !== 0) {
      console.log(`skipped: cannot mount a tmpfs in a private namespace here (${(probe.stderr || probe.error?.message || "").trim()})`);
      ctx.skip();
    }
    const r = spawnSync("unshare", [...ns, "sh", "-c", script, "sh", mnt, process.execPath, APC, "build", "prog.py", "-o", path.join(mnt, "prog")], {
      cwd: dir,
      encoding: "utf8",
      timeout: 90_000,
    });
    expect(r.status).toBe(1);
    expect(oneLine(r.stderr)).toMatch(/^apc: error\[disk-full\]: no space left on the device: .*No space left on device; free some space/);
  });
});

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe("apc chat with an LLM that does not answer", () => {
  it("ends with one line naming the endpoint, exit 1", async () => {
    const dir = project();
    const port = await closedPort();
    writeFileSync(path.join(dir, "agent.config.ts"), `export default { llm: { provider: "ollama", baseURL: "http://127.0.0.1:${port}" } };\n`);
    // Async: chat starts a Chroma server, which takes a while on a loaded machine.
    const r = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [APC, "chat", "."], { cwd: dir, stdio: ["pipe", "ignore", "pipe"] });
      let stderr = "";
      child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("exit", (status) => resolve({ status, stderr }));
      child.stdin!.end("why was prog not compiled?\n");
    });
    expect(r.status).toBe(1);
    expect(oneLine(r.stderr)).toMatch(
      new RegExp(`^apc: error\\[llm-unavailable\\]: the LLM \\(ollama llama3\\.1 at http://127\\.0\\.0\\.1:${port}\\) did not answer: .*set llm\\.provider to "none"`),
    );
  });
});

describe("mistakes have no side effects", () => {
  it("apc agent optimize of a missing folder makes nothing", () => {
    const missing = path.join(tempDir("apc-missing-"), "no-such-project");
    const r = apc(["agent", "optimize", missing, "--budget", "1"], path.dirname(missing));
    expect(r.status).toBe(1);
    expect(oneLine(r.stderr)).toBe(`apc: error[EntryNotFound]: no entry point in ${missing}: no such file or folder`);
    expect(existsSync(missing)).toBe(false);
  });

  it("a decisions.db that is a folder is named, and said to be a folder", () => {
    const dir = project();
    mkdirSync(path.join(dir, ".apc", "decisions.db"), { recursive: true });
    const r = apc(["why", "f", "."], dir);
    expect(r.status).toBe(1);
    const line = oneLine(r.stderr);
    expect(line).toContain(`${path.join(dir, ".apc", "decisions.db")} is not a usable apc decision log`);
    expect(line).toContain("it is a folder");
  });

  it("a memory.dir under /proc fails at once with one line (no hang, nothing made)", () => {
    const dir = project();
    writeFileSync(path.join(dir, "agent.config.ts"), `export default { memory: { dir: "/proc/apc-memory" } };\n`);
    for (const [args, prefix] of [[["agent", "optimize", ".", "--budget", "1"], "apc: error[memory-dir-unusable]"], [["tune", "--budget", "1", "--corpus", "memory"], "apc tune"]] as const) {
      const r = apc([...args], dir);
      expect(r.signal).toBeNull(); // a hang would end in spawnSync's timeout (SIGTERM)
      expect(r.status).toBe(1);
      expect(oneLine(r.stderr)).toBe(
        `${prefix}: apc cannot keep its memory in /proc/apc-memory: /proc is a kernel pseudo file system, not storage; set memory.dir in agent.config.ts to a folder on a normal file system`,
      );
      expect(existsSync(path.join(dir, ".apc"))).toBe(false);
    }
  });
});
