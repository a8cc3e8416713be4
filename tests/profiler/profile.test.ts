// `apc profile` end to end through profileProgram(), on real programs run by
// python3: the planted hot function ranks first, a crash is recorded with its
// status and traceback, a timeout stops the child and keeps a partial
// profile, two profiles add two runs, the entry rules, and the flame graph.
// No assertion depends on a timing.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openTraceStore } from "../../memory/trace-store.js";
import { chooseEntry } from "../../profiler/entry.js";
import { EntryNotFound, InterpreterMissing } from "../../profiler/errors.js";
import { profileProgram } from "../../profiler/profile.js";
import { fixtureProject, projectWith, PYTHON } from "./fixtures/projects.js";

const quiet = { python: PYTHON, stdio: "pipe" as const };

describe.concurrent("apc profile (sample mode)", () => {
  it("ranks the planted hot function first and writes a flame graph", async () => {
    const dir = fixtureProject("hot");
    const out = await profileProgram({ path: dir, ...quiet });
    expect(out.helper.stdout).toMatch(/^done \d+/);
    expect(out.run.run.exitStatus).toBe(0);
    expect(out.run.run.complete).toBe(true);
    expect(out.analysis.sampleCount).toBeGreaterThan(0);
    expect(out.analysis.bySelf[0]!.qualname).toBe("planted_hot");
    // <module> and main both hold every sample: they tie at the top by total time.
    expect(new Set(out.analysis.byTotal.slice(0, 2).map((f) => f.qualname))).toEqual(new Set(["<module>", "main"]));
    expect(out.analysis.byTotal[0]!.totalPct).toBeCloseTo(100, 5);
    expect(out.report).toMatch(/top \d+ by self time:/);
    expect(out.report).toContain("planted_hot");
    expect(out.flamePath).toBe(path.join(dir, ".apc", "reports", `flame-${out.runId}.svg`));
    const svg = readFileSync(out.flamePath, "utf8");
    expect(svg).toMatch(/^<\?xml[^]*<svg [^]*<\/svg>\n$/);
    expect(svg).toContain("planted_hot");
    expect(svg).toContain("&lt;module&gt;");
    expect(svg).not.toMatch(/<module>/);
  });

  it("finds the same hot function with the SIGPROF sampler", async () => {
    const out = await profileProgram({ path: fixtureProject("hot"), ...quiet, sampler: "signal" });
    expect(out.analysis.sampleCount).toBeGreaterThan(0);
    expect(out.analysis.bySelf[0]!.qualname).toBe("planted_hot");
  });

  it("adds a run per profile instead of overwriting", async () => {
    const dir = fixtureProject("hot");
    const first = await profileProgram({ path: dir, ...quiet });
    const second = await profileProgram({ path: dir, ...quiet, mode: "trace" });
    expect(second.runId).toBe(first.runId + 1);
    const store = openTraceStore(dir);
    try {
      const runs = store.runs();
      expect(runs.map((r) => r.mode)).toEqual(["sample", "trace"]);
      expect(runs.every((r) => r.entry === "main.py" && r.command[1] === "main.py")).toBe(true);
      expect(store.loadRun(first.runId).samples.length).toBeGreaterThan(0);
    } finally {
      store.close();
    }
    expect(existsSync(path.join(dir, ".apc", "reports", `flame-${first.runId}.svg`))).toBe(true);
    expect(existsSync(path.join(dir, ".apc", "reports", `flame-${second.runId}.svg`))).toBe(true);
  });

  it("records a crashing program's run with its exit status and traceback", async () => {
    const dir = fixtureProject("crash");
    const out = await profileProgram({ path: dir, ...quiet });
    const run = out.run.run;
    expect(run.exitStatus).toBe(1);
    expect(run.exception).toBe("ValueError");
    expect(run.complete).toBe(true);
    expect(run.traceback).toMatch(/^Traceback \(most recent call last\):\n/);
    expect(run.traceback).toContain('main.py", line 15, in main');
    expect(run.traceback).toMatch(/ValueError: value too large: \d+\n$/);
    expect(run.traceback).not.toContain("apc_tracer");
    expect(run.traceback).not.toContain("runpy");
    // The program's stderr is CPython's.
    expect(out.helper.stderr).toContain(run.traceback!);
    expect(out.helper.exitCode).toBe(1);
    expect(out.report).toContain("exit status 1 (ValueError)");
    const stored = openTraceStore(dir);
    try {
      expect(stored.runs()[0]!.traceback).toBe(run.traceback);
    } finally {
      stored.close();
    }
  });

  it("passes SystemExit's status through", async () => {
    const dir = projectWith({ "main.py": "import sys\nprint('bye')\nsys.exit(3)\n" });
    const out = await profileProgram({ path: dir, ...quiet });
    expect(out.run.run.exitStatus).toBe(3);
    expect(out.run.run.exception).toBeNull();
    expect(out.helper.exitCode).toBe(3);
  });

  it("records a program that leaves by os._exit before any flush", async () => {
    const dir = projectWith({ "main.py": "import os\nprint('leaving', flush=True)\nos._exit(4)\n" });
    const out = await profileProgram({ path: dir, ...quiet });
    expect(out.run.run).toMatchObject({ exitStatus: 4, complete: false, timedOut: false });
    expect(out.helper.stdout).toBe("leaving\n");
  });

  it("stops a program past --timeout with SIGINT and keeps its profile", async () => {
    const dir = fixtureProject("forever");
    const out = await profileProgram({ path: dir, ...quiet, timeoutS: 2, flushS: 0.2 });
    const run = out.run.run;
    expect(run.timedOut).toBe(true);
    expect(run.complete).toBe(true); // the helper caught the KeyboardInterrupt and wrote everything
    expect(run.exception).toBe("KeyboardInterrupt");
    expect(run.exitStatus).toBe(130);
    expect(out.helper.stdout).toBe("started\n");
    expect(out.analysis.bySelf[0]!.qualname).toBe("spin_forever");
  });

  it("kills a program that ignores SIGINT and keeps the last periodic flush", async () => {
    const dir = fixtureProject("forever");
    const out = await profileProgram({ path: dir, ...quiet, mode: "trace", args: ["ignore-sigint"], timeoutS: 2, graceS: 0.5, flushS: 0.2 });
    const run = out.run.run;
    expect(run.timedOut).toBe(true);
    expect(run.complete).toBe(false);
    expect(run.exitStatus).toBeNull();
    expect(run.exitSignal).toBe("SIGKILL");
    expect(out.report).toContain("partial profile");
    const spin = out.run.functions.find((f) => f.qualname === "spin_forever")!;
    expect(spin.calls).toBe(1);
    expect(spin.selfS).toBeGreaterThan(0); // the frame still running is counted up to the flush
    expect(out.analysis.bySelf[0]!.qualname).toBe("spin_forever");
  });

  it("@trace records types for chosen functions in sample mode", async () => {
    const dir = fixtureProject("decorated");
    const out = await profileProgram({ path: dir, ...quiet });
    const byName = new Map(out.run.functions.map((f) => [f.qualname, f]));
    expect(byName.get("scale")).toMatchObject({ calls: 4, traced: true });
    expect(byName.get("pipeline")).toMatchObject({ calls: 3, traced: true });
    const sigs = (name: string) =>
      out.run.signatures.filter((s) => s.functionId === byName.get(name)!.id).map((s) => [s.argTypes.join(", "), s.returnType, s.calls]);
    expect(sigs("scale")).toEqual(expect.arrayContaining([["list[float], float", "list[float]", 3], ["list[int], int", "list[int]", 1]]));
    expect(sigs("pipeline")).toEqual([["int", "float", 3]]);
    // untraced is a callee of nothing traced and has no signatures.
    expect(out.run.signatures.some((s) => s.functionId === byName.get("untraced")?.id)).toBe(false);
    const edge = out.run.edges.find((e) => e.callerId === byName.get("pipeline")!.id && e.calleeId === byName.get("scale")!.id);
    expect(edge?.calls).toBe(3);
  });

  it("fails clearly when the interpreter does not exist", async () => {
    const dir = fixtureProject("hot");
    await expect(profileProgram({ path: dir, stdio: "pipe", python: path.join(dir, "no-such-python") })).rejects.toBeInstanceOf(InterpreterMissing);
  });
});

