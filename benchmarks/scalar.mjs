#!/usr/bin/env node
// Scalar benchmarks: times each kernel in benchmarks/programs/ under CPython, PyPy,
// C (gcc -O2, benchmarks/c/) and apc (-O3), checks every runner prints exactly what
// CPython prints, and reports the minimum wall time of --repeat runs as a table (and
// optionally JSON). Also times the phases of `apc build` on build_100_lines.py.
//
// Usage: node benchmarks/scalar.mjs [--repeat N] [--json FILE] [--only fib,primes] [--quick]
//   --repeat N   runs per runner and kernel; the minimum wall time counts (default 3)
//   --json FILE  also write all measurements to FILE
//   --only LIST  comma-separated kernel names
//   --quick      small sizes (a smoke test of the script and the compiler, not a benchmark)
// Environment: APC_CLI=path/to/apc.js overrides bin/apc.js.
//
// Plain ESM for Node >= 20 with no dependencies (tsx is not installed in this repo).

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PROGRAMS = path.join(ROOT, "benchmarks", "programs");
const C_SOURCES = path.join(ROOT, "benchmarks", "c");
const OUT_DIR = path.join(ROOT, ".apc", "bench");
const APC_CLI = process.env.APC_CLI ? path.resolve(process.env.APC_CLI) : path.join(ROOT, "bin", "apc.js");
const BUILD_INPUT = path.join(PROGRAMS, "build_100_lines.py");
const RUN_TIMEOUT_MS = 300_000;
const BUILD_TIMEOUT_MS = 300_000;

// Sizes equal the defaults in the programs, passed explicitly so every runner gets the same one.
const KERNELS = [
  { name: "fib", size: 36, quickSize: 25 },
  { name: "mandelbrot", size: 900, quickSize: 150 },
  { name: "primes", size: 1000000, quickSize: 60000 },
  { name: "simpson", size: 10000000, quickSize: 400000 },
  { name: "collatz", size: 300000, quickSize: 20000 },
];

const RUNNERS = ["cpython", "pypy", "c", "apc"];
const LABELS = { cpython: "CPython", pypy: "PyPy", c: "C", apc: "apc" };
const BUILD_PHASES = ["parse", "check", "lower", "llvm", "opt", "llc", "link"];

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const opts = { repeat: 3, json: null, only: null, quick: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--repeat") {
      opts.repeat = Number.parseInt(value(), 10);
      if (!(opts.repeat >= 1)) fail("--repeat must be a positive integer");
    } else if (a === "--json") opts.json = path.resolve(value());
    else if (a === "--only") opts.only = value().split(",").map((s) => s.trim()).filter(Boolean);
    else if (a === "--quick") opts.quick = true;
    else if (a === "-h" || a === "--help") {
      console.log("usage: node benchmarks/scalar.mjs [--repeat N] [--json FILE] [--only k1,k2] [--quick]");
      process.exit(0);
    } else fail(`unknown argument ${a}`);
  }
  if (opts.only) {
    const known = new Set(KERNELS.map((k) => k.name));
    for (const name of opts.only) if (!known.has(name)) fail(`unknown kernel ${name}`);
  }
  return opts;
}

function fail(message) {
  console.error(`scalar.mjs: ${message}`);
  process.exit(2);
}

