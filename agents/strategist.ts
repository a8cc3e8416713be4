// The strategist: a tier per hot function. First memory (query_memory): a
// verified outcome for this very function at this source version is reused,
// the best measured one (no new search for code that has not changed).
// Otherwise the local policy predicts speedup and compile cost per available
// tier and chooses, exploring at a bounded rate; the nearest neighbours'
// outcomes are part of the decision's inputs. Never measures anything itself.

import type { CandidateInfo } from "../tools/project-tools.js";
import { queryMemory } from "../tools/index.js";
import type { ToolContext } from "../tools/tool.js";
import { chooseTier } from "./policy/choose.js";
import type { PolicyModel, Tier, TierPrediction } from "./policy/model.js";

export interface Strategy {
  readonly function: string;
  readonly tier: Tier;
  readonly passes: string | null;
  readonly source: "memory" | "policy";
  readonly explored: boolean;
  readonly reason: string;
  readonly predictions: Partial<Record<Tier, TierPrediction>>;
  readonly alternatives: { tier: Tier; reward: number }[];
  readonly neighbours: { id: string; functionKey: string; tier: string; reward: number | null; distance?: number }[];
}

export async function chooseStrategy(ctx: ToolContext, c: CandidateInfo, available: readonly Tier[], model: PolicyModel, opts: { explorationRate: number; rng: () => number }): Promise<Strategy> {
  const features = c.features!;
  const near = ctx.memory ? await queryMemory.run({ features, k: 8 }, ctx) : { neighbours: [] };
  const neighbours = near.neighbours.map((n) => ({ id: n.id, functionKey: n.functionKey, tier: n.tier, reward: n.reward, distance: n.distance }));
  // This function, unchanged, measured before: reuse the best verified outcome.
  const same = ctx.memory ? (await queryMemory.run({ features, k: 20, sourceHash: c.sourceHash }, ctx)).neighbours.filter((n) => n.functionKey === c.key && n.verified && n.reward !== null) : [];
  const remembered = same.filter((n) => (available as readonly string[]).includes(n.tier) || n.tier === "apc-custom").sort((a, b) => b.reward! - a.reward!)[0];
  if (remembered) {
    return {
      function: c.key,
      tier: remembered.tier as Tier,
      passes: remembered.passes,
      source: "memory",
      explored: false,
      reason: `memory: this function (source ${c.sourceHash}) was measured before; its best verified outcome was ${remembered.tier}${remembered.passes ? ` [${remembered.passes}]` : ""} with reward ${remembered.reward!.toFixed(1)} (speedup ${remembered.speedup?.toFixed(2) ?? "?"}x)`,
      predictions: {},
      alternatives: same.filter((n) => n !== remembered).map((n) => ({ tier: n.tier as Tier, reward: n.reward! })),
      neighbours,
    };
  }
  const choice = chooseTier(model, features, available, { explorationRate: opts.explorationRate, rng: opts.rng });
  return {
    function: c.key,
    tier: choice.tier,
    passes: null,
    source: "policy",
    explored: choice.explored,
    reason: choice.reason,
    predictions: choice.predictions,
    alternatives: choice.alternatives.map((a) => ({ tier: a.tier, reward: a.reward.mean })),
    neighbours,
  };
}
