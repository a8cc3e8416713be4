// `apc optimize PATH`: the hybrid-mode plan for a project (dry run), or
// applied on a git branch (--apply), or taken back (--undo).

import { Command, InvalidArgumentError, Option } from "commander";
import { applyPlan, checkCanApply, undoOptimization, type UndoResult } from "../hybrid/apply.js";
import { PythonHeadersMissing } from "../hybrid/extension.js";
import { planOptimization, type OptimizePlan, type Tier } from "../hybrid/optimize.js";
import { knownFailure, splitOperands } from "./profile.js";
import { chooseEntry } from "../profiler/entry.js";

const EXIT_USAGE = 2;

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
}

const fmtS = (s: number | null) => (s === null ? "-" : s >= 1 ? `${s.toFixed(2)} s` : `${(s * 1000).toFixed(1)} ms`);

/** The plan as a table a person reads. */
export function formatPlan(plan: OptimizePlan): string {
  const rows = plan.functions.map((f) => [
    f.key,
    f.verdict,
    `${(f.share * 100).toFixed(1)}%`,
    fmtS(f.pythonSeconds),
    fmtS(f.nativeSeconds),
    f.speedup === null ? "-" : `${f.speedup.toFixed(1)}x`,
    f.calls === null ? "-" : `${f.calls}${f.fallbacks ? ` (${f.fallbacks} in Python)` : ""}`,
    f.reason ? `${f.reason.code} ${f.reason.message} (line ${f.reason.line})` : (f.signature ?? ""),
  ]);
  const head = ["function", "verdict", "time", "python", "native", "speedup", "calls", "signature / reason"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ");
  const out = [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line), ""];
  out.push(`entry: ${plan.entry.reason}; tier ${plan.tier}; build ${plan.buildSeconds.toFixed(1)} s`);
  out.push(`end to end: Python ${fmtS(plan.baseline.seconds)}, native ${fmtS(plan.optimized?.seconds ?? null)}${plan.endToEndSpeedup !== null ? ` (${plan.endToEndSpeedup.toFixed(2)}x)` : ""}`);
  out.push(plan.verified ? `verified: stdout and exit status identical to Python's${plan.verify ? ` (the entry and \`${plan.verify.command}\`)` : ""}` : "not verified: nothing runs natively");
  if (plan.culprits.length) out.push(`dropped (changed the output): ${plan.culprits.join(", ")}`);
  return out.join("\n");
}

/** The codes of hybrid/apply.ts's errors: each is a one-line message, not a crash. */
const APPLY_ERRORS = new Set(["dirty-working-tree", "nothing-to-undo", "unfinished-apply", "undo-would-discard", "undo-refused", "apply-failed"]);

/** What --undo did, in one line. */
export function formatUndo(r: UndoResult): string {
  const s = r.state;
  const aside = r.keptAside ? `; changes apc did not make are kept in ${r.keptAside}` : "";
  if (s.kind === "git") return `apc optimize --undo: back on ${s.original} (branch ${s.branch} ${r.branchDeleted ? "deleted: it held no commit" : "kept"})${aside}`;
  return r.restored.length ? `apc optimize --undo: restored ${r.restored.join(", ")} from ${s.backup}${aside}` : `apc optimize --undo: no file had been edited yet; nothing to restore${aside}`;
}

export function registerOptimize(program: Command): void {
  program
    .command("optimize")
    .description("compile a project's hot functions and have its own python3 call them (hybrid mode): a measured dry run, --apply on a git branch, --undo")
    .argument("[path]", "the project folder or script (default: the current folder)")
    .argument("[args...]", "arguments for the entry, after --")
    .option("--entry <file>", "the script to run (default: main.py, __main__.py, or the only script)")
    .option("--functions <names>", "only these functions (comma-separated qualnames or path.py:name keys)")
    .addOption(new Option("--tier <tier>", "how to compile them").choices(["apc-O1", "apc-O3", "apc-custom", "numba"]).default("apc-O3"))
    .option("--passes <pipeline>", "with --tier apc-custom: the opt -passes pipeline")
    .option("--apply", "make the change: decorators and the built extension, committed on a new branch apc/optimize-<time>")
    .option("--undo", "return to the state before the last --apply (refused if that would discard changes apc did not make)")
    .option("--force", "with --undo: keep changes apc did not make aside (git stash, or a copy under .apc/backups/) and undo anyway")
    .option("--repeat <n>", "timed runs of each variant", positiveInt, 3)
    .option("--verify <cmd>", "also run this command (e.g. the project's tests, through sh -c) as Python and native: its stdout and exit status must not change")
    .option("--python <path>", "the project's interpreter", "python3")
    .addOption(new Option("--report <format>", "how to print the plan").choices(["text", "json"]).default("text"))
    .action(async (target: string | undefined, args: string[], o: { entry?: string; functions?: string; tier: Tier; passes?: string; apply?: boolean; undo?: boolean; force?: boolean; repeat: number; python: string; verify?: string; report: "text" | "json" }) => {
      const { target: where, programArgs } = splitOperands(target === undefined ? [] : [target, ...args]);
      const log = (line: string) => process.stderr.write(`${line}\n`);
      try {
        if (o.undo) {
          log(formatUndo(await undoOptimization(where, { force: !!o.force })));
          return;
        }
        if (o.force) throw new InvalidArgumentError("--force goes with --undo");
        if (o.apply) await checkCanApply(chooseEntry(where, { entry: o.entry }).project); // refuse before spending minutes measuring
        const plan = await planOptimization({ path: where, entry: o.entry, args: programArgs, python: o.python, tier: o.tier, passes: o.passes, repeat: o.repeat, verify: o.verify, functions: o.functions?.split(",").filter(Boolean), log });
        process.stdout.write(o.report === "json" ? `${JSON.stringify(plan, null, 2)}\n` : `${formatPlan(plan)}\n`);
        if (!o.apply) return;
        if (!plan.functions.some((f) => f.verdict === "native")) {
          log("apc optimize: nothing to apply");
          return;
        }
        const r = await applyPlan(plan, { python: o.python, args: programArgs, log });
        if (!r.applied) process.exitCode = 1;
      } catch (err) {
        const code = String((err as { code?: unknown })?.code);
        if (err instanceof Error && (APPLY_ERRORS.has(code) || err instanceof PythonHeadersMissing || err instanceof InvalidArgumentError)) {
          log(`error: ${err.message}`);
          process.exitCode = code === "apply-failed" ? 1 : EXIT_USAGE;
          return;
        }
        const msg = knownFailure(err);
        if (msg === null) throw err;
        log(msg);
        process.exitCode = EXIT_USAGE;
      }
    });
}
