// The random module of the C runtime (runtime/random.c) against CPython,
// run at test time: after random.seed(n) every draw must be bit-identical.
//
// tests/runtime/c/random_driver.c is compiled with runtime/random.c alone
// (it stubs apc_raise), fed a script of commands on stdin, and its output
// compared line by line with the same script run through CPython's random
// module by the Python twin below. Floats travel as hex bit patterns.

import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const RUNTIME = path.join(ROOT, "runtime");
const PYTHON = process.env.APC_TEST_PYTHON ?? "python3";
const CC = process.env.CC ?? "gcc";
const CFLAGS = ["-O2", "-std=c11", "-Wall", "-Wextra", "-Werror"];

// The Python twin of random_driver.c: same commands, same output format.
const PY_REF = String.raw`
import random, struct, sys

def fx(v):
    return '%016x' % struct.unpack('<Q', struct.pack('<d', v))[0]

def fl(h):
    return struct.unpack('<d', struct.pack('<Q', int(h, 16)))[0]

def run(c, a, out):
    if c == 'seed':
        random.seed(int(a[0])); out.append('-')
    elif c == 'seed_default':
        random.seed(); out.append('-')
    elif c == 'random':
        for _ in range(int(a[0])): out.append(fx(random.random()))
    elif c == 'getrandbits':
        for _ in range(int(a[1])): out.append(str(random.getrandbits(int(a[0]))))
    elif c == 'randbelow':
        for _ in range(int(a[1])): out.append(str(random._inst._randbelow(int(a[0]))))
    elif c == 'randrange1':
        for _ in range(int(a[1])): out.append(str(random.randrange(int(a[0]))))
    elif c == 'randrange2':
        for _ in range(int(a[2])): out.append(str(random.randrange(int(a[0]), int(a[1]))))
    elif c == 'randrange3':
        for _ in range(int(a[3])): out.append(str(random.randrange(int(a[0]), int(a[1]), int(a[2]))))
    elif c == 'randint':
        for _ in range(int(a[2])): out.append(str(random.randint(int(a[0]), int(a[1]))))
    elif c == 'uniform':
        for _ in range(int(a[2])): out.append(fx(random.uniform(fl(a[0]), fl(a[1]))))
    elif c == 'gauss':
        for _ in range(int(a[2])): out.append(fx(random.gauss(fl(a[0]), fl(a[1]))))
    elif c == 'choice':
        seq = range(int(a[0]))  # same len and indexing, no huge list
        for _ in range(int(a[1])): out.append(str(random.choice(seq)))
    elif c in ('shuffle', 'shuffle_raw'):
        x = list(range(int(a[0])))
        random.shuffle(x)
        out.extend(map(str, x))
    else:
        raise SystemExit('unknown command ' + c)

for line in sys.stdin:
    t = line.split()
    out = []
    try:
        run(t[0], t[1:], out)
    except (ValueError, IndexError, TypeError, OverflowError) as e:
        out.append(f'{type(e).__name__}: {e}')
    print(' '.join(out))
`;

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

let dir = "";
let driver = "";
let pyRef = "";

function run(cmd: string, args: string[], input = ""): { stdout: string; stderr: string; status: number } {
  const r = spawnSync(cmd, args, { input, encoding: "utf8", timeout: 120_000, maxBuffer: 256 << 20 });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? 128 };
}

function fhex(x: number): string {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(x);
  return b.readBigUInt64LE().toString(16).padStart(16, "0");
}

/** Run a script through both the C driver and CPython; expect identical output. */
function compare(script: string[]): string[] {
  const input = script.join("\n") + "\n";
  const c = run(driver, [], input);
  expect(c.stderr).toBe("");
  expect(c.status).toBe(0);
  const py = run(PYTHON, [pyRef], input);
  expect(py.stderr).toBe("");
  expect(py.status).toBe(0);
  const cl = c.stdout.split("\n");
  const pl = py.stdout.split("\n");
  expect(cl.length).toBe(script.length + 1);
  expect(pl.length).toBe(script.length + 1);
  for (let i = 0; i < script.length; i++) {
    if (cl[i] !== pl[i]) {
      // Report the command and the first differing value, not megabytes.
      const cv = cl[i]!.split(" ");
      const pv = pl[i]!.split(" ");
      let k = 0;
      while (k < Math.max(cv.length, pv.length) && cv[k] === pv[k]) k++;
      expect({ line: i + 1, command: script[i], index: k, c: cv[k], python: pv[k] }).toEqual({
        line: i + 1,
        command: script[i],
        index: k,
        c: pv[k],
        python: pv[k],
      });
    }
  }
  return cl.slice(0, script.length);
}

