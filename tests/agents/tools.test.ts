// The tools as the agents and a chat model see them: the nine verb_noun
// tools with zod input and output schemas, input validated before a tool
// runs (a fixed error code), LangChain tools whose JSON schema comes from the
// zod one, and failures returned to a model as error text instead of thrown.
// The static tools run for real on the agents' fixture project.

import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inferTypes, listCandidates, profileProject, READ_ONLY_TOOLS, TOOLS } from "../../tools/index.js";
import { asLangChainTool, newToolContext, ToolInputInvalid } from "../../tools/tool.js";
import { extractFeatures, FEATURE_NAMES, fromArray, FeatureVectorInvalid } from "../../tools/features.js";
import { embed } from "../../tools/memory-tools.js";
import { tempDir } from "../helpers.js";

const FIXTURE = path.join(import.meta.dirname, "fixtures", "kernels");

describe("tools", () => {
  it("are the nine tools of the issue, each named verb_noun, the read-only ones marked", () => {
    expect(TOOLS.map((t) => t.name).sort()).toEqual(["apply_plan", "compile_function", "infer_types", "list_candidates", "measure_speedup", "profile_project", "query_memory", "record_outcome", "search_pipeline"]);
    expect(READ_ONLY_TOOLS.map((t) => t.name).sort()).toEqual(["infer_types", "list_candidates", "query_memory"]);
  });

  it("validate input before running and say which field is wrong", async () => {
    const ctx = newToolContext({ path: "/nonexistent" }, null);
    const err = await inferTypes.run({ function: 42 } as never, ctx).catch((e) => e);
    expect(err).toBeInstanceOf(ToolInputInvalid);
    expect(err.code).toBe("tool-input-invalid");
    expect(err.message).toMatch(/infer_types: invalid input: function/);
  });

  it("become LangChain tools with the zod schema, and return failures to the model as text", async () => {
    const ctx = newToolContext({ path: "/nonexistent" }, null);
    const lc = asLangChainTool(inferTypes, ctx);
    expect(lc.name).toBe("infer_types");
    const out = JSON.parse(String(await lc.invoke({ function: "nope" })));
    expect(out.error).toBeTypeOf("string");
    expect(out.message.length).toBeGreaterThan(0);
  });

  it("list every function with its verdict, every reason and features, and infer types with evidence", async () => {
    const dir = tempDir("apc-tools-");
    cpSync(FIXTURE, dir, { recursive: true });
    const ctx = newToolContext({ path: dir }, null);
    const { functions } = await listCandidates.run({}, ctx);
    const byKey = new Map(functions.map((f) => [f.key, f]));
    expect(byKey.get("kernels.py:smooth")!.candidate).toBe(true);
    expect(byKey.get("kernels.py:smooth")!.paramTypes).toEqual(["list[float]", "float"]);
    const parse = byKey.get("kernels.py:parse_count")!;
    expect(parse.candidate).toBe(false);
    expect(parse.reasons.map((r) => [r.code, r.line])).toContainEqual(["E0301", 28]);
    const f = byKey.get("kernels.py:smooth")!.features!;
    expect(f.loops).toBe(3);
    expect(f.loop_depth_max).toBe(1);
    expect(f.list_params).toBe(1);
    expect(f.float_params).toBe(1);
    // From the IR of the library-mode compile (the module has a function it refuses).
    expect(f.ir_blocks).toBeGreaterThan(3);
    expect(f.ir_float_insts).toBeGreaterThan(5);
    expect(f.ir_container_insts).toBeGreaterThan(5);
    expect(f.ir_insts).toBeGreaterThan(f.ir_float_insts + f.ir_container_insts);
    expect(byKey.get("kernels.py:parse_count")!.features!.ir_insts).toBe(0);
    const sig = await inferTypes.run({ function: "smooth" }, ctx);
    expect(sig.signature).toEqual(["list[float]", "float"]);
    expect(sig.confidence).toBe(1);
    expect(sig.evidence.map((e) => e.source)).toContain("annotation");
  });
});

describe("profile_project", () => {
  it("reuses the last profile only while nothing it depends on changed", async () => {
    const dir = tempDir("apc-profile-");
    cpSync(FIXTURE, dir, { recursive: true });
    // The program writes an output file on every run: that is no change to the project.
    const main = path.join(dir, "main.py");
    writeFileSync(main, readFileSync(main, "utf8").replace('    print(f"{checksum(values):.6f}")', '    print(f"{checksum(values):.6f}")\n    with open("out.txt", "w") as f:\n        f.write(str(n))'));
    const first = await profileProject.run({ repeat: 1, reuse: true }, newToolContext({ path: dir }, null));
    expect(existsSync(path.join(dir, "out.txt"))).toBe(true);
    expect(first.reusedFrom).toBeNull();
    expect(first.functions.find((f) => f.key === "kernels.py:smooth")!.calls).toBeGreaterThan(0);
    const ctx = newToolContext({ path: dir }, null);
    const again = await profileProject.run({ repeat: 1, reuse: true }, ctx);
    expect(again.reusedFrom).toBeTypeOf("string");
    expect(again.baselineSeconds).toBe(first.baselineSeconds);
    expect(again.functions).toEqual(first.functions);
    // The reused profile carries what verification needs.
    expect(ctx.profile!.stdout.length).toBeGreaterThan(0);
    expect(ctx.profile!.candidates.find((c) => c.key === "kernels.py:smooth")!.features!.share_of_run).toBe(first.functions.find((f) => f.key === "kernels.py:smooth")!.share);
    // Not asked to reuse: measured again.
    expect((await profileProject.run({ repeat: 1 }, newToolContext({ path: dir }, null))).reusedFrom).toBeNull();
    // Any project file counts, not only the sources (a program reads its data).
    writeFileSync(path.join(dir, "input.txt"), "changed\n");
    expect((await profileProject.run({ repeat: 1, reuse: true }, newToolContext({ path: dir }, null))).reusedFrom).toBeNull();
    // Other arguments: another profile.
    expect((await profileProject.run({ repeat: 1, reuse: true }, newToolContext({ path: dir, args: ["20000"] }, null))).reusedFrom).toBeNull();
  }, 180_000);
});

describe("features", () => {
  it("count loops, their depth, recursion and container work from apc's AST", () => {
    const src = "def f(xs: list[int], n: int) -> list[int]:\n    out = []\n    for i in range(n):\n        for x in xs:\n            out.append(x * i)\n    return f(out, n - 1) if n else out\n";
    const v = extractFeatures(src, "t.py", "f", null)!;
    expect(v.loop_depth_max).toBe(2);
    expect(v.loops).toBe(2);
    expect(v.recursion).toBe(1);
    expect(v.container_writes).toBe(1);
    expect(v.returns_container).toBe(1);
    expect(v.int_params).toBe(1);
    expect(extractFeatures(src, "t.py", "g", null)).toBeNull();
  });

  it("embed as log1p of each value, and refuse a vector of the wrong length", () => {
    const v = fromArray(FEATURE_NAMES.map((_, i) => i));
    expect(embed(v)).toEqual(FEATURE_NAMES.map((_, i) => Math.log1p(i)));
    expect(() => fromArray([1, 2, 3])).toThrow(FeatureVectorInvalid);
  });
});
