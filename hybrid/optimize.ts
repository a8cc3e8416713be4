// `apc optimize`: which of a project's functions to run natively, measured.
//
// 1. Compile every module in library mode: each top-level function is a
//    candidate or not, with the compiler's reason code and span. Argument
//    types come from annotations, else from the trace store (`apc profile
//    --mode trace` records them).
// 2. Build the project's extension with every candidate and time the entry
//    as Python (the benchmark harness's timing). Run it once more with the
//    candidates wrapped but running as Python (apc._run decorates in memory;
//    no file changes): the boundary counts each function's calls and
//    seconds exactly, and those under --min-share of the run are left
//    alone as cold. (The sampling profiler was the first choice, but it
//    cannot see time spent inside C methods such as str.split: it gave a
//    word counter 0% of a run it dominated.)
// 3. Time the entry with the rest native: per-function native seconds,
//    calls and guard fallbacks from the boundary; a function only ever
//    called from native code is a "callee" (no decorator needed).
// 4. Verify: stdout and exit status must be identical. If not, bisect over
//    the chosen functions for the ones that make the difference and drop them.
// Applying the plan to the source is apply.ts.

import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { compile, type FunctionReport } from "../compiler/driver.js";
import { parseModule } from "../compiler/frontend/parse.js";
import { chooseEntry, type EntryChoice } from "../profiler/entry.js";
import { openTraceStore } from "../memory/trace-store.js";
import { profileProgram } from "../profiler/profile.js";
import { runMeasured, type RunMeasurement } from "../benchmarks/harness/timed-run.js";
import { buildExtension, installPackage, pythonInfo, type NativeEntry } from "./extension.js";
import { compileTier } from "./tiers.js";

/** The apc tiers apc optimize builds into the extension (tiers.ts compiles
 *  every tier, Numba and Python included, for comparisons). */
export type Tier = "apc-O1" | "apc-O3" | "apc-custom" | "numba";

export interface OptimizeOptions {
  readonly path: string;
  readonly entry?: string;
  readonly args?: readonly string[];
  readonly python?: string;
  /** Only these functions (qualnames or path:qualname keys). */
  readonly functions?: readonly string[];
  readonly tier?: Tier;
  /** apc-custom: the `opt -passes=` pipeline. */
  readonly passes?: string;
  /** Record missing argument types with one traced run (default true). */
  readonly trace?: boolean;
  /** Timed runs of each variant (the minimum is kept). */
  readonly repeat?: number;
  /** Functions under this share of the run are left alone. */
  readonly minShare?: number;
  readonly timeoutS?: number;
  /** A command of the project's own (e.g. its tests), run through `sh -c`
   *  in the project folder: its stdout and exit status must not change
   *  either. The entry is still what is timed. */
  readonly verify?: string;
  readonly log?: (line: string) => void;
}

/** native: Python calls it through the boundary (decorated); callee: compiled
 *  into the native code of its callers, which Python never calls directly
 *  (no decorator needed); rejected: compiled but measured out; not-candidate:
 *  not compiled, with the reason. */
export type Verdict = "native" | "callee" | "rejected" | "not-candidate";

export interface FunctionPlan {
  readonly key: string; // "path.py:qualname"
  readonly file: string; // relative to the project
  readonly qualname: string;
  readonly line: number;
  readonly verdict: Verdict;
  /** Why not native: a reason code ("E0501", "cold", "slower", "differs", ...) and text. */
  readonly reason: { code: string; message: string; line: number; col: number } | null;
  readonly signature: string | null;
  /** Inclusive share of the Python run's time, measured at the boundary (0..1). */
  readonly share: number;
  readonly pythonSeconds: number | null;
  readonly nativeSeconds: number | null;
  readonly calls: number | null;
  readonly fallbacks: number | null;
  readonly speedup: number | null;
}

export interface RunResult {
  readonly seconds: number;
  readonly exitCode: number | null;
  readonly stdout: string;
}

