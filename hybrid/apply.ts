// Applying an optimization plan to a project, and taking it back.
//
// The edit is one `@apc.native` decorator per chosen function plus a short
// import block per edited module that puts `.apc/build` (the `apc` package
// and the extension) on sys.path. In a git repository the change is a
// commit on a new branch `apc/optimize-<timestamp>` (simple-git), never on
// the user's branch, and a working tree with changes is refused. Elsewhere,
// the original files are copied to `.apc/backups/<timestamp>/` first. After
// the edit the entry runs once more and must print exactly what it printed
// before, or the change is taken back at once. `undoOptimization` returns to
// the state before the last apply.

import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { simpleGit } from "simple-git";
import { parseModule } from "../compiler/frontend/parse.js";
import { runMeasured } from "../benchmarks/harness/timed-run.js";
import type { OptimizePlan } from "./optimize.js";

export class DirtyWorkingTree extends Error {
  constructor(readonly files: string[]) {
    super(`the working tree has uncommitted changes (${files.slice(0, 5).join(", ")}${files.length > 5 ? ", ..." : ""}): commit or stash them first; apc optimize --apply changes nothing until then`);
  }
}

export class NothingToUndo extends Error {
  constructor(project: string) {
    super(`no apc optimize --apply to undo in ${project} (.apc/optimize-state.json is missing)`);
  }
}

interface ApplyState {
  readonly kind: "git" | "copy";
  readonly when: string;
  /** git: the branch (or commit) the user was on, and the branch made. */
  readonly original?: string;
  readonly branch?: string;
  /** copy: the backup folder and the files it holds (relative paths). */
  readonly backup?: string;
  readonly files: string[];
}

export interface ApplyResult {
  readonly applied: boolean;
  readonly kind: "git" | "copy";
  readonly branch: string | null;
  readonly backup: string | null;
  readonly files: string[];
  /** Why the change was taken back, when it was. */
  readonly problem: string | null;
}

const stateFile = (project: string) => path.join(project, ".apc", "optimize-state.json");
const BOOT_MARK = "# apc optimize";

export async function applyPlan(plan: OptimizePlan, opts: { python?: string; args?: readonly string[]; log?: (line: string) => void } = {}): Promise<ApplyResult> {
  const log = opts.log ?? (() => {});
  const project = plan.project;
  const chosen = plan.functions.filter((f) => f.verdict === "native");
  const byFile = new Map<string, string[]>();
  for (const f of chosen) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f.qualname]);
  const files = [...byFile.keys()].sort();
  const when = timestamp();
  const git = simpleGit(project);
  const isRepo = await checkCleanTree(project);
  // apc's own files (traces, objects, reports) never show up in the user's git status.
  writeFileSync(path.join(project, ".apc", ".gitignore"), "*\n");
  let state: ApplyState;
  if (isRepo) {
    const status = await git.status();
    const branch = `apc/optimize-${when}`;
    const original = status.current && status.current !== "HEAD" ? status.current : (await git.revparse(["HEAD"])).trim();
    await git.checkoutLocalBranch(branch);
    state = { kind: "git", when, original, branch, files };
  } else {
    const backup = path.join(".apc", "backups", when);
    for (const f of files) {
      mkdirSync(path.dirname(path.join(project, backup, f)), { recursive: true });
      copyFileSync(path.join(project, f), path.join(project, backup, f));
    }
    state = { kind: "copy", when, backup, files };
  }
  for (const [file, names] of byFile) {
    const abs = path.join(project, file);
    writeFileSync(abs, decorate(readFileSync(abs, "utf8"), abs, names, path.relative(path.dirname(abs), project) || "."));
  }
  writeFileSync(stateFile(project), JSON.stringify(state, null, 2));
  if (state.kind === "git") {
    await git.add(files);
    await git.raw(["add", "-f", path.join(".apc", "build", "apc")]);
    await git.commit(commitMessage(plan));
    log(`apc optimize: committed on branch ${state.branch} (your branch ${state.original} is unchanged)`);
  } else {
    log(`apc optimize: edited ${files.join(", ")}; originals kept in ${state.backup}`);
  }

  // Verify the edited project as the user will run it.
  const entry = plan.entry.target.kind === "script" ? plan.entry.target.file : null;
  const problem = entry ? await verify(project, entry, opts.python ?? "python3", opts.args ?? [], plan) : null;
  if (problem) {
    log(`apc optimize: ${problem}; taking the change back`);
    await undoOptimization(project, { dropBranch: true });
  }
  return { applied: !problem, kind: state.kind, branch: state.branch ?? null, backup: state.backup ?? null, files, problem };
}

