// Tools that look at a project without changing it: profile_project (time the
// entry as Python and every candidate's share of it, exactly, at the hybrid
// boundary), list_candidates (every function's static verdict, every reason
// that stops it compiling, its features) and infer_types (a signature from
// annotations, the compiler's flow inference and observed traces, with a
// confidence and the evidence).

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { z } from "zod";
import type { FunctionDef, Stmt } from "../compiler/frontend/ast.js";
import { parseModule } from "../compiler/frontend/parse.js";
import { ProjectRuns } from "../hybrid/assignment.js";
import { candidates, projectFiles } from "../hybrid/project.js";
import { openTraceStore } from "../memory/trace-store.js";
import { profileProgram } from "../profiler/profile.js";
import { compile } from "../compiler/driver.js";
import type { NativeEntry } from "../hybrid/extension.js";
import { extractFeatures, FEATURE_NAMES, irFeatures, type FeatureVector, type IrFeatures } from "./features.js";
import { defineTool, ToolFailed, type ToolContext } from "./tool.js";

export const Reason = z.object({ code: z.string(), message: z.string(), line: z.number(), col: z.number(), hint: z.string().optional() });
export type Reason = z.infer<typeof Reason>;

const Features = z.record(z.enum(FEATURE_NAMES), z.number());

export const CandidateInfo = z.object({
  key: z.string(),
  file: z.string(),
  qualname: z.string(),
  line: z.number(),
  sourceHash: z.string(),
  candidate: z.boolean(),
  /** Every reason that applies (a compile refusal and every unsupported construct). */
  reasons: z.array(Reason),
  signature: z.string().nullable(),
  paramTypes: z.array(z.string()).nullable(),
  features: Features.nullable(),
});
export type CandidateInfo = z.infer<typeof CandidateInfo>;

export interface ProjectProfile {
  readonly baselineSeconds: number;
  readonly stdout: string;
  readonly exitCode: number | null;
  readonly functions: Map<string, { pythonSeconds: number; calls: number; share: number }>;
  readonly candidates: CandidateInfo[];
  readonly numba: boolean;
}

export async function projectRuns(ctx: ToolContext): Promise<ProjectRuns> {
  ctx.runs ??= await ProjectRuns.open(ctx.target);
  return ctx.runs;
}

/** Every module-level function's static verdict (library mode at -O3). */
export async function staticCandidates(ctx: ToolContext): Promise<CandidateInfo[]> {
  const runs = await projectRuns(ctx);
  const c = await candidates(runs.project, path.join(runs.project, ".apc", "build-static"), { tier: "apc-O3" });
  const out: CandidateInfo[] = [];
  const sources = new Map<string, string>();
  const irs = new Map<string, Map<string, IrFeatures>>();
  for (const p of c.plans) {
    const file = path.join(runs.project, p.file);
    if (!sources.has(file)) {
      sources.set(file, readFileSync(file, "utf8"));
      const r = await compile(sources.get(file)!, { file, emit: "ir", library: { symbolPrefix: "apc_f_" }, signatureHints: hintsFromEntries(c.entries, p.file) });
      irs.set(file, irFeatures(r.artifacts.ir ?? ""));
    }
    const source = sources.get(file)!;
    const def = findDef(source, file, p.qualname);
    const entry = c.entries.find((e) => e.key === p.key);
    const paramTypes = entry ? entry.params.map((x) => x.type) : null;
    const reasons: Reason[] = [];
    if (p.reason) reasons.push({ ...p.reason, hint: hintFor(p.reason.code, p.reason.message) });
    if (def) for (const r of unsupportedConstructs(def.body)) if (!reasons.some((x) => x.line === r.line && x.code === r.code)) reasons.push(r);
    out.push({
      key: p.key,
      file: p.file,
      qualname: p.qualname,
      line: p.line,
      sourceHash: def ? createHash("sha256").update(source.slice(def.span.start, def.span.end)).digest("hex").slice(0, 16) : "",
      candidate: p.verdict === "native",
      reasons,
      signature: p.signature,
      paramTypes,
      features: withIr(extractFeatures(source, file, p.qualname, paramTypes), irs.get(file)?.get(p.qualname)),
    });
  }
  return out;
}

