/* Container runtime tests: str, format, list, tuple, dict, set and generic
 * values (runtime/apc_containers.h) against CPython.
 *
 * Each C driver under tests/runtime/c/containers_*.c builds values through
 * the runtime's API and prints results; its twin containers_*.py does the
 * same in Python. Both run at test time on the same input (generated here:
 * fixed grids plus random cases from APC_CT_SEED, random per run unless
 * set) and their outputs must be identical, line for line. python3 runs
 * with PYTHONHASHSEED=0: apc's str hash is CPython's under that seed, so
 * even sets of strs print in CPython's order.
 *
 * The drivers link the whole runtime (runtime/*.c but main.c; with
 * tests/runtime/c/gc_shim.c if runtime/gc.c is missing) with
 * -Wl,--wrap=apc_raise,--wrap=apc_raise_str, so an error prints
 * "Type: message" and the driver goes on, as the twins' `except` does. A
 * last group links without the wrap and checks real tracebacks.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const RUNTIME = path.join(ROOT, "runtime");
const DRIVERS = path.join(HERE, "c");
const CC = process.env.CC ?? "gcc";
const PYTHON = process.env.APC_TEST_PYTHON ?? "python3";
const CFLAGS = ["-O2", "-std=c11", "-D_GNU_SOURCE"];
const WARN = ["-Wall", "-Wextra", "-Werror"];
const SEED = Number(process.env.APC_CT_SEED ?? Math.floor(Math.random() * 2 ** 31));
/* The files this test owns; they must compile without any warning. */
const CONTAINER_SOURCES = ["str.c", "str_methods.c", "str_unicode.c", "format.c", "list.c", "tuple.c", "dict.c", "set.c", "value.c"];
const DRIVER_NAMES = ["str", "format", "list", "hash", "repr", "unicode"] as const;
type DriverName = (typeof DRIVER_NAMES)[number];

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], input = "", env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env: { ...process.env, ...env }, timeout: 60_000 }); /* a hang fails, named */
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on("data", (d: Buffer) => out.push(d));
    p.stderr.on("data", (d: Buffer) => err.push(d));
    p.stdin.on("error", () => {});
    p.on("error", reject);
    p.on("close", (status) => resolve({ status, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    p.stdin.end(input);
  });
}

