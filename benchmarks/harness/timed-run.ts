// Running one command once and measuring it: wall time (Node's monotonic clock,
// from spawn to exit, process start included) and peak resident set size of the
// child, read from GNU time (`/usr/bin/time -f %M`), which gets it from wait4's
// rusage (Node's own resourceUsage does not cover children). Captures stdout and
// stderr, enforces a timeout by killing the whole process group.

import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface Command {
  readonly exe: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
}

export interface RunMeasurement {
  readonly wallSeconds: number;
  /** KiB; null when GNU time is not available. */
  readonly peakRssKb: number | null;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the command could not be started at all (ENOENT...). */
  readonly spawnError: string | null;
}

const GNU_TIME = "/usr/bin/time";
let gnuTimeWorks: boolean | null = null;

/** Whether /usr/bin/time is GNU time (accepts -f %M -o FILE). */
export function hasGnuTime(): boolean {
  if (gnuTimeWorks === null) {
    gnuTimeWorks = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ["-f", "%M", "-o", "/dev/null", "true"]).status === 0;
  }
  return gnuTimeWorks;
}

export async function runMeasured(cmd: Command, timeoutSeconds: number): Promise<RunMeasurement> {
  const withTime = hasGnuTime();
  const scratch = withTime ? mkdtempSync(path.join(os.tmpdir(), "apc-bench-rss-")) : null;
  const rssFile = scratch ? path.join(scratch, "rss") : null;
  const [exe, args] = rssFile ? [GNU_TIME, ["-f", "%M", "-o", rssFile, cmd.exe, ...cmd.args]] : [cmd.exe, [...cmd.args]];
  try {
    const r = await spawnCollect(exe, args, cmd, timeoutSeconds);
    let peakRssKb: number | null = null;
    let exitCode = r.exitCode;
    let signal = r.signal;
    if (rssFile && existsSync(rssFile)) {
      const lines = readFileSync(rssFile, "utf8").trim().split("\n");
      const last = Number(lines[lines.length - 1]);
      peakRssKb = Number.isFinite(last) ? last : null;
      // GNU time exits with the child's status; a signal shows only in its file.
      const killed = lines.map((l) => /terminated by signal (\d+)/.exec(l)).find(Boolean);
      if (killed) signal = signalName(Number(killed[1]));
      // GNU time exits 127 when it cannot run the command
      if (exitCode === 127 && /No such file|cannot run/i.test(r.stderr)) return { ...r, peakRssKb: null, spawnError: r.stderr.trim() };
    }
    if (signal) exitCode = null;
    return { ...r, exitCode, signal, peakRssKb };
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

function signalName(n: number): string {
  const entry = Object.entries(os.constants.signals).find(([, v]) => v === n);
  return entry ? entry[0] : `signal ${n}`;
}

function spawnCollect(exe: string, args: readonly string[], cmd: Command, timeoutSeconds: number): Promise<RunMeasurement> {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    let end: bigint | null = null;
    const child = spawn(exe, args, {
      cwd: cmd.cwd,
      env: cmd.env ? { ...process.env, ...cmd.env } : process.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group, so a timeout kills grandchildren too
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }, timeoutSeconds * 1000);
    let settled = false;
    const finish = (code: number | null, signal: string | null, spawnError: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const stop = end ?? process.hrtime.bigint();
      resolve({
        wallSeconds: Number(stop - start) / 1e9,
        peakRssKb: null,
        exitCode: code,
        signal,
        timedOut,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        spawnError,
      });
    };
    child.on("error", (e) => finish(null, null, e.message));
    child.on("exit", () => {
      end = process.hrtime.bigint();
    });
    child.on("close", (code, signal) => finish(code, signal ?? null, null));
  });
}

export interface ToolRun {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
  /** Why it failed ("exit 1", "killed by SIGKILL", "spawn gcc ENOENT"), or null. */
  readonly error: string | null;
  readonly seconds: number;
}

/** Run a tool to completion (builds, version probes), asynchronously so progress keeps ticking. */
export async function runTool(exe: string, args: readonly string[], opts: { cwd?: string; timeoutSeconds?: number } = {}): Promise<ToolRun> {
  const r = await spawnCollect(exe, args, { exe, args, cwd: opts.cwd }, opts.timeoutSeconds ?? 600);
  const error = r.spawnError ?? (r.timedOut ? "timed out" : r.signal ? `killed by ${r.signal}` : r.exitCode !== 0 ? `exit ${r.exitCode}` : null);
  return { ok: error === null, stdout: r.stdout, stderr: r.stderr, error, seconds: r.wallSeconds };
}