const withIr = (f: FeatureVector | null, ir: IrFeatures | undefined): FeatureVector | null => (f && ir ? { ...f, ...ir } : f);

/** The argument types library mode found for `file`'s functions, as hints
 *  (so the IR compile specialises the same functions the same way). */
function hintsFromEntries(entries: readonly NativeEntry[], file: string): Record<string, string[][]> {
  const hints: Record<string, string[][]> = {};
  for (const e of entries) if (e.key.startsWith(`${file}:`)) (hints[e.key.slice(file.length + 1)] ??= []).push(e.params.map((p) => p.type));
  return hints;
}

function findDef(source: string, file: string, qualname: string): FunctionDef | null {
  const { module } = parseModule(source, file);
  for (const s of module.body) if (s.kind === "funcdef" && s.def.name === qualname) return s.def;
  return null;
}

/** Constructs apc does not compile, each with its place (the compiler
 *  reports the first; a person fixing a function wants all of them). */
function unsupportedConstructs(body: readonly Stmt[]): Reason[] {
  const out: Reason[] = [];
  const add = (what: string, span: { line: number; col: number }) =>
    out.push({ code: "E0301", message: `${what} is not supported by apc yet`, line: span.line, col: span.col, hint: `${what} at line ${span.line} is not supported yet: move it out of the hot function, or keep the function in Python` });
  const walk = (ss: readonly Stmt[]) => {
    for (const s of ss) {
      if (s.kind === "try") add("`try`", s.span);
      else if (s.kind === "classdef") add("a class definition", s.span);
      else if (s.kind === "raise") add("`raise`", s.span);
      else if (s.kind === "unsupported") add(s.what.includes("`") ? s.what : `\`${s.what}\``, s.span);
      for (const k of ["body", "orelse", "finalbody"] as const) if (k in s) walk((s as unknown as Record<string, Stmt[]>)[k]!);
      if (s.kind === "try") for (const h of s.handlers) walk(h.body);
    }
  };
  walk(body);
  return out;
}

/** What would change a refusal, in the user's terms. */
export function hintFor(code: string, message: string): string | undefined {
  if (code === "E0207" || code === "no-types") return "annotate its parameters (e.g. `xs: list[float]`), or let apc record them with `apc profile --mode trace`";
  if (code === "cold") return "it would be worth compiling only if it took more of the run";
  if (code === "E0301") return `${message.replace(/ is not supported.*/, "")} is not supported yet: keep it out of the hot function`;
  if (code === "E0104" || code === "E0103") return "it calls something apc cannot compile (a library or an object method); keep that call outside the hot loop";
  if (code === "decorated") return "remove its decorators, or compile the undecorated helper it calls";
  if (code === "slower") return "it does too little work per call for the boundary to pay off; compile its caller instead";
  return undefined;
}

