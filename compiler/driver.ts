// The programmatic entry point: compile(source, options) strings the stages
// together (parse -> infer -> lower -> validate -> LLVM -> opt -> llc -> link)
// and returns artifacts, timings per phase, diagnostics, and one report per
// function. The CLI and (later) the agents call only this.

import { execa } from "execa";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseModule } from "./frontend/parse.js";
import { inferProgram, isMain, type Program, type SignatureHints, type Spec } from "./frontend/infer.js";
import { decodePythonSource } from "./frontend/source.js";
import { checkLibraryMode, moduleConstants, mutatedParams } from "./frontend/library-mode.js";
import { showTy } from "./frontend/types.js";
import type { Diagnostic } from "./diagnostics.js";
import { lowerProgram } from "./ir/lower.js";
import { printModule } from "./ir/print.js";
import { validateModule, type IrProblem } from "./ir/validate.js";
import { emitLlvm } from "./backend/llvm.js";
import { addTbaa } from "./backend/tbaa.js";
import { markNoSignedWrap, markPureRuntime } from "./backend/attributes.js";
import { run as unrollRecursion } from "./passes/unroll-recursion.js";
import { parsePipeline, PipelineError } from "./backend/pipeline.js";
import { findToolchain, type ToolchainConfig } from "./backend/toolchain.js";
import { ensureRuntime } from "./backend/runtime-lib.js";

export type Emit = "exe" | "shared" | "ir" | "llvm" | "asm" | "obj";
export const PHASES = ["parse", "check", "lower", "llvm", "opt", "llc", "link"] as const;
export type Phase = (typeof PHASES)[number];

export interface CompileOptions {
  /** The file name shown in diagnostics and tracebacks. */
  readonly file: string;
  readonly optLevel?: 0 | 1 | 2 | 3;
  /** An `opt -passes=` pipeline, optionally with `;cpu=NAME`
   *  (backend/pipeline.ts); replaces the -O level's pipeline. */
  readonly passes?: string;
  /** LLVM's CPU name to generate code for (`native`: this machine); wins
   *  over a pipeline's own `;cpu=`. Default: the generic x86-64 target. */
  readonly cpu?: string;
  readonly emit?: Emit;
  /** Where to write the executable / library / object / assembly. */
  readonly output?: string;
  readonly toolchain?: ToolchainConfig;
  /** Observed argument types for functions the file never calls, e.g.
   *  { "norm": [["list[float]"]] } (the profiler's trace store provides them). */
  readonly signatureHints?: SignatureHints;
  /** Keep the temporary folder with .bc/.o files (its path is reported). */
  readonly keepTemps?: boolean;
  /** Library mode (hybrid): compile the module's functions for CPython to
   *  call; the module's own code stays in Python. Functions that read module
   *  variables other than constants, print, or touch process state are
   *  refused (frontend/library-mode.ts). Every compiled specialisation is
   *  exported as `<symbolPrefix><qualname>__<types>`. */
  readonly library?: { readonly symbolPrefix: string };
}

export interface FunctionReport {
  readonly name: string; // qualified Python name
  readonly line: number;
  /** "(int, float) -> float", or null when never specialised. */
  readonly signature: string | null;
  readonly symbol: string | null;
  readonly status: "compiled" | "refused" | "not-compiled";
  readonly reason: { code: string; message: string; line: number; col: number } | null;
  /** Library mode: the parameters (with whether the function may mutate the
   *  object passed) and the return type, for the hybrid boundary. */
  readonly params?: { name: string; type: string; mutated: boolean }[];
  readonly returns?: string;
}

export interface CompileResult {
  readonly ok: boolean;
  readonly diagnostics: Diagnostic[];
  readonly functions: FunctionReport[];
  readonly timings: Partial<Record<Phase, number>>;
  readonly artifacts: {
    ir?: string;
    llvm?: string;
    asm?: string;
    object?: string;
    executable?: string;
    shared?: string;
    tempDir?: string;
  };
  /** IR validator problems: a compiler bug when non-empty. */
  readonly irProblems: IrProblem[];
  /** The source text compiled (decoded when given as bytes): what
   *  diagnostics are rendered against. */
  readonly source: string;
}

/** Compile Python source: text, or a file's bytes (decoded as CPython reads
 *  a .py file: PEP 263, refusing what CPython refuses). */
