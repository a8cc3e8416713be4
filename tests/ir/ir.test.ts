// IR unit tests: the printer's stable text (golden files), and the
// validator rejecting malformed functions with every rule it states.

import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/driver.js";
import type { Block, BlockId, IrFunction, IrModule, ValueId } from "../../compiler/ir/ir.js";
import { validateModule } from "../../compiler/ir/validate.js";
import { expectGolden } from "./golden.js";

async function ir(source: string): Promise<string> {
  const res = await compile(source, { file: "t.py", emit: "ir" });
  expect(res.ok, JSON.stringify(res.diagnostics)).toBe(true);
  return res.artifacts.ir!;
}

describe("IR printer", () => {
  it("prints a counted loop with phis", async () => {
    expectGolden(
      "factorial.ir",
      await ir(`def factorial(n: int) -> int:
    result = 1
    for i in range(2, n + 1):
        result *= i
    return result

print(factorial(10))
`),
    );
  });

  it("prints short-circuit conditions and float promotion", async () => {
    expectGolden(
      "clamp.ir",
      await ir(`def clamp(x, lo, hi):
    if x < lo or x > hi:
        return lo if x < lo else hi
    return x

print(clamp(5, 0, 3), clamp(0.5, 0.0, 1.0))
`),
    );
  });

  it("prints recursion and a while loop with else", async () => {
    expectGolden(
      "gcd.ir",
      await ir(`def gcd(a, b):
    while b:
        a, b = b, a % b
    else:
        print("done")
    return a

print(gcd(1071, 462))
`),
    );
  });
});

// ---- validator ---------------------------------------------------------------

const v = (n: number) => n as ValueId;
const bid = (n: number) => n as BlockId;
const site = { func: "f", span: { start: 0, end: 1, line: 1, col: 1, endLine: 1, endCol: 2 } };

function fn(blocks: Block[], params: IrFunction["params"] = [], ret: IrFunction["ret"] = "i64"): IrModule {
  return { sourceFile: "t.py", globals: [{ name: "g", ty: "f64" }], functions: [{ name: "f", pyName: "f", params, ret, blocks, exported: false }] };
}

function problems(m: IrModule): string[] {
  return validateModule(m).map((p) => `${p.entity}: ${p.message}`);
}

describe("IR validator", () => {
  it("accepts a well-formed function", () => {
    const m = fn([
      {
        id: bid(0),
        label: "entry",
        insts: [
          { id: v(1), op: "const", ty: "i64", args: [], site: null, value: 2n },
          { id: v(2), op: "iadd", ty: "i64", args: [v(0), v(1)], site },
        ],
        term: { kind: "ret", value: v(2) },
      },
    ], [{ name: "x", ty: "i64", id: v(0) }]);
    expect(problems(m)).toEqual([]);
  });

  it("reports a missing terminator, an undefined value and wrong operand types together", () => {
    const m = fn([
      {
        id: bid(0),
        label: "entry",
        insts: [
          { id: v(1), op: "const", ty: "f64", args: [], site: null, value: 1.5 },
          { id: v(2), op: "iadd", ty: "i64", args: [v(1), v(9)], site },
        ],
        term: null,
      },
    ]);
    const p = problems(m);
    expect(p).toContain("block entry.0: has no terminator");
    expect(p).toContain("%2 (iadd): uses undefined value %9");
    expect(p).toContain("%2 (iadd): iadd operand 1 is f64, expected i64");
  });

  it("reports uses not dominated by their definition", () => {
    // entry -> (a | b) -> join; join uses a value defined only in a.
    const m = fn([
      { id: bid(0), label: "entry", insts: [{ id: v(1), op: "const", ty: "i1", args: [], site: null, value: true }], term: { kind: "branch", cond: v(1), then: bid(1), else: bid(2) } },
      { id: bid(1), label: "a", insts: [{ id: v(2), op: "const", ty: "i64", args: [], site: null, value: 1n }, { id: v(3), op: "iadd", ty: "i64", args: [v(2), v(2)], site }], term: { kind: "jump", target: bid(3) } },
      { id: bid(2), label: "b", insts: [], term: { kind: "jump", target: bid(3) } },
      { id: bid(3), label: "join", insts: [], term: { kind: "ret", value: v(3) } },
    ]);
    expect(problems(m)).toEqual(["terminator of join.3: use of %3 is not dominated by its definition"]);
  });

  it("reports phis whose incoming blocks differ from the predecessors, and bad branch conditions", () => {
    const m = fn([
      { id: bid(0), label: "entry", insts: [{ id: v(1), op: "const", ty: "i64", args: [], site: null, value: 1n }], term: { kind: "branch", cond: v(1), then: bid(1), else: bid(1) } },
      { id: bid(1), label: "join", insts: [{ id: v(2), op: "phi", ty: "i64", args: [v(1)], incoming: [bid(5)], site: null }], term: { kind: "ret", value: v(2) } },
    ]);
    const p = problems(m);
    expect(p).toContain("terminator of entry.0: branch condition is i64, expected i1");
    expect(p.some((x) => x.startsWith("%2 (phi): phi incoming blocks [5] differ from predecessors [0, 0]"))).toBe(true);
  });

  it("reports unknown callees, unknown runtime functions, globals of the wrong type and bad returns", () => {
    const m = fn(
      [
        {
          id: bid(0),
          label: "entry",
          insts: [
            { id: v(1), op: "call", callee: "nope", ty: "i64", args: [], site },
            { id: v(2), op: "callrt", fn: "apc_print_int", ty: "void", args: [v(5)], site: null },
            { id: v(3), op: "gload", global: "g", ty: "i64", args: [], site },
            { id: v(4), op: "callrt", fn: "apc_no_such", ty: "void", args: [], site: null },
            { id: v(5), op: "const", ty: "f64", args: [], site: null, value: 0.5 },
          ],
          term: { kind: "ret", value: v(5) },
        },
      ],
      [],
      "i64",
    );
    const p = problems(m);
    expect(p).toContain("%1 (call): calls unknown function @nope");
    expect(p).toContain("%3 (gload): gload of f64 global as i64");
    expect(p).toContain("%4 (callrt): calls unknown runtime function apc_no_such");
    expect(p).toContain("%2 (callrt): use of %5 is not dominated by its definition");
    expect(p).toContain("terminator of entry.0: returns f64, function returns i64");
  });

  it("reports raising ops without a source site and values defined twice", () => {
    const m = fn([
      {
        id: bid(0),
        label: "entry",
        insts: [
          { id: v(1), op: "const", ty: "i64", args: [], site: null, value: 1n },
          { id: v(1), op: "imul", ty: "i64", args: [v(0), v(0)], site: null },
        ],
        term: { kind: "ret", value: v(1) },
      },
    ], [{ name: "x", ty: "i64", id: v(0) }]);
    const p = problems(m);
    expect(p).toContain("%1: defined more than once");
    expect(p).toContain("%1 (imul): imul can raise but has no source site");
  });
});
