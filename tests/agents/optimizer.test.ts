// The optimizer's candidates: -O3 first, then -O3 for this machine's CPU,
// memory's pipelines, then mutations; reproducible for a seed; and with
// optimizer.hostCpu off, every candidate (memory's too) for the generic target.

import { describe, expect, it } from "vitest";
import { BASE_PIPELINE, candidatePipelines, PASS_VOCABULARY } from "../../agents/optimizer.js";
import { seededRng } from "../../agents/policy/choose.js";
import { parsePipeline, withCpu } from "../../compiler/backend/pipeline.js";
import { parseAgentConfig } from "../../agents/config.js";
import { compile } from "../../compiler/driver.js";

const FROM_MEMORY = ["default<O3>,function(licm);cpu=native", "default<O3>,function(gvn)"];

describe("optimizer candidates", () => {
  it("start from -O3, -O3 for the host CPU and memory's pipelines, then mutate -O3 with the vocabulary", () => {
    const c = candidatePipelines(FROM_MEMORY, 12, seededRng(7), { hostCpu: true });
    expect(c.slice(0, 4)).toEqual([BASE_PIPELINE, "default<O3>;cpu=native", ...FROM_MEMORY]);
    expect(c).toHaveLength(12);
    expect(new Set(c).size).toBe(12);
    for (const p of c.slice(4)) {
      const { passes, cpu } = parsePipeline(p);
      const added = passes.split(",").slice(1).join(",");
      expect(passes.startsWith(`${BASE_PIPELINE},`)).toBe(true);
      expect(PASS_VOCABULARY.some((v) => added.startsWith(v))).toBe(true);
      expect([null, "native"]).toContain(cpu);
    }
    // Both targets among the mutations, and the same list again for the seed.
    expect(c.slice(4).some((p) => p.endsWith(";cpu=native"))).toBe(true);
    expect(c.slice(4).some((p) => !p.includes(";"))).toBe(true);
    expect(candidatePipelines(FROM_MEMORY, 12, seededRng(7), { hostCpu: true })).toEqual(c);
  });

  it("stay generic x86-64 with hostCpu off, memory's host pipelines included", () => {
    const c = candidatePipelines(FROM_MEMORY, 10, seededRng(7), { hostCpu: false });
    expect(c.slice(0, 3)).toEqual([BASE_PIPELINE, "default<O3>,function(licm)", "default<O3>,function(gvn)"]);
    expect(c.every((p) => parsePipeline(p).cpu === null)).toBe(true);
  });

  it("host CPU is the default, and the config can turn it off", () => {
    expect(parseAgentConfig({}, "/tmp").optimizer.hostCpu).toBe(true);
    expect(parseAgentConfig({ optimizer: { hostCpu: false } }, "/tmp").optimizer.hostCpu).toBe(false);
  });

  it("parse and print a pipeline with its CPU, and refuse anything else after the ';'", () => {
    expect(parsePipeline("default<O3>,function(licm);cpu=znver3")).toEqual({ passes: "default<O3>,function(licm)", cpu: "znver3" });
    expect(parsePipeline("default<O2>")).toEqual({ passes: "default<O2>", cpu: null });
    expect(withCpu("default<O3>;cpu=native", null)).toBe("default<O3>");
    expect(withCpu("default<O3>", "native")).toBe("default<O3>;cpu=native");
    expect(() => parsePipeline("default<O3>;fast-math")).toThrow(/expects cpu=NAME/);
    expect(() => parsePipeline("default<O3>;cpu=Bad Name")).toThrow(/expects cpu=NAME/);
    expect(() => parsePipeline(";cpu=native")).toThrow(/no opt passes/);
  });

  it("every vocabulary pass is one LLVM 14's opt accepts after -O3 (a rejected one wastes a candidate in every search)", async () => {
    // Loops on a size -O3 cannot fold (a pass given no loop never runs).
    const source = "import sys\n\ndef f(n: int) -> int:\n    s = 0\n    for i in range(n):\n        s += i * i % 7\n    return s\n\nprint(f(len(sys.argv) * 1000))\n";
    const rejected: string[] = [];
    for (const pass of PASS_VOCABULARY) {
      const r = await compile(source, { file: "vocab.py", optLevel: 3, passes: `${BASE_PIPELINE},${pass}`, emit: "llvm" }).catch((e: Error) => e);
      if (r instanceof Error || !r.ok) rejected.push(`${pass}: ${r instanceof Error ? r.message : "not compiled"}`);
    }
    expect(rejected).toEqual([]);
  }, 120_000);
});
