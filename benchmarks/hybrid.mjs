#!/usr/bin/env node
// Hybrid mode (issue 6), measured on this machine:
//   1. each bundled example project (examples/projects/*): `apc optimize`'s
//      plan on a copy, end to end as Python and with the chosen functions
//      native (minimum of --repeat runs each, identical stdout required),
//      build time, and per-function speedups on the program's real calls;
//   2. the boundary's cost per call (Python vs @apc.native on kernels from
//      trivial to a 1000-float list), so the planner's "not slowed down"
//      rule has a number behind it.
// Timing lives here, never in a test.
//
// Usage: npx tsc && node benchmarks/hybrid.mjs [--repeat N] [--only a,b] [--markdown FILE]
// Environment: APC_BENCH_PYTHON (default python3).

import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { planOptimization } = await import(path.join(ROOT, "dist", "hybrid", "optimize.js"));
const { compile } = await import(path.join(ROOT, "dist", "compiler", "driver.js"));
const { buildExtension, pythonInfo } = await import(path.join(ROOT, "dist", "hybrid", "extension.js"));
const PYTHON = process.env.APC_BENCH_PYTHON ?? "python3";

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const repeat = Number(opt("--repeat", "3"));
const only = opt("--only", null)?.split(",");
const markdownFile = opt("--markdown", null);
const fmt = (s) => (s == null ? "-" : s >= 1 ? `${s.toFixed(2)} s` : `${(s * 1000).toFixed(1)} ms`);

// The examples, with the arguments that keep their outputs out of the copy's way.
const EXAMPLES = [
  { name: "particles", args: (dir) => [path.join(dir, "out.csv")] },
  { name: "raytracer", args: (dir) => [path.join(dir, "out.ppm")] },
  { name: "textstats", args: (dir) => [path.join(dir, "corpus")], prepare: (dir) => spawnSync(PYTHON, ["main.py", path.join(dir, "corpus")], { cwd: dir }) },
];

const lines = ["# Hybrid mode: measured", "", `${new Date().toISOString()}, ${os.cpus()[0]?.model ?? "cpu"}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(2)}; min of ${repeat} runs.`, ""];
lines.push("## End to end (apc optimize, dry run, on a copy of each example)", "");
lines.push("| project | Python | native | speedup | build | functions native | output |", "|---|--:|--:|--:|--:|---|---|");
const detail = [];
for (const ex of EXAMPLES.filter((e) => !only || only.includes(e.name))) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "apc-hybrid-bench-"));
  const dir = path.join(tmp, ex.name);
  cpSync(path.join(ROOT, "examples", "projects", ex.name), dir, { recursive: true, filter: (s) => !s.includes(`${path.sep}.apc`) });
  ex.prepare?.(dir);
  process.stderr.write(`[hybrid] ${ex.name}: planning\n`);
  const plan = await planOptimization({ path: dir, python: PYTHON, repeat, args: ex.args(dir), log: (l) => process.stderr.write(`[hybrid]   ${l}\n`) });
  const natives = plan.functions.filter((f) => f.verdict === "native");
  lines.push(`| ${ex.name} | ${fmt(plan.baseline.seconds)} | ${fmt(plan.optimized?.seconds)} | ${plan.endToEndSpeedup ? `**${plan.endToEndSpeedup.toFixed(2)}x**` : "-"} | ${plan.buildSeconds.toFixed(1)} s | ${natives.map((f) => f.qualname).join(", ")} | ${plan.verified ? "identical" : "not verified"} |`);
  detail.push(`### ${ex.name}`, "", "| function | verdict | Python | native | speedup | calls |", "|---|---|--:|--:|--:|--:|");
  for (const f of plan.functions) detail.push(`| ${f.key} | ${f.verdict}${f.reason ? ` (${f.reason.code})` : ""} | ${fmt(f.pythonSeconds)} | ${fmt(f.nativeSeconds)} | ${f.speedup ? `${f.speedup.toFixed(1)}x` : "-"} | ${f.calls ?? "-"} |`);
  detail.push("");
  rmSync(tmp, { recursive: true, force: true });
}
lines.push("", ...detail);

// ---- the boundary's cost per call ----
process.stderr.write("[hybrid] boundary: building the kernels\n");
const tmp = mkdtempSync(path.join(os.tmpdir(), "apc-hybrid-calls-"));
// The kernels are the boundary test's (tests/hybrid/fixtures/kernels.py): one copy of them.
cpSync(path.join(ROOT, "tests", "hybrid", "fixtures", "kernels.py"), path.join(tmp, "kernels.py"));
cpSync(path.join(ROOT, "benchmarks", "hybrid", "boundary_calls.py"), path.join(tmp, "boundary_calls.py"));
const file = path.join(tmp, "kernels.py");
const r = await compile(readFileSync(file, "utf8"), { file, emit: "obj", output: path.join(tmp, "k.o"), optLevel: 3, library: { symbolPrefix: "apc_b_" } });
const entries = r.functions.filter((f) => f.status === "compiled").map((f) => ({ key: `kernels.py:${f.name}`, symbol: f.symbol, params: f.params, returns: f.returns }));
const buildDir = path.join(tmp, ".apc", "build");
mkdirSync(buildDir, { recursive: true });
await buildExtension({ buildDir, objects: [path.join(tmp, "k.o")], entries, python: await pythonInfo(PYTHON) });
const run = spawnSync(PYTHON, ["boundary_calls.py"], { cwd: tmp, env: { ...process.env, PYTHONPATH: buildDir }, encoding: "utf8" });
if (run.status !== 0) throw new Error(run.stderr);
lines.push("## The boundary, per call (min of 5 timeit rounds)", "", "| call | Python | through @apc.native | ratio |", "|---|--:|--:|--:|");
for (const l of run.stdout.trim().split("\n").map((x) => JSON.parse(x))) {
  lines.push(`| ${l.case} | ${l.python_ns.toFixed(0)} ns | ${l.native_ns.toFixed(0)} ns | ${(l.python_ns / l.native_ns).toFixed(2)}x |`);
}
rmSync(tmp, { recursive: true, force: true });
const text = lines.join("\n") + "\n";
process.stdout.write(text);
if (markdownFile) writeFileSync(markdownFile, text);
