// The decision log: the shared DecisionLog behaviour (on a file and in
// memory: runs, ordering, measured outcomes, verdicts and how a name finds
// them, queries, interrupted runs, transactions), then what only a file has:
// reopening, a process killed midway or still alive, and what it does with a
// decisions.db that is not ours (not SQLite, someone else's, damaged, edited,
// from a newer apc): reported with a fixed code and left byte-identical.

import Database from "better-sqlite3";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import {
  decisionLogPath,
  openDecisionLog,
  openDecisionLogAt,
  type DecisionInput,
  type DecisionLog,
  type VerdictInput,
} from "../../memory/decision-log.js";
import { DECISION_LOG_APPLICATION_ID, DECISION_SCHEMA_VERSION } from "../../memory/migrations/decisions.js";
import { openTraceStore, traceStorePath } from "../../memory/trace-store.js";

const ROOT = path.join(import.meta.dirname, "..", "..");

function tempProject(): string {
  return mkdtempSync(path.join(os.tmpdir(), "apc-decisions-"));
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code ?? `no code: ${String(err)}`;
  }
  return undefined;
}

const tierDecision = (runId: number, over: Partial<DecisionInput> = {}): DecisionInput => ({
  runId,
  agent: "strategist",
  kind: "tier",
  functionKey: "src/physics.py:advance",
  sourceHash: "h1",
  inputs: { share: 0.62, loops: 2, types: ["float", "list[float]"] },
  alternatives: [
    { choice: "apc-O3", predicted: { speedup: 30 } },
    { choice: "numba", predicted: { speedup: 25 }, note: "needs numba installed" },
    { choice: "python" },
  ],
  choice: "apc-O3",
  reason: "hot float loop, all types known",
  reasonCodes: [{ code: "hot", message: "62% of the run", line: 12, col: 1 }],
  predicted: { speedup: 30 },
  modelVersion: 3,
  ...over,
});

const verdictFor = (runId: number, functionKey: string, over: Partial<VerdictInput> = {}): VerdictInput => ({
  runId,
  functionKey,
  status: "compiled",
  tier: "apc-O3",
  numbers: { speedup: 31.5, share: 0.62, calls: 1000, compileS: 0.8 },
  ...over,
});

