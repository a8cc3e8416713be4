// Semantic errors: each code's full rendered message (the text a user
// reads), and inference facts (specialisation per argument types, recursive
// return types, refusal propagating to callers).

import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/driver.js";
import { renderDiagnostic } from "../../compiler/diagnostics.js";

async function diagnose(source: string): Promise<string> {
  const res = await compile(source, { file: "t.py", emit: "ir" });
  expect(res.ok).toBe(false);
  return res.diagnostics.map((d) => renderDiagnostic(d, source)).join("\n\n");
}

describe("rendered semantic errors", () => {
  it("E0101 undefined name", async () => {
    expect(await diagnose("print(nope)\n")).toBe(
      [
        "error[E0101]: name 'nope' is not defined",
        " --> t.py:1:7",
        "  |",
        "1 | print(nope)",
        "  |       ^^^^",
        "  = help: define the name before use, or import it",
      ].join("\n"),
    );
  });

  it("E0102 wrong arity, with CPython's TypeError wording", async () => {
    expect(await diagnose("def f(a, b):\n    return a\nprint(f(1))\n")).toBe(
      [
        "error[E0102]: f() missing 1 required positional argument: 'b'",
        " --> t.py:3:7",
        "  |",
        "3 | print(f(1))",
        "  |       ^^^^",
        "  = help: pass exactly the parameters the function declares",
      ].join("\n"),
    );
  });

  it("E0103 unknown keyword", async () => {
    expect(await diagnose("def f(a):\n    return a\nprint(f(b=1))\n")).toContain("error[E0103]: f() got an unexpected keyword argument 'b'\n --> t.py:3:9");
  });

  it("E0201 type mismatch", async () => {
    expect(await diagnose('x = 1 + "a"\n')).toBe(
      [
        "error[E0201]: unsupported operand type(s) for +: 'int' and 'str'",
        " --> t.py:1:5",
        "  |",
        '1 | x = 1 + "a"',
        "  |     ^^^^^^^",
        "  = help: convert one operand explicitly, e.g. with int(), float() or str()",
      ].join("\n"),
    );
  });

  it("E0202 a variable that changes type, with a precise help", async () => {
    const text = await diagnose("def f(n):\n    s = 0\n    for i in range(n):\n        s += 0.5\n    return s\nprint(f(3))\n");
    expect(text).toContain("error[E0202]: '+=' turns int variable 's' into float\n --> t.py:4:9");
    expect(text).toContain("= help: start 's' as a float (e.g. s = 0.0)");
  });

  it("E0203 annotated function that can fall off the end", async () => {
    const text = await diagnose("def f(n: int) -> int:\n    if n > 0:\n        return 1\nprint(f(2))\n");
    expect(text).toContain("error[E0203]: function 'f' is annotated -> int but can reach its end and return None\n --> t.py:1:5");
  });

  it("E0205 returns of different types", async () => {
    const text = await diagnose("def f(n):\n    if n > 0:\n        return 1\n    return 2.5\nprint(f(2))\n");
    expect(text).toContain("error[E0205]: function 'f' returns int on one path and float on another");
    expect(text).toContain("= note: the int comes from here (line 3:16)");
  });

  it("E0301 unsupported constructs name the construct", async () => {
    expect(await diagnose("class A:\n    pass\n")).toContain("error[E0301]: classes are not supported by apc yet\n --> t.py:1:1");
    expect(await diagnose("def f(x):\n    def g():\n        return x\n    return g()\nprint(f(1))\n")).toContain(
      "error[E0301]: 'x' is a variable of the enclosing function 'f'; closures are not compiled yet",
    );
  });

  it("E0106 a module apc does not compile natively", async () => {
    expect(await diagnose("import os\n")).toContain("error[E0106]: module 'os' is not compiled natively\n --> t.py:1:8");
  });

  it("E0303 integer literal past 64 bits", async () => {
    expect(await diagnose("print(99999999999999999999)\n")).toContain("error[E0303]: integer literal does not fit in 64 bits");
  });
});

describe("inference", () => {
  it("specialises one unannotated function per argument-type tuple", async () => {
    const res = await compile("def sq(x):\n    return x * x\nprint(sq(7), sq(2.5), sq(True))\n", { file: "t.py", emit: "ir" });
    expect(res.ok).toBe(true);
    const sigs = res.functions.filter((f) => f.name === "sq").map((f) => f.signature).sort();
    expect(sigs).toEqual(["(bool) -> int", "(float) -> float", "(int) -> int"]);
  });

  it("infers mutually recursive return types", async () => {
    const src = "def even(n):\n    if n == 0:\n        return True\n    return odd(n - 1)\ndef odd(n):\n    if n == 0:\n        return False\n    return even(n - 1)\nprint(even(10))\n";
    const res = await compile(src, { file: "t.py", emit: "ir" });
    expect(res.functions.filter((f) => f.name !== "<module>").map((f) => `${f.name}${f.signature}`).sort()).toEqual(["even(int) -> bool", "odd(int) -> bool"]);
  });

  it("types a function that never returns as NoReturn", async () => {
    const res = await compile("def down(n):\n    return down(n + 1) + 1\nprint(down(0))\n", { file: "t.py", emit: "ir" });
    expect(res.ok).toBe(true);
    expect(res.functions.find((f) => f.name === "down")!.signature).toBe("(int) -> NoReturn");
  });

  it("reports callers of a refused function as refused, with the reason", async () => {
    const src = "def bad(x):\n    return x + 'a'\ndef caller(y):\n    return bad(y)\nprint(caller(1))\n";
    const res = await compile(src, { file: "t.py", emit: "shared" });
    const caller = res.functions.find((f) => f.name === "caller")!;
    expect(caller.status).toBe("refused");
    expect(caller.reason!.message).toBe("calls bad(int), which apc refused");
  });
});

describe("signature hints from observed traces", () => {
  it("compiles an uncalled, unannotated function for each observed signature", async () => {
    const src = "def norm(xs, scale):\n    total = 0.0\n    for x in xs:\n        total += x * x\n    return total * scale\n";
    const without = await compile(src, { file: "t.py", emit: "ir" });
    expect(without.functions.find((f) => f.name === "norm")!.status).toBe("not-compiled");
    const res = await compile(src, { file: "t.py", emit: "ir", signatureHints: { norm: [["list[float]", "float"], ["list[float]", "int"], ["list[str]", "bogus"]] } });
    const sigs = res.functions.filter((f) => f.name === "norm").map((f) => `${f.signature} ${f.status}`).sort();
    expect(sigs).toEqual(["(list[float], float) -> float compiled", "(list[float], int) -> float compiled"]);
  });
});
