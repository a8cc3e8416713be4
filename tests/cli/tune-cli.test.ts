// `apc tune` from the command line on a small corpus of three projects, with
// the real pieces: the compiler, the hybrid boundary, python3, a Chroma
// server apc starts itself, the SQLite decision log and the model registry.
// A first run is SIGKILLed (with everything it started) once it has measured
// one project; the next run takes over the stale lock, resumes without
// measuring that project again, and writes a model version with its scores,
// the history, the log and the report. A model constructed to be worse is
// then gated against the one in use and rejected; a run while another holds
// the lock is refused; the crontab line printed by the CLI is the scheduler's.
// No timing is asserted.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { execa } from "execa";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAgentConfig, type AgentConfig } from "../../agents/config.js";
import { openAgentMemory, type OpenedMemory } from "../../agents/memory.js";
import { PolicyModel } from "../../agents/policy/model.js";
import { acquireTuneLock, TUNE_LOCK_FILE } from "../../agents/tune/lock.js";
import { programsFromRecords } from "../../agents/tune/retrain.js";
import { historyFile, readHistory, runTune } from "../../agents/tune/tune.js";
import { cronLine } from "../../cli/schedule.js";
import { tempDir } from "../helpers.js";

const CORPUS = path.join(import.meta.dirname, "fixtures", "tune-corpus");
const APC = path.join(import.meta.dirname, "..", "..", "bin", "apc.js");
const TUNE = ["tune", "--budget", "10", "--repeat", "1", "--search-top", "1"];

