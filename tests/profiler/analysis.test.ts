// The pure parts of the profiler: ranking from samples, type stability
// thresholds, summary lines, the hot table, and the flame graph's tree and
// SVG, on hand-made profiles (no Python, no timing).

import { describe, expect, it } from "vitest";
import type { RunProfile } from "../../memory/trace-store.js";
import { analyseRun, sampleTimes, stabilityKind, typeStability } from "../../profiler/analysis.js";
import { buildFlameTree, renderFlameGraph } from "../../profiler/flamegraph.js";
import { formatHotTable } from "../../profiler/report-text.js";
import { sampleRun } from "./fixtures/trace-store-behaviour.js";

function sampled(samples: RunProfile["samples"], names: string[]): RunProfile {
  const base = sampleRun({ mode: "sample" });
  return {
    ...base,
    functions: names.map((qualname, id) => ({ id, module: "__main__", qualname, file: "main.py", line: id + 1, endLine: id + 2, sourceHash: "x", params: [], calls: 0, selfS: 0, totalS: 0, traced: false })),
    signatures: [],
    edges: [],
    samples,
  };
}

describe("ranking", () => {
  it("ranks by self and total time from weighted samples, recursion counted once", () => {
    const p = sampled(
      [
        { stack: [0, 1, 2], count: 6, weightS: 0.6 },
        { stack: [0, 1, 1, 1], count: 3, weightS: 0.3 },
        { stack: [0], count: 1, weightS: 0.1 },
      ],
      ["<module>", "rec", "leaf"],
    );
    const t = sampleTimes(p);
    expect(t.totalS.get(1)).toBeCloseTo(0.9, 12);
    expect(t.totalCount.get(1)).toBe(9);
    const a = analyseRun(p, 2);
    expect(a.basis).toBe("samples");
    expect(a.bySelf.map((f) => [f.qualname, Number(f.selfPct.toFixed(1))])).toEqual([
      ["leaf", 60],
      ["rec", 30],
    ]);
    expect(a.byTotal.map((f) => [f.qualname, Number(f.totalPct.toFixed(1))])).toEqual([
      ["<module>", 100],
      ["rec", 90],
    ]);
    expect(a.functions.find((f) => f.qualname === "leaf")!.calls).toBeNull();
    expect(a.functions.find((f) => f.qualname === "leaf")!.summary).toBe("leaf (main.py:3): 60.0% self, 60.0% total; types not observed (use --mode trace or @trace)");
  });

  it("uses measured times in trace mode", () => {
    const a = analyseRun(sampleRun());
    expect(a.basis).toBe("measured");
    expect(a.totalS).toBeCloseTo(1, 12);
    expect(a.functions.map((f) => f.calls)).toEqual([1, 3]);
  });
});

describe("type stability", () => {
  it("is monomorphic at 1 shape, polymorphic up to 4, megamorphic past", () => {
    expect([1, 2, 4, 5, 9].map(stabilityKind)).toEqual(["monomorphic", "polymorphic", "polymorphic", "megamorphic", "megamorphic"]);
  });

  it("counts shapes by arguments, not by return type, and counts raised calls", () => {
    const sig = (args: string[], ret: string, calls: number) => ({ functionId: 0, argTypes: args, returnType: ret, calls, totalS: 0 });
    const st = typeStability({ params: ["x"] }, [sig(["int"], "int", 5), sig(["int"], "None", 1), sig(["int"], "!ValueError", 2)])!;
    expect(st).toMatchObject({ kind: "monomorphic", argShapes: 1, signatures: 3, tracedCalls: 8, raisedCalls: 2 });
    expect(st.returnTypes).toEqual([
      { type: "int", calls: 5 },
      { type: "None", calls: 1 },
    ]);
    expect(typeStability({ params: [] }, [])).toBeNull();
  });

  it("writes the summary a compiler would act on", () => {
    const p: RunProfile = {
      ...sampleRun(),
      signatures: [
        ...Array.from({ length: 6 }, (_, i) => ({ functionId: 11, argTypes: [`T${i}`, "int"], returnType: "int", calls: 1, totalS: 0 })),
        { functionId: 10, argTypes: [], returnType: "None", calls: 1, totalS: 1 },
      ],
    };
    const a = analyseRun(p);
    expect(a.functions.find((f) => f.qualname === "f")!.summary).toBe(
      "f (main.py:5): 50.0% self, 100.0% total, 3 calls; megamorphic, 6 argument shapes (varying a: T0 | T1 | T2 | ...) -> keep generic",
    );
    expect(a.functions.find((f) => f.qualname === "<module>")!.summary).toBe(
      "<module> (main.py:1): 50.0% self, 100.0% total, 1 call; monomorphic () -> None -> compile one specialisation",
    );
    const table = formatHotTable(a.bySelf);
    expect(table.split("\n")[0]).toBe("#  function  where      self %  self s  total %  total s  calls  types");
    expect(table).toContain("mega(6)");
  });
});

describe("flame graph", () => {
  const p = sampled(
    [
      { stack: [0, 1], count: 3, weightS: 0.3 },
      { stack: [0, 2], count: 1, weightS: 0.1 },
    ],
    ["<module>", "a & b", "c"],
  );

  it("merges samples into call paths", () => {
    const root = buildFlameTree(p);
    expect(root.count).toBe(4);
    const mod = root.children.get(0)!;
    expect([...mod.children.values()].map((n) => [n.name, n.count])).toEqual([
      ["a & b", 3],
      ["c", 1],
    ]);
  });

  it("renders a self-contained SVG with escaped names and proportional widths", () => {
    const svg = renderFlameGraph(p, { title: "t <1>" });
    expect(svg).toContain("a &amp; b");
    expect(svg).toContain("t &lt;1&gt;");
    expect(svg).not.toMatch(/(href|src)=/);
    const widths = [...svg.matchAll(/data-n="([^"]+)"[^>]*>[^]*?<rect [^>]*width="([\d.]+)"/g)].map((m) => [m[1], Number(m[2])]);
    const w = Object.fromEntries(widths);
    expect(w["a &amp; b"]! / w["c"]!).toBeCloseTo(3, 1);
    expect(w["&lt;module&gt;"]).toBeCloseTo(w["all"]!, 1);
  });

  it("says so when there are no samples", () => {
    expect(renderFlameGraph(sampled([], ["<module>"]), { title: "x" })).toContain("no samples");
  });
});
