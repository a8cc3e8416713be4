// A local Chroma server that apc starts itself (data under <memory dir>/chroma,
// i.e. <project>/.apc/chroma by default), and `connectVectorMemory`, which
// either connects to a given server or starts one. Owns locating the `chroma`
// CLI of the installed chromadb package, choosing a free port, waiting for the
// heartbeat, stopping (SIGTERM, then SIGKILL after a grace), making sure a
// server this process started does not outlive it, and telling a damaged data
// folder (ChromaStoreCorrupt, naming it; Chroma itself panics with a backtrace)
// from other failures. Does not own the vector
// memory itself (memory/chroma-vector-memory.ts).
//
// The CLI runs the server inside a Node process whose main thread is blocked
// in native code, so it cannot watch its parent itself. Two guards instead:
// - this process SIGTERMs the servers it started on 'exit' (normal exit,
//   process.exit(), an uncaught exception);
// - each server is started with a small preloaded watchdog (a worker thread,
//   which keeps running while the main thread is blocked) that SIGTERMs the
//   server when its parent changes, i.e. when this process died without
//   'exit' (SIGKILL, a fatal signal).
// The child and its pipes are unref'd: a process that forgets stop() still exits.

import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { ChromaVectorMemory, DEFAULT_COLLECTION } from "./chroma-vector-memory.js";
import type { VectorMemory } from "./vector-memory.js";

export interface ChromaServerOptions {
  /** Where the server keeps its data; created if missing. */
  readonly dataDir: string;
  /** Default: a free port chosen by the OS. */
  readonly port?: number;
  /** Default "127.0.0.1". */
  readonly host?: string;
  /** How long to wait for the first heartbeat; default 30 s. */
  readonly timeoutMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL; default 5 s. */
  readonly graceMs?: number;
}

export interface ChromaServerHandle {
  readonly url: string;
  readonly pid: number;
  readonly dataDir: string;
  /** Stops the server and waits until it has exited. Idempotent. */
  stop(): Promise<void>;
}

export type ChromaServerFailure = "not-installed" | "spawn-failed" | "exited" | "timeout";

/** The server's data folder is damaged: Chroma panics reading its SQLite file. */
export class ChromaStoreCorrupt extends Error {
  readonly code = "chroma-store-corrupt";
  constructor(
    readonly dataDir: string,
    /** Chroma's own words (its panic message). */
    readonly detail: string,
  ) {
    super(
      `the Chroma data in ${dataDir} is damaged (Chroma: ${detail}); ` +
        `move it aside (mv ${dataDir} ${dataDir}.damaged): the next run starts a new store`,
    );
  }
}

/** SQLite's "file is not a database" (26) and "database disk image is malformed" (11), as Chroma's panic shows them. */
const STORE_DAMAGED = /SqliteError \{ code: (11|26)\b|file is not a database|database disk image is malformed/;

export class ChromaServerFailed extends Error {
  readonly code = "chroma-server-failed";
  constructor(
    readonly reason: ChromaServerFailure,
    detail: string,
    /** The server's last lines of output (stdout and stderr, colours removed). */
    readonly output: string,
  ) {
    super(`could not start a Chroma server: ${detail}${output ? `\n--- last output of the server ---\n${output}` : ""}`);
  }
}

/** The folder a local server keeps its data in, inside apc's memory folder (<project>/.apc by default). */
export function chromaDataDir(memoryDir: string): string {
  return path.join(memoryDir, "chroma");
}

/** The `chroma` CLI script of the chromadb package this module resolves (not the cwd's). */
export function chromaCliPath(): string {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve("chromadb");
  } catch (err) {
    throw new ChromaServerFailed("not-installed", `the chromadb package is not installed (${(err as Error).message})`, "");
  }
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; bin?: string | Record<string, string> };
    if (pkg.name !== "chromadb") continue;
    const bin = typeof pkg.bin === "string" ? pkg.bin : pkg.bin?.chroma;
    const cli = bin === undefined ? undefined : path.join(dir, bin);
    if (cli === undefined || !existsSync(cli)) throw new ChromaServerFailed("not-installed", `the chromadb package at ${dir} has no chroma CLI`, "");
    return cli;
  }
  throw new ChromaServerFailed("not-installed", `no package.json of chromadb above ${entry}`, "");
}

