// The text `apc profile` prints when it ends: a line about the run, the top
// functions as a table (self and total time with %, calls, type stability),
// and the summary line of each. Owns formatting only; the numbers come from
// analysis.ts.

import type { RunInfo } from "../memory/trace-store.js";
import type { HotFunction, ProfileAnalysis } from "./analysis.js";
import { assertNever } from "./errors.js";

export function formatRunLine(runId: number, run: RunInfo, analysis: ProfileAnalysis): string {
  const end = run.timedOut
    ? `stopped after the timeout${run.exitStatus !== null ? ` (status ${run.exitStatus})` : run.exitSignal ? ` (${run.exitSignal})` : ""}`
    : run.exitStatus !== null
      ? `exit status ${run.exitStatus}${run.exception ? ` (${run.exception})` : ""}`
      : `killed by ${run.exitSignal ?? "a signal"}`;
  const partial = run.complete ? "" : ", partial profile (last flush)";
  const basis = analysis.basis === "samples" ? `${analysis.sampleCount} samples` : `${analysis.sampleCount} samples, times measured by tracing`;
  return `run ${runId}: ${run.mode} mode, ${end}, ${run.durationS.toFixed(2)} s, ${basis}${partial}`;
}

function typesCell(f: HotFunction): string {
  const st = f.stability;
  if (!st) return "-";
  switch (st.kind) {
    case "monomorphic":
      return "mono";
    case "polymorphic":
      return `poly(${st.argShapes})`;
    case "megamorphic":
      return `mega(${st.argShapes})`;
    default:
      return assertNever(st.kind, "stability kind");
  }
}

export function formatHotTable(rows: readonly HotFunction[]): string {
  const head = ["#", "function", "where", "self %", "self s", "total %", "total s", "calls", "types"];
  const right = new Set([0, 3, 4, 5, 6, 7]);
  const body = rows.map((f, i) => [
    String(i + 1),
    f.qualname,
    `${f.file}:${f.line}`,
    f.selfPct.toFixed(1),
    f.selfS.toFixed(3),
    f.totalPct.toFixed(1),
    f.totalS.toFixed(3),
    f.calls === null ? "-" : f.calls.toLocaleString("en-US"),
    typesCell(f),
  ]);
  const clip = (s: string, n: number) => (s.length > n ? `...${s.slice(s.length - n + 3)}` : s);
  for (const r of body) {
    r[1] = clip(r[1]!, 40);
    r[2] = clip(r[2]!, 36);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n") + "\n";
}

export function formatProfileReport(runId: number, run: RunInfo, analysis: ProfileAnalysis, flamePath: string | null): string {
  const out = [formatRunLine(runId, run, analysis)];
  if (analysis.bySelf.length === 0) out.push("no Python functions were observed (the program ended before the first sample?)");
  else
    out.push(
      "",
      `top ${analysis.bySelf.length} by self time:`,
      formatHotTable(analysis.bySelf).trimEnd(),
      "",
      `top ${analysis.byTotal.length} by total time: ${analysis.byTotal.map((f) => `${f.qualname} ${f.totalPct.toFixed(1)}%`).join(", ")}`,
      "",
      "summary:",
      ...analysis.bySelf.map((f) => `  ${f.summary}`),
    );
  if (run.traceback) out.push("", `the program raised ${run.exception ?? "an exception"}; its traceback is kept with the run.`);
  if (flamePath) out.push("", `flame graph: ${flamePath}`);
  return `${out.join("\n")}\n`;
}
