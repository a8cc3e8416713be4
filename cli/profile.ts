// `apc profile` and `apc traces export`: argument parsing, progress and
// report printing (to stderr, so the program's stdout stays its own), and
// exit codes. The work is profiler/profile.ts's profileProgram() and
// profiler/training-export.ts's exportTraces().
//
// Exit codes of `apc profile`: the program's exit status (0 when it
// succeeded); 124 when --timeout stopped it; 2 for usage errors, no entry,
// no interpreter, or a trace store apc cannot use.

import { Command, InvalidArgumentError, Option } from "commander";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { openTraceStoreAt, traceStorePath, RunNotFound, TraceStoreCorrupt, TraceStoreTooNew, type ProfileMode } from "../memory/trace-store.js";
import { EntryNotFound, InterpreterMissing, ProfileOutputInvalid, ProfileOutputMissing } from "../profiler/errors.js";
import { profileProgram } from "../profiler/profile.js";
import { exportTraces } from "../profiler/training-export.js";

const EXIT_TIMEOUT = 124;
const EXIT_USAGE = 2;

function positiveNumber(what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${what} must be a positive number`);
    return n;
  };
}

function positiveInt(what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${what} must be a positive integer`);
    return n;
  };
}

/** Operands before `--` are [PATH]; everything after `--` goes to the program. */
export function splitOperands(operands: string[]): { target: string; programArgs: string[] } {
  const dd = process.argv.indexOf("--");
  const after = dd >= 0 ? process.argv.length - dd - 1 : Math.max(0, operands.length - 1);
  const before = operands.slice(0, Math.max(0, operands.length - after));
  return { target: before[0] ?? ".", programArgs: operands.slice(before.length > 0 ? 1 : 0) };
}

export function knownFailure(err: unknown): string | null {
  if (
    err instanceof EntryNotFound ||
    err instanceof InterpreterMissing ||
    err instanceof TraceStoreCorrupt ||
    err instanceof TraceStoreTooNew ||
    err instanceof ProfileOutputMissing ||
    err instanceof ProfileOutputInvalid ||
    err instanceof RunNotFound
  ) {
    return `error[${err.code}]: ${err.message}`;
  }
  return null;
}

export function registerProfile(program: Command): void {
  program
    .command("profile")
    .description("run a Python program under CPython with apc's profiler: hot functions, observed types and calls go to .apc/traces.db")
    .argument("[path]", "the project folder or script (default: the current folder)")
    .argument("[args...]", "arguments for the program, after --")
    .option("--entry <file>", "the script to run in the project folder (default: main.py, __main__.py, or the only script)")
    .option("-m, --module <module>", "run a module as `python -m MODULE` in the project folder")
    .option("--python <path>", "the Python interpreter", "python3")
    .addOption(new Option("--mode <mode>", "sample: low-overhead sampling; trace: every call with its types").choices(["sample", "trace"]).default("sample"))
    .option("--timeout <seconds>", "stop the program once it has run this long (interpreter startup not counted) and keep its partial profile", positiveNumber("--timeout"))
    .option("--top <n>", "rows in the table of hot functions", positiveInt("--top"), 10)
    .addOption(new Option("--interval <ms>", "sampling interval asked for, in ms").argParser(positiveNumber("--interval")).hideHelp())
    .addOption(new Option("--sampler <kind>", "how sample mode samples (see profiler/python/apc_tracer/sampler.py)").choices(["thread", "signal"]).default("thread").hideHelp())
    .action(async (target: string | undefined, args: string[], o: { entry?: string; module?: string; python: string; mode: string; timeout?: number; top: number; interval?: number; sampler: string }) => {
      const operands = target === undefined ? [] : [target, ...args];
      const { target: where, programArgs } = splitOperands(operands);
      try {
        const outcome = await profileProgram({
          path: where,
          entry: o.entry,
          module: o.module,
          python: o.python,
          mode: o.mode as ProfileMode,
          timeoutS: o.timeout,
          intervalS: o.interval !== undefined ? o.interval / 1000 : undefined,
          sampler: o.sampler as "thread" | "signal",
          args: programArgs,
          top: o.top,
          stdio: "inherit",
          log: (line) => process.stderr.write(`${line}\n`),
        });
        process.stderr.write(`\n${outcome.report}`);
        const run = outcome.run.run;
        process.exitCode = run.timedOut ? EXIT_TIMEOUT : (run.exitStatus ?? 1);
      } catch (err) {
        const msg = knownFailure(err);
        if (msg === null) throw err;
        process.stderr.write(`${msg}\n`);
        process.exitCode = EXIT_USAGE;
      }
    });

  const traces = program.command("traces").description("the trace store of a project (.apc/traces.db)");
  traces
    .command("export")
    .description("write the observed traces as training data: per function, argument and return types, time per call, call counts")
    .option("--json [file]", "JSON (the only format); to FILE, or to stdout without one")
    .option("--project <dir>", "the project folder holding .apc/traces.db", ".")
    .option("--run <id>", "only this run", positiveInt("--run"))
    .action((o: { json?: string | boolean; project: string; run?: number }) => {
      if (o.json === undefined) {
        process.stderr.write("apc traces export: give --json [FILE] (JSON is the only format)\n");
        process.exitCode = EXIT_USAGE;
        return;
      }
      const file = traceStorePath(path.resolve(o.project));
      if (!existsSync(file)) {
        process.stderr.write(`error: no trace store at ${file}; run \`apc profile\` first\n`);
        process.exitCode = EXIT_USAGE;
        return;
      }
      try {
        const store = openTraceStoreAt(file);
        try {
          const text = `${JSON.stringify(exportTraces(store, { runId: o.run }), null, 2)}\n`;
          if (typeof o.json === "string") {
            writeFileSync(o.json, text);
            process.stderr.write(`wrote ${o.json}\n`);
          } else process.stdout.write(text);
        } finally {
          store.close();
        }
      } catch (err) {
        const msg = knownFailure(err);
        if (msg === null) throw err;
        process.stderr.write(`${msg}\n`);
        process.exitCode = EXIT_USAGE;
      }
    });
}
