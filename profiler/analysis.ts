// What a profile says, for people and for the compiler: hot functions ranked
// by self and by total time with their share of the run, how stable the
// types flowing through each function are, and one summary line per function.
// Pure functions of a RunProfile (from the store); no I/O. Rendering as text
// is report-text.ts; the flame graph is flamegraph.ts.
//
// Times: in sample mode they are estimated from samples (each sample stands
// for the wall time since the previous one); in trace mode they are the
// measured self/total times. Percentages are of the sum of all functions'
// self time (= the program's time in Python, all threads).
//
// Type stability counts distinct argument-type tuples per function:
// 1 monomorphic, 2-4 polymorphic, 5+ megamorphic (the thresholds of inline
// caches in V8 and friends: past 4 shapes a call site stops specialising).

import type { RunFunction, RunProfile, RunSignature } from "../memory/trace-store.js";
import { assertNever } from "./errors.js";

export const POLYMORPHIC_MAX = 4;

export type StabilityKind = "monomorphic" | "polymorphic" | "megamorphic";

export interface SignatureShare {
  readonly argTypes: readonly string[];
  readonly returnType: string;
  readonly calls: number;
  /** Of the function's traced calls, 0..1. */
  readonly share: number;
}

export interface ParamTypes {
  readonly name: string;
  readonly types: readonly { readonly type: string; readonly calls: number }[];
}

export interface TypeStability {
  readonly kind: StabilityKind;
  /** Distinct argument-type tuples. */
  readonly argShapes: number;
  /** Distinct (arguments, return) signatures. */
  readonly signatures: number;
  readonly tracedCalls: number;
  readonly raisedCalls: number;
  /** Most calls first. */
  readonly top: readonly SignatureShare[];
  readonly params: readonly ParamTypes[];
  readonly returnTypes: readonly { readonly type: string; readonly calls: number }[];
}

export interface HotFunction {
  readonly id: number;
  readonly module: string;
  readonly qualname: string;
  readonly file: string;
  readonly line: number;
  readonly selfS: number;
  readonly totalS: number;
  readonly selfPct: number;
  readonly totalPct: number;
  /** Measured calls; null when nothing counted them (sample mode without @trace). */
  readonly calls: number | null;
  readonly selfSamples: number;
  readonly totalSamples: number;
  readonly stability: TypeStability | null;
  readonly summary: string;
}

export interface ProfileAnalysis {
  readonly basis: "samples" | "measured";
  /** The denominator of the percentages, in seconds. */
  readonly totalS: number;
  readonly sampleCount: number;
  /** Every function, hottest (self) first. */
  readonly functions: readonly HotFunction[];
  readonly bySelf: readonly HotFunction[];
  readonly byTotal: readonly HotFunction[];
}

export function analyseRun(profile: RunProfile, topN = 10): ProfileAnalysis {
  const basis = profile.run.mode === "trace" ? "measured" : "samples";
  const fromSamples = sampleTimes(profile);
  const sigsOf = new Map<number, RunSignature[]>();
  for (const s of profile.signatures) sigsOf.set(s.functionId, [...(sigsOf.get(s.functionId) ?? []), s]);

  const timeOf = (f: RunFunction): { selfS: number; totalS: number } => {
    switch (basis) {
      case "samples":
        return { selfS: fromSamples.selfS.get(f.id) ?? 0, totalS: fromSamples.totalS.get(f.id) ?? 0 };
      case "measured":
        return { selfS: f.selfS, totalS: f.totalS };
      default:
        return assertNever(basis, "basis");
    }
  };
  const times = new Map(profile.functions.map((f) => [f.id, timeOf(f)]));
  const totalS = [...times.values()].reduce((a, t) => a + t.selfS, 0);
  const pct = (s: number) => (totalS > 0 ? (100 * s) / totalS : 0);

  const functions = profile.functions
    .map((f): HotFunction => {
      const t = times.get(f.id)!;
      const stability = typeStability(f, sigsOf.get(f.id) ?? []);
      const calls = f.calls > 0 || f.traced ? f.calls : null;
      const base = {
        id: f.id,
        module: f.module,
        qualname: f.qualname,
        file: f.file,
        line: f.line,
        selfS: t.selfS,
        totalS: t.totalS,
        selfPct: pct(t.selfS),
        totalPct: pct(t.totalS),
        calls,
        selfSamples: fromSamples.selfCount.get(f.id) ?? 0,
        totalSamples: fromSamples.totalCount.get(f.id) ?? 0,
        stability,
      };
      return { ...base, summary: summaryLine(base) };
    })
    .sort((a, b) => b.selfS - a.selfS || b.totalS - a.totalS || a.qualname.localeCompare(b.qualname));
  // Equal totals: the one with less self time is the caller; it goes first.
  const byTotal = [...functions].sort((a, b) => b.totalS - a.totalS || a.selfS - b.selfS || a.qualname.localeCompare(b.qualname));
  return {
    basis,
    totalS,
    sampleCount: profile.samples.reduce((a, s) => a + s.count, 0),
    functions,
    bySelf: functions.slice(0, topN),
    byTotal: byTotal.slice(0, topN),
  };
}

