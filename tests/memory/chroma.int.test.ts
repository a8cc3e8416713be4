// The Chroma vector memory against a real Chroma server that this file starts
// in a temporary folder and stops: the shared VectorMemory behaviour (a fresh
// collection per test), then what only Chroma has: data that survives a server
// restart, connectVectorMemory starting and stopping its own server (or not
// touching a given one), collections that are not ours, an unreachable URL,
// a server that cannot bind its port, and a server whose parent is killed.

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ChromaClient } from "chromadb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChromaServerFailed, chromaServerCommand, connectVectorMemory, startChromaServer, type ChromaServerHandle } from "../../memory/chroma-server.js";
import { ChromaVectorMemory } from "../../memory/chroma-vector-memory.js";
import { VectorMemoryError, VectorMemoryUnavailable } from "../../memory/vector-memory.js";
import { DIM, describeVectorMemory, outcome, randomVector, seededRandom } from "./vector-memory-behaviour.js";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "apc-chroma-test-"));
  dirs.push(dir);
  return dir;
};

let server: ChromaServerHandle;
let collections = 0;
const freshCollection = () => `test-${process.pid}-${++collections}`;

beforeAll(async () => {
  server = await startChromaServer({ dataDir: tempDir() });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describeVectorMemory("chroma", (dimension) => ChromaVectorMemory.connect({ url: server.url, collection: freshCollection(), dimension }));

/** Alive and not a zombie (an orphan reparented to a pid 1 that does not reap stays a zombie). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw err;
  }
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

async function eventually(what: string, check: () => boolean | Promise<boolean>, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/api/v2/heartbeat`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

async function unusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function failure<T extends Error>(p: Promise<unknown>): Promise<T> {
  try {
    await p;
  } catch (err) {
    return err as T;
  }
  throw new Error("expected the call to fail");
}

describe("connectVectorMemory and the local server", () => {
  it("starts a server on dataDir, keeps the data across a restart, and stops what it started", async () => {
    const dataDir = tempDir();
    const rand = seededRandom(11);
    const records = Array.from({ length: 20 }, (_, i) => outcome(`p${String(i).padStart(2, "0")}`, randomVector(rand), { speedup: i, extra: { run: i } }));

    const first = await connectVectorMemory({ dataDir, dimension: DIM });
    const pid = first.server!.pid;
    expect(alive(pid)).toBe(true);
    await first.memory.add(records);
    await first.stop();
    expect(alive(pid)).toBe(false);
    expect(await answers(first.url)).toBe(false);
    await first.stop();

    const second = await connectVectorMemory({ dataDir, dimension: DIM });
    try {
      expect(second.server!.pid).not.toBe(pid);
      expect(await second.memory.count()).toBe(20);
      expect(await second.memory.get()).toStrictEqual(records);
      const [near] = await second.memory.nearest(records[13]!.embedding, 1);
      expect(near!.record.id).toBe("p13");
    } finally {
      await second.stop();
    }
    expect(alive(second.server!.pid)).toBe(false);
  });

  it("with a url connects to that server and leaves it running on stop", async () => {
    const collection = freshCollection();
    const c = await connectVectorMemory({ url: server.url, dataDir: "/nonexistent/unused", collection, dimension: 2 });
    expect(c.server).toBeNull();
    await c.memory.add([outcome("u", [1, 2])]);
    await c.stop();
    expect(await answers(server.url)).toBe(true);
    const again = await ChromaVectorMemory.connect({ url: server.url, collection, dimension: 2 });
    expect(await again.count()).toBe(1);
    await again.close();
  });

  it("reports an unreachable server as VectorMemoryUnavailable naming the URL", async () => {
    const url = `http://127.0.0.1:${await unusedPort()}`;
    const err = await failure<VectorMemoryUnavailable>(connectVectorMemory({ url, dataDir: "/unused", dimension: DIM }));
    expect(err).toBeInstanceOf(VectorMemoryUnavailable);
    expect(err.code).toBe("unavailable");
    expect(err.url).toBe(url);
    expect(err.message).toContain(url);
  });

  it("refuses an existing collection of another dimension, and one that is not apc's", async () => {
    const collection = freshCollection();
    await (await ChromaVectorMemory.connect({ url: server.url, collection, dimension: 3 })).close();
    const mismatch = await failure<VectorMemoryError>(ChromaVectorMemory.connect({ url: server.url, collection, dimension: 4 }));
    expect(mismatch).toBeInstanceOf(VectorMemoryError);
    expect(mismatch.code).toBe("dimension-mismatch");

    const foreign = freshCollection();
    const { port } = new URL(server.url);
    await new ChromaClient({ host: "127.0.0.1", port: Number(port) }).createCollection({
      name: foreign,
      embeddingFunction: { generate: async () => [] },
      configuration: { hnsw: { space: "cosine" } },
    });
    const notOurs = await failure<VectorMemoryError>(ChromaVectorMemory.connect({ url: server.url, collection: foreign, dimension: 3 }));
    expect(notOurs.code).toBe("incompatible-collection");
    expect(notOurs.message).toContain(foreign);
  });

  it("fails with ChromaServerFailed and the server's last output when it cannot bind its port", async () => {
    const port = Number(new URL(server.url).port);
    const err = await failure<ChromaServerFailed>(startChromaServer({ dataDir: tempDir(), port }));
    expect(err).toBeInstanceOf(ChromaServerFailed);
    expect(err.code).toBe("chroma-server-failed");
    expect(err.reason).toBe("exited");
    expect(err.output).toMatch(/not available/);
    expect(err.message).toContain(err.output);
    expect(await answers(server.url)).toBe(true);
  });

  it("a server whose parent is killed stops by itself", async () => {
    const port = await unusedPort();
    const { command, args } = chromaServerCommand({ dataDir: tempDir(), host: "127.0.0.1", port });
    const script = `const c = require("node:child_process").spawn(process.argv[1], JSON.parse(process.argv[2]), { stdio: "ignore" });
      console.log(c.pid); setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ["-e", script, command, JSON.stringify(args)], { stdio: ["ignore", "pipe", "inherit"] });
    const parentExit = new Promise((resolve) => parent.once("exit", resolve));
    try {
      const pid = Number(await new Promise<string>((resolve) => parent.stdout!.once("data", (d: Buffer) => resolve(d.toString()))));
      const url = `http://127.0.0.1:${port}`;
      await eventually("the server answers", () => answers(url));
      parent.kill("SIGKILL");
      await parentExit;
      await eventually("the orphaned server exits", () => !alive(pid));
      expect(await answers(url)).toBe(false);
    } finally {
      parent.kill("SIGKILL");
    }
  });
});