function describeDecisionLog(name: string, open: () => DecisionLog): void {
  describe(`DecisionLog behaviour: ${name}`, () => {
    it("starts, ends and lists runs", () => {
      const log = open();
      const a = log.startRun({ project: "/p", command: "optimize", budgetS: 60 });
      expect(log.run(a)).toMatchObject({ id: a, project: "/p", command: "optimize", budgetS: 60, status: "running", endedAt: null, summary: null, pid: process.pid });
      log.endRun(a, "done", { compiled: 2, speedup: 3.5 });
      const b = log.startRun({ project: "/p", command: "tune" });
      log.endRun(b, "failed");
      const c = log.startRun({ project: "/p", command: "optimize" });
      expect(log.run(a)).toMatchObject({ status: "done", summary: { compiled: 2, speedup: 3.5 } });
      expect(log.run(a).endedAt).not.toBeNull();
      expect(log.run(b)).toMatchObject({ status: "failed", budgetS: null, summary: null });
      expect(log.runs().map((r) => r.id)).toEqual([a, b, c]);
      expect(log.runs(2).map((r) => r.id)).toEqual([b, c]);
      expect(codeOf(() => log.endRun(a, "failed"))).toBe("AgentRunClosed");
      expect(log.run(a).status).toBe("done");
      expect(codeOf(() => log.run(999))).toBe("AgentRunNotFound");
      expect(codeOf(() => log.startRun({ project: "", command: "optimize" }))).toBe("InvalidDecision");
      log.close();
    });

    it("keeps every field of a decision and numbers them in order per run", () => {
      const log = open();
      const r1 = log.startRun({ project: "/p", command: "optimize" });
      const plan = log.record({ runId: r1, agent: "supervisor", kind: "plan", choice: { functions: ["src/physics.py:advance"] }, reason: "one hot function" });
      const tier = log.record(tierDecision(r1, { parentId: plan }));
      const d = log.decision(tier);
      expect(d).toEqual({
        id: tier, runId: r1, seq: 2, at: d.at, agent: "strategist", kind: "tier",
        functionKey: "src/physics.py:advance", file: "src/physics.py", qualname: "advance", sourceHash: "h1",
        inputs: { share: 0.62, loops: 2, types: ["float", "list[float]"] },
        alternatives: [{ choice: "apc-O3", predicted: { speedup: 30 } }, { choice: "numba", predicted: { speedup: 25 }, note: "needs numba installed" }, { choice: "python" }],
        choice: "apc-O3", reason: "hot float loop, all types known",
        reasonCodes: [{ code: "hot", message: "62% of the run", line: 12, col: 1 }],
        predicted: { speedup: 30 }, measured: null, measuredAt: null, modelVersion: 3, parentId: plan,
      });
      expect(log.decision(plan)).toMatchObject({ seq: 1, functionKey: null, file: null, qualname: null, inputs: {}, alternatives: [], reasonCodes: [], predicted: null, modelVersion: null });
      const r2 = log.startRun({ project: "/p", command: "optimize" });
      const other = log.record(tierDecision(r2));
      expect(log.decision(other).seq).toBe(1);
      log.record(tierDecision(r2, { kind: "pipeline", choice: ["mem2reg", "licm"] }));
      expect(log.decisions({ runId: r2 }).map((x) => x.seq)).toEqual([1, 2]);
      expect(log.decisions().map((x) => [x.runId, x.seq])).toEqual([[r1, 1], [r1, 2], [r2, 1], [r2, 2]]);
      expect(codeOf(() => log.decision(12345))).toBe("DecisionNotFound");
      expect(codeOf(() => log.record(tierDecision(r2, { parentId: 12345 })))).toBe("DecisionNotFound");
      log.close();
    });

    it("refuses a malformed decision and writes nothing", () => {
      const log = open();
      const r = log.startRun({ project: "/p", command: "optimize" });
      expect(codeOf(() => log.record(tierDecision(r, { agent: "oracle" as never })))).toBe("InvalidDecision");
      expect(codeOf(() => log.record(tierDecision(r, { kind: "guess" as never })))).toBe("InvalidDecision");
      expect(codeOf(() => log.record(tierDecision(r, { functionKey: "advance" })))).toBe("InvalidDecision");
      expect(codeOf(() => log.record(tierDecision(r, { inputs: { share: Number.NaN } })))).toBe("InvalidDecision");
      expect(codeOf(() => log.record(tierDecision(r, { reasonCodes: [{ code: "", message: "x", line: null, col: null }] })))).toBe("InvalidDecision");
      expect(codeOf(() => log.record(tierDecision(999)))).toBe("AgentRunNotFound");
      expect(log.decisions()).toEqual([]);
      log.close();
    });

    it("attaches a measured outcome later, also after the run ended", () => {
      const log = open();
      const r = log.startRun({ project: "/p", command: "optimize" });
      const id = log.record(tierDecision(r));
      log.endRun(r, "done");
      log.attachMeasured(id, { speedup: 27.1, runs: 5 });
      expect(log.decision(id)).toMatchObject({ measured: { speedup: 27.1, runs: 5 }, predicted: { speedup: 30 } });
      expect(log.decision(id).measuredAt).not.toBeNull();
      log.attachMeasured(id, { speedup: 28 });
      expect(log.decision(id).measured).toEqual({ speedup: 28 });
      expect(codeOf(() => log.attachMeasured(id + 100, { speedup: 1 }))).toBe("DecisionNotFound");
      expect(codeOf(() => log.record(tierDecision(r)))).toBe("AgentRunClosed");
      const direct = log.record(tierDecision(log.startRun({ project: "/p", command: "bench" }), { kind: "measurement", agent: "benchmarker", measured: { seconds: 1.5 } }));
      expect(log.decision(direct).measuredAt).toBe(log.decision(direct).at);
      log.close();
    });

    it("upserts the latest verdict per function and keeps the history in decisions", () => {
      const log = open();
      const r1 = log.startRun({ project: "/p", command: "optimize" });
      const tier = log.record(tierDecision(r1));
      const v1 = log.setVerdict(
        verdictFor(r1, "src/physics.py:advance", {
          status: "rejected",
          reasons: [
            { code: "slower", message: "0.8x: the boundary costs more than it saves", line: 12, col: 1 },
            { code: "fallback", message: "arguments matched in 3 of 10 calls", line: 12, col: 1, hint: "annotate the parameters" },
          ],
          whatWouldChange: ["fewer, larger calls", "annotated parameters"],
          parentId: tier,
          sourceHash: "h1",
        }),
      );
      expect(v1).toMatchObject({ project: "/p", functionKey: "src/physics.py:advance", file: "src/physics.py", qualname: "advance", runId: r1, status: "rejected", tier: "apc-O3" });
      expect(v1.reasons).toHaveLength(2);
      expect(v1.reasons[1]!.hint).toBe("annotate the parameters");
      expect(log.decision(v1.decisionId)).toMatchObject({ kind: "verdict", agent: "supervisor", parentId: tier, seq: 2, measured: { speedup: 31.5 } });
      log.endRun(r1, "done");
      const r2 = log.startRun({ project: "/p", command: "optimize" });
      const v2 = log.setVerdict(verdictFor(r2, "src/physics.py:advance", { sourceHash: "h2" }));
      expect(log.verdicts()).toEqual([v2]);
      expect(v2).toMatchObject({ runId: r2, status: "compiled", reasons: [], whatWouldChange: [], sourceHash: "h2", numbers: { speedup: 31.5, share: 0.62, calls: 1000, compileS: 0.8 } });
      expect(log.verdicts(r1)).toEqual([]);
      expect(log.verdicts(r2)).toEqual([v2]);
      const history = log.decisions({ functionKey: "src/physics.py:advance", kind: "verdict" });
      expect(history.map((d) => [d.runId, d.choice])).toEqual([
        [r1, { status: "rejected", tier: "apc-O3", whatWouldChange: ["fewer, larger calls", "annotated parameters"] }],
        [r2, { status: "compiled", tier: "apc-O3", whatWouldChange: [] }],
      ]);
      expect(history[0]!.reason).toContain("slower: 0.8x");
      expect(codeOf(() => log.setVerdict(verdictFor(r1, "src/physics.py:advance")))).toBe("AgentRunClosed");
      expect(codeOf(() => log.setVerdict(verdictFor(r2, "src/physics.py:advance", { status: "maybe" as never })))).toBe("InvalidDecision");
      expect(log.verdicts()).toEqual([v2]);
      log.close();
    });

    it("finds a verdict by key, bare qualname, file suffix or method name, and reports ambiguity", () => {
      const log = open();
      const r = log.startRun({ project: "/p", command: "optimize" });
      const adv = log.setVerdict(verdictFor(r, "src/physics.py:advance"));
      const step = log.setVerdict(verdictFor(r, "src/physics.py:Body.step", { status: "not-compiled", tier: null, reasons: [{ code: "E0501", message: "classes are not supported", line: 3, col: 5 }] }));
      const energy1 = log.setVerdict(verdictFor(r, "src/physics.py:energy", { status: "python" }));
      const energy2 = log.setVerdict(verdictFor(r, "tools/energy.py:energy", { status: "python" }));
      expect(log.verdict("src/physics.py:advance")).toEqual({ kind: "found", verdict: adv });
      expect(log.verdict("advance")).toEqual({ kind: "found", verdict: adv });
      expect(log.verdict("physics.py:advance")).toEqual({ kind: "found", verdict: adv });
      expect(log.verdict({ qualname: "advance", file: "./src/physics.py" })).toEqual({ kind: "found", verdict: adv });
      expect(log.verdict("step")).toEqual({ kind: "found", verdict: step });
      expect(log.verdict("Body.step")).toEqual({ kind: "found", verdict: step });
      expect(log.verdict("ody.step")).toEqual({ kind: "none" });
      expect(log.verdict("energy")).toEqual({ kind: "ambiguous", matches: [energy1, energy2] });
      expect(log.verdict("physics.py:energy")).toEqual({ kind: "found", verdict: energy1 });
      expect(log.verdict({ qualname: "energy", project: "/elsewhere" })).toEqual({ kind: "none" });
      expect(log.verdict("ysics.py:advance")).toEqual({ kind: "none" });
      expect(log.verdict("nowhere")).toEqual({ kind: "none" });
      // An exact qualname wins over a method of the same name.
      const top = log.setVerdict(verdictFor(r, "src/main.py:step"));
      expect(log.verdict("step")).toEqual({ kind: "found", verdict: top });
      // A function with decisions but no verdict yet is known, without a verdict.
      log.record(tierDecision(r, { functionKey: "src/physics.py:collide" }));
      expect(log.resolveFunction("collide")).toEqual(["src/physics.py:collide"]);
      expect(log.verdict("collide")).toEqual({ kind: "none" });
      expect(log.resolveFunction("energy")).toEqual(["src/physics.py:energy", "tools/energy.py:energy"]);
      log.close();
    });

    it("answers decision queries with filters, newest `limit` oldest first", () => {
      const log = open();
      const r1 = log.startRun({ project: "/p", command: "optimize" });
      log.record(tierDecision(r1));
      log.record(tierDecision(r1, { agent: "optimizer", kind: "pipeline", choice: ["licm"], modelVersion: null }));
      log.record(tierDecision(r1, { functionKey: "src/physics.py:energy" }));
      const r2 = log.startRun({ project: "/p", command: "optimize" });
      log.record(tierDecision(r2, { modelVersion: 4 }));
      log.record(tierDecision(r2, { agent: "benchmarker", kind: "measurement", measured: { speedup: 2 } }));
      const pick = (q: Parameters<DecisionLog["decisions"]>[0]) => log.decisions(q).map((d) => `${d.runId}.${d.seq}`);
      expect(pick({})).toEqual([`${r1}.1`, `${r1}.2`, `${r1}.3`, `${r2}.1`, `${r2}.2`]);
      expect(pick({ runId: r1 })).toEqual([`${r1}.1`, `${r1}.2`, `${r1}.3`]);
      expect(pick({ functionKey: "src/physics.py:advance" })).toEqual([`${r1}.1`, `${r1}.2`, `${r2}.1`, `${r2}.2`]);
      expect(pick({ functionKey: "src/physics.py:advance", kind: "tier" })).toEqual([`${r1}.1`, `${r2}.1`]);
      expect(pick({ agent: "optimizer" })).toEqual([`${r1}.2`]);
      expect(pick({ kind: "measurement", runId: r1 })).toEqual([]);
      expect(pick({ modelVersion: 3 })).toEqual([`${r1}.1`, `${r1}.3`, `${r2}.2`]);
      expect(pick({ limit: 2 })).toEqual([`${r2}.1`, `${r2}.2`]);
      expect(pick({ kind: "tier", limit: 2 })).toEqual([`${r1}.3`, `${r2}.1`]);
      expect(pick({ limit: 0 })).toEqual([]);
      log.close();
    });

    it("marks a run left running as interrupted when this process starts another", () => {
      const log = open();
      const a = log.startRun({ project: "/p", command: "optimize" });
      log.record(tierDecision(a));
      const done = log.startRun({ project: "/p", command: "optimize" });
      log.endRun(done, "done");
      expect(log.run(a).status).toBe("interrupted");
      expect(log.run(a).endedAt).toBeNull();
      expect(codeOf(() => log.record(tierDecision(a)))).toBe("AgentRunClosed");
      log.startRun({ project: "/p", command: "optimize" });
      expect(log.run(done).status).toBe("done");
      // The run's process did finish after all: it may still say so.
      log.endRun(a, "done", { late: true });
      expect(log.run(a)).toMatchObject({ status: "done", summary: { late: true } });
      expect(log.decisions({ runId: a })).toHaveLength(1);
      log.close();
    });

    it("groups writes in one transaction: all or none", () => {
      const log = open();
      const r = log.startRun({ project: "/p", command: "optimize" });
      expect(() =>
        log.transaction(() => {
          log.record(tierDecision(r));
          log.setVerdict(verdictFor(r, "src/physics.py:advance"));
          throw new Error("agent crashed");
        }),
      ).toThrow("agent crashed");
      expect(log.decisions()).toEqual([]);
      expect(log.verdicts()).toEqual([]);
      expect(() => log.transaction(() => Promise.resolve(log.record(tierDecision(r))))).toThrow(TypeError);
      expect(log.decisions()).toEqual([]);
      const ids = log.transaction(() => [log.record(tierDecision(r)), log.setVerdict(verdictFor(r, "src/physics.py:advance")).decisionId]);
      expect(log.decisions().map((d) => d.id)).toEqual(ids);
      expect(log.decisions().map((d) => d.seq)).toEqual([1, 2]);
      log.close();
    });
  });
}

