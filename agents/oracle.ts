// The oracle: every hot candidate of one project measured at every tier on
// its real calls, so the policy can be trained and scored against the
// measured best. Used by `apc tune` (the corpus it learns from) and by
// benchmarks/agents.mjs (decision quality). Calls tools only.
//
// Per tier, the hot functions are built into as few extensions as the call
// graph allows: a function counts only when all its calls crossed the
// boundary (as many as in the Python profile); one whose calls a native
// caller made natively is measured again in a later build without the
// functions measured so far. A build whose output differs, or that runs past
// the time limit, is split into one build per function; a single function
// past the limit is recorded at the limit (a bound, marked).

import { measureSpeedup, profileProject } from "../tools/index.js";
import type { CandidateInfo } from "../tools/project-tools.js";
import { limitRunSeconds, pythonSecondsSamples } from "../tools/project-tools.js";
import type { ToolContext } from "../tools/tool.js";
import { interval, relativeWidth, speedupInterval, type Interval } from "./benchmarker.js";
import type { OracleCase, ProgramData } from "./policy/evaluate.js";
import { functionReward, programSpeedup, REWARD_PER_SPEEDUP, rewardOf, TIERS, type PolicyExample, type Tier } from "./policy/model.js";

export const MEASURED_TIERS = ["apc-O1", "apc-O3", "numba"] as const satisfies readonly Tier[];

export type TierResult =
  | { readonly ok: true; readonly calls: number; readonly nativeSeconds: number[]; readonly compileSeconds: number; readonly bound: boolean }
  | { readonly ok: false; readonly code: string; readonly message: string };

export interface FunctionOracle {
  readonly key: string;
  readonly candidate: CandidateInfo;
  readonly share: number;
  readonly calls: number;
  readonly pythonSeconds: number[];
  readonly tiers: Partial<Record<Tier, TierResult>>;
}

export interface TierOutcome {
  readonly speedup: number;
  /** The speedup's 95% interval; null where a side had one sample (no spread known). */
  readonly low: number | null;
  readonly high: number | null;
  readonly compileSeconds: number;
  readonly reward: number;
  /** Half-width of the reward's 95% interval (the two relative half-widths in quadrature). */
  readonly ci: number | null;
  readonly bound: boolean;
}

export interface ProjectOracle {
  readonly baselineSeconds: number;
  readonly functions: FunctionOracle[];
  /** Per tier: the end-to-end seconds of the runs with every candidate at that tier (first build). */
  readonly endToEnd: Partial<Record<Tier, number[]>>;
}

export interface OracleOptions {
  readonly tiers: readonly Tier[];
  readonly repeat: number;
  readonly minShare: number;
  readonly log?: (line: string) => void;
  /** Stop measuring more tiers after this time (ms since the epoch). */
  readonly deadline?: number;
}

export async function measureProjectOracle(ctx: ToolContext, opts: OracleOptions): Promise<ProjectOracle> {
  const log = opts.log ?? (() => {});
  const prof = await profileProject.run({ repeat: 2 }, ctx);
  const profile = ctx.profile!;
  const hot = profile.candidates
    .filter((c) => c.candidate && (profile.functions.get(c.key)?.share ?? 0) >= opts.minShare)
    .sort((a, b) => profile.functions.get(b.key)!.pythonSeconds - profile.functions.get(a.key)!.pythonSeconds);
  const out: ProjectOracle = { baselineSeconds: prof.baselineSeconds, functions: [], endToEnd: {} };
  if (!hot.length) return out;
  // From here on a run that takes far longer than Python is cut short.
  await limitRunSeconds(ctx, Math.round(Math.max(20, 10 * prof.baselineSeconds + 10)));
  const py = await pythonSecondsSamples(ctx, hot.map((c) => c.key), opts.repeat);
  for (const c of hot) {
    const f = profile.functions.get(c.key)!;
    out.functions.push({ key: c.key, candidate: c, share: f.share, calls: f.calls, pythonSeconds: py.get(c.key)!, tiers: {} });
  }
  const calls = new Map(hot.map((c) => [c.key, profile.functions.get(c.key)!.calls]));
  for (const tier of opts.tiers) {
    if (tier === "python") continue;
    if (opts.deadline && Date.now() > opts.deadline) break;
    const { results, firstRun } = await measureTier(ctx, hot.map((c) => c.key), tier, prof.baselineSeconds, calls, opts.repeat, log);
    if (firstRun) out.endToEnd[tier] = firstRun;
    for (const f of out.functions) f.tiers[tier] = results.get(f.key) ?? { ok: false, code: "not-built", message: "no result" };
  }
  return out;
}

async function measureGroup(ctx: ToolContext, group: readonly string[], tier: Tier, baselineSeconds: number, repeat: number) {
  const assignment = group.map((k) => ({ function: k, tier }));
  let first;
  try {
    first = await measureSpeedup.run({ assignment, repeat: 1 }, ctx);
  } catch (e) {
    if (/did not finish within/.test((e as Error).message)) return null;
    throw e;
  }
  // A run far slower than Python: more samples would only cost.
  const hopeless = Math.max(0, ...first.endToEnd.nativeSeconds) > 5 * baselineSeconds + 5;
  if (!first.identical || !first.functions.length || repeat < 2 || hopeless) return { m: first, cut: hopeless };
  const rest = await measureSpeedup.run({ assignment, repeat: repeat - 1 }, ctx);
  return {
    cut: false,
    m: {
      ...first,
      functions: first.functions.map((f) => ({ ...f, nativeSeconds: [...f.nativeSeconds, ...(rest.functions.find((g) => g.function === f.function)?.nativeSeconds ?? [])] })),
      endToEnd: { ...first.endToEnd, nativeSeconds: [...first.endToEnd.nativeSeconds, ...rest.endToEnd.nativeSeconds] },
      identical: first.identical && rest.identical,
    },
  };
}

