// The harness run for real on tests/bench/fixtures/ (three tiny programs) with
// CPython, C and apc: reference output, comparison (a wrong C twin is WRONG, an
// aborting one is CRASH, neither timed), apc's refusal reason, statistics and the
// summary, then the terminal, JSON, HTML and Markdown reports rendered from those results,
// the `apc bench` command itself, and (when Numba is installed) the Numba host's
// per-function fallback. No assertion is about how fast anything is.

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runBench } from "../../benchmarks/harness/measure.js";
import { NUMBA_HOST, REPO_ROOT } from "../../benchmarks/harness/paths.js";
import { silentProgress } from "../../benchmarks/harness/progress.js";
import { renderHtml } from "../../benchmarks/harness/report-html.js";
import { renderMarkdown } from "../../benchmarks/harness/report-markdown.js";
import { renderReport } from "../../benchmarks/harness/report-table.js";
import { resultFor, type BenchResults, type RunnerResult } from "../../benchmarks/harness/results.js";
import { directorySuite } from "../../benchmarks/harness/suites.js";
import { hasGnuTime } from "../../benchmarks/harness/timed-run.js";
import { PYTHON, tempDir } from "../helpers.js";

const FIXTURES = path.join(import.meta.dirname, "fixtures");
const APC = path.join(REPO_ROOT, "bin", "apc.js");

let res: BenchResults;

function cell(program: string, runner: "cpython" | "c" | "apc"): RunnerResult {
  const p = res.programs.find((x) => x.name === program)!;
  return resultFor(p, runner)!;
}

beforeAll(async () => {
  res = await runBench(
    { suite: directorySuite(FIXTURES), peers: ["cpython", "c", "apc"], repeat: 2, jsonFile: null, htmlFile: null, markdownFile: null, python: PYTHON, timeoutSeconds: 60, workDir: tempDir("apc-bench-") },
    silentProgress,
  );
}, 120_000);

describe("a benchmark run on the fixtures", () => {
  it("takes CPython's stdout as the reference", () => {
    const ref = (name: string) => res.programs.find((p) => p.name === name)!.reference;
    expect(ref("loop_sum")).toBe(spawnSync(PYTHON, [path.join(FIXTURES, "loop_sum.py")], { encoding: "utf8" }).stdout);
    expect(ref("dynamic_eval")).toBe("500500 42\n");
    expect(ref("big_power")).toBe(`${3n ** 50n}\n`);
  });

  it("times correct runs: N times, min <= median, build time and peak RSS", () => {
    for (const runner of ["cpython", "c", "apc"] as const) {
      const r = cell("loop_sum", runner);
      expect(r.status, JSON.stringify(r)).toBe("ok");
      if (r.status !== "ok") continue;
      expect(r.times).toHaveLength(2);
      expect(r.stats.min).toBeLessThanOrEqual(r.stats.median);
      expect(r.stats.min).toBeGreaterThan(0);
      if (hasGnuTime()) expect(r.peakRssKb).toBeGreaterThan(0);
      expect(r.buildSeconds === null).toBe(runner === "cpython");
    }
  });

  it("reports a wrong C twin as a mismatch, with the first differing line, and never times it", () => {
    const r = cell("dynamic_eval", "c");
    expect(r.status).toBe("mismatch");
    expect(r).not.toHaveProperty("times");
    if (r.status === "mismatch") expect(r.detail).toBe(`stdout differs from CPython's: line 1: expected "500500 42", got "499500 42"`);
  });

  it("reports a crashing runner as a crash, with its signal and last stderr line", () => {
    const r = cell("big_power", "c");
    expect(r.status).toBe("crash");
    if (r.status === "crash") expect(r.detail).toBe("killed by SIGABRT: big_power: 3**50 does not fit in 64 bits");
  });

  it("shows the reason apc refused a program", () => {
    const r = cell("dynamic_eval", "apc");
    expect(r.status).toBe("refused");
    if (r.status === "refused") {
      expect(r.reason.code).toMatch(/^E\d{4}$/);
      expect(r.reason.message.length).toBeGreaterThan(0);
      expect(r.reason.line).toBeGreaterThan(0);
    }
  });

  it("never lets apc print something other than CPython", () => {
    for (const p of res.programs) expect(resultFor(p, "apc")!.status, p.name).not.toBe("mismatch");
  });

  it("summarises per runner over the programs each ran correctly", () => {
    const s = (runner: string) => res.summary.find((x) => x.runner === runner)!;
    expect(s("cpython")).toMatchObject({ counted: 3, total: 3, geomeanSpeedup: 1 });
    expect(s("c").counted).toBe(1);
    expect(s("c").geomeanSpeedup).toBeGreaterThan(0);
    expect(res.winners.dynamic_eval).toBe("cpython"); // the only correct runner
    expect(["cpython", "c", "apc"]).toContain(res.winners.loop_sum);
    expect(res.summary.reduce((n, x) => n + x.wins, 0)).toBe(3);
  });

  it("renders the terminal table with times, status words, geomeans and notes", () => {
    const text = renderReport(res);
    const lines = text.split("\n");
    expect(lines.find((l) => l.startsWith("dynamic_eval"))).toMatch(/WRONG\s+refused E\d{4}\s+CPython$/);
    expect(lines.find((l) => l.startsWith("big_power"))).toContain("CRASH");
    expect(lines.find((l) => l.startsWith("geomean"))).toMatch(/1x\s+\S+x \(1\/3\)/);
    expect(text).toContain("peak RSS");
    expect(text).toContain("build time");
    expect(text).toMatch(/dynamic_eval · apc: apc refused it: E\d{4} at line \d+:\d+: /);
    expect(text).toContain("dynamic_eval · C: WRONG: stdout differs from CPython's: line 1");
  });

  it("writes JSON that round-trips", () => {
    const back = JSON.parse(JSON.stringify(res)) as BenchResults;
    expect(back).toEqual(res);
    expect(back.version).toBe(1);
    expect(back.environment.cores).toBeGreaterThan(0);
    expect(back.environment.versions.python).toMatch(/^CPython 3\./);
  });

  it("renders a self-contained HTML page with one log-scale chart per program", () => {
    const html = renderHtml(res);
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html.match(/<svg /g)).toHaveLength(1 + res.programs.length);
    expect(html.match(/<\/svg>/g)).toHaveLength(1 + res.programs.length);
    expect(html).not.toMatch(/<script|<link|<img|\bsrc=|\bhref=|@import|url\(/i);
    expect(html).toMatch(/refused: E\d{4}/);
    expect(html).toContain("WRONG");
    expect(html).toContain("CRASH");
    expect(html).toContain("<table>");
  });
});

