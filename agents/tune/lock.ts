// The tune lock: agents/run-lock.ts's lock of kind "tune" (`<apcDir>/tune.lock`),
// under the names `apc tune` and its tests use. A killed run's stale lock is
// taken over, and `tookOverFrom` names the run to resume.

import { acquireRunLock, readRunLock, RUN_LOCKS, type RunLock, type RunLockHolder } from "../run-lock.js";

export { RunAlreadyRunning as TuneAlreadyRunning, RunLockContended as TuneLockContended } from "../run-lock.js";
export type TuneLock = RunLock;
export type TuneLockHolder = RunLockHolder;

export const TUNE_LOCK_FILE = RUN_LOCKS.tune.file;

/** Takes the tune lock of the project whose `.apc/` folder is `apcDir` (created if missing). */
export function acquireTuneLock(apcDir: string, options: { readonly runId?: number } = {}): TuneLock {
  return acquireRunLock(apcDir, "tune", options);
}

/** Reads the tune lock without taking it: its holder, or null when there is none or it is corrupt. */
export function readTuneLock(apcDir: string): TuneLockHolder | null {
  return readRunLock(apcDir, "tune");
}
