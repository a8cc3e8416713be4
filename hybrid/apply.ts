// Applying an optimization plan to a project, and taking it back.
//
// The edit is one `@apc.native` decorator per chosen function plus a short
// import block per edited module that puts `.apc/build` (the `apc` package
// and the extension) on sys.path. In a git repository the change is a
// commit on a new branch `apc/optimize-<timestamp>` (simple-git), never on
// the user's branch, and a working tree with changes is refused. Elsewhere,
// the original files are copied to `.apc/backups/<timestamp>/` first. After
// the edit the entry runs once more and must print exactly what it printed
// before, or the change is taken back at once.
//
// The undo record (`.apc/optimize-state.json`) is written before anything
// is touched and names, per file, the SHA-256 of its text before and after
// apc's edit; every file apc writes is replaced by rename. So wherever an
// apply stops (killed, a failing commit), `undoOptimization` finds a state
// it can take back, and it takes back only what apc wrote: a file whose text
// is neither apc's nor the original is someone's work, and undo refuses
// (naming the files) unless told to `force`, which keeps that work aside
// (`git stash`, or a copy under `.apc/backups/<timestamp>/yours/`) first.
// An apply that fails before its verification is taken back and leaves
// nothing behind. Where git has no identity, apc commits as itself
// (`apc <apc@localhost>`): the commit is apc's edit on apc's branch.
// `APC_TEST_KILL_AT=<point>` SIGKILLs the process at that point (tests).

import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";
import { parseModule } from "../compiler/frontend/parse.js";
import { runMeasured } from "../benchmarks/harness/timed-run.js";
import type { OptimizePlan } from "./optimize.js";

export class DirtyWorkingTree extends Error {
  readonly code = "dirty-working-tree";
  constructor(readonly files: string[]) {
    super(`the working tree has uncommitted changes (${listed(files)}): commit or stash them first; apc optimize --apply changes nothing until then`);
  }
}

export class NothingToUndo extends Error {
  readonly code = "nothing-to-undo";
  constructor(project: string) {
    super(`no apc optimize --apply to undo in ${project} (.apc/optimize-state.json is missing)`);
  }
}

/** An earlier apply stopped before it finished: its undo record must be used first. */
export class UnfinishedApply extends Error {
  readonly code = "unfinished-apply";
  constructor(readonly state: ApplyState) {
    super(`an earlier apc optimize --apply (${state.when}${state.branch ? `, branch ${state.branch}` : ""}) stopped before it finished: run apc optimize --undo first`);
  }
}

/** Undo would discard changes apc did not make; nothing was changed. */
export class UndoWouldDiscard extends Error {
  readonly code = "undo-would-discard";
  constructor(
    readonly files: string[],
    state: ApplyState,
  ) {
    const keep =
      state.kind === "git"
        ? `commit them on ${state.branch} (undo keeps that branch) or stash them (git stash), then run apc optimize --undo again; or run apc optimize --undo --force, which stashes them for you`
        : `copy them elsewhere (the originals are in ${state.backup}), then run apc optimize --undo again; or run apc optimize --undo --force, which first copies them to ${yoursDir(state)}`;
    super(`apc optimize --undo would discard changes apc did not make, in ${listed(files)}; nothing was changed. To keep them, ${keep}`);
  }
}

/** Undo cannot tell what to do from here (another branch checked out, a damaged backup). */
export class UndoRefused extends Error {
  readonly code = "undo-refused";
}

/** The apply failed before it finished, and was taken back. */
export class ApplyFailed extends Error {
  readonly code = "apply-failed";
}

/** A file apc edits: the SHA-256 of its text before and after the edit. */
interface FileEdit {
  readonly before: string;
  readonly after: string;
}

