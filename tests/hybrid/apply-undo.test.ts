// apc optimize --apply and --undo against faults, on a two-module project
// planned once (real build) and copied per case, in real git repositories:
// undo never discards a change apc did not make (it refuses, naming the
// files; --force keeps them aside first), git or not; an apply SIGKILLed at
// each of its named points (APC_TEST_KILL_AT, in a child process) leaves a
// state --undo takes back exactly; with no git identity the apply commits as
// apc; a commit that fails (a pre-commit hook) leaves nothing behind.

import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { simpleGit } from "simple-git";
import { beforeAll, describe, expect, it } from "vitest";
import { applyPlan, undoOptimization, UndoWouldDiscard, UnfinishedApply, type ApplyResult } from "../../hybrid/apply.js";
import { planOptimization, type OptimizePlan } from "../../hybrid/optimize.js";
import { PYTHON, tempDir } from "../helpers.js";

const ROOT = path.join(import.meta.dirname, "..", "..");
const FIXTURE = path.join(import.meta.dirname, "fixtures", "two-modules");
const APPLY_TS = path.join(ROOT, "hybrid", "apply.ts");
const APC = path.join(ROOT, "bin", "apc.js");
const SOURCES = ["grid.py", "main.py", "walk.py"];
const IDENTITY = ["-c", "user.name=apc test", "-c", "user.email=test@apc.invalid"];

let template: string;
let plan: OptimizePlan;

beforeAll(async () => {
  template = path.join(tempDir("apc-apply-template-"), "project");
  cpSync(FIXTURE, template, { recursive: true });
  plan = await planOptimization({ path: template, python: PYTHON, repeat: 1, minShare: 0 });
  expect(plan.functions.filter((f) => f.verdict === "native").map((f) => f.key)).toEqual(["grid.py:checksum", "walk.py:steps"]);
});

/** A copy of the planned project (sources and the built extension), a git repository unless `git` is false. */
function project(opts: { git: boolean; identity?: boolean }): { dir: string; plan: OptimizePlan } {
  const dir = path.join(tempDir("apc-apply-"), "project");
  cpSync(template, dir, { recursive: true, filter: (s) => !s.includes(`${path.sep}.apc${path.sep}`) || s.includes(`${path.sep}.apc${path.sep}build`) });
  if (opts.git) {
    git(dir, ["init", "-q", "-b", "master"]);
    if (opts.identity !== false) {
      git(dir, ["config", "user.name", "apc test"]);
      git(dir, ["config", "user.email", "test@apc.invalid"]);
    }
    git(dir, ["add", ...SOURCES]);
    git(dir, [...IDENTITY, "commit", "-q", "-m", "the project"]);
  }
  return { dir, plan: JSON.parse(JSON.stringify(plan).replaceAll(template, dir)) as OptimizePlan };
}

