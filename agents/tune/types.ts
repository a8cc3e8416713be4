// What one `apc tune` run produced, as the report and the decision log keep
// it: the model it evaluated against the one in use, on held-out outcomes,
// and whether it was promoted (and why not), plus the pipelines it learned.

export interface ModelScores {
  /** Share of held-out cases whose chosen tier is in the oracle's best set. */
  readonly agreement: number;
  /** Mean (best reward - chosen reward) over held-out cases. */
  readonly regret: number;
  readonly meanReward: number;
  /** Geometric mean speedup of the chosen pipelines over -O3 (1 when none). */
  readonly pipelineSpeedup: number;
}

export interface TuneRunSummary {
  readonly runId: number;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly budgetMinutes: number;
  readonly corpus: string;
  /** Outcomes the candidate was trained on / held out for its evaluation. */
  readonly trained: number;
  readonly heldOut: number;
  /** Measurements taken this run (functions x tiers), and pipeline searches. */
  readonly measurements: number;
  readonly pipelineSearches: number;
  readonly incumbent: { readonly version: number | null; readonly scores: ModelScores | null };
  readonly candidate: { readonly version: number | null; readonly scores: ModelScores };
  readonly promoted: boolean;
  /** Why it was promoted or rejected, in words ("better agreement, no worse elsewhere"). */
  readonly verdict: string;
  readonly learnedPipelines: readonly { readonly functionKey: string; readonly pipeline: string; readonly speedupOverO3: number }[];
  /** The run was resumed from one that was killed midway. */
  readonly resumedFrom: number | null;
}
