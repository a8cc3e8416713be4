// Trace mode on a real program: the observed signatures match the calls the
// program makes, container element types are right, call edges are counted,
// and the store answers getObservedSignatures() as the compiler will ask.
// Also the type names of apc_tracer/typenames.py on their own.

import { execFileSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { openTraceStore, type ObservedSignature, type StoredRun } from "../../memory/trace-store.js";
import { helperPythonPath } from "../../profiler/run-helper.js";
import { profileProgram, type ProfileOutcome } from "../../profiler/profile.js";
import { fixtureProject, PYTHON } from "./fixtures/projects.js";

let dir: string;
let out: ProfileOutcome;

beforeAll(async () => {
  dir = fixtureProject("types");
  out = await profileProgram({ path: dir, python: PYTHON, stdio: "pipe", mode: "trace" });
});

function signatures(run: StoredRun, qualname: string): [string, string, number][] {
  const f = run.functions.find((x) => x.qualname === qualname);
  if (!f) throw new Error(`${qualname} not in the run`);
  return run.signatures
    .filter((s) => s.functionId === f.id)
    .map((s): [string, string, number] => [`(${s.argTypes.join(", ")})`, s.returnType, s.calls])
    .sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]));
}

describe("trace mode types", () => {
  it("records one signature per argument-type tuple, with counts", () => {
    expect(out.run.run.exitStatus).toBe(0);
    expect(signatures(out.run, "f")).toEqual([
      ["(int, float)", "int", 1],
      ["(str, list[float])", "str", 2],
    ]);
  });

  it("names container element types from a bounded sample", () => {
    expect(signatures(out.run, "containers")).toEqual([["(list[float], dict[str, int], tuple[int, str], set[int], list[list[float]], list)", "int", 1]]);
    expect(signatures(out.run, "mixed")).toEqual([["(list[float | int | str])", "int", 1]]);
    expect(signatures(out.run, "count_words")).toEqual([["(list[str])", "collections.defaultdict[str, int]", 1]]);
  });

  it("binds defaults, *args, keyword-only and **kwargs in parameter order", () => {
    const kw = out.run.functions.find((f) => f.qualname === "kw")!;
    expect(kw.params).toEqual(["a", "b", "scale", "rest", "extra"]);
    expect(signatures(out.run, "kw")).toEqual([
      ["(int, float, int, tuple[()], dict)", "float", 1],
      ["(int, float, int, tuple[int, int], dict[str, str])", "float", 1],
    ]);
  });

  it("names classes, methods, generators, None and bool", () => {
    expect(signatures(out.run, "Point.__init__")).toEqual([
      ["(Point, float, float)", "None", 1],
      ["(Point, int, int)", "None", 1],
    ]);
    expect(signatures(out.run, "Point.norm2")).toEqual([
      ["(Point)", "float", 1],
      ["(Point)", "int", 1],
    ]);
    expect(signatures(out.run, "gen")).toEqual([["(int)", "Generator[float]", 1]]);
    expect(signatures(out.run, "many").map((s) => s[0])).toEqual(["(bool)", "(bytes)", "(float)", "(int)", "(list[int])", "(None)", "(str)", "(tuple[int])"]);
  });

  it("counts call edges and calls", () => {
    const id = (q: string) => out.run.functions.find((f) => f.qualname === q)!.id;
    const edge = (a: string, b: string) => out.run.edges.find((e) => e.callerId === id(a) && e.calleeId === id(b))?.calls;
    expect(edge("main", "f")).toBe(3);
    expect(edge("main", "many")).toBe(8);
    expect(edge("<module>", "main")).toBe(1);
    expect(edge("main", "Point.norm2")).toBe(2);
    expect(out.run.functions.find((f) => f.qualname === "many")!.calls).toBe(8);
  });

  it("classifies type stability", () => {
    const st = (q: string) => out.analysis.functions.find((f) => f.qualname === q)!.stability!;
    expect(st("containers")).toMatchObject({ kind: "monomorphic", argShapes: 1 });
    expect(st("f")).toMatchObject({ kind: "polymorphic", argShapes: 2, tracedCalls: 3 });
    expect(st("many")).toMatchObject({ kind: "megamorphic", argShapes: 8 });
    expect(st("Point.norm2")).toMatchObject({ kind: "monomorphic", argShapes: 1, signatures: 2 });
    const f = out.analysis.functions.find((x) => x.qualname === "f")!;
    expect(f.summary).toMatch(/^f \(main\.py:14\): .*3 calls; polymorphic, 2 argument shapes: \(str, list\[float\]\) -> str 67%, \(int, float\) -> int 33% -> specialise per shape$/);
    const many = out.analysis.functions.find((x) => x.qualname === "many")!;
    expect(many.summary).toMatch(/megamorphic, 8 argument shapes \(varying x: .*\) -> keep generic$/);
  });

  it("serves observed signatures to the compiler", () => {
    const store = openTraceStore(dir);
    try {
      const sigs: ObservedSignature[] = store.getObservedSignatures("f", { file: "main.py" });
      expect(sigs.map(({ argTypes, returnType, calls, params }) => ({ argTypes, returnType, calls, params }))).toEqual([
        { argTypes: ["str", "list[float]"], returnType: "str", calls: 2, params: ["a", "b"] },
        { argTypes: ["int", "float"], returnType: "int", calls: 1, params: ["a", "b"] },
      ]);
      expect(store.getObservedSignatures("f", { module: "elsewhere" })).toEqual([]);
      expect(store.getObservedSignatures("no_such_function")).toEqual([]);
    } finally {
      store.close();
    }
  });
});

describe("type names (apc_tracer.typenames)", () => {
  it("names values as the compiler reads them", () => {
    const script = `
import collections, json
from apc_tracer.typenames import type_name
class Box: pass
values = [
  1, 2.5, True, "s", None, b"x", 1j,
  [1.0, 2.0], [], [[1.0], [2.0]], [[[[1]]]], [1, "a"],
  {"a": 1}, {}, {1: [1.0]}, (1, "a"), (), tuple(range(10)), {1}, frozenset({"a"}),
  collections.OrderedDict(a=1), collections.Counter("ab"), Box(), list(range(100000)) + ["tail"],
]
print(json.dumps([type_name(v) for v in values]))
`;
    const names = JSON.parse(execFileSync(PYTHON, ["-c", script], { encoding: "utf8", env: { ...process.env, PYTHONPATH: helperPythonPath() } })) as string[];
    expect(names).toEqual([
      "int",
      "float",
      "bool",
      "str",
      "None",
      "bytes",
      "complex",
      "list[float]",
      "list",
      "list[list[float]]",
      "list[list[list[list]]]",
      "list[int | str]",
      "dict[str, int]",
      "dict",
      "dict[int, list[float]]",
      "tuple[int, str]",
      "tuple[()]",
      "tuple[int, ...]",
      "set[int]",
      "frozenset[str]",
      "collections.OrderedDict[str, int]",
      "collections.Counter[str, int]",
      "Box",
      // the sample is bounded (8 evenly spaced elements), and includes the last one
      "list[int | str]",
    ]);
  });
});