export async function compile(input: string | Uint8Array, options: CompileOptions): Promise<CompileResult> {
  const timings: Partial<Record<Phase, number>> = {};
  const time = async <T>(phase: Phase, f: () => T | Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await f();
    } finally {
      timings[phase] = (timings[phase] ?? 0) + performance.now() - t0;
    }
  };
  const emit = options.emit ?? "exe";
  const decoded = typeof input === "string" ? { text: input, problem: null } : decodePythonSource(input, options.file);
  const source = decoded.text;
  const fail = (diagnostics: Diagnostic[], functions: FunctionReport[] = [], irProblems: IrProblem[] = []): CompileResult => ({
    ok: false,
    diagnostics,
    functions,
    timings,
    artifacts: {},
    irProblems,
    source,
  });
  if (decoded.problem) return fail([decoded.problem]);

  const parsed = await time("parse", () => parseModule(source, options.file));
  if (parsed.diagnostics.some((d) => d.severity === "error")) return fail(parsed.diagnostics);

  const library = options.library;
  if (library && emit === "exe") throw new Error("library mode builds a shared library or an object, not an executable");
  const { prog, constants } = await time("check", () => {
    const prog = inferProgram(parsed.module, options.signatureHints, library?.symbolPrefix);
    const constants = library ? moduleConstants(parsed.module, prog.root) : undefined;
    if (constants) checkLibraryMode(prog, constants);
    return { prog, constants };
  });
  const refused = refusedSpecs(prog);
  const reports = functionReports(prog, refused, library !== undefined).filter((r) => !library || r.name !== "<module>");
  const errors = prog.diagnostics.filter((d) => d.severity === "error");
  const shared = emit === "shared" || library !== undefined;
  // An executable needs the whole program; a library takes what compiles.
  if (!shared && (errors.length || refused.has(prog.main))) return fail(prog.diagnostics, reports);
  const specs = prog.specs.filter((s) => !refused.has(s) && !(library && isMain(s)));

  const custom = options.passes === undefined ? null : parsePipeline(options.passes);
  const narrow = custom?.narrow ?? null;
  const ir = await time("lower", () => lowerProgram(prog, specs, { exportAll: shared, constants, rangeFacts: narrow !== null }));
  let irProblems = validateModule(ir);
  if (!irProblems.length && (options.optLevel ?? 2) >= 2) {
    unrollRecursion(ir);
    irProblems = validateModule(ir);
  }
  if (irProblems.length) {
    const text = irProblems.map((p) => `  ${p.func}: ${p.entity}: ${p.message}`).join("\n");
    throw new Error(`internal compiler error: invalid IR after lowering\n${text}${process.env.APC_DEBUG ? `\n${printModule(ir)}` : ""}`);
  }
  const result = (artifacts: CompileResult["artifacts"]): CompileResult => ({
    ok: true,
    diagnostics: prog.diagnostics,
    functions: reports,
    timings,
    artifacts,
    irProblems,
    source,
  });
  if (emit === "ir") return result({ ir: printModule(ir) });

  const tc = await findToolchain(options.toolchain);
  const runtime = emit === "exe" || emit === "shared" ? ensureRuntime(tc.cc) : null;
  runtime?.catch(() => {}); // awaited below; avoid an unhandled rejection meanwhile
  const tmp = mkdtempSync(path.join(os.tmpdir(), "apc-"));
  try {
    const bc = path.join(tmp, "module.ll");
    await time("llvm", () => {
      const { module, verifyErrors } = emitLlvm(ir, { narrow });
      if (verifyErrors.length) {
        const dump = process.env.APC_DEBUG ? `\n${module.print()}` : " (set APC_DEBUG=1 to print the module)";
        throw new Error(`internal compiler error: ${verifyErrors.join("; ")}${dump}`);
      }
      // Textual, so backend/tbaa.ts can attach alias metadata llvm-bindings cannot.
      writeFileSync(bc, markNoSignedWrap(markPureRuntime(addTbaa(module.print()))));
    });
    const level = options.optLevel ?? 2;
    const pipeline = custom?.passes ?? `default<O${level}>`;
    const cpu = options.cpu ?? custom?.cpu ?? null;
    const target = cpu ? [`-mcpu=${cpu}`] : [];
    const optOut = path.join(tmp, emit === "llvm" ? "module.opt.ll" : "module.opt.bc");
    // At -O3 the inliner may also fold the recursion ring of
    // passes/unroll-recursion (gcc -O2 inlines recursion just as deep). A
    // custom pipeline at -O3 inlines by the same rule, so `default<O3>` given
    // as a pipeline builds exactly what -O3 builds (the optimizer measures its
    // candidates against that).
    const inline = level >= 3 ? ["-inline-threshold=1000"] : [];
    await time("opt", async () => {
      const r = await execa(tc.opt, [`-passes=${pipeline}`, ...inline, ...target, bc, "-o", optOut, ...(emit === "llvm" ? ["-S"] : [])], { reject: false });
      // LLVM warns about a CPU it does not know (and may then abort).
      if (cpu && /not a recognized processor/.test(r.stderr)) throw new PipelineError(`unknown CPU "${cpu}": \`llc -mcpu=help\` lists LLVM's names (\`native\` is this machine)`);
      if (r.exitCode === 0 && !r.signal) return;
      const why = r.stderr.split("\n").find((l) => l.trim()) ?? `exit ${r.exitCode ?? r.signal}`;
      if (custom) throw new PipelineError(`opt rejected the pipeline "${pipeline}": ${why.replace(/^.*?opt: /, "")}`);
      throw new Error(`opt failed: ${why}`);
    });
    if (emit === "llvm") return result({ llvm: readFileSync(optOut, "utf8") });

    // LLVM 14's generic x86-64 divides 64-bit integers with divq (tens of
    // cycles on most CPUs); later LLVMs tune the generic target to try divl
    // first when both operands fit in 32 bits, a test and a branch. Python's
    // % and // on ints are 64-bit divisions, so apc tunes the same way
    // (primes.py: 1.6x). A named CPU's own tuning decides for itself.
    const tuning = !cpu && level >= 1 && process.arch === "x64" ? ["-mattr=+idivq-to-divl"] : [];
    const llcArgs = [`-O${Math.min(level, 3)}`, "-relocation-model=pic", ...target, ...tuning, optOut];
    if (emit === "asm") {
      const asm = path.join(tmp, "module.s");
      await time("llc", () => execa(tc.llc, [...llcArgs, "-filetype=asm", "-o", asm]));
      const text = readFileSync(asm, "utf8");
      if (options.output) writeFileSync(options.output, text);
      return result({ asm: text });
    }
    const obj = path.join(tmp, "module.o");
    await time("llc", () => execa(tc.llc, [...llcArgs, "-filetype=obj", "-o", obj]));
    if (emit === "obj") {
      const out = options.output ?? defaultOutput(options.file, ".o");
      copyFileSync(obj, out);
      return result({ object: out });
    }
    const rt = await runtime!;
    const out = options.output ?? defaultOutput(options.file, shared ? ".so" : "");
    await time("link", () =>
      shared
        ? execa(tc.cc, ["-shared", "-o", out, obj, rt.archive, "-lm"])
        : execa(tc.cc, ["-o", out, obj, rt.mainObject, rt.archive, "-lm"]),
    );
    return result(shared ? { shared: out } : { executable: out, ...(options.keepTemps ? { tempDir: tmp } : {}) });
  } finally {
    if (!options.keepTemps) rmSync(tmp, { recursive: true, force: true });
  }
}

