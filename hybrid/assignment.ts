// A tier per function, built and measured: what the agents' tools need to
// compare strategies on equal terms. `buildAssignment` compiles the project's
// modules with each function at its tier (apc-O1, apc-O3, apc-custom with a
// pipeline, or numba) into one extension under `<project>/.apc/build-<tag>/`
// (apc optimize's own build stays in `.apc/build/`); `ProjectRuns` times the
// entry as Python or with a set of functions native and returns the
// boundary's per-function seconds. Deciding which tier a function gets is
// the agents' job, not this file's.

import path from "node:path";
import { chooseEntry, type EntryChoice } from "../profiler/entry.js";
import { buildExtension, pythonInfo, type PythonInfo } from "./extension.js";
import type { FunctionPlan, RunResult, Tier } from "./optimize.js";
import { candidates, Runner, type NativeStats, type TierChoice } from "./project.js";
import { compileTier } from "./tiers.js";

export interface ProjectTarget {
  readonly path: string;
  readonly entry?: string;
  readonly args?: readonly string[];
  readonly python?: string;
  readonly timeoutS?: number;
}

export interface BuiltAssignment {
  readonly buildDir: string;
  /** Every function's plan row from the library-mode compile (verdict
   *  "native" for the ones built into this extension). */
  readonly plans: FunctionPlan[];
  /** The functions native in this build, with their tier. */
  readonly native: Map<string, TierChoice>;
  /** Functions asked for that could not be built at their tier, and why. */
  readonly refused: Map<string, { code: string; message: string }>;
  readonly compileSeconds: Map<string, number>;
  readonly buildSeconds: number;
}

/** The project, its entry and interpreter, resolved once. */
export class ProjectRuns {
  private constructor(
    readonly project: string,
    readonly entry: EntryChoice,
    readonly script: string,
    readonly python: PythonInfo,
    readonly args: readonly string[],
    readonly timeoutS: number,
  ) {}

  static async open(t: ProjectTarget): Promise<ProjectRuns> {
    const entry = chooseEntry(t.path, { entry: t.entry });
    if (entry.target.kind !== "script") throw new Error("hybrid mode needs a script entry (main.py or --entry FILE)");
    return new ProjectRuns(entry.project, entry, entry.target.file, await pythonInfo(t.python ?? "python3"), t.args ?? [], t.timeoutS ?? 600);
  }

  runner(buildDir: string): Runner {
    return new Runner(this.project, this.script, this.args, this.python.executable, buildDir, this.timeoutS);
  }

  /** The entry as plain Python: the best of `repeat` runs. */
  baseline(repeat: number): Promise<RunResult> {
    return this.runner(path.join(this.project, ".apc", "build")).best(repeat, null);
  }

  /** One run with `keys` native in `built`, with per-function statistics
   *  (measure "python": each call runs as Python and is timed instead). */
  async measure(built: BuiltAssignment, keys: readonly string[], measure?: "python"): Promise<{ run: RunResult; stats: Map<string, NativeStats> }> {
    const { result, stats } = await this.runner(built.buildDir).bestWithStats(1, keys, measure);
    return { run: result, stats };
  }

  /** Builds the extension with each function of `assign` at its tier (the
   *  others stay Python). `tag` names the build folder (`.apc/build-<tag>`);
   *  null builds into `.apc/build`, where applied decorators load it from. */
  async build(assign: ReadonlyMap<string, TierChoice>, tag: string | null, log: (l: string) => void = () => {}): Promise<BuiltAssignment> {
    const buildDir = path.join(this.project, ".apc", tag === null ? "build" : `build-${tag.replace(/[^A-Za-z0-9_.-]/g, "_")}`);
    const t0 = performance.now();
    const keys = [...assign.keys()];
    const apcAssign = new Map([...assign].filter(([, c]) => c.tier !== "numba"));
    const firstApc = [...apcAssign.values()][0] ?? { tier: "apc-O3" as Tier };
    const c = await candidates(this.project, buildDir, { tier: firstApc.tier, passes: firstApc.passes, functions: keys.length ? keys : ["<none>"], perFunction: assign });
    const refused = new Map<string, { code: string; message: string }>();
    const native = new Map<string, TierChoice>();
    const numba: string[] = [];
    let entries = c.entries;
    for (const key of keys) {
      const plan = c.plans.find((p) => p.key === key);
      const choice = assign.get(key)!;
      if (!plan) {
        refused.set(key, { code: "not-found", message: `no function ${key} in the project` });
      } else if (plan.verdict !== "native") {
        refused.set(key, { code: plan.reason?.code ?? "refused", message: plan.reason?.message ?? "not compiled" });
      } else if (choice.tier === "numba") {
        const types = entries.find((e) => e.key === key)?.params.map((p) => p.type);
        log(`asking Numba to compile ${key}`);
        const t1 = performance.now();
        const r = await compileTier({ file: path.join(this.project, plan.file), qualname: plan.qualname, tier: "numba", python: this.python.executable, argTypes: types });
        entries = entries.filter((e) => e.key !== key);
        if (r.ok) {
          numba.push(key);
          native.set(key, choice);
          c.compileSeconds.set(key, (performance.now() - t1) / 1000);
        } else refused.set(key, r.refusal!);
      } else {
        native.set(key, choice);
      }
    }
    await buildExtension({ buildDir, objects: c.objects, entries, python: this.python, numba });
    const plans = c.plans.map((p) => (p.verdict === "native" && !native.has(p.key) ? { ...p, verdict: "not-candidate" as const } : p));
    return { buildDir, plans, native, refused, compileSeconds: c.compileSeconds, buildSeconds: (performance.now() - t0) / 1000 };
  }
}
