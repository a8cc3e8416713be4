// The run locks: at most one run of a command (`apc tune`, `apc agent
// optimize`) per project at a time. A lock is the file `<apcDir>/<kind's
// file>` holding JSON {pid, host, startedAt, runId?};
// it is created atomically (written whole to a private file, then hard-linked
// into place, which fails if the lock exists, so no reader ever sees a
// half-written lock; `open(..., "wx")` where the filesystem has no hard links).
// A lock whose process is gone (same host, `kill(pid, 0)` gives ESRCH) or
// whose file is not a lock (corrupt) is stale and is taken over; the caller
// is told whom it took over from so it can resume the killed run.
// Owns the lock files and their protocol. Does not decide what a resumed run
// does, and installs no signal handlers: a run killed by a signal leaves its
// lock behind, stale, for the next run to take over.

import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";

/** The commands that take a run lock: the lock's file and what to do after stopping the holder. */
export const RUN_LOCKS = {
  tune: { file: "tune.lock", command: "apc tune", afterStop: "run apc tune again; it will resume" },
  "agent-optimize": { file: "agent.lock", command: "apc agent optimize", afterStop: "run apc agent optimize again" },
} as const;

export type RunLockKind = keyof typeof RUN_LOCKS;

/** What the lock file holds. */
export interface RunLockHolder {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
  readonly runId?: number;
}

export interface RunLock {
  /** The lock file. */
  readonly file: string;
  /** What this process wrote into it. */
  readonly holder: RunLockHolder;
  /** The run whose lock was stale and taken over (its process is gone), or null. */
  readonly tookOverFrom: { readonly pid: number; readonly startedAt: string; readonly runId?: number } | null;
  /** What was stale and replaced, in words (a dead holder or a corrupt file), or null. */
  readonly notice: string | null;
  /** Records the run id in the lock file (the run id is often known only after acquiring). */
  recordRunId(runId: number): void;
  /** Removes the lock file if it is still ours; true when it removed it. Idempotent. */
  release(): boolean;
}

/** Another run of the command holds the lock and is (as far as this host can tell) alive. */
export class RunAlreadyRunning extends Error {
  readonly code: `${RunLockKind}-already-running`;
  constructor(
    readonly kind: RunLockKind,
    readonly file: string,
    readonly pid: number,
    readonly startedAt: string,
    readonly host: string,
  ) {
    const where = host === hostname() ? `process ${pid}` : `process ${pid} on host ${host}`;
    const { command, afterStop } = RUN_LOCKS[kind];
    super(
      `another ${command} run is already running on this project (${where}, started ${startedAt}): ` +
        `wait for it to finish, or stop it (kill ${pid}) and ${afterStop}. ` +
        `If you are sure no run is alive (e.g. the pid was reused), delete ${file}`,
    );
    this.code = `${kind}-already-running`;
  }
}

/** The lock changed hands over and over while we tried to take it (many runs starting at once). */
export class RunLockContended extends Error {
  readonly code: `${RunLockKind}-lock-contended`;
  constructor(
    readonly kind: RunLockKind,
    readonly file: string,
  ) {
    super(`could not take the lock ${file}: other ${RUN_LOCKS[kind].command} runs kept taking it; try again`);
    this.code = `${kind}-lock-contended`;
  }
}

type LockRead =
  | { readonly kind: "gone" }
  | { readonly kind: "corrupt"; readonly text: string; readonly why: string }
  | { readonly kind: "held"; readonly text: string; readonly holder: RunLockHolder };

/** Takes the `kind` lock of the project whose `.apc/` folder is `apcDir` (created if missing). */
export function acquireRunLock(apcDir: string, kind: RunLockKind, options: { readonly runId?: number } = {}): RunLock {
  mkdirSync(apcDir, { recursive: true });
  const file = path.join(path.resolve(apcDir), RUN_LOCKS[kind].file);
  const holder: RunLockHolder = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    ...(options.runId !== undefined ? { runId: options.runId } : {}),
  };
  let tookOverFrom: RunLock["tookOverFrom"] = null;
  let notice: string | null = null;
  for (let attempt = 0; attempt < 8; attempt++) {
    if (createExclusive(file, JSON.stringify(holder))) return new HeldRunLock(file, holder, tookOverFrom, notice);
    const found = readLock(file);
    if (found.kind === "gone") continue;
    if (found.kind === "held") {
      const h = found.holder;
      if (holderAlive(h)) throw new RunAlreadyRunning(kind, file, h.pid, h.startedAt, h.host);
      if (removeIfUnchanged(file, found.text)) {
        tookOverFrom = { pid: h.pid, startedAt: h.startedAt, ...(h.runId !== undefined ? { runId: h.runId } : {}) };
        notice = `took over a stale ${RUN_LOCKS[kind].command} lock: process ${h.pid} (started ${h.startedAt}${h.runId !== undefined ? `, run ${h.runId}` : ""}) is gone`;
      }
      continue;
    }
    if (removeIfUnchanged(file, found.text)) {
      tookOverFrom = null;
      notice = `the lock ${file} was corrupt (${found.why}): treated as stale and replaced`;
    }
  }
  throw new RunLockContended(kind, file);
}