const SEEDS: bigint[] = [
  0n, 1n, 42n, 2n ** 32n + 5n, -7n, 2n ** 62n, I64_MAX, I64_MIN, -1n, 2n ** 32n - 1n, 2n ** 32n, -(2n ** 32n), 12345678901234n,
];

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "apc-random-"));
  driver = path.join(dir, "random_driver");
  const cc = run(CC, [
    ...CFLAGS,
    "-D_GNU_SOURCE",
    `-I${RUNTIME}`,
    path.join(RUNTIME, "random.c"),
    path.join(ROOT, "tests", "runtime", "c", "random_driver.c"),
    "-lm",
    "-o",
    driver,
  ]);
  expect(cc.stderr).toBe("");
  expect(cc.status).toBe(0);
  pyRef = path.join(dir, "random_ref.py");
  writeFileSync(pyRef, PY_REF);
});

describe("runtime random module vs CPython", () => {
  it("compiles warning-free with and without _GNU_SOURCE", () => {
    for (const extra of [[], ["-D_GNU_SOURCE"], ["-pedantic"]]) {
      const r = run(CC, [...CFLAGS, ...extra, `-I${RUNTIME}`, "-c", path.join(RUNTIME, "random.c"), "-o", path.join(dir, "random.o")]);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
    }
  });

  it("random() for many seeds, thousands of values each", () => {
    const script: string[] = [];
    for (const s of SEEDS) script.push(`seed ${s}`, "random 3000");
    // Reseeding restarts the sequence; 700 draws cross a state refill.
    script.push("seed 42", "random 700", "seed 42", "random 700");
    const out = compare(script);
    expect(out[out.length - 1]).toBe(out[out.length - 3]);
  });

  it("getrandbits(0..63)", () => {
    const script: string[] = [];
    for (const s of [0n, 42n, 2n ** 32n + 5n, -7n, 2n ** 62n]) {
      script.push(`seed ${s}`);
      for (let k = 0; k <= 63; k++) script.push(`getrandbits ${k} 60`);
    }
    compare(script);
  });

  it("_randbelow, randrange with 1, 2 and 3 arguments, randint", () => {
    const ns = [1n, 2n, 3n, 5n, 7n, 10n, 100n, 1000n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 31n + 1n, 2n ** 32n - 1n, 2n ** 32n,
      2n ** 32n + 1n, 2n ** 53n, 2n ** 62n + 1n, I64_MAX];
    const r2: [bigint, bigint][] = [[0n, 10n], [-10n, 10n], [-5n, -1n], [I64_MIN, I64_MAX], [0n, I64_MAX], [I64_MIN, 0n],
      [I64_MIN, -1n], [5n, 6n], [-(2n ** 40n), 2n ** 40n + 3n]];
    const r3: [bigint, bigint, bigint][] = [[0n, 100n, 7n], [100n, 0n, -7n], [10n, -10n, -3n], [-10n, 10n, 3n], [0n, 10n, 1n],
      [5n, 6n, 100n], [6n, 5n, -100n], [I64_MIN, I64_MAX, 2n ** 62n], [I64_MAX, I64_MIN, I64_MIN], [I64_MAX, I64_MIN, -1n],
      [I64_MIN, I64_MAX, 3n], [I64_MAX, I64_MIN, -3n], [I64_MIN, I64_MAX, I64_MAX], [0n, 1000000n, 999999n],
      [-1n, -100n, -2n]];
    const ri: [bigint, bigint][] = [[1n, 6n], [-100n, 100n], [5n, 5n], [0n, 1n], [I64_MIN, I64_MAX], [0n, I64_MAX],
      [I64_MIN, 0n], [I64_MAX - 2n, I64_MAX], [I64_MIN, I64_MIN + 1n], [-1n, I64_MAX]];
    const script: string[] = [];
    for (const s of [0n, 1n, 42n, 2n ** 32n + 5n, -7n, 2n ** 62n]) {
      script.push(`seed ${s}`);
      for (const n of ns) script.push(`randbelow ${n} 200`);
      for (const n of ns) script.push(`randrange1 ${n} 100`);
      for (const [a, b] of r2) script.push(`randrange2 ${a} ${b} 200`);
      for (const [a, b, st] of r3) script.push(`randrange3 ${a} ${b} ${st} 200`);
      for (const [a, b] of ri) script.push(`randint ${a} ${b} 200`);
    }
    compare(script);
  });

  it("uniform and gauss (with the cached second value and its reset by seed)", () => {
    const us: [number, number][] = [[0, 1], [-3.5, 2.25], [10, -10], [1e300, -1e300], [5, 5], [0.1, 0.7], [-1e-300, 1e-300]];
    const gs: [number, number][] = [[0, 1], [10, 2.5], [-1, 0.001], [1e10, 1e-5], [0, 0]];
    const script: string[] = [];
    for (const s of [0n, 1n, 42n, 2n ** 32n + 5n, -7n, 2n ** 62n]) {
      script.push(`seed ${s}`);
      for (const [a, b] of us) script.push(`uniform ${fhex(a)} ${fhex(b)} 500`);
      // Odd counts leave a cached gauss_next behind for the next command.
      for (const [m, sg] of gs) script.push(`gauss ${fhex(m)} ${fhex(sg)} 501`);
      script.push(`seed ${s}`, `gauss ${fhex(0)} ${fhex(1)} 3`, `seed ${s}`, `gauss ${fhex(0)} ${fhex(1)} 3`);
      script.push(`gauss ${fhex(0)} ${fhex(1)} 1`, "random 1", `gauss ${fhex(0)} ${fhex(1)} 1`);
    }
    compare(script);
  });

  it("choice and shuffle index sequences (the header's recipe)", () => {
    const script: string[] = [];
    for (const s of [0n, 1n, 42n, 2n ** 32n + 5n, -7n, 2n ** 62n]) {
      script.push(`seed ${s}`);
      for (let i = 0; i < 300; i++) script.push("shuffle 10");
      for (let i = 0; i < 50; i++) script.push("shuffle_raw 10");
      for (const n of [0, 1, 2, 3, 100, 1000]) script.push(`shuffle ${n}`, `shuffle_raw ${n}`);
      for (const n of [1, 2, 3, 10, 1000, 2 ** 31 + 7]) script.push(`choice ${n} 300`);
    }
    const out = compare(script);
    // A shuffle of 10 is a permutation of 0..9.
    expect([...out[1]!.split(" ").map(Number)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("a long mixed program keeps the state in step", () => {
    // Deterministic pseudo-random mix of every operation (small LCG).
    let x = 123456789n;
    const rnd = (m: number): number => {
      x = (x * 6364136223846793005n + 1442695040888963407n) & (2n ** 64n - 1n);
      return Number((x >> 33n) % BigInt(m));
    };
    const script: string[] = ["seed 2024"];
    for (let i = 0; i < 3000; i++) {
      const c = rnd(12);
      const cnt = 1 + rnd(5);
      if (c === 0 && rnd(10) === 0) script.push(`seed ${rnd(1000) - 500}`);
      else if (c === 0) script.push(`random ${cnt}`);
      else if (c === 1) script.push(`getrandbits ${rnd(64)} ${cnt}`);
      else if (c === 2) script.push(`randbelow ${1 + rnd(1 << 30)} ${cnt}`);
      else if (c === 3) script.push(`randrange1 ${rnd(50) - 5} ${cnt}`);
      else if (c === 4) script.push(`randrange2 ${rnd(100) - 50} ${rnd(100) - 50} ${cnt}`);
      else if (c === 5) script.push(`randrange3 ${rnd(100) - 50} ${rnd(100) - 50} ${rnd(21) - 10} ${cnt}`);
      else if (c === 6) script.push(`randint ${rnd(100) - 50} ${rnd(100) - 50} ${cnt}`);
      else if (c === 7) script.push(`uniform ${fhex(rnd(100) - 50)} ${fhex(rnd(1000) / 7)} ${cnt}`);
      else if (c === 8) script.push(`gauss ${fhex(rnd(100) / 3)} ${fhex(rnd(100) / 9)} ${cnt}`);
      else if (c === 9) script.push(`choice ${rnd(20)} ${cnt}`);
      else if (c === 10) script.push(`shuffle ${rnd(20)}`);
      else script.push(`getrandbits ${rnd(70) - 3} 1`);
    }
    // getrandbits(k > 63) is a big int in CPython: keep to k <= 63 here.
    const safe = script.map((l) => (/^getrandbits (6[4-9]) /.test(l) ? "getrandbits 63 1" : l));
    const out = compare(safe);
    expect(out.some((l) => l.startsWith("ValueError"))).toBe(true);
    expect(out.some((l) => l.includes("IndexError"))).toBe(true);
  });

  it("error messages of randrange, randint, getrandbits and choice match CPython's", () => {
    const script = [
      "seed 5",
      "randrange1 0 1",
      "randrange1 -3 1",
      `randrange1 ${I64_MIN} 1`,
      "randrange2 5 3 1",
      "randrange2 5 5 1",
      `randrange2 ${I64_MAX} ${I64_MIN} 1`,
      `randrange2 ${I64_MIN} ${I64_MIN} 1`,
      "randrange3 5 3 1 1",
      "randrange3 1 10 0 1",
      "randrange3 1 10 -1 1",
      "randrange3 10 1 2 1",
      "randrange3 5 5 -1 1",
      "randrange3 5 5 3 1",
      `randrange3 0 0 ${I64_MIN} 1`,
      `randrange3 ${I64_MIN} ${I64_MAX} -1 1`,
      `randrange3 ${I64_MAX} ${I64_MIN} 1 1`,
      "randint 5 3 1",
      "randint 5 4 1",
      `randint ${I64_MAX} 0 1`,
      `randint ${I64_MAX} ${I64_MIN} 1`,
      `randint ${I64_MIN + 1n} ${I64_MIN} 1`,
      "getrandbits -1 1",
      `getrandbits ${I64_MIN} 1`,
      `getrandbits ${-(2n ** 31n)} 1`,
      `getrandbits ${-(2n ** 31n) - 1n} 1`,
      `getrandbits ${2n ** 31n} 1`,
      `getrandbits ${I64_MAX} 1`,
      "choice 0 1",
      // Errors draw nothing: the sequence continues as if they never ran.
      "random 5",
      "randrange2 0 10 3",
      "randint 3 2 1",
      "randrange2 0 10 3",
    ];
    const out = compare(script);
    expect(out[1]).toBe("ValueError: empty range for randrange()");
    expect(out[4]).toBe("ValueError: empty range for randrange() (5, 3, -2)");
    expect(out[17]).toBe("ValueError: empty range for randrange() (5, 4, -1)");
  });

  it("getrandbits(k > 63) raises apc's 64-bit OverflowError and draws nothing", () => {
    const c = run(driver, [], "seed 9\ngetrandbits 64 1\nrandom 3\nseed 9\nrandom 3\n");
    const lines = c.stdout.split("\n");
    expect(lines[1]).toBe("OverflowError: int too large for apc's 64-bit int: getrandbits(64) with k > 63");
    expect(lines[2]).toBe(lines[4]);
  });

  it("seed() without argument and the unseeded start are random, and seed(n) still reproduces", () => {
    const a = run(driver, [], "random 4\nseed_default\nrandom 4\n").stdout.split("\n");
    const b = run(driver, [], "random 4\nseed_default\nrandom 4\n").stdout.split("\n");
    expect(a[0]).not.toBe(b[0]);
    expect(a[2]).not.toBe(b[2]);
    expect(a[0]).not.toBe(a[2]);
    for (const h of [...a[0]!.split(" "), ...a[2]!.split(" ")]) {
      const v = Buffer.from(h, "hex").readDoubleBE();
      expect(v >= 0 && v < 1).toBe(true);
    }
    // seed() and seed(n) both drop a cached gauss value.
    const g = `gauss ${fhex(0)} ${fhex(1)}`;
    const fresh = run(driver, [], `seed 77\n${g} 3\n`).stdout.split("\n")[1];
    const afterDefault = run(driver, [], `${g} 1\nseed_default\n${g} 1\nseed 77\n${g} 3\n`).stdout.split("\n");
    expect(afterDefault[4]).toBe(fresh);
    const d1 = run(driver, [], `seed 77\n${g} 1\nseed_default\n${g} 2\n`).stdout.split("\n");
    const d2 = run(driver, [], `seed 77\n${g} 1\n${g} 2\n`).stdout.split("\n");
    expect(d1[3]!.split(" ")[0]).not.toBe(d2[2]!.split(" ")[0]);
  });
});