function defaultOutput(file: string, ext: string): string {
  const base = path.basename(file).replace(/\.py$/, "");
  return path.resolve(path.dirname(file), base + ext);
}

/** Specs that cannot be compiled: their own errors, or a call into one. */
export function refusedSpecs(prog: Program): Set<Spec> {
  const refused = new Set(prog.specs.filter((s) => s.diagnostics.some((d) => d.severity === "error")));
  let changed = true;
  while (changed) {
    changed = false;
    for (const s of prog.specs) {
      if (!refused.has(s) && [...s.callees].some((c) => refused.has(c))) {
        refused.add(s);
        changed = true;
      }
    }
  }
  return refused;
}

function functionReports(prog: Program, refused: Set<Spec>, boundary: boolean): FunctionReport[] {
  const out: FunctionReport[] = [];
  const memo = new Map<Spec, boolean[]>();
  for (const s of prog.specs) {
    const def = s.scope.def;
    const own = s.diagnostics.find((d) => d.severity === "error");
    const via = !own ? [...s.callees].find((c) => refused.has(c)) : undefined;
    const reason = own
      ? { code: own.code, message: own.message, line: own.span.line, col: own.span.col }
      : via
        ? { code: "E0301", message: `calls ${via.key}, which apc refused`, line: def?.nameSpan.line ?? 1, col: def?.nameSpan.col ?? 1 }
        : null;
    out.push({
      name: s.scope.qualname,
      line: def?.nameSpan.line ?? 1,
      signature: def ? `(${s.paramTys.map(showTy).join(", ")}) -> ${s.ret ? showTy(s.ret) : "?"}` : null,
      symbol: s.symbol,
      status: refused.has(s) ? "refused" : "compiled",
      reason,
      ...(boundary && def && s.ret
        ? {
            params: def.params.map((p, i) => ({ name: p.name, type: showTy(s.paramTys[i]!), mutated: mutatedParams(s, memo)[i]! })),
            returns: showTy(s.ret),
          }
        : {}),
    });
  }
  for (const u of prog.uncompiled) {
    out.push({
      name: u.scope.qualname,
      line: u.scope.def!.nameSpan.line,
      signature: null,
      symbol: null,
      status: "not-compiled",
      reason: { code: u.reason.code, message: u.reason.message, line: u.reason.span.line, col: u.reason.span.col },
    });
  }
  return out;
}
