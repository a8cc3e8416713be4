// The optimizer: for the hottest compiled functions, a search over `opt` pass
// pipelines. It starts from -O3 (`default<O3>`), and mutates it with passes
// and orders that memory says helped similar functions (pipelines of
// neighbours' verified apc-custom outcomes) and with a fixed vocabulary of
// loop and scalar passes. Each candidate is built, measured and verified by
// the search_pipeline tool; the benchmarker's rule decides: a pipeline is
// kept only when it is faster than -O3 beyond the noise and its output is
// identical. Never builds anything itself.

import type { ToolContext } from "../tools/tool.js";
import { searchPipeline } from "../tools/index.js";
import { fasterBeyondNoise, interval, type Interval } from "./benchmarker.js";

export const BASE_PIPELINE = "default<O3>";

/** Passes a mutation may append after the base pipeline (new-PM names). */
export const PASS_VOCABULARY = [
  "function(loop-unroll)",
  "function(licm)",
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

/** Candidate pipelines: the base, memory's pipelines first, then mutations
 *  (one or two vocabulary passes appended), deterministic for a seed. */
export function candidatePipelines(fromMemory: readonly string[], max: number, rng: () => number): string[] {
  const out = new Set<string>([BASE_PIPELINE, ...fromMemory]);
  const vocab = [...PASS_VOCABULARY];
  let guard = 0;
  while (out.size < max && guard++ < 200) {
    const a = vocab[Math.floor(rng() * vocab.length)]!;
    const b = rng() < 0.4 ? vocab[Math.floor(rng() * vocab.length)]! : null;
    out.add([BASE_PIPELINE, a, ...(b && b !== a ? [b] : [])].join(","));
  }
  return [...out].slice(0, max);
}

export interface PipelineSearch {
  readonly function: string;
  readonly base: Interval;
  readonly best: { pipeline: string; seconds: Interval } | null;
  readonly tried: { pipeline: string; seconds: Interval | null; identical: boolean; error: string | null; compileSeconds: number }[];
}

export async function searchPipelines(ctx: ToolContext, fn: string, rest: { function: string; tier: "apc-O1" | "apc-O3" | "apc-custom" | "numba" | "python"; passes?: string }[], pipelines: readonly string[], repeat: number): Promise<PipelineSearch> {
  const r = await searchPipeline.run({ function: fn, pipelines: [...pipelines], rest, repeat }, ctx);
  const tried = r.results.map((x) => ({ pipeline: x.pipeline, seconds: x.ok && x.nativeSeconds.length ? interval(x.nativeSeconds) : null, identical: x.identical, error: x.error, compileSeconds: x.compileSeconds }));
  const base = tried.find((t) => t.pipeline === BASE_PIPELINE)?.seconds ?? interval([]);
  let best: PipelineSearch["best"] = null;
  for (const t of tried) {
    if (t.pipeline === BASE_PIPELINE || !t.seconds || !t.identical) continue;
    const ref = best?.seconds ?? base;
    if (fasterBeyondNoise(t.seconds, ref)) best = { pipeline: t.pipeline, seconds: t.seconds };
  }
  return { function: fn, base, best, tried };
}
