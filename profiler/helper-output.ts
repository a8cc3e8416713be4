// The snapshot file the Python helper writes (format "apc-trace/1", defined
// in profiler/python/apc_tracer/collector.py; keep the two in step): its
// TypeScript types, reading and checking it, and turning it into the
// store's RunProfile. Does not own running the helper (run-helper.ts) or
// storing (memory/trace-store.ts).

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ProfileMode, RunFunction, RunInfo, RunProfile } from "../memory/trace-store.js";
import { ProfileOutputInvalid } from "./errors.js";

export const HELPER_FORMAT = "apc-trace/1";

export interface HelperFunction {
  id: number;
  module: string;
  qualname: string;
  file: string;
  line: number;
  end_line: number;
  source_hash: string;
  params: string[];
  calls: number;
  self_s: number;
  total_s: number;
  traced: boolean;
}

export interface HelperSnapshot {
  format: typeof HELPER_FORMAT;
  complete: boolean;
  mode: ProfileMode | "decorator";
  python: string;
  executable: string;
  pid: number;
  started_at: number;
  duration_s: number;
  sample_interval_s: number;
  sample_count: number;
  exit: { status: number; exception: string | null; traceback: string | null } | null;
  functions: HelperFunction[];
  signatures: { function: number; args: string[]; ret: string; calls: number; total_s: number }[];
  edges: { caller: number; callee: number; calls: number }[];
  samples: { stack: number[]; count: number; weight_s: number }[];
}

/** The last snapshot the helper wrote, or null when it wrote none. */
export function readHelperSnapshot(file: string): HelperSnapshot | null {
  if (!existsSync(file)) return null;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new ProfileOutputInvalid(file, (err as Error).message);
  }
  const problem = checkSnapshot(data);
  if (problem) throw new ProfileOutputInvalid(file, problem);
  return data as HelperSnapshot;
}

function checkSnapshot(data: unknown): string | null {
  if (typeof data !== "object" || data === null) return "not a JSON object";
  const d = data as Record<string, unknown>;
  if (d.format !== HELPER_FORMAT) return `format is ${JSON.stringify(d.format)}, expected ${HELPER_FORMAT}`;
  for (const key of ["functions", "signatures", "edges", "samples"]) if (!Array.isArray(d[key])) return `${key} is not a list`;
  for (const key of ["duration_s", "sample_count", "started_at"]) if (typeof d[key] !== "number") return `${key} is not a number`;
  if (typeof d.complete !== "boolean") return "complete is not a boolean";
  const ids = new Set((d.functions as HelperFunction[]).map((f) => f.id));
  for (const s of d.signatures as HelperSnapshot["signatures"]) if (!ids.has(s.function)) return `a signature names unknown function ${s.function}`;
  for (const e of d.edges as HelperSnapshot["edges"]) if (!ids.has(e.caller) || !ids.has(e.callee)) return "an edge names an unknown function";
  for (const s of d.samples as HelperSnapshot["samples"]) if (!s.stack.every((id) => ids.has(id))) return "a sample names an unknown function";
  return null;
}

export interface RunFacts {
  project: string;
  command: string[];
  entry: string;
  interpreter: string;
  mode: ProfileMode;
  startedAt: Date;
  wallS: number;
  exitStatus: number | null;
  exitSignal: string | null;
  timedOut: boolean;
}

/** File names relative to the project when inside it, so a store moves with its project. */
export function projectRelative(project: string, file: string): string {
  if (!path.isAbsolute(file)) return file;
  const rel = path.relative(project, file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}

/**
 * The store's view of a run: what the helper saw (`snap`, possibly partial or
 * missing) joined with what the parent saw (exit, timeout, wall time).
 */
export function toRunProfile(snap: HelperSnapshot | null, facts: RunFacts): RunProfile {
  const exit = snap?.exit ?? null;
  const run: RunInfo = {
    project: facts.project,
    command: facts.command,
    entry: facts.entry,
    interpreter: facts.interpreter,
    pythonVersion: snap?.python ?? null,
    mode: facts.mode,
    startedAt: facts.startedAt.toISOString(),
    // A partial snapshot's duration stops at its flush; the parent saw the whole run.
    durationS: snap?.complete ? snap.duration_s : facts.wallS,
    // The program's own status when the helper saw it end; else the process's.
    exitStatus: exit ? exit.status : facts.exitStatus,
    exitSignal: exit ? null : facts.exitSignal,
    exception: exit?.exception ?? null,
    traceback: exit?.traceback ?? null,
    timedOut: facts.timedOut,
    complete: snap?.complete ?? false,
    sampleCount: snap?.sample_count ?? 0,
    sampleIntervalS: snap?.sample_interval_s ?? 0,
  };
  if (!snap) return { run, functions: [], signatures: [], edges: [], samples: [] };
  const functions: RunFunction[] = snap.functions.map((f) => ({
    id: f.id,
    module: f.module,
    qualname: f.qualname,
    file: projectRelative(facts.project, f.file),
    line: f.line,
    endLine: f.end_line,
    sourceHash: f.source_hash,
    params: f.params,
    calls: f.calls,
    selfS: f.self_s,
    totalS: f.total_s,
    traced: f.traced || facts.mode === "trace",
  }));
  return {
    run,
    functions,
    signatures: snap.signatures.map((s) => ({ functionId: s.function, argTypes: s.args, returnType: s.ret, calls: s.calls, totalS: s.total_s })),
    edges: snap.edges.map((e) => ({ callerId: e.caller, calleeId: e.callee, calls: e.calls })),
    samples: snap.samples.map((s) => ({ stack: s.stack, count: s.count, weightS: s.weight_s })),
  };
}