describe.concurrent("entry selection", () => {
  it("prefers main.py, then __main__.py, then the only script", () => {
    const a = projectWith({ "main.py": "", "__main__.py": "", "x.py": "" });
    expect(chooseEntry(a).label).toBe("main.py");
    expect(chooseEntry(a).reason).toBe("main.py (the project's main.py)");
    const b = projectWith({ "__main__.py": "", "x.py": "" });
    expect(chooseEntry(b).label).toBe("__main__.py");
    const c = projectWith({ "tool.py": "", "notes.txt": "" });
    expect(chooseEntry(c)).toMatchObject({ label: "tool.py", reason: "tool.py (the only script in the folder)" });
  });

  it("refuses to guess between several scripts and names them", () => {
    const dir = projectWith({ "a.py": "", "b.py": "" });
    expect(() => chooseEntry(dir)).toThrow(EntryNotFound);
    expect(() => chooseEntry(dir)).toThrow(/2 scripts \(a\.py, b\.py\); choose one with --entry FILE or -m MODULE/);
    expect(() => chooseEntry(projectWith({}))).toThrow(/no main\.py, __main__\.py or other \.py file/);
    expect(() => chooseEntry(path.join(dir, "missing"))).toThrow(/no such file or folder/);
  });

  it("takes --entry in a folder and a script path directly", () => {
    const dir = projectWith({ "a.py": "", "b.py": "" });
    mkdirSync(path.join(dir, "tools"));
    writeFileSync(path.join(dir, "tools", "run.py"), "");
    expect(chooseEntry(dir, { entry: "tools/run.py" })).toMatchObject({ label: path.join("tools", "run.py"), project: dir });
    expect(chooseEntry(path.join(dir, "b.py"))).toMatchObject({ label: "b.py", project: dir, reason: "b.py (the script given)" });
    expect(() => chooseEntry(path.join(dir, "b.py"), { module: "x" })).toThrow(/needs a project folder/);
  });

  it("runs -m MODULE in the project folder with its arguments", async () => {
    const dir = fixtureProject("modpkg");
    const out = await profileProgram({ path: dir, module: "app", args: ["world"], ...quiet });
    expect(out.helper.stdout).toBe("hello world True\n");
    expect(out.run.run.entry).toBe("-m app");
    expect(out.run.run.command).toEqual([PYTHON, "-m", "app", "world"]);
  });
});
