// The pieces of hybrid mode that work on one project: compiling its modules
// in library mode into candidates (a plan row per function, the extension's
// entries and objects), with a tier per function when asked, and running its
// entry as Python or with some functions native (apc._run), with the
// boundary's per-function statistics. `apc optimize` (optimize.ts) and the
// agents' tools both build on these; neither decides anything here.

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { compile, type FunctionReport } from "../compiler/driver.js";
import { parseModule } from "../compiler/frontend/parse.js";
import { openTraceStore } from "../memory/trace-store.js";
import { runMeasured, type RunMeasurement } from "../benchmarks/harness/timed-run.js";
import type { NativeEntry } from "./extension.js";
import type { FunctionPlan, RunResult, Tier } from "./optimize.js";

/** How one function is compiled: an apc tier (apc-custom with its pipeline). */
export interface TierChoice {
  readonly tier: Tier;
  readonly passes?: string;
}

export interface CandidateOptions {
  /** Only these functions (qualnames or path:qualname keys). */
  readonly functions?: readonly string[];
  /** The tier of every function not in `perFunction`. */
  readonly tier: Tier;
  readonly passes?: string;
  /** A tier per function key ("path.py:qualname"), e.g. chosen by the agents. */
  readonly perFunction?: ReadonlyMap<string, TierChoice>;
}

export interface Candidates {
  readonly plans: FunctionPlan[];
  readonly entries: NativeEntry[];
  readonly objects: string[];
  /** Seconds spent compiling each function's module at its tier (a module's
   *  compile is shared by the functions compiled with it). */
  readonly compileSeconds: Map<string, number>;
}

export function sameOutput(a: RunResult, b: RunResult): boolean {
  return a.exitCode === b.exitCode && a.stdout === b.stdout;
}

const SKIP_DIRS = new Set([".apc", ".git", "__pycache__", "venv", ".venv", "node_modules", "build", "dist"]);

/** The project's Python modules, relative paths, sorted. */
export function projectModules(project: string): string[] {
  return projectFiles(project).filter((f) => f.endsWith(".py"));
}

/** Every file of the project (sources and the data they read), relative
 *  paths, sorted; apc's own folders, VCS, caches and environments skipped. */
export function projectFiles(project: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const n of readdirSync(dir).sort()) {
      const p = path.join(dir, n);
      if (statSync(p).isDirectory()) {
        if (!SKIP_DIRS.has(n) && !n.startsWith(".")) walk(p);
      } else {
        out.push(path.relative(project, p).split(path.sep).join("/"));
      }
    }
  };
  walk(project);
  return out;
}

const configName = (c: TierChoice) => (c.tier === "apc-custom" ? `custom:${c.passes ?? ""}` : c.tier);

/** Every module compiled in library mode: a plan row per function, the
 *  entries of the candidates, and the objects to link. */
export async function candidates(project: string, buildDir: string, opts: CandidateOptions): Promise<Candidates> {
  const objDir = path.join(buildDir, "obj");
  rmSync(objDir, { recursive: true, force: true });
  mkdirSync(objDir, { recursive: true });
  const store = openTraceStore(project);
  const plans: FunctionPlan[] = [];
  const entries: NativeEntry[] = [];
  const objects: string[] = [];
  const compileSeconds = new Map<string, number>();
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
      // One compile per tier the module's functions need (the first is the
      // default tier's: its reports are the plan rows); symbols carry the
      // tier's index so several compiles of one module link together.
      const wantedConfigs = new Map<string, TierChoice>([[configName(opts), opts]]);
      for (const [key, c] of opts.perFunction ?? []) if (key.startsWith(`${rel}:`) && c.tier !== "numba") wantedConfigs.set(configName(c), c);
      const results = new Map<string, { functions: FunctionReport[]; seconds: number; used: number }>();
      for (const [j, [name, c]] of [...wantedConfigs].entries()) {
        const obj = path.join(objDir, `m${i}_${j}.o`);
        const t0 = performance.now();
        const tier = c.tier === "numba" ? "apc-O3" : c.tier; // numba: apc's pass only finds the candidates and types
        const result = await compile(source, { file, emit: "obj", output: obj, optLevel: tier === "apc-O1" ? 1 : 3, passes: tier === "apc-custom" ? c.passes : undefined, signatureHints: hints, library: { symbolPrefix: `apc_m${i}_${j}_` } });
        if (result.functions.some((f) => f.status === "compiled" && f.params)) objects.push(obj);
        results.set(name, { functions: result.functions, seconds: (performance.now() - t0) / 1000, used: 0 });
      }
      const configOf = (key: string) => configName(opts.perFunction?.get(key) ?? opts);
      const first = results.get(configName(opts))!;
      for (const f of groupByName(first.functions)) {
        const key = `${rel}:${f.name}`;
        const wanted = !opts.functions || opts.functions.includes(f.name) || opts.functions.includes(key);
        const mine = results.get(configOf(key)) ?? first;
        const specs = mine.functions.filter((c) => c.name === f.name && c.status === "compiled" && c.params);
        let reason = f.reason;
        if (!reason && f.name.includes(".")) reason = { code: "nested", message: "a nested function: only module-level functions are called from Python", line: f.line, col: 1 };
        if (!reason && decorated.has(f.name)) reason = { code: "decorated", message: "already has decorators; apc leaves decorated functions alone", line: f.line, col: 1 };
        if (!reason && !specs.length) reason = { code: "no-types", message: "no argument types: annotate it, or profile it with `apc profile --mode trace`", line: f.line, col: 1 };
        if (!reason && !wanted) reason = { code: "not-selected", message: "not in --functions", line: f.line, col: 1 };
        if (!reason) {
          for (const s of specs) entries.push({ key, symbol: s.symbol!, params: s.params!, returns: s.returns! });
          mine.used++;
        }
        plans.push({ key, file: rel, qualname: f.name, line: f.line, verdict: reason ? "not-candidate" : "native", reason, signature: specs.map((s) => s.signature).join(" | ") || f.signature, share: 0, pythonSeconds: null, nativeSeconds: null, calls: null, fallbacks: null, speedup: null });
      }
      for (const p of plans) {
        if (p.file !== rel || p.verdict !== "native") continue;
        const r = results.get(configOf(p.key)) ?? first;
        compileSeconds.set(p.key, r.seconds / Math.max(1, r.used));
      }
    }
  } finally {
    store.close();
  }
  return { plans, entries, objects, compileSeconds };
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

export interface NativeStats {
  calls: number;
  fallbacks: number;
  native_seconds: number;
}

/** Runs the entry as Python or with some functions native (apc._run). */
export class Runner {
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