export const profileProject = defineTool({
  name: "profile_project",
  description: "Runs the project's entry as Python and measures, at the hybrid boundary, each candidate function's exact Python seconds, calls and share of the run. Records argument types with one traced run when hot functions have none.",
  input: z.object({
    repeat: z.number().int().min(1).max(10).default(2),
    /** Reuse the last profile when nothing it depends on changed (every project file, entry, arguments, interpreter, apc). */
    reuse: z.boolean().default(false),
  }),
  output: z.object({
    baselineSeconds: z.number(),
    exitCode: z.number().nullable(),
    /** Whether the project's interpreter has Numba (the numba tier is available). */
    numba: z.boolean(),
    functions: z.array(z.object({ key: z.string(), pythonSeconds: z.number(), calls: z.number(), share: z.number() })),
    /** When the profile was measured, if it was reused rather than measured now (ISO time). */
    reusedFrom: z.string().nullable(),
  }),
  readOnly: false,
  async run(input, ctx) {
    const runs = await projectRuns(ctx);
    const cacheFile = path.join(runs.project, ".apc", "agent-profile.json");
    const cached = input.reuse ? readProfileCache(cacheFile, runs) : null;
    if (cached) {
      ctx.profile = cached.profile;
      ctx.log(`profile_project: nothing changed since ${cached.measuredAt}; reusing that profile`);
      return { baselineSeconds: cached.profile.baselineSeconds, exitCode: cached.profile.exitCode, numba: cached.profile.numba, functions: [...cached.profile.functions].map(([key, v]) => ({ key, ...v })), reusedFrom: cached.measuredAt };
    }
    // What the program writes (its outputs) is left out of the fingerprint:
    // a project that writes results.csv on every run is still unchanged.
    const before = fileStamps(runs.project);
    let cands = await staticCandidates(ctx);
    if (cands.some((c) => c.reasons.some((r) => r.code === "E0207"))) {
      ctx.log("profile_project: functions without argument types; recording them with one traced run");
      await profileProgram({ path: runs.project, entry: ctx.target.entry, python: runs.python.executable, args: ctx.target.args ? [...ctx.target.args] : [], mode: "trace", stdio: "pipe", timeoutS: ctx.target.timeoutS ?? 600 });
      cands = await staticCandidates(ctx);
    }
    ctx.log(`profile_project: timing the entry as Python (${input.repeat} runs)`);
    const baseline = await runs.baseline(input.repeat);
    const keys = cands.filter((c) => c.candidate).map((c) => c.key);
    const functions = new Map<string, { pythonSeconds: number; calls: number; share: number }>();
    if (keys.length) {
      const built = await runs.build(new Map(keys.map((k) => [k, { tier: "apc-O3" as const }])), "probe", ctx.log);
      ctx.builds.set(assignmentKey(new Map(keys.map((k) => [k, { tier: "apc-O3" }]))), built);
      ctx.log("profile_project: measuring each candidate as Python at the boundary");
      const { stats } = await runs.measure(built, keys, "python");
      for (const k of keys) {
        const s = stats.get(k);
        const seconds = s?.native_seconds ?? 0;
        functions.set(k, { pythonSeconds: seconds, calls: s?.calls ?? 0, share: baseline.seconds > 0 ? Math.min(1, seconds / baseline.seconds) : 0 });
      }
    }
    for (const c of cands) {
      const m = functions.get(c.key);
      if (m && c.features) Object.assign(c.features, runFeatures(m, signaturesOf(runs.project, c)));
    }
    const numba = spawnSync(runs.python.executable, ["-c", "import numba"], { stdio: "ignore" }).status === 0;
    ctx.profile = { baselineSeconds: baseline.seconds, stdout: baseline.stdout, exitCode: baseline.exitCode, functions, candidates: cands, numba };
    const after = fileStamps(runs.project);
    const outputs = [...after].filter(([f, stamp]) => before.get(f) !== stamp).map(([f]) => f);
    const fingerprint = profileFingerprint(runs, new Set(outputs));
    if (fingerprint) writeProfileCache(cacheFile, fingerprint, outputs, ctx.profile);
    return { baselineSeconds: baseline.seconds, exitCode: baseline.exitCode, numba, functions: [...functions].map(([key, v]) => ({ key, ...v })), reusedFrom: null };
  },
});

const PROFILE_CACHE_FORMAT = 2;
/** Above this much project data the fingerprint is not worth reading: no reuse. */
const MAX_FINGERPRINT_BYTES = 256 * 1024 * 1024;
const thisModule = fileURLToPath(import.meta.url);

/** A hash of everything a profile depends on: every file of the project (its
 *  sources and the data it reads), the entry, the arguments, the interpreter
 *  and its version, and apc itself (this build of the tools). null: too much
 *  data to hash, never reused. */
function profileFingerprint(runs: ProjectRuns, outputs: ReadonlySet<string>): string | null {
  const h = createHash("sha256");
  h.update(JSON.stringify({ format: PROFILE_CACHE_FORMAT, script: runs.script, args: runs.args, python: runs.python.executable, version: runs.python.version, apc: statSync(thisModule).mtimeMs, outputs: [...outputs].sort() }));
  let bytes = 0;
  for (const f of projectFiles(runs.project)) {
    if (outputs.has(f)) continue;
    const data = readFileSync(path.join(runs.project, f));
    bytes += data.length;
    if (bytes > MAX_FINGERPRINT_BYTES) return null;
    h.update(`\0${f}\0${data.length}\0`).update(data);
  }
  return h.digest("hex");
}