// Preloaded into the server's Node process. The worker reads the parent pid at startup.
const WATCHDOG = `import { Worker } from "node:worker_threads";
new Worker("const parent = " + process.ppid + "; setInterval(() => { if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM'); }, 500);", { eval: true }).unref();`;

/** The command that runs a server on `port` (with the watchdog), for this module and for tests. */
export function chromaServerCommand(o: { readonly dataDir: string; readonly host: string; readonly port: number }): { command: string; args: string[] } {
  return {
    command: process.execPath,
    args: ["--import", `data:text/javascript,${encodeURIComponent(WATCHDOG)}`, chromaCliPath(), "run", "--path", o.dataDir, "--host", o.host, "--port", String(o.port)],
  };
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function killRunningOnExit(): void {
  for (const child of running) child.kill("SIGTERM");
}

async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once("error", reject);
    srv.listen(0, host, () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;
const TAIL_LINES = 40;

/** Keeps the last lines a child printed, on both streams. */
class OutputTail {
  private lines: string[] = [];
  private partial = "";
  /** The server said it is listening (chroma prints "Listening on HOST:PORT" once bound). */
  listening = false;
  /** The message of a Rust panic (the line after "thread ... panicked at ..."), without its backtrace. */
  panic: string | null = null;
  private panicNext = false;

  push(chunk: Buffer): void {
    const parts = (this.partial + chunk.toString("utf8").replace(ANSI, "")).split(/\r?\n/);
    this.partial = parts.pop() ?? "";
    for (const line of parts) {
      if (line.trim() === "") continue;
      this.lines.push(line.trimEnd());
      if (/^Listening on /.test(line)) this.listening = true;
      if (this.panicNext && this.panic === null) this.panic = line.trim();
      this.panicNext = /^thread '.*' panicked at /.test(line);
    }
    if (this.lines.length > TAIL_LINES) this.lines = this.lines.slice(-TAIL_LINES);
  }

  text(): string {
    return [...this.lines, ...(this.partial.trim() !== "" ? [this.partial.trimEnd()] : [])].join("\n");
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function urlOf(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

async function heartbeat(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/v2/heartbeat`, { signal: AbortSignal.timeout(1000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/** Start a Chroma server on dataDir and wait until it answers its heartbeat. */
export async function startChromaServer(options: ChromaServerOptions): Promise<ChromaServerHandle> {
  const host = options.host ?? "127.0.0.1";
  const attempts = options.port === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort(host));
    try {
      return await startOn(options, host, port);
    } catch (err) {
      // Another process may take a port between choosing it and the server binding it.
      const portTaken = err instanceof ChromaServerFailed && err.reason === "exited" && /not available|in use/i.test(err.output);
      if (!portTaken || attempt >= attempts) throw err;
    }
  }
}

async function startOn(options: ChromaServerOptions, host: string, port: number): Promise<ChromaServerHandle> {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const timeoutMs = options.timeoutMs ?? 30_000;
  const graceMs = options.graceMs ?? 5_000;
  const url = urlOf(host, port);
  const { command, args } = chromaServerCommand({ dataDir, host, port });

  const tail = new OutputTail();
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let exitStatus: string | null = null;
  let spawnError: Error | null = null;
  const exited = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exitStatus = signal ? `signal ${signal}` : `status ${code}`;
      running.delete(child);
      resolve();
    });
    child.once("error", (err) => {
      spawnError = err;
      running.delete(child);
      if (child.pid === undefined) resolve();
    });
  });
  // 'close' comes after the output is drained, so a failure can report the last lines.
  const drained = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const failed = async (reason: ChromaServerFailure, detail: string): Promise<Error> => {
    await Promise.race([drained, sleep(500)]);
    if (tail.panic !== null && STORE_DAMAGED.test(tail.panic)) return new ChromaStoreCorrupt(dataDir, tail.panic);
    // A panic's backtrace says nothing to a user: its message does.
    return new ChromaServerFailed(reason, tail.panic !== null ? `${detail}: Chroma panicked: ${tail.panic}` : detail, tail.panic !== null ? "" : tail.text());
  };
  child.stdout!.on("data", (d: Buffer) => tail.push(d));
  child.stderr!.on("data", (d: Buffer) => tail.push(d));
  if (child.pid !== undefined) {
    running.add(child);
    if (!exitHookInstalled) {
      process.on("exit", killRunningOnExit);
      exitHookInstalled = true;
    }
  }

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (exitStatus !== null || child.pid === undefined) return;
      child.kill("SIGTERM");
      let grace: NodeJS.Timeout | undefined;
      const done = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => (grace = setTimeout(() => resolve(false), graceMs)))]);
      clearTimeout(grace);
      if (!done) {
        child.kill("SIGKILL");
        await exited;
      }
    })();
    return stopping;
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError !== null) throw await failed("spawn-failed", `${command} ${args.join(" ")}: ${(spawnError as Error).message}`);
    if (exitStatus !== null) throw await failed("exited", `the server for ${dataDir} on ${url} exited (${exitStatus}) before answering`);
    if (await heartbeat(url)) break;
    if (Date.now() > deadline) {
      await stop();
      throw await failed("timeout", `the server for ${dataDir} did not answer ${url}/api/v2/heartbeat within ${timeoutMs} ms`);
    }
    await Promise.race([exited, sleep(100)]);
  }
  // An answer may come from another server already on that port: ours then
  // fails to bind and exits. Wait for ours to say it listens or to exit (on
  // a busy machine that takes seconds, not a fixed moment), within a bound
  // in case a chroma version prints no such line.
  const settle = Math.min(deadline, Date.now() + 15_000);
  while (!tail.listening && exitStatus === null && Date.now() < settle) await Promise.race([exited, sleep(50)]);
  if (exitStatus !== null) throw await failed("exited", `the server for ${dataDir} on ${url} exited (${exitStatus})`);

  child.unref();
  for (const s of [child.stdout, child.stderr]) (s as unknown as { unref?: () => void }).unref?.();
  return { url, pid: child.pid!, dataDir, stop };
}

export interface ConnectVectorMemoryOptions {
  /** An existing server to use; when absent a local server is started on dataDir. */
  readonly url?: string;
  /** The local server's data folder (chromaDataDir(<memory dir>)); unused when url is given. */
  readonly dataDir: string;
  /** Default "apc-outcomes". */
  readonly collection?: string;
  readonly dimension: number;
  /** For a started server: how long to wait for it (see ChromaServerOptions). */
  readonly timeoutMs?: number;
}

export interface ConnectedVectorMemory {
  readonly memory: VectorMemory;
  readonly url: string;
  /** The server this call started, or null when connected to a given url. */
  readonly server: ChromaServerHandle | null;
  /** Closes the memory, and stops the server only if this call started it. Idempotent. */
  stop(): Promise<void>;
}

export async function connectVectorMemory(options: ConnectVectorMemoryOptions): Promise<ConnectedVectorMemory> {
  const collection = options.collection ?? DEFAULT_COLLECTION;
  if (options.url !== undefined) {
    const memory = await ChromaVectorMemory.connect({ url: options.url, collection, dimension: options.dimension });
    return { memory, url: options.url, server: null, stop: () => memory.close() };
  }
  const server = await startChromaServer({ dataDir: options.dataDir, timeoutMs: options.timeoutMs });
  let memory: VectorMemory;
  try {
    memory = await ChromaVectorMemory.connect({ url: server.url, collection, dimension: options.dimension });
  } catch (err) {
    await server.stop();
    throw err;
  }
  let stopping: Promise<void> | null = null;
  return {
    memory,
    url: server.url,
    server,
    stop: () => (stopping ??= memory.close().finally(() => server.stop())),
  };
}