export interface OptimizePlan {
  readonly project: string;
  readonly entry: EntryChoice;
  readonly tier: Tier;
  readonly functions: FunctionPlan[];
  readonly baseline: RunResult;
  readonly optimized: RunResult | null;
  readonly endToEndSpeedup: number | null;
  readonly buildSeconds: number;
  readonly verified: boolean;
  /** Functions that changed the output (found by bisection) and were dropped. */
  readonly culprits: string[];
  readonly buildDir: string;
  /** --verify: the command and what it printed as Python. */
  readonly verify: { readonly command: string; readonly baseline: RunResult } | null;
}

const SKIP_DIRS = new Set([".apc", ".git", "__pycache__", "venv", ".venv", "node_modules", "build", "dist"]);

/** The project's Python modules, relative paths, sorted. */
export function projectModules(project: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const n of readdirSync(dir).sort()) {
      const p = path.join(dir, n);
      if (statSync(p).isDirectory()) {
        if (!SKIP_DIRS.has(n) && !n.startsWith(".")) walk(p);
      } else if (n.endsWith(".py")) {
        out.push(path.relative(project, p).split(path.sep).join("/"));
      }
    }
  };
  walk(project);
  return out;
}

export const buildDirOf = (project: string) => path.join(project, ".apc", "build");