/** Whether the project is a git repository; throws DirtyWorkingTree when
 *  tracked files have uncommitted changes. */
export async function checkCleanTree(project: string): Promise<boolean> {
  if (!existsSync(path.join(project, ".git"))) return false;
  const git = simpleGit(project);
  if (!(await git.checkIsRepo())) return false;
  const status = await git.status();
  const dirty = status.files.filter((f) => f.index !== "?" && f.working_dir !== "?").map((f) => f.path);
  if (dirty.length) throw new DirtyWorkingTree(dirty);
  return true;
}

async function verify(project: string, script: string, python: string, args: readonly string[], plan: OptimizePlan): Promise<string | null> {
  const m = await runMeasured({ exe: python, args: [script, ...args], cwd: project }, 600);
  if (m.exitCode !== plan.baseline.exitCode) return `the edited project exits with ${m.exitCode}, not ${plan.baseline.exitCode}`;
  if (m.stdout !== plan.baseline.stdout) return "the edited project prints different output";
  if (plan.verify) {
    const v = await runMeasured({ exe: "sh", args: ["-c", plan.verify.command], cwd: project }, 600);
    if (v.exitCode !== plan.verify.baseline.exitCode || v.stdout !== plan.verify.baseline.stdout) return `\`${plan.verify.command}\` prints or exits differently on the edited project`;
  }
  return null;
}

/** Returns the project to its state before the last apply. */
export async function undoOptimization(project: string, opts: { dropBranch?: boolean } = {}): Promise<ApplyState> {
  const file = stateFile(project);
  if (!existsSync(file)) throw new NothingToUndo(project);
  const state = JSON.parse(readFileSync(file, "utf8")) as ApplyState;
  if (state.kind === "git") {
    const git = simpleGit(project);
    const status = await git.status();
    // Uncommitted edits on the apc branch are apc's own (a failed verification): drop them.
    if (status.current === state.branch) await git.reset(["--hard"]);
    await git.checkout(state.original!);
    if (opts.dropBranch) await git.deleteLocalBranch(state.branch!, true);
  } else {
    for (const f of state.files) copyFileSync(path.join(project, state.backup!, f), path.join(project, f));
  }
  writeFileSync(file.replace(/\.json$/, `.undone-${state.when}.json`), JSON.stringify(state, null, 2));
  rmSync(file);
  return state;
}

/** The source with `@apc.native` on each named module-level function and
 *  the import block after the docstring and `from __future__` imports. */
export function decorate(source: string, file: string, names: readonly string[], toRoot: string): string {
  const { module } = parseModule(source, file);
  const lines = source.split("\n");
  const defLines = module.body.flatMap((s) => (s.kind === "funcdef" && names.includes(s.def.name) ? [s.span.line] : []));
  for (const line of defLines.sort((a, b) => b - a)) lines.splice(line - 1, 0, "@apc.native");
  if (source.includes(BOOT_MARK)) return lines.join("\n");
  let at = 0; // the first statement that is not the docstring or a __future__ import
  for (const s of module.body) {
    const docstring = s.kind === "expr" && s.value.kind === "str" && s === module.body[0];
    const future = s.kind === "importfrom" && s.module === "__future__";
    if (!docstring && !future) break;
    at = s.span.endLine;
  }
  const buildPath = [toRoot, ".apc", "build"].filter((p) => p !== ".").map((p) => JSON.stringify(p)).join(", ");
  const boot = [
    `import os as _apc_os, sys as _apc_sys  ${BOOT_MARK}: this project's native build`,
    `_apc_sys.path.insert(0, _apc_os.path.join(_apc_os.path.dirname(_apc_os.path.abspath(__file__)), ${buildPath}))`,
    "import apc  # noqa: E402",
    "del _apc_os, _apc_sys",
  ];
  lines.splice(at, 0, ...boot);
  return lines.join("\n");
}

function commitMessage(plan: OptimizePlan): string {
  const rows = plan.functions
    .filter((f) => f.verdict === "native")
    .map((f) => `- ${f.key}: ${plan.tier}, ${f.speedup !== null ? `${f.speedup.toFixed(1)}x faster per call` : "speedup not measured"}`);
  const e2e = plan.endToEndSpeedup !== null ? `${plan.endToEndSpeedup.toFixed(2)}x` : "not measured";
  return [`apc optimize: ${rows.length} function(s) native, end to end ${e2e}`, "", ...rows, "", `Entry: ${plan.entry.label}; output verified identical to CPython's.`].join("\n");
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, "").replace(/\..*$/, "").replace("T", "-");
}
