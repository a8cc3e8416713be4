// The `apc` command end to end, run as a user runs it (node bin/apc.js, the
// package's bin): build, run with its cache, check, emit, report, shared
// libraries called from CPython through ctypes, and doctor.

import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { PYTHON, tempDir } from "./helpers.js";

const APC = path.join(import.meta.dirname, "..", "bin", "apc.js");

/** The CLI as a child process, awaited: a worker blocked in spawnSync for
 *  over a minute misses vitest's RPC deadline ("Timeout calling onTaskUpdate"). */
async function apc(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = await execa(process.execPath, [APC, ...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env }, reject: false, stripFinalNewline: false, timeout: 120_000 });
  return { stdout: String(r.stdout), stderr: String(r.stderr), status: r.exitCode ?? null };
}

function project(files: Record<string, string>): string {
  const dir = tempDir("apc-cli-");
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const SQUARE = `def square(x):
    return x * x

print(square(7), square(2.5))
`;

// Float products and sums, where a fused multiply-add would change the digits,
// and a recursion -O3's inliner threshold folds (a pipeline without it does not).
const FLOATS = `def fib(n: int) -> int:
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)

def energy(xs: list[float], vs: list[float]) -> float:
    e = 0.0
    for i in range(len(xs)):
        e += 0.5 * vs[i] * vs[i] + xs[i] * 1.0000001 - 0.3 * xs[i] * vs[i]
    return e

xs = [i * 0.37 for i in range(2000)]
vs = [1.0 / (i + 1) for i in range(2000)]
print(energy(xs, vs), repr(energy(vs, xs)), fib(20))
`;

// One test after another: concurrent tests start their timeouts together,
// and on a busy machine the last of a batch timed out on the others' work.
describe("apc CLI", () => {
  it("builds an executable that runs without Python", async () => {
    const dir = project({ "sq.py": SQUARE });
    const r = await apc(["build", "sq.py", "-o", "sq"], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(execFileSync(path.join(dir, "sq"), { encoding: "utf8", env: {} })).toBe("49 6.25\n");
    const deps = execFileSync("ldd", [path.join(dir, "sq")], { encoding: "utf8" });
    expect(deps).not.toMatch(/libpython/);
  });

  it("runs through a content-addressed cache and skips the compile the second time", async () => {
    const dir = project({ "args.py": "import sys\nprint(int(sys.argv[1]) * 2)\n" });
    const first = await apc(["run", "args.py", "21"], { cwd: dir });
    expect(first.stdout).toBe("42\n");
    const cache = path.join(dir, ".apc", "cache");
    const entries = readdirSync(cache);
    expect(entries).toHaveLength(1);
    const exe = path.join(cache, entries[0]!, "args");
    const mtime = statSync(exe).mtimeMs;
    const second = await apc(["run", "args.py", "5"], { cwd: dir });
    expect(second.stdout).toBe("10\n");
    expect(statSync(exe).mtimeMs).toBe(mtime);
    expect(readdirSync(cache)).toHaveLength(1);
    writeFileSync(path.join(dir, "args.py"), "import sys\nprint(int(sys.argv[1]) * 3)\n");
    expect((await apc(["run", "args.py", "5"], { cwd: dir })).stdout).toBe("15\n");
    expect(readdirSync(cache)).toHaveLength(2);
  });

  it("passes the program's exit status through `apc run`", async () => {
    const dir = project({ "boom.py": "print('before')\nx = 0\nprint(1 // x)\n" });
    const r = await apc(["run", "boom.py"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("before\n");
    expect(r.stderr).toContain('File "boom.py", line 3, in <module>');
    expect(r.stderr.trimEnd().split("\n").pop()).toBe("ZeroDivisionError: integer division or modulo by zero");
  });

  it("checks a file and renders diagnostics rustc-style", async () => {
    const dir = project({ "bad.py": "def f(n):\n    return n + undefined_thing\n\nprint(f(1))\n" });
    const r = await apc(["check", "bad.py"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      ["error[E0101]: name 'undefined_thing' is not defined", " --> bad.py:2:16", "  |", "2 |     return n + undefined_thing", "  |                ^^^^^^^^^^^^^^^"].join("\n"),
    );
    expect(r.stderr).toContain("= help:");
  });

  it("reports syntax errors as E0001 with a position", async () => {
    const dir = project({ "syn.py": "x = (1 +\nprint(x)\n" });
    const r = await apc(["check", "syn.py"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error\[E0001\]/);
    expect(r.stderr).toMatch(/--> syn\.py:\d+:\d+/);
  });

  it("prints a JSON report with per-phase timings and per-function results", async () => {
    const dir = project({ "sq.py": SQUARE + "\ndef unused(a, b):\n    return a\n" });
    const r = await apc(["build", "sq.py", "-o", "sq", "--report", "json"], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report.timings).sort()).toEqual(["check", "link", "llc", "llvm", "lower", "opt", "parse"]);
    const fns = Object.fromEntries(report.functions.map((f: { name: string; signature: string; status: string }) => [`${f.name}${f.signature ?? ""}`, f.status]));
    expect(fns["square(int) -> int"]).toBe("compiled");
    expect(fns["square(float) -> float"]).toBe("compiled");
    expect(fns["unused"]).toBe("not-compiled");
  });

  it("emits IR, LLVM and assembly", async () => {
    const dir = project({ "sq.py": SQUARE });
    expect((await apc(["emit", "ir", "sq.py"], { cwd: dir })).stdout).toMatch(/func @py_square__i\(%0: i64\) -> i64/);
    expect((await apc(["build", "sq.py", "--emit", "llvm", "-O2"], { cwd: dir })).stdout).toMatch(/define .*@apc_module_main/);
    expect((await apc(["build", "sq.py", "--emit", "asm"], { cwd: dir })).stdout).toMatch(/apc_module_main:/);
  });

  it("builds -O3's exact code from the pipeline default<O3>, and for a CPU given by --cpu or ;cpu=", async () => {
    const dir = project({ "floats.py": FLOATS });
    const asm = async (...a: string[]) => (await apc(["build", "floats.py", "-O3", "--emit", "asm", ...a], { cwd: dir })).stdout;
    // The optimizer measures pipelines against `default<O3>`: it must be -O3.
    expect(await asm("--passes", "default<O3>")).toBe(await asm());
    // (less the ModuleID line, which names the build's temporary folder)
    const llvm = async (...a: string[]) => (await apc(["build", "floats.py", "-O3", "--emit", "llvm", ...a], { cwd: dir })).stdout.replace(/^; ModuleID.*\n/, "");
    expect(await llvm()).not.toContain('"target-cpu"');
    const haswell = await llvm("--cpu", "haswell");
    expect(haswell).toContain('"target-cpu"="haswell"');
    expect(await llvm("--passes", "default<O3>;cpu=haswell")).toBe(haswell);
    // A native build prints what CPython prints (no fused multiply-adds).
    const b = await apc(["build", "floats.py", "-O3", "--cpu", "native", "-o", "floats"], { cwd: dir });
    expect(b.status, b.stderr).toBe(0);
    const py = execFileSync(PYTHON, ["floats.py"], { cwd: dir, encoding: "utf8" });
    expect(execFileSync(path.join(dir, "floats"), { encoding: "utf8" })).toBe(py);
  });

  it("divides 64-bit ints through a 32-bit divide when both operands fit, with Python's results on every side of that", async () => {
    const src = [
      "import sys",
      "",
      "def mix(a: int, b: int) -> int:",
      "    return (a % b) * 7 + a // b",
      "",
      "n = len(sys.argv)",
      "vals = [7, -7, 123456789, -123456789, 4294967295, 4294967296, 9223372036854775807, -9223372036854775807]",
      "total = 0",
      "for a in vals:",
      "    for b in [3 * n, -3 * n, 65537 * n, 4294967311 * n]:",
      "        total += mix(a, b)",
      "        print(a % b, a // b)",
      "print(total)",
    ].join("\n") + "\n";
    const dir = project({ "div.py": src });
    // The bypass: a divl beside the divq, taken when both fit in 32 bits.
    const asm = (await apc(["build", "div.py", "-O3", "--emit", "asm"], { cwd: dir })).stdout;
    expect(asm).toMatch(/\bdivl\b/);
    expect(asm).toMatch(/\bidivq\b/);
    const b = await apc(["build", "div.py", "-O3", "-o", "div"], { cwd: dir });
    expect(b.status, b.stderr).toBe(0);
    const py = execFileSync(PYTHON, ["div.py"], { cwd: dir, encoding: "utf8" });
    expect(execFileSync(path.join(dir, "div"), { encoding: "utf8" })).toBe(py);
  });

  it("refuses an unknown pass, CPU or pipeline option with a one-line error", async () => {
    const dir = project({ "sq.py": SQUARE });
    const cases: [string[], RegExp][] = [
      [["--passes", "no-such-pass"], /^error: opt rejected the pipeline "no-such-pass": unknown pass name 'no-such-pass'\n$/],
      [["--cpu", "pentium9000"], /^error: unknown CPU "pentium9000": `llc -mcpu=help` lists/],
      [["--passes", "default<O3>;fast"], /^error: pipeline "default<O3>;fast": after ";" apc expects cpu=NAME/],
    ];
    for (const [args, message] of cases) {
      const r = await apc(["build", "sq.py", ...args], { cwd: dir });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(path.join(dir, "sq"))).toBe(false);
    }
  });

  it("builds a shared library with one C symbol per specialisation, callable from CPython", async () => {
    const dir = project({ "sq.py": SQUARE });
    const r = await apc(["build", "sq.py", "--shared", "-o", "libsq.so"], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const syms = execFileSync("nm", ["-D", "--defined-only", path.join(dir, "libsq.so")], { encoding: "utf8" });
    expect(syms).toMatch(/ T py_square__i$/m);
    expect(syms).toMatch(/ T py_square__f$/m);
    const py = [
      "import ctypes",
      `lib = ctypes.CDLL(${JSON.stringify(path.join(dir, "libsq.so"))})`,
      "lib.py_square__i.restype = ctypes.c_int64; lib.py_square__i.argtypes = [ctypes.c_int64]",
      "lib.py_square__f.restype = ctypes.c_double; lib.py_square__f.argtypes = [ctypes.c_double]",
      "print(lib.py_square__i(12), lib.py_square__f(1.5))",
    ].join("\n");
    expect(execFileSync(PYTHON, ["-c", py], { encoding: "utf8" })).toBe("144 2.25\n");
  });

  it("doctor finds the toolchain, and names the install command for a missing one", async () => {
    const ok = await apc(["doctor"]);
    expect(ok.status, ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/ok\s+opt\s+\S+.*14\./);
    const missing = await apc(["doctor"], { env: { APC_LLVM_BIN: "/nonexistent" } });
    expect(missing.status).toBe(1);
    expect(missing.stdout).toMatch(/MISSING\s+opt/);
    expect(missing.stdout).toContain("apt-get install llvm-14");
  });

  it("refuses to build with a missing toolchain, with the install command", async () => {
    const dir = project({ "sq.py": SQUARE });
    const r = await apc(["build", "sq.py"], { cwd: dir, env: { APC_LLVM_BIN: "/nonexistent" } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("opt not found. Install it with: apt-get install llvm-14");
    expect(existsSync(path.join(dir, "sq"))).toBe(false);
  });
});