async function measureTier(ctx: ToolContext, keys: readonly string[], tier: Tier, baselineSeconds: number, profileCalls: Map<string, number>, repeat: number, log: (l: string) => void) {
  const results = new Map<string, TierResult>();
  const pending: string[][] = [[...keys]];
  let firstRun: number[] | null = null;
  while (pending.length) {
    const group = pending.shift()!;
    log(`${tier}: ${group.length} function(s) in one build: ${group.map((k) => k.split(":").pop()).join(", ")}`);
    const got = await measureGroup(ctx, group, tier, baselineSeconds, repeat);
    if (got === null) {
      if (group.length > 1) for (const k of group) pending.push([k]);
      else results.set(group[0]!, { ok: true, calls: profileCalls.get(group[0]!) ?? 0, nativeSeconds: [ctx.runs!.timeoutS], compileSeconds: 0, bound: true });
      continue;
    }
    const { m, cut } = got;
    if (firstRun === null && m.identical) firstRun = m.endToEnd.nativeSeconds;
    for (const r of m.refused) results.set(r.function, { ok: false, code: r.code, message: r.message });
    if (!m.identical) {
      const built = m.functions.map((f) => f.function);
      if (built.length === 1) results.set(built[0]!, { ok: false, code: "differs", message: "the output differs from Python's" });
      else for (const k of built) pending.push([k]);
      continue;
    }
    // A call that fell back ran as Python and its seconds are not native
    // seconds: such a tier is not measurable on these calls.
    for (const f of m.functions) if (f.fallbacks > 0) results.set(f.function, { ok: false, code: "fallbacks", message: `${f.fallbacks} of ${f.calls} calls fell back to Python` });
    const rest = m.functions.filter((f) => f.fallbacks === 0);
    const complete = (f: { function: string; calls: number }) => f.calls >= (profileCalls.get(f.function) ?? 1);
    const called = rest.filter(complete);
    const shadowed = rest.filter((f) => !complete(f));
    for (const f of called) results.set(f.function, { ok: true, calls: f.calls, nativeSeconds: f.nativeSeconds, compileSeconds: f.compileSeconds, bound: cut });
    if (shadowed.length && (called.length || group.length > shadowed.length)) pending.push(shadowed.map((f) => f.function));
    else for (const f of shadowed) results.set(f.function, { ok: false, code: "partial-calls", message: `${f.calls} of ${profileCalls.get(f.function)} calls crossed the boundary` });
  }
  return { results, firstRun };
}

const relHalf = (i: Interval) => { const w = relativeWidth(i); return Number.isFinite(w) ? w : null; };
/** Some positive time was measured (all zero: nothing was timed). */
const timed = (xs: readonly number[]) => xs.some((x) => x > 0);

/** One function's measured outcome at each tier it ran at (python: speedup 1). */
export function tierOutcomes(f: FunctionOracle): Partial<Record<Tier, TierOutcome>> {
  const out: Partial<Record<Tier, TierOutcome>> = { python: { speedup: 1, low: 1, high: 1, compileSeconds: 0, reward: rewardOf(1, 0), ci: 0, bound: false } };
  if (!timed(f.pythonSeconds)) return out;
  const py = interval(f.pythonSeconds);
  for (const [tier, r] of Object.entries(f.tiers) as [Tier, TierResult][]) {
    if (!r.ok || !timed(r.nativeSeconds)) continue;
    const nat = interval(r.nativeSeconds);
    // Both sides are samples: the ratio's interval carries both spreads.
    const si = speedupInterval(f.pythonSeconds, r.nativeSeconds);
    const speedup = si.mean;
    const rp = relHalf(py);
    const rn = relHalf(nat);
    // Reward in program units: S = 1/(1 − p + p/k), so a relative error e of
    // k is a relative error e·S·p/k of S.
    const s = programSpeedup(speedup, f.share);
    const ci = rp === null || rn === null ? null : REWARD_PER_SPEEDUP * s * ((s * f.share) / speedup) * Math.hypot(rp, rn);
    out[tier] = { speedup, low: si.n >= 2 ? si.low : null, high: si.n >= 2 ? si.high : null, compileSeconds: r.compileSeconds, reward: functionReward(speedup, f.share, r.compileSeconds), ci, bound: r.bound };
  }
  return out;
}

/** One project's oracle as the policy's training and scoring data: per hot
 *  function, an example per measured tier (program units) and one case
 *  (the tiers measured, python always: speedup 1, no compile). */
export function programFromOracle(program: string, functions: readonly FunctionOracle[]): ProgramData {
  const examples: PolicyExample[] = [];
  const cases: OracleCase[] = [];
  for (const f of functions) {
    const features = f.candidate.features;
    if (!features) continue;
    const o = tierOutcomes(f);
    const available = TIERS.filter((t) => o[t]);
    const measured: OracleCase["measured"] = {};
    for (const t of available) {
      const x = o[t]!;
      measured[t] = x.ci === null ? { mean: x.reward } : { mean: x.reward, ci: x.ci };
      examples.push({ features, tier: t, speedup: programSpeedup(x.speedup, f.share), compileSeconds: x.compileSeconds });
    }
    cases.push({ id: `${program}/${f.key}`, features, available, measured });
  }
  return { program, examples, cases };
}