export interface ApplyState {
  readonly kind: "git" | "copy";
  readonly when: string;
  /** git: the branch (or commit) the user was on, its commit, and the branch made. */
  readonly original?: string;
  readonly originalHead?: string;
  readonly branch?: string;
  /** copy: the backup folder (relative to the project). */
  readonly backup?: string;
  /** The files apc edits (relative paths), and what each held before and after. */
  readonly files: string[];
  readonly edits?: Record<string, FileEdit>;
  /** False until the change is complete (committed, or every file edited). */
  readonly complete?: boolean;
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

export interface UndoResult {
  readonly state: ApplyState;
  /** The files put back as they were (copy), or whose apc edits were dropped (git). */
  readonly restored: string[];
  /** git: the branch was deleted (it held no commit, or the apply was taken back). */
  readonly branchDeleted: boolean;
  /** --force: where the changes apc did not make were kept (a stash or a folder), or null. */
  readonly keptAside: string | null;
}

const stateFile = (project: string) => path.join(project, ".apc", "optimize-state.json");
const yoursDir = (state: ApplyState) => path.join(state.backup ?? path.join(".apc", "backups", state.when), "yours");
const BOOT_MARK = "# apc optimize";
const FALLBACK_IDENTITY = { name: "apc", email: "apc@localhost" };

/** Tests stop the process at a named point of an apply (APC_TEST_KILL_AT=after-branch). */
function killPoint(name: string): void {
  if (process.env.APC_TEST_KILL_AT === name) process.kill(process.pid, "SIGKILL");
}

export async function applyPlan(plan: OptimizePlan, opts: { python?: string; args?: readonly string[]; log?: (line: string) => void } = {}): Promise<ApplyResult> {
  const log = opts.log ?? (() => {});
  const project = plan.project;
  const chosen = plan.functions.filter((f) => f.verdict === "native");
  const byFile = new Map<string, string[]>();
  for (const f of chosen) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f.qualname]);
  const files = [...byFile.keys()].sort();
  const isRepo = await checkCanApply(project);
  // Every text apc will write is known before anything is touched, so the
  // undo record can say what each file holds before and after.
  const texts = new Map<string, string>();
  const edits: Record<string, FileEdit> = {};
  for (const [file, names] of byFile) {
    const abs = path.join(project, file);
    const before = readFileSync(abs, "utf8");
    const after = decorate(before, abs, names, path.relative(path.dirname(abs), project) || ".");
    texts.set(file, after);
    edits[file] = { before: sha256(before), after: sha256(after) };
  }
  const when = timestamp();
  mkdirSync(path.join(project, ".apc"), { recursive: true });
  // apc's own files (traces, objects, reports) never show up in the user's git status.
  writeFileSync(path.join(project, ".apc", ".gitignore"), "*\n");
  let state: ApplyState;
  const git = simpleGit(project);
  if (isRepo) {
    const status = await git.status();
    const originalHead = (await git.revparse(["HEAD"])).trim();
    const original = status.current && status.current !== "HEAD" ? status.current : originalHead;
    const branch = `apc/optimize-${when}`;
    if (await branchTip(git, branch)) throw new ApplyFailed(`apc optimize --apply: the branch ${branch} already exists; nothing was changed`);
    state = { kind: "git", when, original, originalHead, branch, files, edits, complete: false };
  } else {
    state = { kind: "copy", when, backup: path.join(".apc", "backups", when), files, edits, complete: false };
  }
  writeState(project, state);
  killPoint("after-record");

  try {
    if (state.kind === "git") {
      await git.checkoutLocalBranch(state.branch!);
      killPoint("after-branch");
    } else {
      for (const f of files) {
        const copy = path.join(project, state.backup!, f);
        mkdirSync(path.dirname(copy), { recursive: true });
        replaceFile(project, copy, readFileSync(path.join(project, f)), path.join(project, f));
      }
      killPoint("after-backup");
    }
    for (const [i, f] of files.entries()) {
      replaceFile(project, path.join(project, f), texts.get(f)!);
      if (i === 0) killPoint("after-edit");
    }
    killPoint("after-edits");
    if (state.kind === "git") {
      await git.add(files);
      await git.raw(["add", "-f", path.join(".apc", "build", "apc")]);
      killPoint("after-stage");
      const identity = await committerIdentity(git);
      if (identity) log(`apc optimize: git has no user.name/user.email here: committing as ${identity.name} <${identity.email}>`);
      await withIdentity(project, identity).commit(commitMessage(plan));
      killPoint("after-commit");
      log(`apc optimize: committed on branch ${state.branch} (your branch ${state.original} is unchanged)`);
    } else {
      log(`apc optimize: edited ${files.join(", ")}; originals kept in ${state.backup}`);
    }
    state = { ...state, complete: true };
    writeState(project, state);
  } catch (err) {
    const why = firstLine(err);
    try {
      await undoOptimization(project, { dropBranch: true });
    } catch (undoErr) {
      throw new ApplyFailed(`apc optimize --apply failed (${why}), and taking it back failed too (${firstLine(undoErr)}): see .apc/optimize-state.json and run apc optimize --undo`);
    }
    throw new ApplyFailed(`apc optimize --apply failed: ${why}; the project is as it was`);
  }
  killPoint("before-verify");

  // Verify the edited project as the user will run it.
  const entry = plan.entry.target.kind === "script" ? plan.entry.target.file : null;
  const problem = entry ? await verify(project, entry, opts.python ?? "python3", opts.args ?? [], plan) : null;
  if (problem) {
    log(`apc optimize: ${problem}; taking the change back`);
    await undoOptimization(project, { dropBranch: true });
  }
  return { applied: !problem, kind: state.kind, branch: state.branch ?? null, backup: state.backup ?? null, files, problem };
}

