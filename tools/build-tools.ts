// Tools that build and measure: compile_function (one function at one tier,
// hybrid/tiers.ts), measure_speedup (an assignment of tiers built into one
// extension, the entry run with it, per-function native seconds from the
// boundary, output compared with Python's), search_pipeline (candidate `opt`
// pipelines for one function, each built, measured and verified) and
// apply_plan (the chosen assignment applied on a git branch, hybrid/apply.ts).
// Deciding what to build is the agents'.

import path from "node:path";
import { z } from "zod";
import type { BuiltAssignment } from "../hybrid/assignment.js";
import { applyPlan } from "../hybrid/apply.js";
import { bisect, type FunctionPlan, type OptimizePlan, type Tier } from "../hybrid/optimize.js";
import { sameOutput, type TierChoice } from "../hybrid/project.js";
import { compileTier, TIERS } from "../hybrid/tiers.js";
import { assignmentKey, projectRuns, staticCandidates } from "./project-tools.js";
import { defineTool, ToolFailed, type ToolContext } from "./tool.js";

const TierName = z.enum(TIERS);
const Assignment = z.array(z.object({ function: z.string(), tier: TierName, passes: z.string().optional() }));

export const compileFunction = defineTool({
  name: "compile_function",
  description: "Compiles one function at one tier (python, numba, apc-O1, apc-O3, apc-custom with an opt pipeline) and returns whether it compiled, the compile seconds and any refusal with its reason code.",
  input: z.object({ function: z.string(), tier: TierName, passes: z.string().optional() }),
  output: z.object({ function: z.string(), tier: TierName, ok: z.boolean(), compileSeconds: z.number(), refusal: z.object({ code: z.string(), message: z.string(), line: z.number(), col: z.number() }).nullable() }),
  async run(input, ctx) {
    const runs = await projectRuns(ctx);
    const c = (ctx.profile?.candidates ?? (await staticCandidates(ctx))).find((x) => x.key === input.function || x.qualname === input.function);
    if (!c) throw new ToolFailed("unknown-function", `no module-level function ${input.function} in the project`);
    const out = path.join(runs.project, ".apc", "build-static", `${c.qualname}.${input.tier}.o`);
    const r = await compileTier({ file: path.join(runs.project, c.file), qualname: c.qualname, tier: input.tier, passes: input.passes, argTypes: c.paramTypes ?? undefined, python: runs.python.executable, output: out });
    return { function: c.key, tier: input.tier, ok: r.ok, compileSeconds: r.compileSeconds, refusal: r.refusal };
  },
});

export const FunctionMeasurement = z.object({
  function: z.string(),
  tier: TierName,
  passes: z.string().nullable(),
  calls: z.number(),
  fallbacks: z.number(),
  pythonSeconds: z.number().nullable(),
  /** One per run of the entry. */
  nativeSeconds: z.array(z.number()),
  compileSeconds: z.number(),
});
export type FunctionMeasurement = z.infer<typeof FunctionMeasurement>;

export const Measurement = z.object({
  functions: z.array(FunctionMeasurement),
  refused: z.array(z.object({ function: z.string(), tier: TierName, code: z.string(), message: z.string() })),
  endToEnd: z.object({ pythonSeconds: z.number(), nativeSeconds: z.array(z.number()) }),
  identical: z.boolean(),
  buildSeconds: z.number(),
});
export type Measurement = z.infer<typeof Measurement>;

/** The built extension for `assign` (cached in the context). */
async function buildFor(ctx: ToolContext, assign: Map<string, TierChoice>): Promise<BuiltAssignment> {
  const key = assignmentKey(assign);
  const cached = ctx.builds.get(key);
  if (cached) return cached;
  const runs = await projectRuns(ctx);
  const built = await runs.build(assign, `m${ctx.builds.size}`, ctx.log);
  ctx.builds.set(key, built);
  return built;
}

