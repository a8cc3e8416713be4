// The optimizer: for the hottest compiled functions, a search over `opt` pass
// pipelines and the CPU they are built for. It starts from -O3
// (`default<O3>`, generic x86-64), and tries -O3 built for this machine's CPU
// (`;cpu=native`), -O3 with int specialisation (`;narrow=31`: a copy of each
// function with int parameters for arguments that fit in 31 bits, where
// overflow checks that cannot fire go away), the pipelines memory says helped
// similar functions (neighbours' verified apc-custom outcomes), and
// mutations with a fixed vocabulary of loop and scalar passes. Each
// candidate is built, measured and verified by the search_pipeline tool; the
// benchmarker's rule decides: a pipeline is kept only when it is faster than
// -O3 beyond the noise, again in fresh rounds measured beside -O3 (the
// luckiest of a dozen candidates is often only lucky), and its output is
// identical. Never builds anything itself.

import type { ToolContext } from "../tools/tool.js";
import type { FeatureVector } from "../tools/features.js";
import { queryMemory, searchPipeline, withCpu, withNarrow } from "../tools/index.js";
import { fasterBeyondNoise, interval, type Interval } from "./benchmarker.js";

export const BASE_PIPELINE = "default<O3>";

/** Passes a mutation may append after the base pipeline (new-PM names). */
export const PASS_VOCABULARY = [
  "function(loop-unroll)",
  "function(loop-mssa(licm))",
  "function(gvn)",
  "function(instcombine)",
  "function(slp-vectorizer)",
  "function(loop-vectorize)",
  "function(simplifycfg)",
  "function(aggressive-instcombine)",
  "function(loop-mssa(licm),gvn)",
  "function(sroa,early-cse)",
  "cgscc(inline)",
  "function(jump-threading,correlated-propagation)",
] as const;

/** The CPU a host build names (LLVM's name for the machine it runs on). */
export const HOST_CPU = "native";

/** Int specialisation widths a candidate may use. 31 first: two such values
 *  multiplied, or a few of them added, still fit in 63 bits. */
export const NARROW_WIDTHS = [31, 16, 47] as const;

export interface CandidateOptions {
  /** Also try builds for this machine's CPU (config optimizer.hostCpu). */
  readonly hostCpu: boolean;
}

/** Candidate pipelines: the base, the base for the host CPU, the base with
 *  int specialisation at 31 bits, memory's pipelines, then mutations (one or
 *  two vocabulary passes appended, for the host CPU half of the time, with a
 *  narrow width a third of the time), deterministic for a seed. Without
 *  hostCpu every candidate is for the generic target, memory's too. */
export function candidatePipelines(fromMemory: readonly string[], max: number, rng: () => number, opts: CandidateOptions): string[] {
  const target = (p: string, host: boolean) => withCpu(p, opts.hostCpu && host ? HOST_CPU : null);
  const out = new Set<string>([BASE_PIPELINE, target(BASE_PIPELINE, true), withNarrow(BASE_PIPELINE, NARROW_WIDTHS[0]), ...fromMemory.map((p) => (opts.hostCpu ? p : withCpu(p, null)))]);
  const vocab = [...PASS_VOCABULARY];
  let guard = 0;
  while (out.size < max && guard++ < 200) {
    const a = vocab[Math.floor(rng() * vocab.length)]!;
    const b = rng() < 0.4 ? vocab[Math.floor(rng() * vocab.length)]! : null;
    const host = rng() < 0.5;
    const narrow = rng() < 1 / 3 ? NARROW_WIDTHS[Math.floor(rng() * NARROW_WIDTHS.length)]! : null;
    out.add(withNarrow(target([BASE_PIPELINE, a, ...(b && b !== a ? [b] : [])].join(","), host), narrow));
  }
  return [...out].slice(0, max);
}

/** A pipeline memory holds for a function like this one: the neighbour it
 *  was found for, nearest first. */
export interface LearnedPipeline {
  readonly pipeline: string;
  readonly project: string;
  readonly functionKey: string;
  /** Its speedup over Python where it was measured. */
  readonly speedup: number;
  readonly distance: number;
}

/** The optimizer's starting points from memory: the verified apc-custom
 *  outcomes nearest to `features`, one per pipeline (its nearest), other than
 *  plain -O3. */
export async function learnedPipelines(ctx: ToolContext, features: FeatureVector, k = 10): Promise<LearnedPipeline[]> {
  if (!ctx.memory) return [];
  const near = await queryMemory.run({ features, k, tier: "apc-custom" }, ctx);
  const out = new Map<string, LearnedPipeline>();
  for (const n of [...near.neighbours].sort((a, b) => (a.distance ?? 0) - (b.distance ?? 0))) {
    if (!n.verified || !n.passes || n.passes === BASE_PIPELINE || !((n.speedup ?? 0) > 0) || out.has(n.passes)) continue;
    out.set(n.passes, { pipeline: n.passes, project: n.project, functionKey: n.functionKey, speedup: n.speedup!, distance: n.distance ?? 0 });
  }
  return [...out.values()];
}