export async function planOptimization(opts: OptimizeOptions): Promise<OptimizePlan> {
  const log = opts.log ?? (() => {});
  const entry = chooseEntry(opts.path, { entry: opts.entry });
  if (entry.target.kind !== "script") throw new Error("apc optimize needs a script entry (main.py or --entry FILE)");
  const project = entry.project;
  const python = opts.python ?? "python3";
  const tier = opts.tier ?? "apc-O3";
  const repeat = opts.repeat ?? 3;
  const minShare = opts.minShare ?? 0.01;
  const timeoutS = opts.timeoutS ?? 600;
  const py = await pythonInfo(python);
  if (tier === "apc-custom" && !opts.passes) throw new Error("--tier apc-custom needs --passes PIPELINE");

  // ---- candidates: every module in library mode ----
  log(`apc optimize: entry ${entry.reason}; compiling the project's modules in library mode`);
  const buildDir = buildDirOf(project);
  let t0 = performance.now();
  let cands = await candidates(project, buildDir, tier, opts);
  const untyped = cands.plans.filter((p) => p.reason?.code === "E0207");
  if (opts.trace !== false && untyped.length && (await anyHot(untyped, opts, python, project, minShare, timeoutS, log))) {
    // Functions nothing annotates and nothing in their module calls, and one
    // of them hot: run the entry once under the tracer so the trace store
    // knows their argument types.
    log("apc optimize: hot functions have no argument types; recording them with one traced run (apc profile --mode trace)");
    const outcome = await profileProgram({ path: opts.path, entry: opts.entry, python, args: opts.args, mode: "trace", stdio: "pipe", timeoutS });
    log(`apc optimize: traced run ${outcome.runId} recorded in ${outcome.storeLocation}`);
    t0 = performance.now(); // the build time is the compilers', not the profiling's
    cands = await candidates(project, buildDir, tier, opts);
  }
  const { plans, objects } = cands;
  let entries = cands.entries;
  const numba: string[] = [];
  if (tier === "numba") {
    // apc's library-mode pass found the candidates and their types; each one
    // now goes to Numba (eager @njit with that signature) instead.
    for (const [i, p] of plans.entries()) {
      if (p.verdict !== "native") continue;
      const e = entries.find((x) => x.key === p.key)!;
      log(`apc optimize: asking Numba to compile ${p.key}`);
      const r = await compileTier({ file: path.join(project, p.file), qualname: p.qualname, tier: "numba", python, argTypes: e.params.map((x) => x.type) });
      if (r.ok) numba.push(p.key);
      else plans[i] = { ...p, verdict: "not-candidate", reason: r.refusal };
    }
    entries = [];
  }
  const chosen = () => plans.filter((p) => p.verdict === "native").map((p) => p.key);
  if (entries.length) {
    log(`apc optimize: building the extension (${entries.length} specialisation(s) of ${chosen().length} function(s))`);
    await buildExtension({ buildDir, objects, entries, python: py });
  } else {
    installPackage(buildDir, numba);
  }
  const buildSeconds = (performance.now() - t0) / 1000;

  // ---- measure and verify ----
  const runner = new Runner(project, entry.target.file, opts.args ?? [], python, buildDir, timeoutS);
  log(`apc optimize: timing the entry as Python (${repeat} runs)`);
  const baseline = await runner.best(repeat, null);
  const verify = opts.verify ? { command: opts.verify, baseline: await runner.command(opts.verify, null) } : null;
  /** The entry's output (and the --verify command's) is unchanged with `keys` native. */
  const unchanged = async (keys: readonly string[], entryRun?: RunResult) =>
    sameOutput(baseline, entryRun ?? (await runner.once(keys))) && (!verify || sameOutput(verify.baseline, await runner.command(verify.command, keys)));
  let optimized: RunResult | null = null;
  const culprits: string[] = [];
  if (chosen().length) {
    // What each candidate costs as Python, on the program's own calls.
    log("apc optimize: measuring each candidate as Python");
    const asPython = (await runner.bestWithStats(1, chosen(), "python")).stats;
    for (const [i, p] of plans.entries()) {
      const s = asPython.get(p.key);
      if (p.verdict !== "native") continue;
      const seconds = s?.native_seconds ?? 0;
      const share = baseline.seconds > 0 ? seconds / baseline.seconds : 0;
      plans[i] = { ...p, share, pythonSeconds: seconds, calls: s?.calls ?? 0 };
      if (share < minShare && !opts.functions) reject(plans, p.key, "cold", `too little time to matter (${(share * 100).toFixed(1)}% of the run)`, "not-candidate");
    }
  }
  if (chosen().length) {
    log(`apc optimize: timing with ${chosen().length} native function(s) (${repeat} runs)`);
    let stats: Map<string, NativeStats>;
    ({ result: optimized, stats } = await runner.bestWithStats(repeat, chosen()));
    if (!(await unchanged(chosen(), optimized))) {
      log("apc optimize: output differs from Python's; bisecting over the native functions");
      for (const key of await bisect(chosen(), (keys) => unchanged(keys))) {
        culprits.push(key);
        reject(plans, key, "differs", "running it natively changed the program's output or exit status");
      }
      if (chosen().length) ({ result: optimized, stats } = await runner.bestWithStats(repeat, chosen()));
      else optimized = null;
    }
    for (const [i, p] of plans.entries()) {
      const s = stats.get(p.key);
      if (p.verdict !== "native" || !s) continue;
      const speedup = s.native_seconds > 0 && p.pythonSeconds ? p.pythonSeconds / s.native_seconds : null;
      plans[i] = { ...p, nativeSeconds: s.native_seconds, fallbacks: s.fallbacks, speedup };
      if (s.calls === 0) plans[i] = { ...plans[i]!, verdict: "callee", speedup: null, nativeSeconds: null };
      else if (s.fallbacks > s.calls / 2) reject(plans, p.key, "fallback", `arguments matched the compiled signature in only ${s.calls - s.fallbacks} of ${s.calls} calls`);
      else if (speedup !== null && speedup < 1) reject(plans, p.key, "slower", `${speedup.toFixed(2)}x: the boundary costs more than it saves`);
    }
  }
  const verified = optimized !== null && (await unchanged(chosen(), optimized));
  return {
    project,
    entry,
    tier,
    functions: plans,
    baseline,
    optimized,
    endToEndSpeedup: optimized && verified ? baseline.seconds / optimized.seconds : null,
    buildSeconds,
    verified,
    culprits,
    buildDir,
    verify,
  };
}

function reject(plans: FunctionPlan[], key: string, code: string, message: string, verdict: Verdict = "rejected"): void {
  const i = plans.findIndex((p) => p.key === key);
  if (i >= 0) plans[i] = { ...plans[i]!, verdict, reason: { code, message, line: plans[i]!.line, col: 1 } };
}

function sameOutput(a: RunResult, b: RunResult): boolean {
  return a.exitCode === b.exitCode && a.stdout === b.stdout;
}

/** The items whose presence makes `ok` fail (delta debugging by halves;
 *  assumes culprits act alone). */
export async function bisect(items: readonly string[], ok: (subset: readonly string[]) => Promise<boolean>): Promise<string[]> {
  if (!items.length || (await ok(items))) return [];
  if (items.length === 1) return [...items];
  const half = Math.ceil(items.length / 2);
  return [...(await bisect(items.slice(0, half), ok)), ...(await bisect(items.slice(half), ok))];
}

