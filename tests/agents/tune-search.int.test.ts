// A tune run on one benchmark program, with the real pieces (the compiler,
// the hybrid boundary, python3, a Chroma server apc starts, the SQLite
// decision log): the oracle measures primes at its tune size, and the
// pipeline search for its hot function runs the program again at its search
// size (BENCHMARK_SEARCH_SIZES, about eight times the work), profiled there
// first: a hot function's few milliseconds at the tune size hide what a
// pipeline changes. A learned pipeline's speedup over Python is -O3's,
// measured by the oracle, times the pipeline's over -O3 from the search.
// No timing is asserted.

import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAgentConfig, type AgentConfig } from "../../agents/config.js";
import { openAgentMemory, type OpenedMemory } from "../../agents/memory.js";
import { BENCHMARK_SEARCH_SIZES, BENCHMARK_SIZES } from "../../agents/tune/corpus.js";
import { runTune } from "../../agents/tune/tune.js";
import type { TuneRunSummary } from "../../agents/tune/types.js";
import { tempDir } from "../helpers.js";

describe("apc tune's pipeline search", () => {
  const dir = tempDir("apc-tune-search-");
  let cfg: AgentConfig;
  let opened: OpenedMemory;
  let run: TuneRunSummary;
  const lines: string[] = [];

  beforeAll(async () => {
    cfg = parseAgentConfig({ optimizer: { maxPipelines: 3 } }, path.join(dir, "project"));
    opened = await openAgentMemory(cfg);
    run = await runTune(opened.memory, cfg, { budgetMinutes: 4, corpus: "benchmarks", only: ["primes"], repeat: 1, searchTop: 1, log: (l) => lines.push(l) });
  }, 600_000);
  afterAll(async () => opened?.close());

  it("runs the program at its search size, larger than the size it was measured at", () => {
    expect(Number(BENCHMARK_SEARCH_SIZES.primes)).toBeGreaterThan(Number(BENCHMARK_SIZES.primes));
    expect(run.measurements).toBeGreaterThan(0);
    expect(run.pipelineSearches).toBe(1);
    const [search] = opened.memory.decisions.decisions({ runId: run.runId, kind: "pipeline" });
    expect(search!.inputs).toMatchObject({ item: "benchmarks/primes", args: [BENCHMARK_SEARCH_SIZES.primes] });
    expect(lines).toContain(`tune: profiling benchmarks/primes at its search size (${BENCHMARK_SEARCH_SIZES.primes})`);
    // -O3 and the host-CPU build first, then a mutation: three candidates.
    expect(search!.alternatives.map((a) => a.choice)).toEqual(expect.arrayContaining(["default<O3>", "default<O3>;cpu=native"]));
  });

  it("records a kept pipeline's speedup over Python as -O3's times its speedup over -O3", async () => {
    const records = await opened.memory.vectors.get();
    const o3 = records.find((r) => r.tier === "apc-O3" && r.project === "benchmarks/primes")!;
    expect(o3).toBeDefined();
    const custom = records.filter((r) => r.tier === "apc-custom");
    expect(custom).toHaveLength(run.learnedPipelines.length);
    for (const c of custom) {
      const learned = run.learnedPipelines.find((l) => l.pipeline === c.passes)!;
      expect(c.speedup).toBeCloseTo(o3.speedup! * learned.speedupOverO3, 6);
    }
  });
});