/** Each project file's modification time and size, to see what a run wrote. */
function fileStamps(project: string): Map<string, string> {
  return new Map(projectFiles(project).map((f) => {
    const st = statSync(path.join(project, f));
    return [f, `${st.mtimeMs}:${st.size}`];
  }));
}

const ProfileCache = z.object({
  fingerprint: z.string(),
  /** Files the profiled runs wrote (not part of the fingerprint). */
  outputs: z.array(z.string()),
  measuredAt: z.string(),
  baselineSeconds: z.number(),
  stdout: z.string(),
  exitCode: z.number().nullable(),
  functions: z.array(z.tuple([z.string(), z.object({ pythonSeconds: z.number(), calls: z.number(), share: z.number() })])),
  candidates: z.array(CandidateInfo),
  numba: z.boolean(),
});

/** The cached profile if it matches; an unreadable or stale file is ignored (measured again). */
function readProfileCache(file: string, runs: ProjectRuns): { profile: ProjectProfile; measuredAt: string } | null {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
  const c = ProfileCache.safeParse(raw);
  if (!c.success || c.data.fingerprint !== profileFingerprint(runs, new Set(c.data.outputs))) return null;
  const d = c.data;
  return { measuredAt: d.measuredAt, profile: { baselineSeconds: d.baselineSeconds, stdout: d.stdout, exitCode: d.exitCode, functions: new Map(d.functions), candidates: d.candidates, numba: d.numba } };
}

function writeProfileCache(file: string, fingerprint: string, outputs: string[], p: ProjectProfile): void {
  const data: z.infer<typeof ProfileCache> = { fingerprint, outputs, measuredAt: new Date().toISOString(), baselineSeconds: p.baselineSeconds, stdout: p.stdout, exitCode: p.exitCode, functions: [...p.functions], candidates: p.candidates, numba: p.numba };
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(data));
  renameSync(tmp, file);
}

function runFeatures(m: { pythonSeconds: number; calls: number; share: number }, signatures: number): Partial<FeatureVector> {
  return { share_of_run: m.share, calls_per_run: m.calls, seconds_per_call: m.calls ? m.pythonSeconds / m.calls : 0, type_stability: signatures > 0 ? 1 / signatures : 1 };
}

function signaturesOf(project: string, c: CandidateInfo): number {
  const store = openTraceStore(project);
  try {
    return store.getObservedSignatures(c.qualname, { file: c.file }).length;
  } finally {
    store.close();
  }
}

/** A stable name for a per-function tier assignment (the build cache's key). */
export function assignmentKey(assign: ReadonlyMap<string, { tier: string; passes?: string }>): string {
  return [...assign].sort(([a], [b]) => a.localeCompare(b)).map(([k, c]) => `${k}=${c.tier}${c.passes ? `[${c.passes}]` : ""}`).join(";");
}

export const listCandidates = defineTool({
  name: "list_candidates",
  description: "Every module-level function of the project with its static verdict: whether apc can compile it, every reason it cannot (code, message, line, what would change it), its signature and its feature vector.",
  input: z.object({ functions: z.array(z.string()).optional() }),
  output: z.object({ functions: z.array(CandidateInfo) }),
  readOnly: true,
  async run(input, ctx) {
    const all = ctx.profile?.candidates ?? (await staticCandidates(ctx));
    const wanted = input.functions;
    return { functions: wanted ? all.filter((c) => wanted.includes(c.key) || wanted.includes(c.qualname)) : all };
  },
});

export const Evidence = z.object({ source: z.enum(["annotation", "flow", "trace"]), types: z.array(z.string()), detail: z.string() });

export const inferTypes = defineTool({
  name: "infer_types",
  description: "A function's argument types from its annotations, apc's flow inference over its call sites, and the types observed in traced runs, with a confidence (0..1) and the evidence. An inferred type is only ever used behind a guard.",
  input: z.object({ function: z.string() }),
  output: z.object({ function: z.string(), signature: z.array(z.string()).nullable(), confidence: z.number(), evidence: z.array(Evidence) }),
  readOnly: true,
  async run(input, ctx) {
    const runs = await projectRuns(ctx);
    const all = ctx.profile?.candidates ?? (await staticCandidates(ctx));
    const c = all.find((x) => x.key === input.function || x.qualname === input.function);
    if (!c) throw new ToolFailed("unknown-function", `no module-level function ${input.function} in the project`);
    return inferSignature(runs.project, c);
  },
});

