// passes/int-ranges on IR lowered from Python: the bounds it derives for
// range() loop variables and the arithmetic on them, which checks it proves
// cannot overflow (and which it must keep), and what a `narrow=` build then
// emits: no overflow intrinsic where the ranges prove it, the test that
// enters the copy, and the same output as CPython on both sides of the width.

import { describe, expect, it } from "vitest";
import { parseModule } from "../../compiler/frontend/parse.js";
import { inferProgram } from "../../compiler/frontend/infer.js";
import { lowerProgram } from "../../compiler/ir/lower.js";
import type { Inst, IrFunction } from "../../compiler/ir/ir.js";
import { intRanges } from "../../compiler/passes/int-ranges.js";
import { compile } from "../../compiler/driver.js";
import { runPython, runProcess, tempDir } from "../helpers.js";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

function lowered(source: string, name: string): IrFunction {
  const parsed = parseModule(source, "t.py");
  const prog = inferProgram(parsed.module);
  const mod = lowerProgram(prog, prog.specs, { exportAll: false, rangeFacts: true });
  return mod.functions.find((f) => f.pyName === name)!;
}

const insts = (f: IrFunction, op: Inst["op"]) => f.blocks.flatMap((b) => b.insts).filter((i) => i.op === op);

const SPECTRAL = `def a_elem(i: int, j: int) -> float:
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def total(n: int) -> float:
    s = 0.0
    for i in range(n):
        for j in range(n):
            s += a_elem(i, j)
    return s


def count(n: int) -> int:
    k = 0
    while k < n:
        k = k + 1
    return k


print(total(40), count(10))
`;

describe("int ranges", () => {
  it("bounds the arithmetic of 31-bit parameters, and every check then goes", () => {
    const f = lowered(SPECTRAL, "a_elem");
    const narrow = intRanges(f, 31);
    const checked = ["iadd", "imul", "ifloordiv"].flatMap((op) => insts(f, op as Inst["op"]));
    expect(checked.length).toBeGreaterThanOrEqual(5);
    for (const i of checked) expect(narrow.cannotOverflow(i), `${i.op} %${i.id}`).toBe(true);
    // (i + j) * (i + j + 1) with i, j in [-2^30, 2^30): at most 2^62.
    const mul = insts(f, "imul")[0]!;
    expect(narrow.of(mul.id).hi).toBeLessThanOrEqual(1n << 62n);
    // With any i64 the same checks stay.
    const wide = intRanges(f, null);
    for (const i of checked.filter((i) => i.op !== "ifloordiv")) expect(wide.cannotOverflow(i)).toBe(false);
  });

  it("bounds range() loop variables by start and stop, so sums of them fit", () => {
    const f = lowered("def f(n: int) -> int:\n    s = 0\n    for i in range(n):\n        for j in range(3, n):\n            s = i + j\n    return s\n\nprint(f(5))\n", "f");
    const add = insts(f, "iadd")[0]!;
    const r = intRanges(f, 31);
    const [i, j] = add.args.map((a) => r.of(a));
    expect(i).toEqual({ lo: 0n, hi: (1n << 30n) - 2n });
    expect(j).toEqual({ lo: 3n, hi: (1n << 30n) - 2n });
    expect(r.cannotOverflow(add)).toBe(true);
    expect(intRanges(f, null).cannotOverflow(add)).toBe(false); // n near 2^63: i + j can overflow
  });

  it("widens a counter with no bound to all of i64, and keeps its check", () => {
    const f = lowered(SPECTRAL, "count");
    const r = intRanges(f, 31);
    const add = insts(f, "iadd")[0]!;
    expect(r.cannotOverflow(add)).toBe(false);
    expect(r.of(add.args[0]!).hi).toBe((1n << 63n) - 1n);
  });
});

describe("a narrow= build", () => {
  it("drops the overflow intrinsics the ranges prove, enters the copy by a test, and calls a copy directly where the arguments are known to fit", async () => {
    const base = await compile(SPECTRAL, { file: "t.py", optLevel: 3, emit: "llvm" });
    const narrow = await compile(SPECTRAL, { file: "t.py", optLevel: 3, passes: "default<O3>;narrow=31", emit: "llvm" });
    const overflowChecks = (ll: string) => (ll.match(/call \{ i64, i1 \} @llvm\.s(add|mul)\.with\.overflow/g) ?? []).length;
    const o0 = await compile(SPECTRAL, { file: "t.py", optLevel: 0, passes: "function(instcombine);narrow=31", emit: "llvm" });
    expect(o0.artifacts.llvm).toMatch(/define internal .*@py_a_elem__ii\.narrow\(/);
    expect(o0.artifacts.llvm).toMatch(/^narrow\.test:/m);
    expect(o0.artifacts.llvm).toMatch(/= add nsw i64/);
    // total(40) from the module body: 40 fits, so no test; a_elem(i, j) from total's copy: i, j < 40 fit too.
    expect(o0.artifacts.llvm).toMatch(/call double @py_total__i\.narrow\(i64 40,/);
    expect(o0.artifacts.llvm).toMatch(/call double @py_a_elem__ii\.narrow\(/);
    expect(overflowChecks(narrow.artifacts.llvm!)).toBeLessThan(overflowChecks(base.artifacts.llvm!));
  });

  it("matches CPython on both sides of the width, overflow errors included", async () => {
    const dir = tempDir("apc-narrow-");
    const file = path.join(dir, "edges.py");
    writeFileSync(
      file,
      `import sys


def poly(x: int, y: int) -> int:
    return x * x + y * y - x * y + 3 * x - 7


def tri(n: int) -> int:
    t = 0
    for i in range(n):
        t += i * (i + 1) // 2 - i % 3
    return t


def neg(x: int) -> int:
    return -x + abs(x) - x // 3


for v in [0, 1, -1, 127, 128, -128, -129, 2**15 - 1, 2**15, -2**15, -2**15 - 1, 2**30 - 1, 2**30, -2**30, -2**30 - 1, 2**31]:
    print(v, poly(v, 3), poly(-v, v // 2), neg(v), tri(v % 1000))
print(tri(3000))
print(poly(2**62, 1))
`,
    );
    const expected = runPython(file, []);
    expect(expected.status).toBe(0); // the last line is a bigint in CPython, an OverflowError in apc
    for (const bits of [8, 16, 31]) {
      const out = path.join(dir, `edges${bits}`);
      const res = await compile(readFileSync(file, "utf8"), { file: "edges.py", optLevel: 3, passes: `default<O3>;narrow=${bits}`, output: out });
      expect(res.ok).toBe(true);
      const actual = runProcess(out, []);
      const lines = expected.stdout.trimEnd().split("\n");
      // Every line CPython printed before the bigint, then apc's OverflowError.
      expect(actual.stdout).toBe(`${lines.slice(0, -1).join("\n")}\n`);
      expect(actual.status).toBe(1);
      expect(actual.stderr).toMatch(/OverflowError/);
    }
  });
});