export interface PipelineSearch {
  readonly function: string;
  /** -O3's seconds: from the confirmation rounds when there were any; null
   *  when -O3 itself did not build or run (then nothing is kept). */
  readonly base: Interval | null;
  /** Kept: faster than -O3 beyond the noise in the search and again in the
   *  confirmation rounds (its seconds are those rounds'). */
  readonly best: { pipeline: string; seconds: Interval } | null;
  readonly tried: { pipeline: string; seconds: Interval | null; identical: boolean; error: string | null; compileSeconds: number }[];
  /** The search's winner that the fresh rounds did not confirm. */
  readonly unconfirmed: { pipeline: string; seconds: Interval | null; base: Interval | null } | null;
}

type Rest = { function: string; tier: "apc-O1" | "apc-O3" | "apc-custom" | "numba" | "python"; passes?: string }[];

/** Build, run and verify each pipeline; the fastest beyond the noise of -O3
 *  is then measured beside -O3 in `confirmRounds` fresh alternating rounds
 *  and kept only if it is still faster beyond the noise there. */
export async function searchPipelines(ctx: ToolContext, fn: string, rest: Rest, pipelines: readonly string[], repeat: number, confirmRounds = 2): Promise<PipelineSearch> {
  const r = await searchPipeline.run({ function: fn, pipelines: [...pipelines], rest, repeat }, ctx);
  const tried = r.results.map((x) => ({ pipeline: x.pipeline, seconds: x.ok && x.nativeSeconds.length ? interval(x.nativeSeconds) : null, identical: x.identical, error: x.error, compileSeconds: x.compileSeconds }));
  const searchBase = tried.find((t) => t.pipeline === BASE_PIPELINE)?.seconds ?? null;
  let winner: { pipeline: string; seconds: Interval } | null = null;
  for (const t of tried) {
    if (t.pipeline === BASE_PIPELINE || !t.seconds || !t.identical || !searchBase) continue;
    if (fasterBeyondNoise(t.seconds, winner?.seconds ?? searchBase)) winner = { pipeline: t.pipeline, seconds: t.seconds };
  }
  if (!winner || confirmRounds <= 0) return { function: fn, base: searchBase, best: winner, tried, unconfirmed: null };
  const fresh = await measureBeside(ctx, fn, rest, winner.pipeline, confirmRounds, repeat);
  const kept = fresh.identical && !!fresh.candidate && !!fresh.base && fasterBeyondNoise(fresh.candidate, fresh.base);
  return { function: fn, base: fresh.base, best: kept ? { pipeline: winner.pipeline, seconds: fresh.candidate! } : null, tried, unconfirmed: kept ? null : { pipeline: winner.pipeline, seconds: fresh.candidate, base: fresh.base } };
}

/** Why a search kept what it kept, for the decision log. */
export function searchReason(s: PipelineSearch): string {
  const sec = (i: Interval | null) => (i ? `${i.mean.toFixed(4)} s` : "not measured");
  if (s.best) return `faster than -O3 beyond the noise, confirmed in fresh rounds (${sec(s.best.seconds)} vs ${sec(s.base)})`;
  if (s.unconfirmed) return `no pipeline beat -O3 beyond the noise in fresh rounds (the search's fastest, ${s.unconfirmed.pipeline}, then measured ${sec(s.unconfirmed.seconds)} vs ${sec(s.unconfirmed.base)}); keeping apc-O3`;
  return "no pipeline beat -O3 beyond the noise; keeping apc-O3";
}

/** `pipeline` and -O3 measured in alternating rounds (drift on the machine
 *  hits both alike): their seconds pooled (an interval is null where no
 *  build ran), and whether every output stayed identical. */
export async function measureBeside(ctx: ToolContext, fn: string, rest: Rest, pipeline: string, rounds: number, repeat: number): Promise<{ base: Interval | null; candidate: Interval | null; baseSeconds: number[]; candidateSeconds: number[]; identical: boolean }> {
  const baseSeconds: number[] = [];
  const candidateSeconds: number[] = [];
  let identical = true;
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 ? [pipeline, BASE_PIPELINE] : [BASE_PIPELINE, pipeline];
    const res = await searchPipeline.run({ function: fn, pipelines: order, rest, repeat }, ctx);
    for (const x of res.results) {
      if (x.pipeline === BASE_PIPELINE) baseSeconds.push(...x.nativeSeconds);
      else {
        candidateSeconds.push(...x.nativeSeconds);
        identical &&= x.ok && x.identical;
      }
    }
  }
  const of = (xs: number[]) => (xs.length ? interval(xs) : null);
  return { base: of(baseSeconds), candidate: of(candidateSeconds), baseSeconds, candidateSeconds, identical };
}