/** The Python seconds of the calls that ran natively: the profile's seconds
 *  scaled by (calls − fallbacks) / profiled calls. A function called partly
 *  from native code (those calls never cross the boundary) or whose guards
 *  sent some calls back to Python is compared on the calls it did run, not
 *  on all of them (which would overstate its speedup). */
export function pythonSecondsOfNativeCalls(profiled: { pythonSeconds: number; calls: number } | undefined, measured: { calls: number; fallbacks: number }): number | null {
  if (!profiled) return null;
  if (!(profiled.calls > 0)) return profiled.pythonSeconds;
  return (profiled.pythonSeconds * Math.min(profiled.calls, Math.max(0, measured.calls - measured.fallbacks))) / profiled.calls;
}

export const measureSpeedup = defineTool({
  name: "measure_speedup",
  description: "Builds the given functions at the given tiers into one extension, runs the project's entry `repeat` times with them native, and returns each function's native seconds per run (from the boundary, on its real calls) beside its Python seconds, the whole run's times, and whether stdout and exit status were identical to Python's.",
  input: z.object({ assignment: Assignment, repeat: z.number().int().min(1).max(30).default(3) }),
  output: Measurement,
  async run(input, ctx) {
    const runs = await projectRuns(ctx);
    if (!ctx.profile) throw new ToolFailed("not-profiled", "run profile_project first: speedups are measured against its Python seconds");
    const assign = new Map<string, TierChoice>();
    for (const a of input.assignment) if (a.tier !== "python") assign.set(a.function, { tier: a.tier as Tier, passes: a.passes });
    const built = await buildFor(ctx, assign);
    const keys = [...built.native.keys()];
    const samples = new Map<string, { calls: number; fallbacks: number; seconds: number[] }>(keys.map((k) => [k, { calls: 0, fallbacks: 0, seconds: [] }]));
    const whole: number[] = [];
    let identical = true;
    for (let i = 0; i < input.repeat && keys.length; i++) {
      const { run, stats } = await runs.measure(built, keys);
      whole.push(run.seconds);
      identical &&= sameOutput({ seconds: 0, stdout: ctx.profile.stdout, exitCode: ctx.profile.exitCode }, run);
      for (const k of keys) {
        const s = stats.get(k);
        const acc = samples.get(k)!;
        acc.calls = s?.calls ?? 0;
        acc.fallbacks = s?.fallbacks ?? 0;
        acc.seconds.push(s?.native_seconds ?? 0);
      }
    }
    return {
      functions: keys.map((k) => {
        const choice = built.native.get(k)!;
        const s = samples.get(k)!;
        return { function: k, tier: choice.tier, passes: choice.passes ?? null, calls: s.calls, fallbacks: s.fallbacks, pythonSeconds: pythonSecondsOfNativeCalls(ctx.profile!.functions.get(k), s), nativeSeconds: s.seconds, compileSeconds: built.compileSeconds.get(k) ?? 0 };
      }),
      refused: [...built.refused].map(([k, r]) => ({ function: k, tier: (assign.get(k)?.tier ?? "apc-O3") as z.infer<typeof TierName>, code: r.code, message: r.message })),
      endToEnd: { pythonSeconds: ctx.profile.baselineSeconds, nativeSeconds: whole },
      identical: keys.length ? identical : true,
      buildSeconds: built.buildSeconds,
    };
  },
});

/** The pipeline text search_pipeline takes is `passes[;cpu=NAME]`; the
 *  optimizer names a CPU through this rather than by editing strings. */
export { withCpu, withNarrow } from "../compiler/backend/pipeline.js";