/** Whether the sampling profiler sees any of `fns` take minShare of a run
 *  (a cheap look before the 8x-slower traced run). */
async function anyHot(fns: readonly FunctionPlan[], opts: OptimizeOptions, python: string, project: string, minShare: number, timeoutS: number, log: (l: string) => void): Promise<boolean> {
  log(`apc optimize: ${fns.length} function(s) without argument types; sampling a run to see whether they matter`);
  const profile = await profileProgram({ path: opts.path, entry: opts.entry, python, args: opts.args, mode: "sample", stdio: "pipe", timeoutS });
  const total = profile.analysis.totalS;
  const keys = new Set(fns.map((f) => f.key));
  return profile.analysis.functions.some((f) => {
    const rel = (path.isAbsolute(f.file) ? path.relative(project, f.file) : f.file).split(path.sep).join("/");
    return keys.has(`${rel}:${f.qualname}`) && total > 0 && f.totalS / total >= minShare;
  });
}

/** Every module compiled in library mode: a plan row per function, the
 *  entries of the candidates, and the objects to link. */
async function candidates(project: string, buildDir: string, tier: Tier, opts: OptimizeOptions): Promise<{ plans: FunctionPlan[]; entries: NativeEntry[]; objects: string[] }> {
  const objDir = path.join(buildDir, "obj");
  rmSync(objDir, { recursive: true, force: true });
  mkdirSync(objDir, { recursive: true });
  const store = openTraceStore(project);
  const plans: FunctionPlan[] = [];
  const entries: NativeEntry[] = [];
  const objects: string[] = [];
  try {
    for (const [i, rel] of projectModules(project).entries()) {
      const file = path.join(project, rel);
      const source = readFileSync(file, "utf8");
      const decorated = decoratedFunctions(source, file);
      const hints: Record<string, string[][]> = {};
      for (const name of topLevelFunctions(source, file)) {
        const sigs = store.getObservedSignatures(name, { file: rel });
        if (sigs.length) hints[name] = sigs.map((s) => [...s.argTypes]);
      }
      const obj = path.join(objDir, `m${i}.o`);
      const result = await compile(source, { file, emit: "obj", output: obj, optLevel: tier === "apc-O1" ? 1 : 3, passes: tier === "apc-custom" ? opts.passes : undefined, signatureHints: hints, library: { symbolPrefix: `apc_m${i}_` } });
      const compiled = result.functions.filter((f) => f.status === "compiled" && f.params);
      if (compiled.length) objects.push(obj);
      for (const f of groupByName(result.functions)) {
        const key = `${rel}:${f.name}`;
        const wanted = !opts.functions || opts.functions.includes(f.name) || opts.functions.includes(key);
        const specs = compiled.filter((c) => c.name === f.name);
        let reason = f.reason;
        if (!reason && f.name.includes(".")) reason = { code: "nested", message: "a nested function: only module-level functions are called from Python", line: f.line, col: 1 };
        if (!reason && decorated.has(f.name)) reason = { code: "decorated", message: "already has decorators; apc leaves decorated functions alone", line: f.line, col: 1 };
        if (!reason && !specs.length) reason = { code: "no-types", message: "no argument types: annotate it, or profile it with `apc profile --mode trace`", line: f.line, col: 1 };
        if (!reason && !wanted) reason = { code: "not-selected", message: "not in --functions", line: f.line, col: 1 };
        if (!reason) for (const s of specs) entries.push({ key, symbol: s.symbol!, params: s.params!, returns: s.returns! });
        plans.push({ key, file: rel, qualname: f.name, line: f.line, verdict: reason ? "not-candidate" : "native", reason, signature: specs.map((s) => s.signature).join(" | ") || f.signature, share: 0, pythonSeconds: null, nativeSeconds: null, calls: null, fallbacks: null, speedup: null });
      }
    }
  } finally {
    store.close();
  }
  return { plans, entries, objects };
}

