// From the per-program results to the summary: each runner's geometric-mean
// speedup over CPython (on the programs it ran correctly, with the count, so
// means over different subsets are not mistaken for one another) and the winner
// of each program (the lowest min wall time among correct runs).

import { geometricMean, speedup } from "./stats.js";
import { okMin, resultFor, type ProgramResult, type RunnerId, type RunnerSummary } from "./results.js";

export function winners(programs: readonly ProgramResult[]): Record<string, RunnerId | null> {
  const out: Record<string, RunnerId | null> = {};
  for (const p of programs) {
    let best: { runner: RunnerId; t: number } | null = null;
    for (const r of p.results) {
      const t = okMin(r);
      if (t !== null && (best === null || t < best.t)) best = { runner: r.runner, t };
    }
    out[p.name] = best?.runner ?? null;
  }
  return out;
}

export function summarize(programs: readonly ProgramResult[], peers: readonly RunnerId[]): RunnerSummary[] {
  const win = winners(programs);
  return peers.map((runner) => {
    const pairs = programs
      .map((p) => ({ ref: okMin(resultFor(p, "cpython")), t: okMin(resultFor(p, runner)) }))
      .filter((x): x is { ref: number; t: number } => x.ref !== null && x.t !== null);
    return {
      runner,
      geomeanSpeedup: geometricMean(pairs.map((x) => speedup(x.ref, x.t))),
      geomeanSeconds: geometricMean(pairs.map((x) => x.t)),
      counted: pairs.length,
      total: programs.length,
      wins: Object.values(win).filter((w) => w === runner).length,
    };
  });
}
