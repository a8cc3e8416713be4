// A damaged Chroma store, with a real Chroma server started on a data folder
// whose chroma.sqlite3 is overwritten with garbage: starting the server is
// ChromaStoreCorrupt naming the folder and how to move it aside (Chroma's
// panic message, not its backtrace), the folder is left as it was, and an
// agent run goes on without vector memory (the decision log is the record).
// The same run in a git repository leaves `git status` clean: apc writes
// .apc/.gitignore the first time it uses the folder.

import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAgentConfig } from "../../agents/config.js";
import { openAgentMemory } from "../../agents/memory.js";
import { ChromaStoreCorrupt, startChromaServer } from "../../memory/chroma-server.js";
import { seededRandom } from "./vector-memory-behaviour.js";
import { tempDir } from "../helpers.js";

const APC = path.join(import.meta.dirname, "..", "..", "bin", "apc.js");

/** A Chroma data folder whose SQLite file is 4 KiB of (seeded) garbage. */
function damagedStore(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const random = seededRandom(26);
  const file = path.join(dataDir, "chroma.sqlite3");
  writeFileSync(file, Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256))));
  return file;
}

const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("a damaged Chroma store", () => {
  it("is ChromaStoreCorrupt naming the folder, without the panic's backtrace, and left untouched", async () => {
    const dataDir = path.join(tempDir("apc-chroma-damaged-"), "chroma");
    const file = damagedStore(dataDir);
    const before = sha(file);
    const error = await startChromaServer({ dataDir }).then(
      async (server) => {
        await server.stop();
        return null;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ChromaStoreCorrupt);
    const corrupt = error as ChromaStoreCorrupt;
    expect(corrupt.code).toBe("chroma-store-corrupt");
    expect(corrupt.dataDir).toBe(dataDir);
    expect(corrupt.message).toContain(`the Chroma data in ${dataDir} is damaged (Chroma: `);
    expect(corrupt.message).toContain(`mv ${dataDir} ${dataDir}.damaged`);
    expect(corrupt.message).toMatch(/file is not a database|malformed/);
    expect(corrupt.message).not.toContain("\n");
    expect(sha(file)).toBe(before);
  });

  it("openAgentMemory warns once and goes on with an in-process vector memory", async () => {
    const project = tempDir("apc-chroma-damaged-");
    damagedStore(path.join(project, ".apc", "chroma"));
    const warnings: string[] = [];
    const opened = await openAgentMemory(parseAgentConfig(undefined, project), (l) => warnings.push(l));
    try {
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`the Chroma data in ${path.join(project, ".apc", "chroma")} is damaged`);
      expect(warnings[0]).toContain("goes on without vector memory");
      expect(opened.startedChroma).toBe(false);
      expect(await opened.memory.vectors.count()).toBe(0);
      expect(opened.memory.decisions).toBeDefined();
    } finally {
      await opened.close();
    }
  });

  it("apc agent optimize finishes with one warning line, and git status stays clean", async () => {
    const project = tempDir("apc-chroma-damaged-");
    writeFileSync(path.join(project, "main.py"), "def work(n: int) -> int:\n    return sum(i * i for i in range(n))\n\n\nprint(work(100000))\n");
    const git = (...args: string[]) => spawnSync("git", ["-c", "user.name=apc test", "-c", "user.email=apc@example.invalid", ...args], { cwd: project, encoding: "utf8" });
    git("init", "-q", ".");
    git("add", "main.py");
    git("commit", "-qm", "the project");
    damagedStore(path.join(project, ".apc", "chroma"));
    // Async (a run takes a while on a loaded machine; spawnSync would block vitest's worker).
    const r = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [APC, "agent", "optimize", ".", "--budget", "0.1"], { cwd: project, stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("exit", (status) => resolve({ status, stderr }));
    });
    expect(r.status, r.stderr).toBe(0);
    const warnings = r.stderr.split("\n").filter((l) => l.includes("Chroma data"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^apc: warning: the Chroma data in .* is damaged .*mv .*This run goes on without vector memory/);
    expect(r.stderr).not.toMatch(/panicked|\n\s+\d+: |\n\s+at /);
    expect(git("status", "--porcelain").stdout).toBe("");
    expect(readFileSync(path.join(project, ".apc", ".gitignore"), "utf8")).toMatch(/^\*$/m);
  });
});
