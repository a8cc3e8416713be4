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

import path from "node:path";
import { chooseEntry, type EntryChoice } from "../profiler/entry.js";
import { profileProgram } from "../profiler/profile.js";
import { buildExtension, installPackage, pythonInfo } from "./extension.js";
import { candidates, Runner, sameOutput, type NativeStats } from "./project.js";
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

export { projectModules } from "./project.js";

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
  let cands = await candidates(project, buildDir, { tier, passes: opts.passes, functions: opts.functions });
  const untyped = cands.plans.filter((p) => p.reason?.code === "E0207");
  if (opts.trace !== false && untyped.length && (await anyHot(untyped, opts, python, project, minShare, timeoutS, log))) {
    // Functions nothing annotates and nothing in their module calls, and one
    // of them hot: run the entry once under the tracer so the trace store
    // knows their argument types.
    log("apc optimize: hot functions have no argument types; recording them with one traced run (apc profile --mode trace)");
    const outcome = await profileProgram({ path: opts.path, entry: opts.entry, python, args: opts.args, mode: "trace", stdio: "pipe", timeoutS });
    log(`apc optimize: traced run ${outcome.runId} recorded in ${outcome.storeLocation}`);
    t0 = performance.now(); // the build time is the compilers', not the profiling's
    cands = await candidates(project, buildDir, { tier, passes: opts.passes, functions: opts.functions });
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
  const runner = new Runner(project, entry.target.file, opts.args ?? [], py.executable, buildDir, timeoutS);
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

