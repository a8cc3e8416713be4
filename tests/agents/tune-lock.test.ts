// The tune lock against real processes: a child `node` process takes the lock
// with the real module (loaded through jiti) and sleeps; while it lives the
// lock is refused, once it is SIGKILLed the lock is stale and taken over.

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { TuneAlreadyRunning, acquireTuneLock, readTuneLock, type TuneLock } from "../../agents/tune/lock.js";

const ROOT = path.join(import.meta.dirname, "..", "..");
const LOCK_TS = path.join(ROOT, "agents", "tune", "lock.ts");

const dirs: string[] = [];
const children: ChildProcess[] = [];
const locks: TuneLock[] = [];

function apcDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), "apc-tune-lock-"));
  dirs.push(d);
  return path.join(d, ".apc");
}

function take(dir: string, runId?: number): TuneLock {
  const lock = acquireTuneLock(dir, runId === undefined ? {} : { runId });
  locks.push(lock);
  return lock;
}

/** A child process that takes the lock with the real module; `then` = "sleep" or "exit". */
async function childHolding(dir: string, runId: number, then: "sleep" | "exit"): Promise<{ child: ChildProcess; output: string }> {
  const script = `
    import { createJiti } from "jiti";
    const jiti = createJiti(${JSON.stringify(ROOT + "/")});
    const { acquireTuneLock } = await jiti.import(${JSON.stringify(LOCK_TS)});
    acquireTuneLock(${JSON.stringify(dir)}, { runId: ${runId} });
    process.stdout.write("held\\n");
    ${then === "sleep" ? "setInterval(() => {}, 60000);" : "process.exit(0);"}
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  child.stdout!.setEncoding("utf8");
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (s: string) => (output += s));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (s: string) => {
      output += s;
      if (output.includes("held\n")) resolve();
    });
    child.on("exit", (code) => (then === "exit" ? resolve() : reject(new Error(`child exited ${code} before holding the lock:\n${output}`))));
  });
  return { child, output };
}

async function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGKILL");
  await exited;
}

afterEach(async () => {
  for (const l of locks.splice(0)) l.release();
  for (const c of children.splice(0)) await killAndWait(c);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("acquireTuneLock", () => {
  it("creates the lock file with pid, host, startedAt and runId, and is exclusive", () => {
    const dir = apcDir();
    const lock = take(dir, 4);
    expect(lock.tookOverFrom).toBeNull();
    expect(lock.notice).toBeNull();
    expect(lock.file).toBe(path.join(dir, "tune.lock"));
    const onDisk = JSON.parse(readFileSync(lock.file, "utf8"));
    expect(onDisk).toEqual({ pid: process.pid, host: hostname(), startedAt: lock.holder.startedAt, runId: 4 });
    expect(Number.isNaN(Date.parse(onDisk.startedAt))).toBe(false);

    // The same process asking again is a live holder too.
    const again = (() => {
      try {
        acquireTuneLock(dir);
        return null;
      } catch (err) {
        return err;
      }
    })();
    expect(again).toBeInstanceOf(TuneAlreadyRunning);
    expect((again as TuneAlreadyRunning).code).toBe("tune-already-running");
    expect((again as TuneAlreadyRunning).pid).toBe(process.pid);
  });

  it("records a run id learned after acquiring", () => {
    const dir = apcDir();
    const lock = take(dir);
    expect(readTuneLock(dir)?.runId).toBeUndefined();
    lock.recordRunId(12);
    expect(readTuneLock(dir)).toEqual({ pid: process.pid, host: hostname(), startedAt: lock.holder.startedAt, runId: 12 });
  });

  it("refuses while a live child process holds the lock, then takes it over once the child is SIGKILLed", async () => {
    const dir = apcDir();
    const { child } = await childHolding(dir, 9, "sleep");
    const held = readTuneLock(dir);
    expect(held?.pid).toBe(child.pid);
    expect(held?.runId).toBe(9);

    let refused: unknown = null;
    try {
      acquireTuneLock(dir);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(TuneAlreadyRunning);
    const e = refused as TuneAlreadyRunning;
    expect(e.code).toBe("tune-already-running");
    expect(e.pid).toBe(child.pid);
    expect(e.startedAt).toBe(held!.startedAt);
    expect(e.message).toContain(`kill ${child.pid}`);
    expect(e.message).toContain("wait for it to finish");
    // Refusing leaves the holder's lock alone.
    expect(readTuneLock(dir)).toEqual(held);

    await killAndWait(child);
    const lock = take(dir);
    expect(lock.tookOverFrom).toEqual({ pid: child.pid, startedAt: held!.startedAt, runId: 9 });
    expect(lock.notice).toContain(`process ${child.pid}`);
    expect(readTuneLock(dir)?.pid).toBe(process.pid);
  });

  it("treats a corrupt lock file as stale and says so", () => {
    const dir = apcDir();
    take(dir).release();
    writeFileSync(path.join(dir, "tune.lock"), "{not json");
    const lock = take(dir);
    expect(lock.tookOverFrom).toBeNull();
    expect(lock.notice).toMatch(/corrupt \(not JSON\).*stale/);
    expect(readTuneLock(dir)?.pid).toBe(process.pid);

    lock.release();
    writeFileSync(path.join(dir, "tune.lock"), JSON.stringify({ pid: "twelve" }));
    expect(take(dir).notice).toContain("not a {pid, host, startedAt} record");
  });

  it("does not take over a lock held on another host (its process cannot be checked from here)", () => {
    const dir = apcDir();
    take(dir).release();
    const foreign = { pid: 999_999, host: `${hostname()}-elsewhere`, startedAt: "2024-01-01T03:00:00.000Z" };
    writeFileSync(path.join(dir, "tune.lock"), JSON.stringify(foreign));
    expect(() => acquireTuneLock(dir)).toThrow(TuneAlreadyRunning);
    expect(() => acquireTuneLock(dir)).toThrow(/on host .*-elsewhere/);
    expect(JSON.parse(readFileSync(path.join(dir, "tune.lock"), "utf8"))).toEqual(foreign);
  });
});

describe("TuneLock.release", () => {
  it("removes our own lock once, and a new acquire then starts clean", () => {
    const dir = apcDir();
    const lock = take(dir);
    expect(lock.release()).toBe(true);
    expect(existsSync(lock.file)).toBe(false);
    expect(lock.release()).toBe(false);
    const next = take(dir);
    expect(next.tookOverFrom).toBeNull();
    expect(next.notice).toBeNull();
  });

  it("leaves a lock that is no longer ours (another run took it over) in place", () => {
    const dir = apcDir();
    const lock = take(dir);
    const other = JSON.stringify({ pid: process.pid, host: hostname(), startedAt: "2030-01-01T00:00:00.000Z", runId: 2 });
    writeFileSync(lock.file, other);
    expect(lock.release()).toBe(false);
    expect(readFileSync(lock.file, "utf8")).toBe(other);
    lock.recordRunId(5);
    expect(readFileSync(lock.file, "utf8")).toBe(other);
  });

  it("is released when the process exits without releasing it", async () => {
    const dir = apcDir();
    const { child } = await childHolding(dir, 1, "exit");
    if (child.exitCode === null) await once(child, "exit");
    expect(child.exitCode).toBe(0);
    expect(existsSync(path.join(dir, "tune.lock"))).toBe(false);
    expect(take(dir).tookOverFrom).toBeNull();
  });
});