/** Self and total time per function from stack samples; recursion counts once per sample in total. */
export function sampleTimes(profile: Pick<RunProfile, "samples">) {
  const selfS = new Map<number, number>();
  const totalS = new Map<number, number>();
  const selfCount = new Map<number, number>();
  const totalCount = new Map<number, number>();
  const add = (m: Map<number, number>, k: number, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  for (const s of profile.samples) {
    const leaf = s.stack[s.stack.length - 1];
    if (leaf === undefined) continue;
    add(selfS, leaf, s.weightS);
    add(selfCount, leaf, s.count);
    for (const id of new Set(s.stack)) {
      add(totalS, id, s.weightS);
      add(totalCount, id, s.count);
    }
  }
  return { selfS, totalS, selfCount, totalCount };
}

export function stabilityKind(argShapes: number): StabilityKind {
  if (argShapes <= 1) return "monomorphic";
  if (argShapes <= POLYMORPHIC_MAX) return "polymorphic";
  return "megamorphic";
}

export function typeStability(f: Pick<RunFunction, "params">, sigs: readonly RunSignature[]): TypeStability | null {
  if (sigs.length === 0) return null;
  const tracedCalls = sigs.reduce((a, s) => a + s.calls, 0);
  const shapes = new Set(sigs.map((s) => JSON.stringify(s.argTypes)));
  const top = [...sigs]
    .sort((a, b) => b.calls - a.calls || JSON.stringify(a.argTypes).localeCompare(JSON.stringify(b.argTypes)))
    .map((s) => ({ argTypes: s.argTypes, returnType: s.returnType, calls: s.calls, share: tracedCalls > 0 ? s.calls / tracedCalls : 0 }));
  const count = (pick: (s: RunSignature) => string | undefined) => {
    const m = new Map<string, number>();
    for (const s of sigs) {
      const t = pick(s);
      if (t !== undefined) m.set(t, (m.get(t) ?? 0) + s.calls);
    }
    return [...m].map(([type, calls]) => ({ type, calls })).sort((a, b) => b.calls - a.calls || a.type.localeCompare(b.type));
  };
  return {
    kind: stabilityKind(shapes.size),
    argShapes: shapes.size,
    signatures: sigs.length,
    tracedCalls,
    raisedCalls: sigs.filter((s) => s.returnType.startsWith("!")).reduce((a, s) => a + s.calls, 0),
    top,
    params: f.params.map((name, i) => ({ name, types: count((s) => s.argTypes[i]) })),
    returnTypes: count((s) => (s.returnType.startsWith("!") ? undefined : s.returnType)),
  };
}

export function formatSignature(argTypes: readonly string[], returnType: string): string {
  return `(${argTypes.join(", ")}) -> ${returnType}`;
}

const fmtInt = (n: number) => n.toLocaleString("en-US");

/** One line a compiler (or its agent) would care about: how hot, how often called, how stable its types, what to do. */
export function summaryLine(f: Omit<HotFunction, "summary">): string {
  const where = `${f.qualname} (${f.file}:${f.line})`;
  const heat = `${f.selfPct.toFixed(1)}% self, ${f.totalPct.toFixed(1)}% total`;
  const calls = f.calls === null ? "" : `, ${fmtInt(f.calls)} call${f.calls === 1 ? "" : "s"}`;
  const st = f.stability;
  if (!st) return `${where}: ${heat}${calls}; types not observed (use --mode trace or @trace)`;
  const raised = st.raisedCalls > 0 ? `; raised in ${fmtInt(st.raisedCalls)} call${st.raisedCalls === 1 ? "" : "s"}` : "";
  switch (st.kind) {
    case "monomorphic": {
      const rets = st.returnTypes.map((r) => r.type);
      const ret = rets.length === 0 ? "NoReturn" : rets.join(" | ");
      const advice = rets.length > 1 ? "one specialisation, return type varies" : "compile one specialisation";
      return `${where}: ${heat}${calls}; monomorphic ${formatSignature(st.top[0]!.argTypes, ret)}${raised} -> ${advice}`;
    }
    case "polymorphic": {
      const shown = st.top
        .slice(0, POLYMORPHIC_MAX)
        .map((s) => `${formatSignature(s.argTypes, s.returnType)} ${(100 * s.share).toFixed(0)}%`)
        .join(", ");
      return `${where}: ${heat}${calls}; polymorphic, ${st.argShapes} argument shapes: ${shown}${raised} -> specialise per shape`;
    }
    case "megamorphic": {
      const varying = st.params
        .filter((p) => p.types.length > 1)
        .map((p) => `${p.name}: ${p.types.slice(0, 3).map((t) => t.type).join(" | ")}${p.types.length > 3 ? " | ..." : ""}`)
        .join("; ");
      return `${where}: ${heat}${calls}; megamorphic, ${st.argShapes} argument shapes (varying ${varying || "jointly"})${raised} -> keep generic`;
    }
    default:
      return assertNever(st.kind, "stability kind");
  }
}
