// `apc bench` argument rules (benchmarks/harness/options.ts) and the suite
// catalogue: defaults, peer lists, validation errors with their code, --only, and
// that every catalogued program and C twin exists on disk.

import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BenchUsageError } from "../../benchmarks/harness/errors.js";
import { DEFAULT_REPEAT, parseBenchOptions, parsePeers } from "../../benchmarks/harness/options.js";
import { RUNNER_IDS } from "../../benchmarks/harness/results.js";
import { directorySuite, namedSuite } from "../../benchmarks/harness/suites.js";

const FIXTURES = path.join(import.meta.dirname, "fixtures");

function usageError(f: () => unknown): BenchUsageError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(BenchUsageError);
    expect((err as BenchUsageError).code).toBe("BenchUsage");
    return err as BenchUsageError;
  }
  throw new Error("expected a BenchUsageError");
}

describe("bench options", () => {
  it("defaults to the whole suite, every peer, three runs", () => {
    const o = parseBenchOptions({}, {});
    expect(o.suite.name).toBe("all");
    expect(o.suite.programs.length).toBeGreaterThanOrEqual(14);
    expect(o.peers).toEqual([...RUNNER_IDS]);
    expect(o.repeat).toBe(DEFAULT_REPEAT);
    expect(o.python).toBe("python3");
    expect(o.jsonFile).toBeNull();
    expect(o.htmlFile).toBeNull();
    expect(o.markdownFile).toBeNull();
    expect(o.workDir).toBe(".apc/bench/build");
  });

  it("always runs CPython first and keeps the canonical order of peers", () => {
    expect(parsePeers("apc")).toEqual(["cpython", "apc"]);
    expect(parsePeers("apc, c,pypy,apc")).toEqual(["cpython", "pypy", "c", "apc"]);
    expect(parsePeers("cpython")).toEqual(["cpython"]);
  });

  it("rejects unknown peers, suites and programs, and bad counts, with the usage code", () => {
    expect(usageError(() => parsePeers("cpython,jython")).message).toContain("unknown peer jython");
    expect(usageError(() => parsePeers(" , ")).message).toContain("--peers");
    expect(usageError(() => parseBenchOptions({ suite: "huge" }, {})).message).toContain("unknown suite 'huge'");
    expect(usageError(() => parseBenchOptions({ only: "fib,nope" }, {})).message).toContain("nope");
    expect(usageError(() => parseBenchOptions({ repeat: "0" }, {})).message).toContain("--repeat");
    expect(usageError(() => parseBenchOptions({ repeat: "2.5" }, {})).message).toContain("--repeat");
    expect(usageError(() => parseBenchOptions({ timeout: "soon" }, {})).message).toContain("--timeout");
    expect(usageError(() => parseBenchOptions({ suite: "all", programs: FIXTURES }, {})).message).toContain("not both");
    expect(usageError(() => parseBenchOptions({ programs: path.join(FIXTURES, "missing") }, {})).message).toContain("no such program directory");
  });

  it("selects programs with --only in the suite's order, and reads --python from the environment", () => {
    const o = parseBenchOptions({ suite: "scalar", only: "primes,fib", repeat: "5", json: "r.json", html: "r.html", markdown: "r.md" }, { APC_BENCH_PYTHON: "/opt/py/bin/python3" });
    expect(o.suite.programs.map((p) => p.name)).toEqual(["fib", "primes"]);
    expect(o.repeat).toBe(5);
    expect(o.jsonFile).toBe("r.json");
    expect(o.htmlFile).toBe("r.html");
    expect(o.markdownFile).toBe("r.md");
    expect(o.python).toBe("/opt/py/bin/python3");
    expect(parseBenchOptions({ python: "python3.11" }, { APC_BENCH_PYTHON: "x" }).python).toBe("python3.11");
  });

  it("catalogues programs and C twins that exist, with a size argument each", () => {
    const all = namedSuite("all");
    for (const p of all.programs) {
      expect(existsSync(p.source), p.source).toBe(true);
      if (p.cSource) expect(existsSync(p.cSource), p.cSource).toBe(true);
      expect(p.args.length, p.name).toBe(1);
    }
    expect(all.programs.filter((p) => p.cSource).length).toBeGreaterThanOrEqual(11);
    expect(namedSuite("scalar").programs.map((p) => p.name)).toEqual(["fib", "mandelbrot", "simpson", "primes", "collatz"]);
  });

  it("reads a folder of programs as a suite, pairing NAME.c twins", () => {
    const s = directorySuite(FIXTURES);
    expect(s.name).toBe("fixtures");
    expect(s.programs.map((p) => p.name)).toEqual(["big_power", "dynamic_eval", "loop_sum"]);
    expect(s.programs.every((p) => p.cSource !== null && p.args.length === 0)).toBe(true);
  });
});