describeDecisionLog("sqlite file", () => openDecisionLog(tempProject()));
describeDecisionLog("sqlite :memory:", () => openDecisionLogAt(":memory:"));

function logFileWith(bytes: Buffer | string): { dir: string; file: string } {
  const dir = tempProject();
  const file = decisionLogPath(dir);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return { dir, file };
}

function expectRejected(file: string, dir: string, code: string, reason?: string) {
  const before = readFileSync(file);
  const listing = readdirSync(path.dirname(file));
  let err: unknown;
  try {
    openDecisionLog(dir).close();
  } catch (e) {
    err = e;
  }
  expect((err as { code?: string }).code).toBe(code);
  if (reason !== undefined) expect((err as { reason?: string }).reason).toBe(reason);
  expect((err as Error).message).toContain(file);
  expect(readFileSync(file).equals(before)).toBe(true);
  expect(readdirSync(path.dirname(file))).toEqual(listing);
}

/** Run `body` (TypeScript, with `log` opened on `dir`) in a child node. */
function childScript(dir: string, body: string): string[] {
  const script = path.join(mkdtempSync(path.join(os.tmpdir(), "apc-decisions-child-")), "child.ts");
  const mod = pathToFileURL(path.join(ROOT, "memory", "decision-log.ts")).href;
  writeFileSync(script, `import { openDecisionLog } from ${JSON.stringify(mod)};\nconst log = openDecisionLog(${JSON.stringify(dir)});\n${body}\n`);
  return ["--import", "jiti/register", script];
}