function git(dir: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync("git", args, { cwd: dir, encoding: "utf8", env });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

const read = (dir: string, f: string) => readFileSync(path.join(dir, f), "utf8");
const originals = () => Object.fromEntries(SOURCES.map((f) => [f, read(FIXTURE, f)]));
const sources = (dir: string) => Object.fromEntries(SOURCES.map((f) => [f, read(dir, f)]));
const branches = (dir: string) => git(dir, ["branch", "--format=%(refname:short)"]).trim().split("\n").sort();
const stateFile = (dir: string) => path.join(dir, ".apc", "optimize-state.json");

/** applyPlan in a child process (the real module through jiti), with `env` added and `drop` removed. */
function applyInChild(dir: string, p: OptimizePlan, env: NodeJS.ProcessEnv, drop: readonly string[] = []): { status: number | null; signal: string | null; stderr: string } {
  const planFile = path.join(path.dirname(dir), "plan.json");
  writeFileSync(planFile, JSON.stringify(p));
  const script = `
    import { readFileSync } from "node:fs";
    import { createJiti } from "jiti";
    const jiti = createJiti(${JSON.stringify(`${ROOT}/`)});
    const { applyPlan } = await jiti.import(${JSON.stringify(APPLY_TS)});
    const r = await applyPlan(JSON.parse(readFileSync(${JSON.stringify(planFile)}, "utf8")), { python: ${JSON.stringify(PYTHON)}, log: (l) => process.stderr.write(l + "\\n") });
    process.exit(r.applied ? 0 : 3);
  `;
  const childEnv = { ...process.env, ...env };
  for (const k of drop) delete childEnv[k];
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8", env: childEnv, timeout: 120_000 });
  return { status: r.status, signal: r.signal, stderr: r.stderr };
}

describe("undo never discards a change apc did not make", () => {
  it("git: an uncommitted edit on apc's branch is refused by the CLI with the file named; --force stashes it and undoes", async () => {
    const { dir, plan: p } = project({ git: true });
    const r: ApplyResult = await applyPlan(p, { python: PYTHON });
    expect(r.applied, r.problem ?? "").toBe(true);
    const mine = `${read(dir, "walk.py")}\n# my work in progress\n`;
    writeFileSync(path.join(dir, "walk.py"), mine);
    writeFileSync(path.join(dir, "notes.txt"), "a new file, staged\n");
    git(dir, ["add", "notes.txt"]);

    const refused = spawnSync(process.execPath, [APC, "optimize", dir, "--undo"], { encoding: "utf8" });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("would discard changes apc did not make, in notes.txt, walk.py");
    expect(refused.stderr).toContain(`commit them on ${r.branch}`);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(read(dir, "walk.py")).toBe(mine);
    expect(git(dir, ["rev-parse", "--abbrev-ref", "HEAD"]).trim()).toBe(r.branch);
    expect(existsSync(stateFile(dir))).toBe(true);

    const undone = await undoOptimization(dir, { force: true });
    expect(undone.keptAside).toMatch(/^git stash/);
    expect(git(dir, ["rev-parse", "--abbrev-ref", "HEAD"]).trim()).toBe("master");
    expect(sources(dir)).toEqual(originals());
    expect(git(dir, ["stash", "show", "-p", "--include-untracked", "stash@{0}"])).toContain("+# my work in progress");
    expect(git(dir, ["stash", "show", "--name-only", "stash@{0}"])).toContain("notes.txt");
  });

  it("git: a change committed on apc's branch is kept there; the undo goes back to the user's branch", async () => {
    const { dir, plan: p } = project({ git: true });
    const r = await applyPlan(p, { python: PYTHON });
    writeFileSync(path.join(dir, "grid.py"), `${read(dir, "grid.py")}\n# committed work\n`);
    git(dir, ["commit", "-q", "-am", "my work"]);
    const undone = await undoOptimization(dir);
    expect(undone.branchDeleted).toBe(false);
    expect(sources(dir)).toEqual(originals());
    expect(git(dir, ["show", `${r.branch}:grid.py`])).toContain("# committed work");
  });

  it("no git: an edited file is refused, named; --force copies it aside first", async () => {
    const { dir, plan: p } = project({ git: false });
    const r = await applyPlan(p, { python: PYTHON });
    expect(r.kind).toBe("copy");
    const mine = `${read(dir, "grid.py")}\n# my edit after the apply\n`;
    writeFileSync(path.join(dir, "grid.py"), mine);

    let refused: unknown = null;
    await undoOptimization(dir).catch((e: unknown) => (refused = e));
    expect(refused).toBeInstanceOf(UndoWouldDiscard);
    expect((refused as UndoWouldDiscard).files).toEqual(["grid.py"]);
    expect(read(dir, "grid.py")).toBe(mine);
    expect(read(dir, "walk.py")).toContain("@apc.native");

    const undone = await undoOptimization(dir, { force: true });
    expect(sources(dir)).toEqual(originals());
    expect(read(dir, path.join(undone.keptAside!, "grid.py"))).toBe(mine);
  });
});

describe("undo refuses what it cannot read", () => {
  it("from a branch that is neither apc's nor the user's, and with a damaged record: one line each, nothing changed", async () => {
    const { dir, plan: p } = project({ git: true });
    const r = await applyPlan(p, { python: PYTHON });
    git(dir, ["checkout", "-q", "-b", "elsewhere"]);
    await expect(undoOptimization(dir)).rejects.toThrow(`you are on elsewhere, not on apc's branch ${r.branch} (made from master)`);
    writeFileSync(stateFile(dir), '{"kind": "git"');
    const refused = spawnSync(process.execPath, [APC, "optimize", dir, "--undo"], { encoding: "utf8" });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^error: .*optimize-state\.json is not an undo record apc can read: nothing was changed/);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(git(dir, ["rev-parse", "--abbrev-ref", "HEAD"]).trim()).toBe("elsewhere");
  });
});

