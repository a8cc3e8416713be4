// apc optimize on the bundled example project (a copy): the plan names the
// hot function and why the others stay Python, --apply commits on a new
// branch with output verified identical, --undo returns to the user's
// branch; a dirty tree is refused with nothing lost; a folder that is not a
// git repository gets backup copies instead.

import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { simpleGit } from "simple-git";
import { describe, expect, it } from "vitest";
import { applyPlan, checkCleanTree, DirtyWorkingTree, undoOptimization } from "../../hybrid/apply.js";
import { bisect, planOptimization } from "../../hybrid/optimize.js";
import { PYTHON, tempDir } from "../helpers.js";

const EXAMPLE = path.join(import.meta.dirname, "..", "..", "examples", "projects", "particles");

function copyExample(steps = 120): string {
  const dir = path.join(tempDir("apc-optimize-"), "particles");
  cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}.apc`) && !src.endsWith(".csv") });
  // A smaller run: the test checks behaviour, benchmarks/ measures speed.
  const config = JSON.parse(readFileSync(path.join(dir, "config.json"), "utf8"));
  writeFileSync(path.join(dir, "config.json"), JSON.stringify({ ...config, particles: 30, steps }));
  return dir;
}

/** A measured decision is asserted only where it cannot go the other way on
 *  a loaded machine: at 1200 steps advance is about 65% of the particles
 *  run and energy (5 calls, 30 particles) about 0.08%, a millisecond; a cut
 *  at 5% is an order of magnitude from both. (At the default 1% cut and 120
 *  steps, energy's 0.2% became 1% when the scheduler paused it for a few ms.) */
const CERTAIN = { steps: 1200, minShare: 0.05 };

async function gitInit(dir: string) {
  const git = simpleGit(dir);
  await git.init();
  await git.addConfig("user.email", "test@apc.invalid");
  await git.addConfig("user.name", "apc test");
  await git.add(".");
  await git.commit("the project");
  return git;
}

/** Each bundled example, shrunk: the tests check behaviour; benchmarks/hybrid.mjs measures. */
const EXAMPLES = [
  { name: "particles", shrink: { file: "config.json", set: { particles: 24, steps: 80 } }, args: ["out.csv"], hot: "physics.py:advance" },
  { name: "raytracer", shrink: { file: "scene.json", set: { width: 48, height: 36 } }, args: ["out.ppm"], hot: "tracer.py:render" },
  { name: "textstats", shrink: null, args: ["corpus", "3"], hot: "stats.py:sentence_stats" },
];

function copyProject(name: string, shrink: { file: string; set: Record<string, number> } | null): string {
  const dir = path.join(tempDir("apc-example-"), name);
  const src = path.join(EXAMPLE, "..", name);
  cpSync(src, dir, { recursive: true, filter: (s) => !s.includes(`${path.sep}.apc`) && path.basename(s) !== "corpus" && !/\.(csv|ppm)$/.test(s) });
  if (shrink) {
    // Edit the numbers in the text: re-serialising would turn 0.0 into 0, an
    // int where the code expects floats (the guard would rightly run Python).
    const f = path.join(dir, shrink.file);
    let text = readFileSync(f, "utf8");
    for (const [k, v] of Object.entries(shrink.set)) text = text.replace(new RegExp(`"${k}": \\d+`), `"${k}": ${v}`);
    writeFileSync(f, text);
  }
  return dir;
}

describe.each(EXAMPLES)("apc optimize on examples/projects/$name", ({ name, shrink, args, hot }) => {
  it("plans with the hot function native, applies on a branch with identical output, and undoes", async () => {
    const dir = copyProject(name, shrink);
    const git = await gitInit(dir);
    const sources = Object.fromEntries((await git.raw(["ls-files", "*.py"])).trim().split("\n").map((f) => [f, readFileSync(path.join(dir, f), "utf8")]));
    const plan = await planOptimization({ path: dir, python: PYTHON, repeat: 1, args, minShare: 0 });
    const by = Object.fromEntries(plan.functions.map((f) => [f.key, f]));
    expect(`${by[hot]!.verdict} ${by[hot]!.reason?.message ?? ""}`.trim()).toBe("native");
    expect(by[hot]!.fallbacks).toBe(0);
    expect(by["main.py:main"]!.verdict).toBe("not-candidate");
    expect(plan.verified).toBe(true);
    expect(plan.optimized!.stdout).toBe(plan.baseline.stdout);
    const r = await applyPlan(plan, { python: PYTHON, args });
    expect(r.problem).toBeNull();
    expect((await git.status()).current).toBe(r.branch);
    await undoOptimization(dir);
    for (const [f, text] of Object.entries(sources)) expect(readFileSync(path.join(dir, f), "utf8")).toBe(text);
  });
});

describe("apc optimize", () => {
  it("plans, applies on a branch with identical output, and undoes", async () => {
    const dir = copyExample(CERTAIN.steps);
    const git = await gitInit(dir);
    const before = readFileSync(path.join(dir, "physics.py"), "utf8");
    const plan = await planOptimization({ path: dir, python: PYTHON, repeat: 1, args: ["out.csv"], minShare: CERTAIN.minShare });
    const by = Object.fromEntries(plan.functions.map((f) => [f.key, f]));
    expect(by["physics.py:advance"]!.verdict).toBe("native");
    expect(by["physics.py:advance"]!.calls).toBe(4);
    expect(by["physics.py:advance"]!.fallbacks).toBe(0);
    expect(by["main.py:main"]!.verdict).toBe("not-candidate");
    expect(by["main.py:main"]!.reason?.code).toMatch(/^E0/);
    expect(by["physics.py:energy"]!.reason?.code).toBe("cold");
    expect(plan.verified).toBe(true);
    expect(plan.optimized!.stdout).toBe(plan.baseline.stdout);

    const r = await applyPlan(plan, { python: PYTHON, args: ["out.csv"] });
    expect(r.applied).toBe(true);
    expect(r.problem).toBeNull();
    const status = await git.status();
    expect(status.current).toBe(r.branch);
    expect(r.branch).toMatch(/^apc\/optimize-\d{8}-\d{6}$/);
    const log = await git.log();
    expect(log.latest!.message).toContain("1 function(s) native");
    expect(log.latest!.body).toContain("physics.py:advance: apc-O3");
    const edited = readFileSync(path.join(dir, "physics.py"), "utf8");
    expect(edited).toContain("@apc.native\ndef advance(");
    expect(edited).not.toContain("@apc.native\ndef energy(");
    const tracked = await git.raw(["ls-files", ".apc"]);
    expect(tracked).toMatch(/\.apc\/build\/apc\/_apc_native\..*\.so/);

    await undoOptimization(dir);
    expect((await git.status()).current).toMatch(/^(master|main)$/);
    expect(readFileSync(path.join(dir, "physics.py"), "utf8")).toBe(before);
    expect(await git.branchLocal()).toHaveProperty("all", expect.arrayContaining([r.branch]));
  });

  it("refuses a dirty working tree and changes nothing", async () => {
    const dir = copyExample();
    await gitInit(dir);
    writeFileSync(path.join(dir, "physics.py"), `${readFileSync(path.join(dir, "physics.py"), "utf8")}\n# work in progress\n`);
    await expect(checkCleanTree(dir)).rejects.toBeInstanceOf(DirtyWorkingTree);
    expect(readFileSync(path.join(dir, "physics.py"), "utf8")).toContain("# work in progress");
  });

  it("keeps backup copies in a folder that is not a git repository", async () => {
    const dir = copyExample();
    const before = readFileSync(path.join(dir, "physics.py"), "utf8");
    const plan = await planOptimization({ path: dir, python: PYTHON, repeat: 1, args: ["out.csv"], functions: ["advance"] });
    const r = await applyPlan(plan, { python: PYTHON, args: ["out.csv"] });
    expect(r.kind).toBe("copy");
    expect(r.applied).toBe(true);
    expect(readFileSync(path.join(dir, r.backup!, "physics.py"), "utf8")).toBe(before);
    expect(readFileSync(path.join(dir, "physics.py"), "utf8")).toContain("@apc.native");
    await undoOptimization(dir);
    expect(readFileSync(path.join(dir, "physics.py"), "utf8")).toBe(before);
    expect(existsSync(path.join(dir, ".apc", "optimize-state.json"))).toBe(false);
    rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it("--verify runs the project's own command both ways and drops the function that changes it", async () => {
    const dir = copyExample();
    // A check that sees the difference NativeList makes (hybrid/README.md): type() of a returned list.
    const check = `${PYTHON} -c "import physics; print(type(physics.make_particles(2, 1)).__name__)"`;
    const plan = await planOptimization({ path: dir, python: PYTHON, repeat: 1, args: ["out.csv"], functions: ["advance", "make_particles"], verify: check });
    const by = Object.fromEntries(plan.functions.map((f) => [f.key, f]));
    expect(plan.verify!.baseline.stdout.trim()).toBe("list");
    expect(plan.culprits).toEqual(["physics.py:make_particles"]);
    expect(by["physics.py:make_particles"]!.verdict).toBe("rejected");
    expect(by["physics.py:make_particles"]!.reason?.code).toBe("differs");
    expect(by["physics.py:advance"]!.verdict).toBe("native");
    expect(plan.verified).toBe(true);
  });

  it("types an unannotated hot function from one traced run, then compiles it", async () => {
    const dir = path.join(tempDir("apc-untyped-"), "project");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "kernel.py"), ["def steps(limit):", "    total = 0", "    for n in range(1, limit):", "        x = n", "        while x != 1:", "            x = x // 2 if x % 2 == 0 else 3 * x + 1", "            total += 1", "    return total", ""].join("\n"));
    writeFileSync(path.join(dir, "main.py"), "from kernel import steps\n\nprint(steps(6000))\n");
    const plan = await planOptimization({ path: dir, python: PYTHON, repeat: 1 });
    const f = plan.functions.find((x) => x.key === "kernel.py:steps")!;
    expect(f.signature).toBe("(int) -> int");
    expect(f.verdict).toBe("native");
    expect(plan.verified).toBe(true);
  });

  it("the CLI prints the plan as JSON, and an unknown --tier is a usage error", async () => {
    const dir = path.join(tempDir("apc-cli-"), "project");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "kernel.py"), "def total(n: int) -> float:\n    s = 0.0\n    for i in range(n):\n        s += i * 0.5\n    return s\n");
    writeFileSync(path.join(dir, "main.py"), "from kernel import total\n\nprint(total(300000))\n");
    const bin = path.join(import.meta.dirname, "..", "..", "bin", "apc.js");
    // Awaited, not spawnSync: a worker blocked past a minute misses vitest's RPC deadline.
    const r = await execa(process.execPath, [bin, "optimize", dir, "--repeat", "1", "--report", "json", "--python", PYTHON], { reject: false });
    expect(r.exitCode, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.functions.map((f: { key: string; verdict: string }) => `${f.key} ${f.verdict}`)).toEqual(["kernel.py:total native"]);
    expect(plan.verified).toBe(true);
    expect(plan.baseline.stdout).toBe("22499925000.0\n");
    const bad = await execa(process.execPath, [bin, "optimize", dir, "--tier", "fast"], { reject: false });
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toContain("--tier");
  });

  it("bisects to the functions that change the output", async () => {
    const bad = new Set(["c", "f"]);
    const found = await bisect(["a", "b", "c", "d", "e", "f", "g"], async (keys) => !keys.some((k) => bad.has(k)));
    expect(found).toEqual(["c", "f"]);
  });
});