/** One entry per function name, in source order (specialisations merged). */
function groupByName(reports: readonly FunctionReport[]): FunctionReport[] {
  const seen = new Map<string, FunctionReport>();
  for (const r of reports) {
    const prev = seen.get(r.name);
    if (!prev || (prev.status !== "compiled" && r.status === "compiled")) seen.set(r.name, r);
  }
  return [...seen.values()].sort((a, b) => a.line - b.line);
}

function topLevelFunctions(source: string, file: string): string[] {
  const { module } = parseModule(source, file);
  return module.body.flatMap((s) => (s.kind === "funcdef" ? [s.def.name] : []));
}

function decoratedFunctions(source: string, file: string): Set<string> {
  const { module } = parseModule(source, file);
  return new Set(module.body.flatMap((s) => (s.kind === "funcdef" && s.def.decorators.length ? [s.def.name] : [])));
}

interface NativeStats {
  calls: number;
  fallbacks: number;
  native_seconds: number;
}

/** Runs the entry as Python or with some functions native (apc._run). */
class Runner {
  constructor(
    readonly project: string,
    readonly script: string,
    readonly args: readonly string[],
    readonly python: string,
    readonly buildDir: string,
    readonly timeoutS: number,
  ) {}

  async once(keys: readonly string[] | null, statsFile?: string, measure?: "python"): Promise<RunResult> {
    const env: Record<string, string> = {};
    const args = keys === null ? [this.script, ...this.args] : ["-m", "apc._run", this.script, ...this.args];
    if (keys !== null) {
      env.PYTHONPATH = [this.buildDir, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter);
      env.APC_DECORATE = keys.join(",");
      if (statsFile) env.APC_NATIVE_STATS = statsFile;
      if (measure) env.APC_NATIVE_MEASURE = measure;
    }
    const m: RunMeasurement = await runMeasured({ exe: this.python, args, cwd: this.project, env: { ...process.env, ...env } as Record<string, string> }, this.timeoutS);
    if (m.spawnError) throw new Error(`could not run ${this.python}: ${m.spawnError}`);
    if (m.timedOut) throw new Error(`the entry did not finish within ${this.timeoutS} s`);
    return { seconds: m.wallSeconds, exitCode: m.exitCode, stdout: m.stdout };
  }

  /** `sh -c command` in the project, with `keys` native (through the verify
   *  hook's sitecustomize) or, for null, as plain Python. */
  async command(command: string, keys: readonly string[] | null): Promise<RunResult> {
    const env: Record<string, string> = {};
    if (keys !== null) {
      env.PYTHONPATH = [path.join(this.buildDir, "verify-hook"), this.buildDir, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter);
      env.APC_DECORATE = keys.join(",");
    }
    const m = await runMeasured({ exe: "sh", args: ["-c", command], cwd: this.project, env: { ...process.env, ...env } as Record<string, string> }, this.timeoutS);
    if (m.timedOut) throw new Error(`--verify command did not finish within ${this.timeoutS} s`);
    return { seconds: m.wallSeconds, exitCode: m.exitCode, stdout: m.stdout };
  }

  async best(repeat: number, keys: readonly string[] | null): Promise<RunResult> {
    let best: RunResult | null = null;
    for (let i = 0; i < repeat; i++) {
      const r = await this.once(keys);
      if (best && !sameOutput(best, r)) throw new Error("the entry prints different output from run to run; apc optimize needs a deterministic program");
      if (!best || r.seconds < best.seconds) best = r;
    }
    return best!;
  }

  /** Runs with stats (the first) and without (the rest); measure "python"
   *  counts each function's seconds as Python instead of native. */
  async bestWithStats(repeat: number, keys: readonly string[], measure?: "python"): Promise<{ result: RunResult; stats: Map<string, NativeStats> }> {
    const dir = path.join(os.tmpdir(), `apc-stats-${process.pid}-${Date.now()}`);
    mkdirSync(dir, { recursive: true });
    try {
      const file = path.join(dir, "stats.json");
      const first = await this.once(keys, file, measure);
      const stats = new Map<string, NativeStats>(existsSync(file) ? Object.entries(JSON.parse(readFileSync(file, "utf8")) as Record<string, NativeStats>) : []);
      const rest = repeat > 1 ? await this.best(repeat - 1, keys) : first;
      return { result: rest.seconds < first.seconds && sameOutput(rest, first) ? rest : first, stats };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
