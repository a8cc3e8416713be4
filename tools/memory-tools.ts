// Tools over what apc remembers: query_memory (nearest outcomes in vector
// memory to a feature vector, and a function's recorded verdict and
// decisions), record_outcome (one measured outcome: a record in vector
// memory and a measurement on its decision in the log). The stores are
// memory/; embedding a feature vector (log1p of counts, so that one big count
// does not drown the rest) is here, shared by both tools.

import { createHash } from "node:crypto";
import { z } from "zod";
import { TIERS } from "../hybrid/tiers.js";
import { OutcomeRecordSchema, type OutcomeRecord } from "../memory/vector-memory.js";
import { FEATURE_NAMES, fromArray, toArray, type FeatureVector } from "./features.js";
import { defineTool, ToolFailed, type AgentMemory, type ToolContext } from "./tool.js";

export const EMBEDDING_DIMENSION = FEATURE_NAMES.length;

/** A feature vector as vector memory stores it: log1p of each value. */
export function embed(f: FeatureVector): number[] {
  return toArray(f).map((x) => Math.log1p(Math.max(0, x)));
}

function memoryOf(ctx: ToolContext): AgentMemory {
  if (!ctx.memory) throw new ToolFailed("no-memory", "this run has no memory attached");
  return ctx.memory;
}

const Features = z.record(z.enum(FEATURE_NAMES), z.number());
const Outcome = OutcomeRecordSchema.omit({ embedding: true, extra: true }).extend({ distance: z.number().optional() });

const toOutcome = (r: OutcomeRecord, distance?: number) => {
  const { embedding: _e, extra: _x, ...rest } = r;
  return { ...rest, ...(distance === undefined ? {} : { distance }) };
};

export const queryMemory = defineTool({
  name: "query_memory",
  description: "What apc remembers: the outcomes nearest to a function's feature vector in vector memory (optionally only one tier or one source version), and, for a named function, its latest recorded verdict and decisions from the decision log (each with a record id to cite).",
  input: z.object({
    features: Features.optional(),
    k: z.number().int().min(1).max(50).default(5),
    tier: z.string().optional(),
    sourceHash: z.string().optional(),
    function: z.string().optional(),
  }),
  output: z.object({
    neighbours: z.array(Outcome),
    verdict: z.json().nullable(),
    records: z.array(z.object({ id: z.string(), agent: z.string(), kind: z.string(), choice: z.json(), reason: z.string(), measured: z.json().nullable(), at: z.string() })),
  }),
  readOnly: true,
  async run(input, ctx) {
    const mem = memoryOf(ctx);
    const neighbours = input.features
      ? (await mem.vectors.nearest(embed(fromArray(FEATURE_NAMES.map((n) => input.features![n] ?? 0))), input.k, { ...(input.tier ? { tier: input.tier } : {}), ...(input.sourceHash ? { sourceHash: input.sourceHash } : {}) })).map((n) => toOutcome(n.record, n.distance))
      : [];
    let verdict = null;
    let records: { id: string; agent: string; kind: string; choice: z.infer<ReturnType<typeof z.json>>; reason: string; measured: z.infer<ReturnType<typeof z.json>> | null; at: string }[] = [];
    if (input.function) {
      const v = mem.decisions.verdict(input.function);
      if (v.kind === "found") verdict = JSON.parse(JSON.stringify(v.verdict));
      else if (v.kind === "ambiguous") verdict = { ambiguous: v.matches.map((m) => m.functionKey) };
      const key = v.kind === "found" ? v.verdict.functionKey : mem.decisions.resolveFunction(input.function)[0];
      if (key) records = mem.decisions.decisions({ functionKey: key, limit: 40 }).map((d) => ({ id: String(d.id), agent: d.agent, kind: d.kind, choice: d.choice, reason: d.reason, measured: d.measured, at: d.at }));
    }
    return { neighbours, verdict, records };
  },
});

export const recordOutcome = defineTool({
  name: "record_outcome",
  description: "Stores one measured outcome (function features, tier and pipeline, speedup, compile seconds, reward, verified) in vector memory, and attaches the measurement to the decision it came from in the decision log.",
  input: z.object({
    functionKey: z.string(),
    sourceHash: z.string(),
    features: Features,
    tier: z.enum(TIERS),
    passes: z.string().nullable().default(null),
    speedup: z.number().nullable(),
    compileSeconds: z.number().nullable(),
    reward: z.number().nullable(),
    verified: z.boolean(),
    decisionId: z.number().int().nullable().default(null),
    /** The program the outcome belongs to (default: the project folder). */
    project: z.string().optional(),
    /** Half-width of the reward's 95% interval, when measured. */
    rewardCi: z.number().nullable().optional(),
  }),
  output: z.object({ id: z.string(), stored: z.number() }),
  async run(input, ctx) {
    const mem = memoryOf(ctx);
    const project = input.project ?? ctx.runs?.project ?? ctx.target.path;
    const id = createHash("sha256").update(`${project}|${input.functionKey}|${input.sourceHash}|${input.tier}|${input.passes ?? ""}`).digest("hex").slice(0, 24);
    const record: OutcomeRecord = {
      id,
      embedding: embed(fromArray(FEATURE_NAMES.map((n) => input.features[n] ?? 0))),
      functionKey: input.functionKey,
      project,
      sourceHash: input.sourceHash,
      tier: input.tier,
      passes: input.passes,
      speedup: input.speedup,
      compileSeconds: input.compileSeconds,
      reward: input.reward,
      verified: input.verified,
      createdAt: new Date().toISOString(),
      extra: { features: JSON.stringify(input.features), ...(typeof input.rewardCi === "number" ? { rewardCi: input.rewardCi } : {}) },
    };
    await mem.vectors.add([record]);
    if (input.decisionId !== null) mem.decisions.attachMeasured(input.decisionId, { speedup: input.speedup, compileSeconds: input.compileSeconds, reward: input.reward, verified: input.verified });
    return { id, stored: await mem.vectors.count() };
  },
});
