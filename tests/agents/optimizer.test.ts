// The optimizer's candidates: -O3 first, then -O3 for this machine's CPU,
// -O3 with int specialisation, memory's pipelines, then mutations; reproducible for a seed; and with
// optimizer.hostCpu off, every candidate (memory's too) for the generic target.

import { describe, expect, it } from "vitest";
import { BASE_PIPELINE, candidatePipelines, NARROW_WIDTHS, PASS_VOCABULARY } from "../../agents/optimizer.js";
import { seededRng } from "../../agents/policy/choose.js";
import { parsePipeline, withCpu, withNarrow } from "../../compiler/backend/pipeline.js";
import { parseAgentConfig } from "../../agents/config.js";
import { compile } from "../../compiler/driver.js";

const FROM_MEMORY = ["default<O3>,function(licm);cpu=native", "default<O3>,function(gvn)"];

describe("optimizer candidates", () => {
  it("start from -O3, -O3 for the host CPU, -O3 narrowed to 31 bits and memory's pipelines, then mutate -O3 with the vocabulary", () => {
    const c = candidatePipelines(FROM_MEMORY, 24, seededRng(7), { hostCpu: true });
    expect(c.slice(0, 5)).toEqual([BASE_PIPELINE, "default<O3>;cpu=native", "default<O3>;narrow=31", ...FROM_MEMORY]);
    expect(c).toHaveLength(24);
    expect(new Set(c).size).toBe(24);
    for (const p of c.slice(5)) {
      const { passes, cpu, narrow } = parsePipeline(p);
      const added = passes.split(",").slice(1).join(",");
      expect(passes.startsWith(`${BASE_PIPELINE},`)).toBe(true);
      expect(PASS_VOCABULARY.some((v) => added.startsWith(v))).toBe(true);
      expect([null, "native"]).toContain(cpu);
      expect([null, ...NARROW_WIDTHS]).toContain(narrow);
    }
    // Both targets and both kinds of int among the mutations, and the same list again for the seed.
    const mutations = c.slice(5).map(parsePipeline);
    expect(mutations.some((p) => p.cpu === "native")).toBe(true);
    expect(mutations.some((p) => p.cpu === null)).toBe(true);
    expect(mutations.some((p) => p.narrow !== null)).toBe(true);
    expect(mutations.some((p) => p.narrow === null)).toBe(true);
    expect(candidatePipelines(FROM_MEMORY, 24, seededRng(7), { hostCpu: true })).toEqual(c);
  });

  it("stay generic x86-64 with hostCpu off, memory's host pipelines included", () => {
    const c = candidatePipelines(FROM_MEMORY, 10, seededRng(7), { hostCpu: false });
    expect(c.slice(0, 4)).toEqual([BASE_PIPELINE, "default<O3>;narrow=31", "default<O3>,function(licm)", "default<O3>,function(gvn)"]);
    expect(c.every((p) => parsePipeline(p).cpu === null)).toBe(true);
  });

  it("host CPU is the default, and the config can turn it off", () => {
    expect(parseAgentConfig({}, "/tmp").optimizer.hostCpu).toBe(true);
    expect(parseAgentConfig({ optimizer: { hostCpu: false } }, "/tmp").optimizer.hostCpu).toBe(false);
  });

  it("parse and print a pipeline with its CPU and int width, and refuse anything else after the ';'", () => {
    expect(parsePipeline("default<O3>,function(licm);cpu=znver3")).toEqual({ passes: "default<O3>,function(licm)", cpu: "znver3", narrow: null });
    expect(parsePipeline("default<O2>")).toEqual({ passes: "default<O2>", cpu: null, narrow: null });
    expect(parsePipeline("default<O3>;narrow=31;cpu=native")).toEqual({ passes: "default<O3>", cpu: "native", narrow: 31 });
    expect(withCpu("default<O3>;cpu=native", null)).toBe("default<O3>");
    expect(withCpu("default<O3>", "native")).toBe("default<O3>;cpu=native");
    expect(withCpu("default<O3>;narrow=16", "native")).toBe("default<O3>;cpu=native;narrow=16");
    expect(withNarrow("default<O3>;cpu=native;narrow=16", null)).toBe("default<O3>;cpu=native");
    expect(() => parsePipeline("default<O3>;narrow=7")).toThrow(/narrow= takes a width in bits from 8 to 63, not "7"/);
    expect(() => parsePipeline("default<O3>;narrow=64")).toThrow(/from 8 to 63/);
    expect(() => parsePipeline("default<O3>;narrow=x")).toThrow(/from 8 to 63/);
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