/** The evidence for `c`'s argument types, combined: annotations are certain;
 *  flow inference from call sites and traces agree or lower the confidence. */
export function inferSignature(project: string, c: CandidateInfo) {
  const file = path.join(project, c.file);
  const source = readFileSync(file, "utf8");
  const def = findDef(source, file, c.qualname);
  const evidence: z.infer<typeof Evidence>[] = [];
  if (def && def.params.length && def.params.every((p) => p.annotation)) {
    evidence.push({ source: "annotation", types: def.params.map((p) => source.slice(p.annotation!.span.start, p.annotation!.span.end).replace(/\s+/g, "")), detail: "every parameter is annotated" });
  }
  const store = openTraceStore(project);
  let sigs;
  try {
    sigs = store.getObservedSignatures(c.qualname, { file: c.file });
  } finally {
    store.close();
  }
  const totalCalls = sigs.reduce((a, s) => a + s.calls, 0);
  for (const s of sigs) evidence.push({ source: "trace", types: s.argTypes, detail: `${s.calls} of ${totalCalls} traced calls` });
  if (c.paramTypes && !evidence.some((e) => e.source === "annotation")) {
    const fromTrace = sigs.some((s) => s.argTypes.join(",") === c.paramTypes!.join(","));
    if (!fromTrace) evidence.push({ source: "flow", types: c.paramTypes, detail: "apc's inference from the function's call sites in its module" });
  }
  const annotated = evidence.find((e) => e.source === "annotation");
  if (annotated) return { function: c.key, signature: annotated.types, confidence: 1, evidence };
  if (sigs.length) {
    const top = [...sigs].sort((a, b) => b.calls - a.calls)[0]!;
    const share = totalCalls ? top.calls / totalCalls : 0;
    const agrees = !c.paramTypes || c.paramTypes.join(",") === top.argTypes.join(",");
    return { function: c.key, signature: top.argTypes, confidence: Math.min(0.95, 0.5 + 0.45 * share) * (agrees ? 1 : 0.8), evidence };
  }
  if (c.paramTypes) return { function: c.key, signature: c.paramTypes, confidence: 0.7, evidence };
  return { function: c.key, signature: null, confidence: 0, evidence };
}

/** From here on, a run of the entry longer than `seconds` is stopped (and
 *  measure_speedup fails with "did not finish within"): a tier that makes a
 *  program far slower than Python is not worth waiting for. */
export async function limitRunSeconds(ctx: ToolContext, seconds: number): Promise<void> {
  ctx.runs = await ProjectRuns.open({ ...ctx.target, timeoutS: seconds });
}

/** Each candidate's Python seconds at the boundary over `repeat` more runs
 *  (profile_project takes one), capped at the whole run's seconds: the
 *  boundary times a recursive function's nested calls again inside the
 *  outer one. Needs profile_project first. */
export async function pythonSecondsSamples(ctx: ToolContext, keys: readonly string[], repeat: number): Promise<Map<string, number[]>> {
  if (!ctx.profile) throw new ToolFailed("not-profiled", "run profile_project first");
  const runs = await projectRuns(ctx);
  const all = [...ctx.profile.functions.keys()];
  const probe = ctx.builds.get(assignmentKey(new Map(all.map((k) => [k, { tier: "apc-O3" }]))));
  if (!probe) throw new ToolFailed("not-profiled", "profile_project built no probe extension");
  const out = new Map(keys.map((k) => [k, [] as number[]]));
  for (let i = 0; i < repeat; i++) {
    const { run, stats } = await runs.measure(probe, all, "python");
    for (const k of keys) out.get(k)!.push(Math.min(stats.get(k)?.native_seconds ?? 0, run.seconds, ctx.profile.baselineSeconds));
  }
  return out;
}
