// Every tier through one interface (hybrid/tiers.ts), with the real
// compilers: apc at -O1, -O3 and a custom pipeline gives an object and its
// symbols; a refusal carries the compiler's code; Numba (when the
// interpreter has it) either compiles with the signature or says why not;
// python is always accepted.

import { spawnSync } from "node:child_process";
import { copyFileSync } from "node:fs";
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
});