export const searchPipeline = defineTool({
  name: "search_pipeline",
  description: "For one function, builds each candidate opt pipeline (tier apc-custom) with the rest of the assignment unchanged, runs the entry `repeat` times, and returns each pipeline's native seconds and whether the output stayed identical. A pipeline whose output differs must never be accepted.",
  input: z.object({ function: z.string(), pipelines: z.array(z.string()).min(1).max(40), rest: Assignment.default([]), repeat: z.number().int().min(1).max(30).default(3) }),
  output: z.object({ function: z.string(), results: z.array(z.object({ pipeline: z.string(), ok: z.boolean(), identical: z.boolean(), nativeSeconds: z.array(z.number()), compileSeconds: z.number(), error: z.string().nullable() })) }),
  async run(input, ctx) {
    const results = [];
    for (const pipeline of input.pipelines) {
      const assignment = [...input.rest.filter((a) => a.function !== input.function), { function: input.function, tier: "apc-custom" as const, passes: pipeline }];
      try {
        const m = await measureSpeedup.run({ assignment, repeat: input.repeat }, ctx);
        const f = m.functions.find((x) => x.function === input.function);
        const refused = m.refused.find((x) => x.function === input.function);
        results.push({ pipeline, ok: !!f, identical: m.identical, nativeSeconds: f?.nativeSeconds ?? [], compileSeconds: f?.compileSeconds ?? 0, error: refused ? `${refused.code}: ${refused.message}` : null });
      } catch (e) {
        // An opt pipeline that LLVM rejects is a result, not a crash.
        results.push({ pipeline, ok: false, identical: false, nativeSeconds: [], compileSeconds: 0, error: (e as Error).message.split("\n")[0]! });
      }
    }
    return { function: input.function, results };
  },
});

export const applyPlanTool = defineTool({
  name: "apply_plan",
  description: "Applies an assignment to the project's source: one @apc.native decorator per native function and the built extension, committed on a new git branch apc/optimize-<time> (or with backup copies outside git), then runs the edited project and takes the change back if its output differs.",
  input: z.object({ assignment: Assignment, speedups: z.record(z.string(), z.number()).default({}), endToEndSpeedup: z.number().nullable().default(null) }),
  output: z.object({ applied: z.boolean(), kind: z.enum(["git", "copy"]), branch: z.string().nullable(), backup: z.string().nullable(), files: z.array(z.string()), problem: z.string().nullable() }),
  async run(input, ctx) {
    const runs = await projectRuns(ctx);
    if (!ctx.profile) throw new ToolFailed("not-profiled", "run profile_project first");
    const assign = new Map<string, TierChoice>();
    for (const a of input.assignment) if (a.tier !== "python") assign.set(a.function, { tier: a.tier as Tier, passes: a.passes });
    // apc optimize's layout: the extension the decorators load lives in .apc/build.
    const rebuilt = await runs.build(assign, null, ctx.log);
    const functions: FunctionPlan[] = rebuilt.plans.map((p) => ({ ...p, speedup: input.speedups[p.key] ?? null }));
    const plan: OptimizePlan = {
      project: runs.project,
      entry: runs.entry,
      tier: (([...assign.values()][0]?.tier ?? "apc-O3") as Tier),
      functions,
      baseline: { seconds: ctx.profile.baselineSeconds, exitCode: ctx.profile.exitCode, stdout: ctx.profile.stdout },
      optimized: null,
      endToEndSpeedup: input.endToEndSpeedup,
      buildSeconds: rebuilt.buildSeconds,
      verified: true,
      culprits: [],
      buildDir: rebuilt.buildDir,
      verify: null,
    };
    return applyPlan(plan, { python: runs.python.executable, args: ctx.target.args, log: ctx.log });
  },
});

/** The functions of `assignment` whose running natively changes the
 *  program's output (bisection over one-run measurements; culprits assumed
 *  to act alone). */
export async function findCulprits(ctx: ToolContext, assignment: readonly { function: string; tier: z.infer<typeof TierName>; passes?: string }[]): Promise<string[]> {
  return bisect(
    assignment.map((a) => a.function),
    async (keys) => (await measureSpeedup.run({ assignment: assignment.filter((a) => keys.includes(a.function)), repeat: 1 }, ctx)).identical,
  );
}