describe("apc tune", () => {
  const dir = tempDir("apc-tune-");
  const corpus = path.join(dir, "corpus");
  const project = path.join(dir, "project");
  const apcDir = path.join(project, ".apc");
  const apc = (args: string[]) => spawnSync(process.execPath, [APC, ...args], { cwd: project, encoding: "utf8", timeout: 600_000 });
  // A whole tune run, without blocking this worker: a worker blocked for over
  // a minute misses vitest's RPC deadline ("Timeout calling onTaskUpdate").
  const apcRun = async (args: string[]) => {
    const r = await execa(process.execPath, [APC, ...args], { cwd: project, reject: false, timeout: 600_000 });
    return { status: r.exitCode ?? null, stdout: String(r.stdout), stderr: String(r.stderr) };
  };
  let killedRun: { runId: number; done: string[] };
  let resumed: Awaited<ReturnType<typeof apcRun>>;

  beforeAll(async () => {
    cpSync(CORPUS, corpus, { recursive: true });
    mkdirSync(project);
    // A run killed midway: its own process group, so the kill takes the
    // Chroma server and the measured programs with it, as a real kill -9 of
    // cron's job would not necessarily; the lock is left behind, stale.
    const child = spawn(process.execPath, [APC, ...TUNE, "--corpus", corpus], { cwd: project, detached: true, stdio: "ignore" });
    killedRun = await untilOneMeasured(child, path.join(apcDir, "tune", "state.json"));
    process.kill(-child.pid!, "SIGKILL");
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once("exit", r)));
    expect(existsSync(path.join(apcDir, TUNE_LOCK_FILE))).toBe(true);
    resumed = await apcRun([...TUNE, "--corpus", corpus]);
  }, 900_000);

  it("resumes a killed run: takes over its lock, skips what it measured, and finishes", () => {
    expect(resumed.stderr).toMatch(/took over|stale/i);
    expect(resumed.stderr).toContain(`resuming run ${killedRun.runId}`);
    for (const name of killedRun.done) expect(resumed.stderr).not.toContain(`measuring ${name} `);
    expect(resumed.status, resumed.stderr).toBe(0);
    const history = readHistory(apcDir);
    expect(history).toHaveLength(1);
    expect(history[0]!.resumedFrom).toBe(killedRun.runId);
    expect(existsSync(path.join(apcDir, TUNE_LOCK_FILE))).toBe(false);
  });

  it("writes a model version with its scores, the history, a log and the report", () => {
    const run = readHistory(apcDir)[0]!;
    expect(run.candidate.version).toBe(1);
    expect(run.heldOut).toBeGreaterThan(0);
    expect(run.trained).toBeGreaterThan(0);
    expect(run.candidate.scores.agreement).toBeGreaterThanOrEqual(0);
    expect(run.verdict).toMatch(/^(promoted|rejected): /);
    const model = JSON.parse(readFileSync(path.join(apcDir, "models", readdirSync(path.join(apcDir, "models")).find((f) => /^v0*1\.json$/.test(f))!), "utf8"));
    expect(model.scores.heldOutCases).toBe(run.heldOut);
    expect(typeof model.scores.agreement).toBe("number");
    const reports = readdirSync(path.join(apcDir, "reports")).filter((f) => /^tune-\d{4}-\d\d-\d\d\.html$/.test(f));
    expect(reports).toHaveLength(1);
    const html = readFileSync(path.join(apcDir, "reports", reports[0]!), "utf8");
    expect(html).toContain(run.verdict.split(":")[0]);
    expect(existsSync(historyFile(apcDir))).toBe(true);
    const logs = readdirSync(path.join(apcDir, "logs")).filter((f) => f.startsWith("tune-"));
    expect(logs).toHaveLength(2); // the killed run's and the resumed one's
    const logText = logs.map((f) => readFileSync(path.join(apcDir, "logs", f), "utf8")).join("\n");
    expect(logText).toContain(`resuming run ${killedRun.runId}`);
    expect(resumed.stdout).toContain(`report: ${path.join(apcDir, "reports", reports[0]!)}`);
    const list = apc(["agent", "model", "list"]);
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/\bv?1\b/);
  });

  describe("a model constructed to be worse", () => {
    let cfg: AgentConfig;
    let opened: OpenedMemory;
    beforeAll(async () => {
      cfg = parseAgentConfig({}, project);
      opened = await openAgentMemory(cfg);
    });
    afterAll(async () => opened?.close());

    it("is rejected, and the model in use stays current", async () => {
      const before = opened.memory.models.current()?.version ?? null;
      // Fitted on every outcome with each speedup inverted: it expects the
      // slowest tier to be the fastest, so it chooses worse than the model in use.
      const worse = new PolicyModel();
      const programs = programsFromRecords(await opened.memory.vectors.get());
      worse.fit(programs.flatMap((p) => p.examples.map((e) => ({ ...e, speedup: 1 / e.speedup }))));
      const run = await runTune(opened.memory, cfg, { budgetMinutes: 1, corpus: "memory", only: ["no-such-project"], candidate: worse });
      expect(run.measurements).toBe(0);
      expect(run.promoted).toBe(false);
      expect(run.verdict).toMatch(/^rejected: worse on /);
      // Worse on some measure of memory's cases (with few cases both may
      // agree on none: agreement alone need not differ).
      const inc = run.incumbent.scores!;
      const cand = run.candidate.scores;
      expect(cand.agreement < inc.agreement || cand.regret > inc.regret || cand.meanReward < inc.meanReward).toBe(true);
      expect(opened.memory.models.current()?.version ?? null).toBe(before);
      const saved = opened.memory.models.list().find((m) => m.version === run.candidate.version)!;
      expect(saved.current).toBe(false);
    });
  });

  it("refuses a second run while one holds the lock, and starts nothing", () => {
    const lock = acquireTuneLock(apcDir);
    try {
      const logsBefore = readdirSync(path.join(apcDir, "logs")).length;
      const r = apc([...TUNE, "--corpus", corpus]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("another apc tune run is already running on this project");
      expect(r.stderr).toContain(`process ${process.pid}`);
      expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack
      expect(readdirSync(path.join(apcDir, "logs")).length).toBe(logsBefore);
    } finally {
      lock.release();
    }
  });

  it("prints the scheduler's crontab line, and refuses a schedule cron cannot run", () => {
    const r = apc(["tune", "--schedule", "0 2 * * *", "--print", "--budget", "45", "--corpus", "benchmarks"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(cronLine({ schedule: "0 2 * * *", project, budgetMinutes: 45, corpus: "benchmarks" }));
    expect(r.stdout).toContain("--budget 45");
    const bad = apc(["tune", "--schedule", "0 25 * * *", "--print"]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/hour/i);
    const lone = apc(["tune", "--print"]);
    expect(lone.status).toBe(1);
    expect(lone.stderr).toContain("--print goes with --schedule");
  });
});

/** Waits until the tune run's checkpoint names one measured corpus item. */
async function untilOneMeasured(child: ChildProcess, stateFile: string): Promise<{ runId: number; done: string[] }> {
  for (let waited = 0; waited < 600_000; waited += 200) {
    if (child.exitCode !== null) throw new Error(`the tune run ended (status ${child.exitCode}) before it could be killed`);
    try {
      const s = JSON.parse(readFileSync(stateFile, "utf8")) as { runId: number; done: string[] } | null;
      if (s && s.done.length >= 1) return s;
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the tune run measured nothing in 10 minutes");
}