function progress(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

// ---------------------------------------------------------------- processes

/** Run a command once; returns { ok, status, stdout, stderr, seconds, error }. */
function run(cmd, args, { timeout = RUN_TIMEOUT_MS, cwd = ROOT } = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout, maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  let error = null;
  if (r.error) error = r.error.code === "ETIMEDOUT" ? `timeout after ${timeout / 1000}s` : r.error.message;
  else if (r.signal) error = `killed by ${r.signal}`;
  else if (r.status !== 0) error = `exit ${r.status}`;
  return { ok: error === null, status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", seconds, error };
}

function commandExists(cmd, args = ["--version"]) {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return !r.error;
}

function firstLine(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.error) return null;
  return `${r.stdout}${r.stderr}`.trim().split("\n")[0];
}

function tail(text, lines = 5) {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

// ---------------------------------------------------------------- builds

/** gcc -O2 the C twin of a kernel. -ffp-contract=off keeps a*b+c unfused so the
 *  float results stay bit-identical to CPython's on targets with FMA. */
function buildC(kernel) {
  const exe = path.join(OUT_DIR, `${kernel.name}.c.exe`);
  const src = path.join(C_SOURCES, `${kernel.name}.c`);
  const r = run("gcc", ["-O2", "-ffp-contract=off", "-o", exe, src, "-lm"], { timeout: BUILD_TIMEOUT_MS });
  return r.ok ? { ok: true, exe, seconds: r.seconds } : { ok: false, error: `gcc failed (${r.error})\n${tail(r.stderr)}` };
}

function buildApc(kernel) {
  if (!existsSync(APC_CLI)) return { ok: false, error: "bin/apc.js not found" };
  const exe = path.join(OUT_DIR, `${kernel.name}.apc.exe`);
  const src = path.join(PROGRAMS, `${kernel.name}.py`);
  const r = run(process.execPath, [APC_CLI, "build", src, "-o", exe, "-O3"], { timeout: BUILD_TIMEOUT_MS });
  return r.ok ? { ok: true, exe, seconds: r.seconds } : { ok: false, error: `apc build failed (${r.error})\n${tail(r.stderr || r.stdout)}` };
}

// ---------------------------------------------------------------- runners

/** Time `repeat` runs of one command. The first run's stdout must equal `expected`
 *  (when given) and every run must succeed; otherwise the runner is reported, not timed. */
function timeRunner(label, cmd, args, repeat, expected) {
  const times = [];
  let stdout = null;
  for (let i = 0; i < repeat; i++) {
    const r = run(cmd, args);
    if (!r.ok) return { status: "crash", error: `${r.error}\n${tail(r.stderr)}`, times };
    if (stdout === null) stdout = r.stdout;
    if (expected !== null && r.stdout !== expected) {
      return { status: "mismatch", error: `stdout differs from CPython:\n  expected ${JSON.stringify(tail(expected, 3))}\n  got      ${JSON.stringify(tail(r.stdout, 3))}`, times };
    }
    times.push(r.seconds);
    progress(`  ${label} run ${i + 1}/${repeat}: ${r.seconds.toFixed(3)} s`);
  }
  return { status: "ok", min: Math.min(...times), times, stdout };
}

function runCPython(kernel, size, repeat) {
  return timeRunner("CPython", "python3", [path.join(PROGRAMS, `${kernel.name}.py`), String(size)], repeat, null);
}

function runPyPy(kernel, size, repeat, expected, available) {
  if (!available) return { status: "skipped", error: "pypy3 not installed" };
  return timeRunner("PyPy", "pypy3", [path.join(PROGRAMS, `${kernel.name}.py`), String(size)], repeat, expected);
}

function runC(kernel, size, repeat, expected) {
  const build = buildC(kernel);
  if (!build.ok) return { status: "build-failed", error: build.error };
  return { ...timeRunner("C", build.exe, [String(size)], repeat, expected), buildSeconds: build.seconds };
}

function runApc(kernel, size, repeat, expected) {
  const build = buildApc(kernel);
  if (!build.ok) return { status: "build-failed", error: build.error };
  return { ...timeRunner("apc", build.exe, [String(size)], repeat, expected), buildSeconds: build.seconds };
}

// ---------------------------------------------------------------- one kernel

function measureKernel(kernel, opts, pypyAvailable) {
  const size = opts.quick ? kernel.quickSize : kernel.size;
  progress(`${kernel.name} (size ${size})`);
  const results = {};
  results.cpython = runCPython(kernel, size, opts.repeat);
  const expected = results.cpython.status === "ok" ? results.cpython.stdout : null;
  if (expected === null) {
    progress(`  CPython failed; nothing to compare against: ${results.cpython.error}`);
    for (const r of ["pypy", "c", "apc"]) results[r] = { status: "skipped", error: "no CPython reference output" };
  } else {
    progress(`  reference output: ${expected.trim()}`);
    results.pypy = runPyPy(kernel, size, opts.repeat, expected, pypyAvailable);
    results.c = runC(kernel, size, opts.repeat, expected);
    results.apc = runApc(kernel, size, opts.repeat, expected);
  }
  for (const r of RUNNERS) {
    if (results[r].status !== "ok" && results[r].status !== "skipped") {
      progress(`  ${LABELS[r]}: ${results[r].status}: ${results[r].error}`);
    }
    delete results[r].stdout;
  }
  const t = (r) => (results[r].status === "ok" ? results[r].min : null);
  const ratio = (a, b) => (a !== null && b !== null && b > 0 ? a / b : null);
  return {
    name: kernel.name,
    size,
    output: expected?.trim() ?? null,
    results,
    ratios: {
      apcOverC: ratio(t("apc"), t("c")),
      speedupVsCPython: ratio(t("cpython"), t("apc")),
      speedupVsPyPy: ratio(t("pypy"), t("apc")),
    },
  };
}

// ---------------------------------------------------------------- build timing

/** Find the `timings` object anywhere in the CLI's JSON report. */
function findTimings(value) {
  if (value === null || typeof value !== "object") return null;
  if (value.timings && typeof value.timings === "object") return value.timings;
  for (const v of Object.values(value)) {
    const found = findTimings(v);
    if (found) return found;
  }
  return null;
}

/** The report is JSON on stdout; tolerate log lines around it. */
function parseReport(text) {
  const attempts = [text.trim(), ...text.split("\n").filter((l) => l.trim().startsWith("{"))];
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start >= 0 && end > start) attempts.push(text.slice(start, end + 1));
  for (const a of attempts) {
    try {
      return JSON.parse(a);
    } catch {
      // try the next candidate
    }
  }
  return null;
}

function measureBuild(opts) {
  progress(`apc build of ${path.relative(ROOT, BUILD_INPUT)} (--report json)`);
  if (!existsSync(APC_CLI)) return { status: "skipped", error: "bin/apc.js not found" };
  const exe = path.join(OUT_DIR, "build_100_lines.apc.exe");
  const runs = [];
  for (let i = 0; i < opts.repeat; i++) {
    const r = run(process.execPath, [APC_CLI, "build", BUILD_INPUT, "-o", exe, "-O3", "--report", "json"], { timeout: BUILD_TIMEOUT_MS });
    if (!r.ok) return { status: "build-failed", error: `${r.error}\n${tail(r.stderr || r.stdout)}` };
    const timings = findTimings(parseReport(r.stdout)) ?? findTimings(parseReport(r.stderr));
    if (!timings) return { status: "no-report", error: "no `timings` in the --report json output" };
    runs.push({ wallMs: r.seconds * 1000, timings });
    progress(`  build ${i + 1}/${opts.repeat}: ${(r.seconds * 1000).toFixed(0)} ms wall`);
  }
  // Minimum over the runs, per phase and for the wall time.
  const phases = [...new Set([...BUILD_PHASES, ...runs.flatMap((r) => Object.keys(r.timings))])];
  const minMs = {};
  for (const p of phases) {
    const vals = runs.map((r) => r.timings[p]).filter((v) => typeof v === "number");
    if (vals.length) minMs[p] = Math.min(...vals);
  }
  return { status: "ok", wallMs: Math.min(...runs.map((r) => r.wallMs)), phasesMs: minMs, runs };
}

// ---------------------------------------------------------------- report

function geomean(values) {
  const v = values.filter((x) => typeof x === "number" && x > 0);
  if (v.length === 0) return null;
  return Math.exp(v.reduce((s, x) => s + Math.log(x), 0) / v.length);
}

function fmtSeconds(result) {
  if (result.status === "ok") return result.min.toFixed(3);
  return { skipped: "-", crash: "CRASH", mismatch: "WRONG", "build-failed": "NO BUILD" }[result.status] ?? result.status;
}

function fmtRatio(x, suffix = "x") {
  return x === null ? "-" : `${x.toFixed(x >= 100 ? 0 : 2)}${suffix}`;
}

function renderTable(kernels) {
  const header = ["kernel", "size", "CPython s", "PyPy s", "C s", "apc s", "apc/C", "vs CPython", "vs PyPy"];
  const rows = kernels.map((k) => [
    k.name,
    String(k.size),
    ...RUNNERS.map((r) => fmtSeconds(k.results[r])),
    fmtRatio(k.ratios.apcOverC),
    fmtRatio(k.ratios.speedupVsCPython),
    fmtRatio(k.ratios.speedupVsPyPy),
  ]);
  const gm = summary(kernels);
  rows.push([
    "geomean",
    "",
    ...RUNNERS.map((r) => (gm.seconds[r] === null ? "-" : gm.seconds[r].toFixed(3))),
    fmtRatio(gm.apcOverC),
    fmtRatio(gm.speedupVsCPython),
    fmtRatio(gm.speedupVsPyPy),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(header), rule, ...rows.slice(0, -1).map(line), rule, line(rows[rows.length - 1])].join("\n");
}

/** Geometric means; a time column's mean covers only kernels that runner timed. */
function summary(kernels) {
  const seconds = {};
  for (const r of RUNNERS) seconds[r] = geomean(kernels.map((k) => (k.results[r].status === "ok" ? k.results[r].min : null)));
  return {
    seconds,
    apcOverC: geomean(kernels.map((k) => k.ratios.apcOverC)),
    speedupVsCPython: geomean(kernels.map((k) => k.ratios.speedupVsCPython)),
    speedupVsPyPy: geomean(kernels.map((k) => k.ratios.speedupVsPyPy)),
  };
}

function renderBuild(build) {
  if (build.status !== "ok") return `apc build timing: ${build.status}${build.error ? `: ${build.error}` : ""}`;
  const phases = Object.entries(build.phasesMs);
  const total = phases.reduce((s, [, ms]) => s + ms, 0);
  const width = Math.max(...phases.map(([p]) => p.length), "phases total".length);
  const lines = [`apc build of build_100_lines.py (min of runs, ms):`];
  for (const [p, ms] of phases) lines.push(`  ${p.padEnd(width)}  ${ms.toFixed(1).padStart(9)}`);
  lines.push(`  ${"phases total".padEnd(width)}  ${total.toFixed(1).padStart(9)}`);
  lines.push(`  ${"wall (CLI)".padEnd(width)}  ${build.wallMs.toFixed(1).padStart(9)}`);
  return lines.join("\n");
}

function environment(pypyAvailable) {
  return {
    date: new Date().toISOString(),
    host: os.hostname(),
    cpu: os.cpus()[0]?.model ?? "unknown",
    cpus: os.cpus().length,
    node: process.version,
    python: firstLine("python3", ["--version"]),
    pypy: pypyAvailable ? firstLine("pypy3", ["--version"])?.replace(/\s+/g, " ") : null,
    gcc: firstLine("gcc", ["--version"]),
  };
}

// ---------------------------------------------------------------- main

function main() {
  const opts = parseArgs(process.argv.slice(2));
  mkdirSync(OUT_DIR, { recursive: true });
  const pypyAvailable = commandExists("pypy3");
  if (!pypyAvailable) progress("notice: pypy3 not found; the PyPy column is skipped");
  if (!existsSync(APC_CLI)) progress("notice: bin/apc.js not found; the apc column is skipped");
  const env = environment(pypyAvailable);
  progress(`${env.python}; ${env.pypy ?? "no PyPy"}; ${env.gcc}; ${env.cpus} x ${env.cpu}; repeat ${opts.repeat}${opts.quick ? "; QUICK sizes" : ""}`);

  const selected = KERNELS.filter((k) => !opts.only || opts.only.includes(k.name));
  const kernels = selected.map((k) => measureKernel(k, opts, pypyAvailable));
  const build = measureBuild(opts);

  console.log("");
  console.log(renderTable(kernels));
  console.log("");
  console.log("apc/C: apc time over C time (lower is better); vs CPython / vs PyPy: speedup of apc (higher is better).");
  console.log("Times are the minimum wall time of the runs, process start included; WRONG = output differs from CPython.");
  console.log("");
  console.log(renderBuild(build));

  if (opts.json) {
    const data = { environment: env, repeat: opts.repeat, quick: opts.quick, kernels, geomean: summary(kernels), build };
    writeFileSync(opts.json, JSON.stringify(data, null, 2) + "\n");
    progress(`wrote ${opts.json}`);
  }
  const broken = kernels.some((k) => RUNNERS.some((r) => ["crash", "mismatch"].includes(k.results[r].status)));
  process.exitCode = broken ? 1 : 0;
}

main();