describe("decision log file", () => {
  it("creates .apc/decisions.db with our marker and the latest schema version", () => {
    const dir = tempProject();
    openDecisionLog(dir).close();
    const db = new Database(decisionLogPath(dir), { readonly: true });
    try {
      expect(db.pragma("user_version", { simple: true })).toBe(DECISION_SCHEMA_VERSION);
      expect(db.pragma("application_id", { simple: true })).toBe(DECISION_LOG_APPLICATION_ID);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all()).toEqual(["agent_runs", "decisions", "store_meta", "verdicts"]);
    } finally {
      db.close();
    }
    expect(readdirSync(path.join(dir, ".apc"))).toEqual(["decisions.db"]);
  });

  it("keeps runs, decisions and verdicts across openings", () => {
    const dir = tempProject();
    const a = openDecisionLog(dir);
    const r = a.startRun({ project: dir, command: "optimize" });
    const id = a.record(tierDecision(r));
    const v = a.setVerdict(verdictFor(r, "src/physics.py:advance"));
    a.endRun(r, "done", { ok: true });
    const before = { runs: a.runs(), decisions: a.decisions(), verdicts: a.verdicts() };
    a.close();
    const b = openDecisionLog(dir);
    expect({ runs: b.runs(), decisions: b.decisions(), verdicts: b.verdicts() }).toEqual(before);
    expect(b.verdict("advance")).toEqual({ kind: "found", verdict: v });
    b.attachMeasured(id, { speedup: 29 });
    b.close();
    const c = openDecisionLog(dir);
    expect(c.decision(id).measured).toEqual({ speedup: 29 });
    c.close();
  });

  it("reports a file that is not SQLite and leaves it untouched", () => {
    const random = logFileWith(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37 + 11) & 0xff)));
    expectRejected(random.file, random.dir, "DecisionLogCorrupt", "not-sqlite");
    const empty = logFileWith("");
    expectRejected(empty.file, empty.dir, "DecisionLogCorrupt", "not-sqlite");
  });

  it("reports someone else's SQLite database, and apc's trace store, and leaves them untouched", () => {
    const { dir, file } = logFileWith("");
    const db = new Database(file);
    db.exec("CREATE TABLE decisions (id INTEGER PRIMARY KEY, what TEXT); INSERT INTO decisions (what) VALUES ('theirs');");
    db.close();
    expectRejected(file, dir, "DecisionLogCorrupt", "foreign");
    const other = tempProject();
    openTraceStore(other).close();
    const traces = logFileWith(readFileSync(traceStorePath(other)));
    expectRejected(traces.file, traces.dir, "DecisionLogCorrupt", "foreign");
  });

  it("reports a damaged log and leaves it untouched", () => {
    const dir = tempProject();
    const log = openDecisionLog(dir);
    const r = log.startRun({ project: dir, command: "optimize" });
    for (let i = 0; i < 200; i++) log.record(tierDecision(r, { reason: `decision ${i} `.repeat(20) }));
    log.close();
    const file = decisionLogPath(dir);
    const bytes = readFileSync(file);
    for (let i = 4096; i < bytes.length; i++) bytes[i] = (i * 13) & 0xff;
    writeFileSync(file, bytes);
    expectRejected(file, dir, "DecisionLogCorrupt", "damaged");
  });

  it("refuses a log from a newer apc", () => {
    const dir = tempProject();
    openDecisionLog(dir).close();
    const file = decisionLogPath(dir);
    const db = new Database(file);
    db.pragma(`user_version = ${DECISION_SCHEMA_VERSION + 1}`);
    db.close();
    expectRejected(file, dir, "DecisionLogTooNew");
  });

  it("reports a row whose JSON lost its shape instead of returning it", () => {
    const dir = tempProject();
    const log = openDecisionLog(dir);
    const r = log.startRun({ project: dir, command: "optimize" });
    const id = log.record(tierDecision(r));
    log.setVerdict(verdictFor(r, "src/physics.py:advance"));
    log.close();
    const db = new Database(decisionLogPath(dir));
    db.prepare("UPDATE decisions SET alternatives = '{\"not\": \"an array\"}' WHERE id = ?").run(id);
    db.prepare("UPDATE verdicts SET reasons = 'not json'").run();
    db.close();
    const again = openDecisionLog(dir);
    expect(codeOf(() => again.decision(id))).toBe("DecisionLogCorrupt");
    expect(codeOf(() => again.decisions({ runId: r }))).toBe("DecisionLogCorrupt");
    expect(codeOf(() => again.verdict("advance"))).toBe("DecisionLogCorrupt");
    expect(again.runs()).toHaveLength(1);
    again.close();
  });

  it("a process killed inside a transaction leaves the log as it was before it", () => {
    const dir = tempProject();
    const child = spawnSync(
      process.execPath,
      childScript(
        dir,
        `const r = log.startRun({ project: "/p", command: "optimize" });
         log.record({ runId: r, agent: "supervisor", kind: "plan", choice: null, reason: "start" });
         log.transaction(() => {
           log.record({ runId: r, agent: "strategist", kind: "tier", functionKey: "a.py:f", choice: "apc-O3", reason: "hot" });
           log.setVerdict({ runId: r, functionKey: "a.py:f", status: "compiled" });
           process.kill(process.pid, "SIGKILL");
         });`,
      ),
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(child.signal).toBe("SIGKILL");
    const log = openDecisionLog(dir);
    const [run] = log.runs();
    expect(run).toMatchObject({ status: "running", pid: child.pid });
    expect(log.decisions().map((d) => d.kind)).toEqual(["plan"]);
    expect(log.verdicts()).toEqual([]);
    log.startRun({ project: "/p", command: "optimize" });
    expect(log.run(run!.id).status).toBe("interrupted");
    log.close();
  });

  it("leaves the run of a live process running, and that process can finish it", async () => {
    const dir = tempProject();
    const child = spawn(
      process.execPath,
      childScript(
        dir,
        `const r = log.startRun({ project: "/p", command: "optimize" });
         console.log("started " + r);
         process.stdin.once("data", () => {
           log.record({ runId: r, agent: "supervisor", kind: "plan", choice: null, reason: "after the other run started" });
           log.endRun(r, "done");
           log.close();
           process.exit(0);
         });`,
      ),
      { cwd: ROOT, stdio: ["pipe", "pipe", "inherit"] },
    );
    const runId = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (b: Buffer) => {
        out += b.toString();
        const m = /started (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.on("exit", (code) => reject(new Error(`child exited (${code}) before starting its run: ${out}`)));
    });
    const log = openDecisionLog(dir);
    const mine = log.startRun({ project: "/p", command: "tune" });
    expect(log.run(runId).status).toBe("running");
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.stdin!.write("go\n");
    expect(await exited).toBe(0);
    expect(log.run(runId).status).toBe("done");
    expect(log.decisions({ runId }).map((d) => d.reason)).toEqual(["after the other run started"]);
    expect(log.run(mine).status).toBe("running");
    log.close();
  });
});