async function must(cmd: string, args: string[], input = "", env: Record<string, string> = {}): Promise<Run> {
  const r = await run(cmd, args, input, env);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}):\n${r.stderr.slice(0, 4000)}`);
  return r;
}

const PY_ENV = { PYTHONHASHSEED: "0", PYTHONIOENCODING: "utf-8:surrogateescape" };

let tmp = "";
const exe: Partial<Record<DriverName | "str_real" | "hash_real", string>> = {};

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "apc-containers-"));
  const sources = fs
    .readdirSync(RUNTIME)
    .filter((f) => f.endsWith(".c") && f !== "main.c")
    .map((f) => path.join(RUNTIME, f));
  if (!fs.existsSync(path.join(RUNTIME, "gc.c"))) sources.push(path.join(DRIVERS, "gc_shim.c"));
  const objs = await Promise.all(
    sources.map(async (src) => {
      const obj = path.join(tmp, path.basename(src).replace(/\.c$/, ".o"));
      await must(CC, [...CFLAGS, "-I", RUNTIME, "-c", src, "-o", obj]);
      return obj;
    }),
  );
  const link = (name: string, out: string, wrap: boolean) =>
    must(CC, [
      ...CFLAGS,
      "-Wall",
      "-Wextra",
      "-I",
      RUNTIME,
      path.join(DRIVERS, `containers_${name}.c`),
      ...objs,
      "-lm",
      ...(wrap ? ["-Wl,--wrap=apc_raise,--wrap=apc_raise_str"] : []),
      "-o",
      out,
    ]);
  await Promise.all([
    ...DRIVER_NAMES.map(async (n) => {
      exe[n] = path.join(tmp, `containers_${n}`);
      await link(n, exe[n]!, true);
    }),
    (async () => {
      exe.str_real = path.join(tmp, "containers_str_real");
      await link("str", exe.str_real, false);
    })(),
    (async () => {
      exe.hash_real = path.join(tmp, "containers_hash_real");
      await link("hash", exe.hash_real, false);
    })(),
  ]);
}, 300_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Runs driver and twin on the same input; their outputs must be equal.
 *  When each input line gives one output line, a mismatch names the line. */
async function compare(name: DriverName, input: string, args: string[] = []): Promise<number> {
  const [c, py] = await Promise.all([
    must(exe[name]!, args, input),
    must(PYTHON, [path.join(DRIVERS, `containers_${name}.py`), ...args], input, PY_ENV),
  ]);
  if (c.stdout !== py.stdout) {
    const a = c.stdout.split("\n");
    const b = py.stdout.split("\n");
    const inLines = input.split("\n");
    const diffs: string[] = [];
    for (let i = 0; i < Math.max(a.length, b.length) && diffs.length < 12; i++) {
      if (a[i] !== b[i]) {
        const ctx = a.length === b.length && inLines.length >= a.length ? `  input: ${inLines[i]}\n` : "";
        diffs.push(`line ${i + 1}:\n${ctx}  apc:     ${a[i]}\n  CPython: ${b[i]}`);
      }
    }
    expect.fail(`containers_${name} differs from CPython (APC_CT_SEED=${SEED}):\n${diffs.join("\n")}`);
  }
  return c.stdout.length;
}

/* ---- inputs ------------------------------------------------------------------ */

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = rng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const randInt = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const X = (s: string) => "x" + Buffer.from(s, "utf8").toString("hex");

const STRS = [
  "", "a", "abc", "hello world", "  lead and trail  ", "a,b,,c,", ",", "aaa", "abab", "héllo wörld", "日本語テキスト",
  "mixed ascii and ünï", "it's", 'say "hi"', "both ' and \"", "tab\there\nnew\rret\\", "\x00\x01\x1f\x7f\x80\x9f\xa0\xad",
  "\u2028\u2029\u200b\ufeff\u{1F600}\u{E0001}", "ΣΑΣ ΟΔΟΣ", "ὈΔΥΣΣΕΎΣ", "İstanbul", "ß ŉ ǰ ﬀ ﬃ", "ǆemal ǅ", "ßtraße", "ﬁne Σ", "ΣΑ", "\x1c\x1d\x1e\x1f\x85\xa0\u3000 x",
  "١٢٣", "²³½", "abc123", "ABCdef", "Ǆǅǆ", "\u0345\u03a3", "xΣ.", "aΣ\u0301b", "aΣ\u0301", "ǰ̌", "Ωmega ω", "a\u00adb",
];
const SEPS = ["", " ", ",", "a", "ab", "ö", "ll", "xyz", ",,", "\u2028", "Σ", "日本"];
const ALPHABET = ["a", "b", " ", ",", "é", "ß", "Σ", "σ", "日", "\t", "\n", "'", '"', "\\", "\u{1F600}", "A", "1", "²", "\xa0", "\u0301", "x"];

function randomStr(max: number): string {
  let s = "";
  for (let n = randInt(0, max); n > 0; n--) s += pick(ALPHABET);
  return s;
}

function strInput(): string {
  const ops: string[] = [];
  const strs = [...STRS, ...Array.from({ length: 25 }, () => randomStr(12))];
  for (const s of strs) {
    for (const op of ["len", "upper", "lower", "capitalize", "isdigit", "isalpha", "isspace", "repr", "str", "print", "split", "hash"])
      ops.push(`${op} ${X(s)}`);
    for (let i = -12; i <= 12; i++) ops.push(`getitem ${X(s)} ${i}`);
    for (const t of [...SEPS, ...STRS.slice(0, 8), randomStr(3)]) {
      for (const op of ["find", "index", "count", "in", "startswith", "endswith", "splitsep", "concat", "eq", "cmp", "lt"])
        ops.push(`${op} ${X(s)} ${X(t)}`);
      for (const w of [0, 1, 2]) ops.push(`strip ${X(s)} ${X(t)} ${w}`);
      for (const c of [-1, 0, 1, 2, 100]) ops.push(`replace ${X(s)} ${X(t)} ${X("<>")} ${c}`);
    }
    for (const w of [0, 1, 2]) ops.push(`strip ${X(s)} - ${w}`, `stripws ${X(s)} ${w}`);
    ops.push(`splitws ${X(s)}`);
    for (const n of [-1, 0, 1, 3]) ops.push(`repeat ${X(s)} ${n}`);
    ops.push(`join ${X(s)} ${STRS.slice(0, 5).map(X).join(" ")}`);
    ops.push(`build ${X(s)} ${X("")} ${X(s)} ${X("é")}`);
  }
  ops.push(`join ${X(", ")}`, `join ${X("-")} ${X("one")}`);
  ops.push(`replace ${X("aaaa")} ${X("aa")} ${X("b")} -1`, `replace ${X("héllo")} ${X("")} ${X("-")} -1`);
  ops.push(`replace ${X("héllo")} ${X("")} ${X("-")} 3`, `repeat ${X("ab")} 5`);
  return ops.join("\n") + "\n";
}

function sliceInput(): string {
  const vals = [-12, -7, -5, -3, -1, 0, 1, 2, 3, 5, 7, 12];
  const steps = [-9, -3, -2, -1, 1, 2, 3, 9, 0];
  const lines: string[] = [];
  for (const n of [0, 1, 5, 8])
    for (const a of vals)
      for (const b of vals)
        for (const st of steps)
          for (const ha of [0, 1])
            for (const hb of [0, 1]) {
              if ((!ha && a !== 0) || (!hb && b !== 0)) continue;
              for (const k of ["lget", "tget", "sget", "ldel"]) lines.push(`${k} ${n} ${a} ${b} ${st} ${ha} ${hb}`);
              lines.push(`lset ${n} ${a} ${b} ${st} ${ha} ${hb} ${(((a + b + st) % 4) + 4) % 4}`);
            }
  lines.push("lget 5 0 0 -9223372036854775808 0 0", "lget 5 9223372036854775807 -9223372036854775808 -9223372036854775808 1 1");
  lines.push("sget 5 -9223372036854775808 9223372036854775807 1 1 1", "tget 6 -9223372036854775808 9223372036854775807 2 1 1");
  return lines.join("\n") + "\n";
}

function strSliceInput(): string {
  const lines: string[] = [];
  for (const s of ["héllo wörld", "日本語テキスト", "a\u{1F600}b\u{1F600}c", "plain ascii text"])
    for (const a of [-20, -3, -1, 0, 1, 2, 5, 20])
      for (const b of [-20, -3, -1, 0, 1, 2, 5, 20])
        for (const st of [-3, -1, 1, 2]) lines.push(`slice ${X(s)} ${a} ${b} ${st} 1 1`);
  return lines.join("\n") + "\n";
}

function doubleBits(d: number): string {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(d);
  return b.toString("hex");
}

const FORMAT_SPECS = [
  "", "d", "5", "<5", ">5", "^5", "=5", "*^9", "05", "+", "-", " ", "+08", "#x", "#X", "#o", "#b", "x", "X", "o", "b", "c", "n",
  ",", "_", "_x", "_b", "_o", ",d", "010,", "012_", "012_x", "#012_b", "e", "E", ".0e", ".3e", "f", "F", ".0f", ".2f", ".10f",
  "#.0f", "g", "G", ".0g", ".1g", ".3g", ".10g", "#g", "#.3g", "%", ".1%", ".0%", "z.2f", "z", "z.1e", "+.2f", " .2f",
  "=+12.3f", "0=12.3f", ">+12.3f", "<12.3f", "^12.3f", ".3", ".3n", "n", ".12", "015.2f", "0<10.2f", "€^10", "é>7", "10.3s",
  ".2s", "s", "5s", ">10s", "^10s", "<10s", "0", "010", ".5", "z.0f", "#", "#e", "#.0e", "#10.0f", ".2e", "-12e", "+e", "_f",
  ",f", ",.2f", "012,.2f", ",e", ".3%", "_g", ",g", ",.3g", "100", ".100f", ".50e", "q", ".", ",_", "_,", "abc", "+c", "#c",
  "=^5", "zd", "z#x", "٣", "x<٥d", "99999999999999999999", ".99999999999999999999f", "+#_x", "-#o", " #b", "0=+#20_x",
];
const FORMAT_INTS = [0, 1, -1, 7, 42, -42, 255, -255, 1000, -1000, 123456789, -123456789, 2 ** 31, 65, 0x10ffff, 0x110000];
const FORMAT_BIG_INTS = ["9007199254740993", "9223372036854775807", "-9223372036854775808", "-9007199254740993"];
const FORMAT_FLOATS = [
  0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 3.14159265358979, -3.14159265358979, 1e16, 1e-5, 1.5e-7, 123456.789,
  1e22, 1.7976931348623157e308, 5e-324, 2.2250738585072014e-308, Infinity, -Infinity, NaN, 0.1, 9.995, 99.5, 1234567.0, 0.0001,
  0.00001234, 12345678901234567890.0, 1e100, -1e-100,
];
const FORMAT_STRS = ["", "a", "hello", "héllo", "日本", "tab\t", "x".repeat(20)];

function randomSpec(kind: "i" | "f" | "s"): string {
  let s = "";
  if (rand() < 0.3) s += (rand() < 0.5 ? pick(["*", "0", " ", "é", "-"]) : "") + pick(["<", ">", "^", "="]);
  if (rand() < 0.3) s += pick(["+", "-", " "]);
  if (rand() < 0.1) s += "z";
  if (rand() < 0.2) s += "#";
  if (rand() < 0.2) s += "0";
  if (rand() < 0.6) s += String(randInt(0, 25));
  if (rand() < 0.2) s += pick([",", "_"]);
  if (rand() < 0.5) s += "." + String(randInt(0, 20));
  const types = { i: ["d", "x", "X", "o", "b", "n", "e", "f", "g", "%", "c", ""], f: ["e", "E", "f", "F", "g", "G", "n", "%", ""], s: ["s", ""] };
  return s + pick(types[kind]);
}

function randomDouble(): number {
  const b = Buffer.alloc(8);
  for (let i = 0; i < 8; i++) b[i] = randInt(0, 255);
  if (rand() < 0.5) b[0] = (b[0]! & 0x80) | pick([0x3f, 0x40, 0x41, 0x3e, 0x42]);
  return b.readDoubleBE();
}

function formatInput(): string {
  const lines: string[] = [];
  for (const spec of FORMAT_SPECS) {
    for (const v of FORMAT_INTS) lines.push(`i ${v} ${X(spec)}`);
    for (const v of FORMAT_BIG_INTS) lines.push(`i ${v} ${X(spec)}`);
    for (const v of FORMAT_FLOATS) lines.push(`f ${doubleBits(v)} ${X(spec)}`);
    for (const v of FORMAT_STRS) lines.push(`s ${X(v)} ${X(spec)}`);
    for (const v of [0, 1]) lines.push(`b ${v} ${X(spec)}`);
  }
  for (let k = 0; k < 3000; k++) {
    lines.push(`i ${randInt(-2_000_000_000, 2_000_000_000) * (rand() < 0.3 ? 1000 : 1)} ${X(randomSpec("i"))}`);
    lines.push(`f ${doubleBits(randomDouble())} ${X(randomSpec("f"))}`);
    lines.push(`s ${X(randomStr(8))} ${X(randomSpec("s"))}`);
  }
  return lines.join("\n") + "\n";
}

function hashValue(k: string): string {
  switch (k) {
    case "i":
      return pick([
        String(randInt(-50, 50)),
        String(randInt(0, 2 ** 20)),
        String(randInt(-(2 ** 40), 2 ** 40)),
        pick(["-1", "-2", "2305843009213693951", "2305843009213693952", "-9223372036854775808", "9223372036854775807"]),
      ]);
    case "f":
      return String(pick([randInt(-100, 100) / 4, (rand() - 0.5) * 2e6, randInt(0, 999), pick([0, -0.5, 1e300, 5e-324, 1e-7])]));
    case "s":
      return X(pick(["", "a", "b", "abc", "hello", "héllo", "日本", String(randInt(0, 999)), "k" + randInt(0, 99), randomStr(3)]));
    case "t":
      return `${randInt(-5, 20)},${randInt(-5, 20)}`;
    default:
      return String(randInt(0, 1));
  }
}

function hashInput(): string {
  const lines: string[] = [];
  for (const k of ["i", "f", "s", "t", "b"]) {
    for (let trial = 0; trial < 25; trial++) {
      const n = pick([3, 10, 30, 100, 400, 2000]);
      const pool = Array.from({ length: Math.max(4, n >> 1) }, () => hashValue(k));
      const toks: string[] = [];
      for (let i = 0; i < n; i++) {
        const r = rand();
        const v = rand() < 0.7 ? pick(pool) : hashValue(k);
        toks.push(
          r < 0.65 ? "a" + v : r < 0.85 ? "d" + v : r < 0.88 ? "r" + v : r < 0.9 ? "c" + v : r < 0.91 ? "P" : r < 0.93 ? "p" : r < 0.935 ? "n" : r < 0.94 ? "l" : r < 0.941 ? "C" : r < 0.945 ? "j" : "a" + v,
        );
      }
      lines.push(`set ${k} ${[...toks, "p", "i", "j", "n", "P", "P", "p"].join(" ")}`);
    }
    for (let trial = 0; trial < 25; trial++) {
      const seq = (n: number) => {
        const pool = Array.from({ length: Math.max(3, n) }, () => hashValue(k));
        return [...Array.from({ length: n }, () => "a" + pick(pool)), ...Array.from({ length: randInt(0, n / 3) }, () => "d" + pick(pool))];
      };
      const a = seq(pick([0, 1, 5, 20, 100, 300]));
      let b = seq(pick([0, 1, 5, 20, 100, 300]));
      if (rand() < 0.3) b = [...a.slice(0, a.length >> 1), ...b.slice(0, 3)];
      lines.push(`setop ${k} ${a.join(" ")} | ${b.join(" ")}`);
    }
    for (let trial = 0; trial < 25; trial++) {
      const n = pick([3, 10, 30, 100, 400]);
      const pool = Array.from({ length: Math.max(4, Math.floor(n / 3)) }, () => hashValue(k));
      const toks: string[] = [];
      for (let i = 0; i < n; i++) {
        const r = rand();
        const v = pick(pool);
        const cases: [number, string][] = [
          [0.5, `s${v}=${randInt(0, 99)}`], [0.65, "d" + v], [0.7, "g" + v], [0.74, "p" + v], [0.77, `q${v}=${randInt(0, 8)}`],
          [0.8, `D${v}=${randInt(0, 8)}`], [0.83, "c" + v], [0.85, "P"], [0.87, "y"], [0.88, "i"], [0.89, "k"], [0.9, "v"],
          [0.91, "I"], [0.915, "C"], [0.93, "n"], [0.94, "u" + v], [0.95, "j"], [0.97, `G${v}=${randInt(0, 8)}`], [1.01, "l"],
        ];
        toks.push(cases.find(([p]) => r < p)![1]);
      }
      lines.push(`dict ${k} ${[...toks, "P", "i", "j", "I", "n"].join(" ")}`);
    }
  }
  /* ints inserted in scrambled orders, growing past many resizes */
  for (const n of [5, 6, 9, 20, 50, 100, 1000, 5000, 50001]) {
    const toks = Array.from({ length: n }, (_, i) => "a" + ((i * 7919) % 100003));
    lines.push(`set i ${toks.join(" ")} l${n < 2000 ? " p" : ""}`);
  }
  lines.push(`set i ${Array.from({ length: 200 }, (_, i) => "a" + -i).join(" ")} p`);
  lines.push(`set i ${Array.from({ length: 100 }, (_, i) => "a" + i * 2 ** 32).join(" ")} p`);
  const down = Array.from({ length: 100 }, (_, i) => "a" + (100 - i));
  const dels = Array.from({ length: 34 }, (_, i) => "d" + i * 3);
  const more = Array.from({ length: 50 }, (_, i) => "a" + i * 1000);
  lines.push(`set i ${down.join(" ")} ${dels.join(" ")} p ${more.join(" ")} p i`);
  lines.push(`set s ${Array.from({ length: 60 }, (_, i) => "a" + X("w" + i)).join(" ")} p`);
  lines.push(`set t ${Array.from({ length: 80 }, (_, i) => `a${i % 9},${i % 7}`).join(" ")} p`);
  lines.push("set b a1 a0 a1 p d1 p");
  /* popitem frees no index slot (CPython's dk_usable): many cycles must not fill the table */
  lines.push(`dict i ${Array.from({ length: 300 }, (_, i) => `s${i}=${i} s${i + 1000}=1 y`).join(" ")} P`);
  lines.push(`set i ${Array.from({ length: 300 }, (_, i) => `a${i} a${i + 7} P`).join(" ")} p`);
  lines.push("set f a1.5 a-0.0 a0.0 a2.0 a1e-300 a-1e300 ainf p");
  return lines.join("\n") + "\n";
}

/* ---- tests ----------------------------------------------------------------- */

describe("container runtime", () => {
  it("compiles warning-free (-Wall -Wextra -Werror, with and without -D_GNU_SOURCE)", async () => {
    await Promise.all(
      CONTAINER_SOURCES.flatMap((f) =>
        [["-D_GNU_SOURCE"], []].map((def) =>
          must(CC, ["-O2", "-std=c11", ...def, ...WARN, "-I", RUNTIME, "-c", path.join(RUNTIME, f), "-o", path.join(tmp, `w_${def.length}_${f}.o`)]),
        ),
      ),
    );
  });

  it("str methods, indexing, search, repr, hash (incl. non-ASCII)", async () => {
    expect(await compare("str", strInput())).toBeGreaterThan(100_000);
  });

  it("str slicing by code point", async () => {
    await compare("str", strSliceInput());
  });

  it("slicing of list, tuple and str with every sign/step combination; slice assignment and deletion", async () => {
    await compare("list", sliceInput(), ["slices"]);
  });

  it("format(): grid of specs x ints/floats/strs/bools, plus random specs and doubles", async () => {
    await compare("format", formatInput());
  });

  it("list and tuple operations, their errors, sorting, comparison, hashing", async () => {
    await compare("list", "", ["script"]);
  });

  it("print/repr/str of nested containers, KeyError messages, mutation during iteration", async () => {
    await compare("repr", "");
  });

  it("dicts and sets: insertion order, deletion, growth, set iteration order and set algebra", async () => {
    await compare("hash", hashInput());
  });

  it("Unicode tables: isalpha/isdigit/isspace/upper/lower and Final_Sigma over every code point", async () => {
    await compare("unicode", "");
  });

  it("real tracebacks: the error's last line matches CPython", async () => {
    const cases: [string, string, string][] = [
      ["str_real", "getitem x6162 5\n", "'ab'[5]"],
      ["str_real", `index ${X("abc")} ${X("z")}\n`, "'abc'.index('z')"],
      ["str_real", `splitsep ${X("abc")} x\n`, "'abc'.split('')"],
      ["hash_real", `dict s s${X("k")}=1 g${X("missing")}\n`, "{'k': 1}['missing']"],
      ["hash_real", "dict t s1,2=1 g3,4\n", "{(1, 2): 1}[(3, 4)]"],
      ["hash_real", "set i a1 r2\n", "{1}.remove(2)"],
    ];
    for (const [driver, input, expr] of cases) {
      const c = await run(exe[driver as "str_real"]!, [], input);
      const py = await run(PYTHON, ["-c", expr]);
      expect(c.status).toBe(1);
      expect(c.stderr).toContain("Traceback (most recent call last):");
      expect(c.stderr.trimEnd().split("\n").pop()).toBe(py.stderr.trimEnd().split("\n").pop());
    }
  });
});