describe("the Markdown report", () => {
  it("renders the machine, the tables with a geometric-mean row, and the notes", () => {
    const md = renderMarkdown(res, "apc bench --programs fixtures");
    expect(md).toContain("`apc bench --programs fixtures`");
    expect(md).toContain(`- CPU: ${res.environment.cpu}`);
    const header = md.split("\n").find((l) => l.startsWith("| program | CPython | C | apc | winner |"));
    expect(header).toBeDefined();
    expect(md).toMatch(/\| dynamic_eval \| [^|]+ \| WRONG \| refused E\d{4} \| CPython \|/);
    expect(md).toMatch(/\| \*\*geometric mean\*\* \| 1x \| \*\*[\d.]+x\*\* \(1\/3\) \|/);
    expect(md).toContain("## Peak memory (RSS)");
    expect(md).toContain("- dynamic_eval · C: WRONG: stdout differs from CPython's: line 1");
  });
});

describe("apc bench (the command)", () => {
  it("prints the table and writes both reports", () => {
    const dir = tempDir("apc-bench-cli-");
    const json = path.join(dir, "out", "r.json");
    const html = path.join(dir, "r.html");
    const md = path.join(dir, "r.md");
    const args = ["bench", "--programs", FIXTURES, "--peers", "c", "--repeat", "1", "--json", json, "--html", html, "--markdown", md, "--work-dir", path.join(dir, "build")];
    const r = spawnSync(process.execPath, [APC, ...args], {
      encoding: "utf8",
      env: { ...process.env, APC_BENCH_PYTHON: PYTHON },
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0); // a wrong or crashing peer is reported, not a failure of the run
    expect(r.stdout).toContain("WRONG");
    expect(r.stdout).toContain("CRASH");
    expect(r.stderr).toContain("[bench] (1/3) big_power");
    const data = JSON.parse(readFileSync(json, "utf8")) as BenchResults;
    expect(data.peers).toEqual(["cpython", "c"]);
    expect(data.programs.map((p) => p.name)).toEqual(["big_power", "dynamic_eval", "loop_sum"]);
    expect(readFileSync(html, "utf8")).toMatch(/^<!doctype html>/);
    expect(readFileSync(md, "utf8")).toContain("| program | CPython | C | winner |");
  });

  it("exits 2 on a usage error", () => {
    const r = spawnSync(process.execPath, [APC, "bench", "--peers", "jython"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown peer jython");
  });
});

const numbaPython = [PYTHON, "/usr/bin/python3"].find((py) => spawnSync(py, ["-c", "import numba"]).status === 0);

describe.skipIf(!numbaPython)("the Numba host", () => {
  it("jits what Numba compiles, runs the rest as Python, and says which", () => {
    const report = path.join(tempDir("apc-numba-"), "report.json");
    const program = path.join(FIXTURES, "dynamic_eval.py");
    const r = spawnSync(numbaPython!, [NUMBA_HOST, program, "2000"], { encoding: "utf8", env: { ...process.env, APC_BENCH_NUMBA_REPORT: report }, timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe("2001000 42\n");
    const data = JSON.parse(readFileSync(report, "utf8")) as { compiled: string[]; fallback: Record<string, string> };
    expect(data.compiled).toEqual(["triangle"]);
    expect(Object.keys(data.fallback).sort()).toEqual(["evaluate", "main"]);
  });
});
