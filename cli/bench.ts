// `apc bench`: runs the benchmark suite under CPython, PyPy, Numba, Cython, C and
// apc side by side (benchmarks/harness/), prints the table to stdout, progress to
// stderr, and writes --json / --html reports. Exit status: 0 when the run
// completed, 1 when apc printed something other than CPython or crashed, or
// CPython itself failed on a program; 2 on a usage error.

import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { BenchUsageError } from "../benchmarks/harness/errors.js";
import { runBench } from "../benchmarks/harness/measure.js";
import { DEFAULT_REPEAT, DEFAULT_TIMEOUT_SECONDS, parseBenchOptions, type RawBenchOptions } from "../benchmarks/harness/options.js";
import { StderrProgress } from "../benchmarks/harness/progress.js";
import { renderHtml } from "../benchmarks/harness/report-html.js";
import { renderMarkdown } from "../benchmarks/harness/report-markdown.js";
import { renderReport } from "../benchmarks/harness/report-table.js";
import { RUNNER_IDS, resultFor, type BenchResults } from "../benchmarks/harness/results.js";

export function registerBench(program: Command): void {
  program
    .command("bench")
    .description("benchmark the suite under CPython, PyPy, Numba, Cython, C and apc; outputs are checked against CPython before any time counts")
    .option("--suite <name>", "all | scalar", undefined)
    .option("--programs <dir>", "benchmark every .py file of a folder instead of a suite (C twins: DIR/NAME.c)")
    .option("--peers <list>", `comma-separated runners (${RUNNER_IDS.join(",")}); CPython always runs, it is the reference`)
    .option("--repeat <n>", `timed runs per runner and program (default ${DEFAULT_REPEAT})`)
    .option("--only <list>", "comma-separated program names")
    .option("--json <file>", "write every measurement as JSON")
    .option("--html <file>", "write a self-contained HTML report with log-scale bar charts")
    .option("--markdown <file>", "write the tables as Markdown (the body of benchmarks/RESULTS.md)")
    .option("--python <exe>", "the CPython interpreter of the reference column (default: $APC_BENCH_PYTHON or python3)")
    .option("--timeout <seconds>", `limit per run (default ${DEFAULT_TIMEOUT_SECONDS})`)
    .option("--work-dir <dir>", "where builds go (default .apc/bench/build)")
    .action(async (raw: RawBenchOptions) => {
      let options;
      try {
        options = parseBenchOptions(raw);
      } catch (err) {
        if (err instanceof BenchUsageError) {
          process.stderr.write(`apc bench: ${err.message}\n`);
          process.exit(2);
        }
        throw err;
      }
      const results = await runBench(options, new StderrProgress());
      process.stdout.write(renderReport(results));
      if (options.jsonFile) writeReport(options.jsonFile, `${JSON.stringify(results, null, 2)}\n`);
      if (options.htmlFile) writeReport(options.htmlFile, renderHtml(results));
      if (options.markdownFile) writeReport(options.markdownFile, renderMarkdown(results, `apc ${process.argv.slice(2).join(" ")}`));
      process.exitCode = benchExitCode(results);
    });
}

function writeReport(file: string, text: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, text);
  process.stderr.write(`[bench] wrote ${file}\n`);
}

/** 1 when apc is wrong or crashed on a program, or CPython failed on one; else 0. */
export function benchExitCode(results: BenchResults): number {
  const broken = results.programs.some((p) => {
    const apc = resultFor(p, "apc");
    const cpython = resultFor(p, "cpython");
    return (apc && ["mismatch", "crash", "timeout", "build-failed"].includes(apc.status)) || (cpython && cpython.status !== "ok");
  });
  return broken ? 1 : 0;
}
