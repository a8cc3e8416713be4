// The `apc` command line: build, run, check, emit, doctor. Owns argument
// parsing, printing diagnostics and reports, the run cache, and exit codes
// (0 ok, 1 diagnostics, failed program or other expected failure, 2 missing
// toolchain/usage; an expected failure is one line, cli/errors.ts; 70 an
// internal error, with its stack). Compiling itself is compiler/driver.ts's compile().

import { Command, Option } from "commander";
import { readFileSync } from "node:fs";
import path from "node:path";
import { compile, type CompileOptions, type CompileResult, type Emit } from "../compiler/driver.js";
import { renderDiagnostic } from "../compiler/diagnostics.js";
import { ToolchainMissing } from "../compiler/backend/toolchain.js";
import { PipelineError } from "../compiler/backend/pipeline.js";
import { runCached } from "./run-cache.js";
import { checkOutput, checkReadable, exitOnFailure, guardStdout, InputUnreadable } from "./errors.js";
import { doctor } from "./doctor.js";
import { formatReport } from "./report.js";
import { registerBench } from "./bench.js";
import { registerProfile } from "./profile.js";
import { registerOptimize } from "./optimize.js";
import { registerAgent } from "./agent.js";
import { registerTune } from "./tune.js";

const program = new Command();
program.name("apc").description("apc, the agentic Python compiler: Python to native code through LLVM").version(packageVersion());

const optLevel = () =>
  new Option("-O, --opt <level>", "optimisation level 0-3").choices(["0", "1", "2", "3"]).default("2");

program
  .command("build")
  .description("compile a Python file to a native executable (or --shared library, or --emit another artifact)")
  .argument("<file>", "the Python source file")
  .option("-o, --output <path>", "where to write the result")
  .addOption(optLevel())
  .option("--passes <pipeline>", "an opt -passes pipeline replacing the -O level's (may end in ;cpu=NAME)")
  .option("--cpu <name>", "generate code for this CPU (LLVM's name; native = this machine); default: generic x86-64")
  .addOption(new Option("--emit <what>", "stop at an artifact and print it").choices(["ir", "llvm", "asm", "obj"]))
  .option("--shared", "build a .so exporting one C symbol per compiled specialisation")
  .addOption(new Option("--report <format>", "print the compile report").choices(["json", "text"]))
  .action(async (file: string, o: { output?: string; opt: string; passes?: string; cpu?: string; emit?: string; shared?: boolean; report?: string }) => {
    const emit: Emit = o.shared ? "shared" : ((o.emit as Emit | undefined) ?? "exe");
    checkReadable(file);
    if (o.output !== undefined) checkOutput(o.output);
    const res = await compileFile(file, { emit, output: o.output, optLevel: Number(o.opt) as 0 | 1 | 2 | 3, passes: o.passes, cpu: o.cpu }, o.report === "json");
    if (o.report === "json") {
      process.stdout.write(`${JSON.stringify(jsonReport(res), null, 2)}\n`);
    } else if (res.ok) {
      const text = res.artifacts.ir ?? res.artifacts.llvm ?? (o.output ? undefined : res.artifacts.asm);
      if (text !== undefined) process.stdout.write(text);
      if (o.report === "text") process.stderr.write(formatReport(res));
    }
    process.exitCode = res.ok ? 0 : 1;
  });

program
  .command("emit")
  .description("print the IR (apc's SSA), the optimised LLVM IR, or assembly for a file")
  .argument("<what>", "ir | llvm | asm")
  .argument("<file>", "the Python source file")
  .addOption(optLevel())
  .option("--passes <pipeline>", "an opt -passes pipeline")
  .option("--cpu <name>", "generate code for this CPU (native = this machine)")
  .action(async (what: string, file: string, o: { opt: string; passes?: string; cpu?: string }) => {
    if (!["ir", "llvm", "asm"].includes(what)) usage(`apc emit: expected ir, llvm or asm, got '${what}'`);
    const res = await compileFile(file, { emit: what as Emit, optLevel: Number(o.opt) as 0 | 1 | 2 | 3, passes: o.passes, cpu: o.cpu }, false);
    if (res.ok) process.stdout.write(res.artifacts.ir ?? res.artifacts.llvm ?? res.artifacts.asm ?? "");
    process.exitCode = res.ok ? 0 : 1;
  });