/** Reads the lock file without taking it: its holder, or null when there is none or it is corrupt. */
export function readRunLock(apcDir: string, kind: RunLockKind): RunLockHolder | null {
  const found = readLock(path.join(path.resolve(apcDir), RUN_LOCKS[kind].file));
  return found.kind === "held" ? found.holder : null;
}

class HeldRunLock implements RunLock {
  private released = false;
  constructor(
    readonly file: string,
    public holder: RunLockHolder,
    readonly tookOverFrom: RunLock["tookOverFrom"],
    readonly notice: string | null,
  ) {
    heldLocks.add(this);
    if (heldLocks.size === 1) process.on("exit", releaseAllOnExit);
  }

  recordRunId(runId: number): void {
    if (this.released || !this.isOurs()) return;
    const next: RunLockHolder = { ...this.holder, runId };
    // Replace atomically, so a reader sees the old lock or the new one, never half of one.
    const tmp = privateName(this.file);
    writeFileSync(tmp, JSON.stringify(next));
    renameSync(tmp, this.file);
    this.holder = next;
  }

  release(): boolean {
    if (this.released) return false;
    this.released = true;
    heldLocks.delete(this);
    if (heldLocks.size === 0) process.off("exit", releaseAllOnExit);
    if (!this.isOurs()) return false;
    try {
      unlinkSync(this.file);
      return true;
    } catch (err) {
      if (errCode(err) === "ENOENT") return false;
      throw err;
    }
  }

  private isOurs(): boolean {
    const found = readLock(this.file);
    if (found.kind !== "held") return false;
    const h = found.holder;
    return h.pid === this.holder.pid && h.host === this.holder.host && h.startedAt === this.holder.startedAt;
  }
}

const heldLocks = new Set<HeldRunLock>();

function releaseAllOnExit(): void {
  for (const lock of [...heldLocks]) {
    try {
      lock.release();
    } catch {
      // Exiting anyway: a lock left behind is stale and is taken over by the next run.
    }
  }
}

/** Creates `file` with `content` only if it does not exist; false when it does. */
function createExclusive(file: string, content: string): boolean {
  const tmp = privateName(file);
  writeFileSync(tmp, content, { flag: "wx" });
  try {
    linkSync(tmp, file);
    return true;
  } catch (err) {
    if (errCode(err) === "EEXIST") return false;
    if (!["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"].includes(errCode(err) ?? "")) throw err;
    return createWithOpenWx(file, content);
  } finally {
    unlinkSync(tmp);
  }
}

/** The fallback for filesystems without hard links: exclusive open, then write. */
function createWithOpenWx(file: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, "wx");
  } catch (err) {
    if (errCode(err) === "EEXIST") return false;
    throw err;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readLock(file: string): LockRead {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if (errCode(err) === "ENOENT") return { kind: "gone" };
    throw err;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: "corrupt", text, why: text.trim() === "" ? "empty" : "not JSON" };
  }
  const v = value as Partial<Record<keyof RunLockHolder, unknown>> | null;
  if (
    typeof v !== "object" ||
    v === null ||
    !Number.isInteger(v.pid) ||
    (v.pid as number) <= 0 ||
    typeof v.host !== "string" ||
    typeof v.startedAt !== "string" ||
    (v.runId !== undefined && !Number.isInteger(v.runId))
  ) {
    return { kind: "corrupt", text, why: "not a {pid, host, startedAt} record" };
  }
  const holder: RunLockHolder = {
    pid: v.pid as number,
    host: v.host,
    startedAt: v.startedAt,
    ...(v.runId !== undefined ? { runId: v.runId as number } : {}),
  };
  return { kind: "held", text, holder };
}

/** A holder on another host cannot be checked from here, so it counts as alive. */
function holderAlive(h: RunLockHolder): boolean {
  if (h.host !== hostname()) return true;
  if (h.pid === process.pid) return true;
  try {
    process.kill(h.pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return errCode(err) !== "ESRCH";
  }
}

/**
 * Deletes the stale lock only if it still holds `staleText`: it is first moved
 * aside (atomic), so a lock another process just put in its place is never
 * deleted; if what was moved aside is not the stale lock, it is put back.
 */
function removeIfUnchanged(file: string, staleText: string): boolean {
  const aside = privateName(file);
  try {
    renameSync(file, aside);
  } catch (err) {
    if (errCode(err) === "ENOENT") return false;
    throw err;
  }
  let moved: string | null = null;
  try {
    moved = readFileSync(aside, "utf8");
  } catch {
    moved = null;
  }
  if (moved === staleText) {
    unlinkSync(aside);
    return true;
  }
  try {
    linkSync(aside, file);
  } catch {
    // A third run created a lock meanwhile: it holds the lock, the one moved aside has lost it.
  }
  unlinkSync(aside);
  return false;
}

let privateCounter = 0;
function privateName(file: string): string {
  return `${file}.${process.pid}.${Date.now().toString(36)}.${(privateCounter++).toString(36)}.tmp`;
}

function errCode(err: unknown): string | undefined {
  return typeof err === "object" && err !== null && "code" in err ? String((err as { code: unknown }).code) : undefined;
}
