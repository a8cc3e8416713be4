// Every tier through one interface (hybrid/tiers.ts), with the real
// compilers: apc at -O1, -O3 and a custom pipeline gives an object and its
// symbols; a refusal carries the compiler's code; Numba (when the
// interpreter has it) either compiles with the signature or says why not;
// python is always accepted.

import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileTier, numbaType } from "../../hybrid/tiers.js";
import { parseTy } from "../../compiler/frontend/types.js";
import { tempDir } from "../helpers.js";

const PHYSICS = path.join(import.meta.dirname, "..", "..", "examples", "projects", "particles", "physics.py");
// Debian's python3-numba lives with /usr/bin/python3 (what the bench peers use).
const NUMBA_PYTHON = ["/usr/bin/python3", "python3"].find((p) => spawnSync(p, ["-c", "import numba"]).status === 0) ?? null;

describe("compileTier", () => {
  const dir = tempDir("apc-tiers-");
  const file = path.join(dir, "physics.py");
  copyFileSync(PHYSICS, file);

  it.each(["apc-O1", "apc-O3", "apc-custom"] as const)("%s compiles to an object with the function's symbol", async (tier) => {
    const r = await compileTier({ file, qualname: "advance", tier, passes: "default<O2>,loop-unroll", output: path.join(dir, `${tier}.o`) });
    expect(r.refusal).toBeNull();
    expect(r.ok).toBe(true);
    expect(r.artifact).toBe(path.join(dir, `${tier}.o`));
    expect(r.symbols).toEqual(["apc_t_advance__LLfiff"]);
    expect(r.compileSeconds).toBeGreaterThan(0);
  });

  it("apc-custom without a pipeline and an unknown function are refusals, not crashes", async () => {
    expect((await compileTier({ file, qualname: "advance", tier: "apc-custom" })).refusal?.code).toBe("no-pipeline");
    expect((await compileTier({ file, qualname: "nope", tier: "apc-O3", output: path.join(dir, "x.o") })).refusal?.code).toBe("not-found");
  });

  it("python is always available", async () => {
    expect(await compileTier({ file, qualname: "advance", tier: "python" })).toMatchObject({ ok: true, artifact: null, refusal: null });
  });

  it("maps apc types to Numba's, and refuses what has no faithful mapping", () => {
    expect(numbaType(parseTy("list[list[float]]")!)).toEqual({ list: { list: "float64" } });
    expect(numbaType(parseTy("tuple[int, bool]")!)).toEqual({ tuple: ["int64", "boolean"] });
    expect(numbaType(parseTy("dict[str, int]")!)).toBeNull();
  });

  it.skipIf(!NUMBA_PYTHON)("numba compiles a function it accepts and explains one it does not", async () => {
    const ok = await compileTier({ file, qualname: "make_particles", tier: "numba", python: NUMBA_PYTHON! });
    expect(ok.refusal).toBeNull();
    expect(ok.artifact).toBe("(int64, int64)");
    const no = await compileTier({ file, qualname: "energy", tier: "numba", python: NUMBA_PYTHON!, argTypes: ["dict[str, int]", "float"] });
    expect(no.refusal?.code).toBe("numba-type");
  });

  it.skipIf(!NUMBA_PYTHON)("numba's probe loads the module's definitions without running the program", async () => {
    const prog = path.join(dir, "prog.py");
    writeFileSync(prog, ["import math", "K = 2 * math.pi", "", "def area(r: float) -> float:", "    return K * r * r", "", "print('ran')", "open('touched.txt', 'w').write('x')", ""].join("\n"));
    const r = await compileTier({ file: prog, qualname: "area", tier: "numba", python: NUMBA_PYTHON! });
    expect(r.refusal).toBeNull();
    expect(r.artifact).toBe("(float64,)");
    expect(existsSync(path.join(dir, "touched.txt"))).toBe(false);
  });
});

describe.skipIf(!NUMBA_PYTHON)("apc optimize --tier numba", () => {
  it("runs the function under Numba with the same guard and verification", async () => {
    const { planOptimization } = await import("../../hybrid/optimize.js");
    const dir = path.join(tempDir("apc-numba-"), "project");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "kernel.py"), ["def steps(limit: int) -> int:", "    total = 0", "    for n in range(1, limit):", "        x = n", "        while x != 1:", "            x = x // 2 if x % 2 == 0 else 3 * x + 1", "            total += 1", "    return total", ""].join("\n"));
    // fib recurses through its module global, which is the wrapper: Numba
    // must see itself there, or every call falls back to Python.
    writeFileSync(path.join(dir, "fib.py"), ["def fib(n: int) -> int:", "    return n if n < 2 else fib(n - 1) + fib(n - 2)", "", "def twice(x: int) -> int:", "    return x * 2", ""].join("\n"));
    writeFileSync(path.join(dir, "main.py"), "from kernel import steps\nfrom fib import fib, twice\n\nprint(steps(3000), steps(10), fib(22), fib(5), fib(3))\nprint(twice(5), twice(2**70), twice(-2**70))\n");
    const plan = await planOptimization({ path: dir, python: NUMBA_PYTHON!, repeat: 1, tier: "numba", minShare: 0 });
    const f = plan.functions.find((x) => x.key === "kernel.py:steps")!;
    // Numba ran it (its first call includes its JIT compile, so on this small
    // run it may measure slower than Python and be rejected as such).
    expect(f.calls).toBe(2);
    expect(f.fallbacks).toBe(0);
    expect(f.nativeSeconds).toBeGreaterThan(0);
    expect(f.verdict === "native" || f.reason?.code === "slower").toBe(true);
    const fib = plan.functions.find((x) => x.key === "fib.py:fib")!;
    expect(fib.calls).toBe(3); // the outermost calls, measured as Python and under Numba
    expect(fib.fallbacks).toBe(0);
    // An int beyond 64 bits does not convert: that call runs as Python (and
    // the next such call goes straight there), with Python's result.
    const twice = plan.functions.find((x) => x.key === "fib.py:twice")!;
    expect(twice.calls).toBe(3);
    expect(twice.fallbacks).toBe(2);
    expect(JSON.parse(readFileSync(path.join(dir, ".apc", "build", "apc", "tiers.json"), "utf8"))).toMatchObject({ "kernel.py:steps": "numba", "fib.py:fib": "numba" });
  });
});