/** Whether the project is a git repository. Throws UnfinishedApply when an
 *  earlier apply stopped halfway, DirtyWorkingTree when tracked files have
 *  uncommitted changes. */
export async function checkCanApply(project: string): Promise<boolean> {
  const earlier = readState(project);
  if (earlier && earlier.complete === false) throw new UnfinishedApply(earlier);
  return checkCleanTree(project);
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

/** Returns the project to its state before the last apply, taking back only
 *  what apc wrote. `force` first keeps changes apc did not make aside
 *  (a stash, or copies) instead of refusing; `dropBranch` deletes apc's
 *  branch even when it holds apc's commit (an apply taken back at once). */
export async function undoOptimization(project: string, opts: { dropBranch?: boolean; force?: boolean } = {}): Promise<UndoResult> {
  const state = readState(project);
  if (!state) throw new NothingToUndo(project);
  const result = state.kind === "git" ? await undoGit(project, state, opts) : undoCopy(project, state, !!opts.force);
  writeFileSync(stateFile(project).replace(/\.json$/, `.undone-${state.when}.json`), JSON.stringify(state, null, 2));
  rmSync(stateFile(project));
  return result;
}

async function undoGit(project: string, state: ApplyState, opts: { dropBranch?: boolean; force?: boolean }): Promise<UndoResult> {
  const git = simpleGit(project);
  const branch = state.branch!;
  const status = await git.status();
  const head = (await git.revparse(["HEAD"])).trim();
  const current = status.current && status.current !== "HEAD" ? status.current : head;
  let restored: string[] = [];
  let keptAside: string | null = null;
  if (current === branch) {
    const { apcs, others } = await classifyChanges(git, project, state);
    if (others.length && !opts.force) throw new UndoWouldDiscard(others, state);
    if (others.length) {
      const message = `apc optimize --undo: changes on ${branch} that apc did not make (${listed(others)})`;
      await withIdentity(project, await committerIdentity(git)).raw(["stash", "push", "-m", message]);
      keptAside = `git stash (stash@{0}: ${message}; \`git checkout ${branch} && git stash pop\` brings them back)`;
    } else if (apcs.length) {
      await git.reset(["--hard"]); // every change left is apc's own
    }
    restored = apcs;
    await git.checkout(state.original!);
  } else if (current !== state.original) {
    throw new UndoRefused(`you are on ${current}, not on apc's branch ${branch} (made from ${state.original}): check out ${branch} and run apc optimize --undo again, or delete .apc/optimize-state.json to keep things as they are`);
  }
  // The branch goes when it holds nothing (the apply stopped before its commit) or the apply is being taken back.
  const tip = await branchTip(git, branch);
  const branchDeleted = tip !== null && (tip === state.originalHead || !!opts.dropBranch);
  if (branchDeleted) await git.deleteLocalBranch(branch, true);
  return { state, restored, branchDeleted, keptAside };
}

/** The commit a local branch points to, or null when there is no such branch. */
async function branchTip(git: SimpleGit, branch: string): Promise<string | null> {
  const tip = (await git.raw(["rev-parse", "--verify", "-q", `refs/heads/${branch}`]).catch(() => "")).trim();
  return tip === "" ? null : tip;
}

/** The changed paths on apc's branch: apc's own (under .apc/, or a file
 *  holding exactly the text before or after apc's edit) and the others. */
async function classifyChanges(git: SimpleGit, project: string, state: ApplyState): Promise<{ apcs: string[]; others: string[] }> {
  const out = await git.raw(["status", "--porcelain=v1", "-z", "--untracked-files=no"]);
  const apcs: string[] = [];
  const others: string[] = [];
  const fields = out.split("\0");
  for (let i = 0; i < fields.length; i++) {
    const entry = fields[i]!;
    if (entry.length < 4) continue;
    const [x, p] = [entry[0]!, entry.slice(3)];
    if (x === "R" || x === "C") i++; // the source path follows
    if (p.startsWith(".apc/")) continue;
    const known = state.edits?.[p];
    const ours = (hash: string | null) => hash !== null && known !== undefined && (hash === known.before || hash === known.after);
    const staged = x === " " ? null : await git.raw(["show", `:${p}`]).then(sha256, () => null);
    if (ours(hashOf(path.join(project, p))) && (x === " " || ours(staged))) apcs.push(p);
    else others.push(p);
  }
  return { apcs, others };
}

function undoCopy(project: string, state: ApplyState, force: boolean): UndoResult {
  const backup = path.join(project, state.backup!);
  const now = new Map(state.files.map((f) => [f, hashOf(path.join(project, f))]));
  const others = state.files.filter((f) => {
    const e = state.edits?.[f];
    return !e || (now.get(f) !== e.before && now.get(f) !== e.after);
  });
  if (others.length && !force) throw new UndoWouldDiscard(others, state);
  const toRestore = state.files.filter((f) => now.get(f) !== state.edits?.[f]?.before);
  for (const f of toRestore) {
    const copy = path.join(backup, f);
    if (state.edits && hashOf(copy) !== state.edits[f]?.before) {
      throw new UndoRefused(`the backup ${path.join(state.backup!, f)} is missing or not the file apc copied: nothing was changed; compare it with ${f} by hand`);
    }
  }
  const kept = others.filter((f) => existsSync(path.join(project, f))); // a deleted file has nothing to keep
  for (const f of kept) {
    const abs = path.join(project, f);
    mkdirSync(path.dirname(path.join(project, yoursDir(state), f)), { recursive: true });
    replaceFile(project, path.join(project, yoursDir(state), f), readFileSync(abs), abs);
  }
  const keptAside = kept.length ? yoursDir(state) : null;
  for (const f of toRestore) replaceFile(project, path.join(project, f), readFileSync(path.join(backup, f)), path.join(backup, f));
  return { state, restored: toRestore, branchDeleted: false, keptAside };
}

function readState(project: string): ApplyState | null {
  const file = stateFile(project);
  if (!existsSync(file)) return null;
  try {
    const state = JSON.parse(readFileSync(file, "utf8")) as ApplyState;
    if ((state.kind === "git" && state.branch && state.original) || (state.kind === "copy" && state.backup)) {
      if (Array.isArray(state.files)) return state;
    }
  } catch {
    // reported below
  }
  throw new UndoRefused(`${file} is not an undo record apc can read: nothing was changed; undo by hand (git status, or .apc/backups/), then delete it`);
}

function writeState(project: string, state: ApplyState): void {
  replaceFile(project, stateFile(project), JSON.stringify(state, null, 2));
}

/** Writes `file` whole under a private name in the project's .apc/ and
 *  renames it into place (a reader sees the old text or the new, never half);
 *  with the mode of `modeOf` (default: the file itself) when it exists. */
function replaceFile(project: string, file: string, content: string | Buffer, modeOf: string = file): void {
  const tmp = path.join(project, ".apc", `.tmp-${process.pid}-${tmpCounter++}`);
  writeFileSync(tmp, content);
  const mode = statSync(modeOf, { throwIfNoEntry: false })?.mode;
  if (mode !== undefined) chmodSync(tmp, mode & 0o7777);
  renameSync(tmp, file);
}
let tmpCounter = 0;

/** null when git can name the committer here; otherwise apc's own identity. */
async function committerIdentity(git: SimpleGit): Promise<typeof FALLBACK_IDENTITY | null> {
  try {
    await git.raw(["var", "GIT_COMMITTER_IDENT"]);
    await git.raw(["var", "GIT_AUTHOR_IDENT"]);
    return null;
  } catch {
    return FALLBACK_IDENTITY;
  }
}

function withIdentity(project: string, identity: typeof FALLBACK_IDENTITY | null): SimpleGit {
  return identity ? simpleGit(project, { config: [`user.name=${identity.name}`, `user.email=${identity.email}`] }) : simpleGit(project);
}

const sha256 = (text: string | Buffer) => createHash("sha256").update(text).digest("hex");

function hashOf(file: string): string | null {
  try {
    return sha256(readFileSync(file));
  } catch {
    return null;
  }
}

function listed(files: readonly string[]): string {
  return `${files.slice(0, 5).join(", ")}${files.length > 5 ? `, and ${files.length - 5} more` : ""}`;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).trim().split("\n")[0]!;
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