program
  .command("run")
  .description("compile (cached under .apc/cache) and run a Python file; arguments after -- go to the program")
  .argument("<file>", "the Python source file")
  .argument("[args...]", "arguments for the program")
  .addOption(optLevel())
  .option("--passes <pipeline>", "an opt -passes pipeline")
  .option("--cpu <name>", "generate code for this CPU (native = this machine)")
  .action(async (file: string, args: string[], o: { opt: string; passes?: string; cpu?: string }) => {
    const opts = { optLevel: Number(o.opt) as 0 | 1 | 2 | 3, passes: o.passes, cpu: o.cpu };
    checkReadable(file);
    const status = await runCached(file, args, opts, (source, options) => compileFile(file, options, false, source));
    process.exitCode = status;
  });

program
  .command("check")
  .description("report diagnostics without generating code")
  .argument("<file>", "the Python source file")
  .addOption(new Option("--report <format>", "print the per-function report").choices(["json", "text"]))
  .action(async (file: string, o: { report?: string }) => {
    const res = await compileFile(file, { emit: "ir" }, o.report === "json");
    if (o.report === "json") process.stdout.write(`${JSON.stringify(jsonReport(res), null, 2)}\n`);
    else if (o.report === "text") process.stdout.write(formatReport(res));
    else if (res.ok) process.stderr.write(`${file}: ok (${res.functions.filter((f) => f.status === "compiled").length} functions compile)\n`);
    process.exitCode = res.ok ? 0 : 1;
  });

program
  .command("doctor")
  .description("check the external tools apc needs and print how to install what is missing")
  .action(async () => {
    process.exitCode = await doctor();
  });

/** Read, compile, and print diagnostics to stderr (unless `quiet`). */
async function compileFile(file: string, options: Omit<CompileOptions, "file">, quiet: boolean, text?: string | Uint8Array): Promise<CompileResult> {
  // The file's bytes: compile() decodes them as CPython reads a .py file.
  let source: string | Uint8Array;
  if (text === undefined) checkReadable(file);
  try {
    source = text ?? readFileSync(file);
  } catch (err) {
    throw new InputUnreadable(file, (err as Error).message);
  }
  let res: CompileResult;
  try {
    res = await compile(source, { ...options, file: path.relative(process.cwd(), path.resolve(file)) || file });
  } catch (err) {
    if (err instanceof ToolchainMissing) {
      process.stderr.write(`error: ${err.message}\nrun \`apc doctor\` to check every tool.\n`);
      process.exit(2);
    }
    if (err instanceof PipelineError) {
      process.stderr.write(`error: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  if (!quiet) {
    for (const d of res.diagnostics) process.stderr.write(`${renderDiagnostic(d, res.source)}\n\n`);
    if (!res.ok) {
      const n = res.diagnostics.filter((d) => d.severity === "error").length;
      process.stderr.write(`error: could not compile ${file} (${n} error${n === 1 ? "" : "s"})\n`);
    }
  }
  return res;
}

function jsonReport(res: CompileResult) {
  return {
    ok: res.ok,
    timings: res.timings,
    functions: res.functions,
    diagnostics: res.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, file: d.file, line: d.span.line, col: d.span.col, help: d.help })),
    artifacts: { executable: res.artifacts.executable, shared: res.artifacts.shared, object: res.artifacts.object },
  };
}

function usage(msg: string): never {
  process.stderr.write(`${msg}\n`);
  process.exit(2);
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    return pkg.version;
  } catch {
    return "0.0.0";
  }
}

registerProfile(program);
registerOptimize(program);
registerAgent(program);
registerTune(program);

registerBench(program);

guardStdout();
program.parseAsync(process.argv).catch((err: unknown) => exitOnFailure("apc", err));