const GIT_POINTS = ["after-record", "after-branch", "after-edit", "after-edits", "after-stage", "after-commit", "before-verify"];
const COPY_POINTS = ["after-record", "after-backup", "after-edit", "after-edits", "before-verify"];

describe("an apply killed at any point is taken back by --undo", () => {
  it.each(GIT_POINTS)("git, killed %s", async (point) => {
    const { dir, plan: p } = project({ git: true });
    const killed = applyInChild(dir, p, { APC_TEST_KILL_AT: point });
    expect(killed.signal, killed.stderr).toBe("SIGKILL");
    if (point === "after-branch") await expect(applyPlan(p, { python: PYTHON })).rejects.toBeInstanceOf(UnfinishedApply);
    const undone = await undoOptimization(dir);
    expect(git(dir, ["rev-parse", "--abbrev-ref", "HEAD"]).trim()).toBe("master");
    expect(git(dir, ["status", "--porcelain"])).toBe("");
    expect(sources(dir)).toEqual(originals());
    expect(existsSync(stateFile(dir))).toBe(false);
    // apc's branch stays only when it holds apc's commit (as after a finished apply).
    const committed = point === "after-commit" || point === "before-verify";
    expect(branches(dir)).toEqual(committed ? [undone.state.branch, "master"].sort() : ["master"]);
  });

  it.each(COPY_POINTS)("no git, killed %s", async (point) => {
    const { dir, plan: p } = project({ git: false });
    const killed = applyInChild(dir, p, { APC_TEST_KILL_AT: point });
    expect(killed.signal, killed.stderr).toBe("SIGKILL");
    await undoOptimization(dir);
    expect(sources(dir)).toEqual(originals());
    expect(existsSync(stateFile(dir))).toBe(false);
  });
});

describe("the commit", () => {
  it("with no git identity configured, is made as apc", async () => {
    const { dir, plan: p } = project({ git: true, identity: false });
    const home = tempDir("apc-home-");
    // An empty identity; useConfigOnly stops git guessing one from the host name.
    writeFileSync(path.join(home, ".gitconfig"), "[user]\n\tuseConfigOnly = true\n");
    const env = { HOME: home, GIT_CONFIG_GLOBAL: path.join(home, ".gitconfig"), GIT_CONFIG_NOSYSTEM: "1" };
    const r = applyInChild(dir, p, env, ["GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("committing as apc <apc@localhost>");
    expect(git(dir, ["log", "-1", "--format=%an <%ae>"]).trim()).toBe("apc <apc@localhost>");
    expect(git(dir, ["status", "--porcelain"])).toBe("");
    await undoOptimization(dir);
    expect(sources(dir)).toEqual(originals());
  });

  it("refused by a pre-commit hook, leaves nothing behind and says why", async () => {
    const { dir, plan: p } = project({ git: true });
    mkdirSync(path.join(dir, ".git", "hooks"), { recursive: true });
    writeFileSync(path.join(dir, ".git", "hooks", "pre-commit"), "#!/bin/sh\necho 'no commits today' >&2\nexit 1\n", { mode: 0o755 });
    await expect(applyPlan(p, { python: PYTHON })).rejects.toThrow(/apc optimize --apply failed: .*the project is as it was/);
    expect(git(dir, ["rev-parse", "--abbrev-ref", "HEAD"]).trim()).toBe("master");
    expect(git(dir, ["status", "--porcelain"])).toBe("");
    expect(branches(dir)).toEqual(["master"]);
    expect(sources(dir)).toEqual(originals());
    expect(existsSync(stateFile(dir))).toBe(false);
    expect((await simpleGit(dir).log()).total).toBe(1);
  });
});
