// The hybrid boundary with the real pieces: a module compiled in library
// mode, the extension built against python3's headers, and CPython calling
// it. The same script runs as plain Python and with the native functions:
// everything it prints must be identical (conversions, write-back into the
// caller's lists and dicts, NativeList views, guard fallbacks for other
// types and big ints, exceptions with CPython's types and messages).

import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compile } from "../../compiler/driver.js";
import { buildExtension, entryTableC, pythonInfo } from "../../hybrid/extension.js";
import { PYTHON, runProcess, tempDir } from "../helpers.js";

const FIXTURES = path.join(import.meta.dirname, "fixtures");

/** kernels.py compiled in library mode (with `passes`, if given) into the
 *  project's extension; the project's folder. */
async function buildProject(passes?: string): Promise<string> {
  const project = tempDir("apc-hybrid-");
  for (const f of ["kernels.py", "check_boundary.py", "measure_fib.py"]) copyFileSync(path.join(FIXTURES, f), path.join(project, f));
  const file = path.join(project, "kernels.py");
  const obj = path.join(project, "kernels.o");
  const r = await compile(readFileSync(file, "utf8"), { file, emit: "obj", output: obj, optLevel: 2, passes, library: { symbolPrefix: "apc_k_" } });
  expect(r.ok).toBe(true);
  const entries = r.functions.filter((f) => f.status === "compiled").map((f) => ({ key: `kernels.py:${f.name}`, symbol: f.symbol!, params: f.params!, returns: f.returns! }));
  const buildDir = path.join(project, ".apc", "build");
  mkdirSync(buildDir, { recursive: true });
  await buildExtension({ buildDir, objects: [obj], entries, python: await pythonInfo(PYTHON) });
  return project;
}

/** check_boundary.py as plain Python and with the native functions. */
function expectSameAsPython(project: string): void {
  const script = path.join(project, "check_boundary.py");
  const plain = runProcess(PYTHON, [script], project);
  const env = { ...process.env, PYTHONPATH: path.join(project, ".apc", "build") };
  const native = runProcess("env", [...Object.entries(env).map(([k, v]) => `${k}=${v}`), PYTHON, script, "native"], project);
  expect(plain.status).toBe(0);
  expect(native.stderr).toBe("");
  const lines = native.stdout.trimEnd().split("\n");
  expect(lines.at(-1)).toBe("native: NativeFunction NativeList");
  expect(lines.slice(0, -1).join("\n")).toBe(plain.stdout.trimEnd());
}

describe("hybrid boundary", () => {
  let project: string;
  beforeAll(async () => {
    project = await buildProject();
  });

  it("prints exactly what plain CPython prints", () => expectSameAsPython(project));

  it("prints the same with int specialisation (narrow=8: small int arguments take the copies, others the unchanged bodies)", async () => {
    expectSameAsPython(await buildProject("default<O2>;narrow=8"));
  });

  it.each(["native", "python"])("counts a recursive function's outermost calls only (APC_NATIVE_MEASURE=%s)", (mode) => {
    const stats = path.join(project, `stats-${mode}.json`);
    const env = { ...process.env, PYTHONPATH: path.join(project, ".apc", "build"), APC_NATIVE_STATS: stats, ...(mode === "python" ? { APC_NATIVE_MEASURE: "python" } : {}) };
    const r = runProcess("env", [...Object.entries(env).map(([k, v]) => `${k}=${v}`), PYTHON, path.join(project, "measure_fib.py")], project);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe("[987, 1597, 2584]");
    const wall = Number(/wall (\S+)/.exec(r.stderr)![1]);
    const fib = JSON.parse(readFileSync(stats, "utf8"))["kernels.py:fib"];
    expect(fib.calls).toBe(3);
    expect(fib.fallbacks).toBe(0);
    expect(fib.native_seconds).toBeGreaterThan(0);
    expect(fib.native_seconds).toBeLessThanOrEqual(wall);
  });

  it("reports which parameters a function may mutate", async () => {
    const file = path.join(FIXTURES, "kernels.py");
    const r = await compile(readFileSync(file, "utf8"), { file, emit: "ir", library: { symbolPrefix: "apc_k_" } });
    const mutated = Object.fromEntries(r.functions.filter((f) => f.params).map((f) => [f.name, f.params!.map((p) => p.mutated)]));
    expect(mutated.total).toEqual([false]); // iterates and indexes floats
    expect(mutated.scale).toEqual([true, false]); // xs[i] *= k
    expect(mutated.step).toEqual([false]); // `for row in grid` + total(row), which only reads
    expect(mutated.bump).toEqual([true]); // grid[0][0] = 1.0
    expect(mutated.via2).toEqual([true]); // passes xs to scale
    expect(mutated.counts).toEqual([false, false]);
    expect(mutated.add).toEqual([true, false]);
  });

  it("refuses what would differ when called from Python, with reason codes", async () => {
    const source = ["import random", "N = 3", "ITEMS = [1, 2]", "def a(x: int) -> int:", "    return x + N", "def b(i: int) -> int:", "    return ITEMS[i]", "def c(x: int) -> None:", "    print(x)", "def d() -> float:", "    return random.random()", ""].join("\n");
    const r = await compile(source, { file: "m.py", emit: "ir", library: { symbolPrefix: "apc_m_" } });
    const by = Object.fromEntries(r.functions.map((f) => [f.name, f]));
    expect(by.a!.status).toBe("compiled"); // N is a constant
    expect(by.b!.reason?.code).toBe("E0501");
    expect(by.c!.reason?.code).toBe("E0502");
    expect(by.d!.reason?.code).toBe("E0503");
    expect(r.functions.some((f) => f.name === "<module>")).toBe(false);
  });

  it("generates one entry per specialisation with its runtime types", () => {
    const c = entryTableC([{ key: "m.py:f", symbol: "apc_m_f__Lf", params: [{ name: "xs", type: "list[float]", mutated: true }], returns: "float" }]);
    expect(c).toContain("extern double apc_m_f__Lf(void *);");
    expect(c).toContain('{"m.py:f", "f", 1, names_0, params_0, &type_');
    expect(c).toContain("static const unsigned char mutates_0[] = {1};");
  });
});
