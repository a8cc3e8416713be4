// The terminal report: a table of min wall times and speedups over CPython per
// program and runner (a status word where a runner was not timed), the geometric
// mean and win count per runner, the winner of each program, then peak memory
// and build times, and notes explaining every cell that is not a time (apc's
// refusal reason, a mismatch's first differing line, Numba's fallbacks).

import { formatMegabytes, formatRatio, formatSeconds } from "./format.js";
import { RUNNER_LABELS, okMin, resultFor, type BenchResults, type RunnerId, type RunnerResult } from "./results.js";
import { speedup } from "./stats.js";

/** The short word shown in a cell when a runner has no time for a program. */
export function statusWord(r: RunnerResult): string {
  switch (r.status) {
    case "ok":
      return "";
    case "mismatch":
      return "WRONG";
    case "crash":
      return "CRASH";
    case "timeout":
      return "TIMEOUT";
    case "refused":
      return `refused ${r.reason.code}`;
    case "build-failed":
      return "BUILD FAILED";
    case "skipped":
      return "skipped";
    case "no-twin":
      return "no twin";
    case "no-reference":
      return "no ref";
  }
}

/** Fixed-width columns: the first left-aligned, the rest right-aligned; `rules` are row indexes preceded by a rule. */
export function renderGrid(header: readonly string[], rows: readonly (readonly string[])[], rules: readonly number[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  const out = [line(header), rule];
  rows.forEach((r, i) => {
    if (rules.includes(i)) out.push(rule);
    out.push(line(r));
  });
  return out.join("\n");
}

function timeCell(r: RunnerResult | undefined, refMin: number | null): string {
  if (!r) return "";
  if (r.status !== "ok") return statusWord(r);
  if (r.runner === "cpython") return formatSeconds(r.stats.min);
  return `${formatSeconds(r.stats.min)} ${formatRatio(speedup(refMin, r.stats.min)).padStart(6)}`;
}

export function renderTimeTable(res: BenchResults): string {
  const peers = res.peers;
  const header = ["program", ...peers.map((p) => (p === "cpython" ? "CPython" : `${RUNNER_LABELS[p]}  vs CPy`)), "winner"];
  const rows = res.programs.map((p) => {
    const refMin = okMin(resultFor(p, "cpython"));
    const w = res.winners[p.name];
    return [p.name, ...peers.map((id) => timeCell(resultFor(p, id), refMin)), w ? RUNNER_LABELS[w] : "-"];
  });
  const gm = res.summary;
  const cell = (id: RunnerId, f: (s: (typeof gm)[number]) => string) => f(gm.find((s) => s.runner === id)!);
  rows.push(["geomean", ...peers.map((id) => cell(id, (s) => (id === "cpython" ? "1x" : `${formatRatio(s.geomeanSpeedup)} (${s.counted}/${s.total})`))), ""]);
  rows.push(["wins", ...peers.map((id) => cell(id, (s) => String(s.wins))), ""]);
  return renderGrid(header, rows, [res.programs.length]);
}

export function renderMemoryTable(res: BenchResults): string {
  const header = ["peak RSS", ...res.peers.map((p) => RUNNER_LABELS[p])];
  const rows = res.programs.map((p) => [p.name, ...res.peers.map((id) => {
    const r = resultFor(p, id);
    return r?.status === "ok" ? formatMegabytes(r.peakRssKb) : r ? statusWord(r) : "";
  })]);
  return renderGrid(header, rows);
}

export function renderBuildTable(res: BenchResults): string | null {
  const builders = res.peers.filter((id) => res.programs.some((p) => resultFor(p, id)?.buildSeconds != null));
  if (builders.length === 0) return null;
  const header = ["build time", ...builders.map((p) => RUNNER_LABELS[p])];
  const rows = res.programs.map((p) => [p.name, ...builders.map((id) => {
    const r = resultFor(p, id);
    if (!r) return "";
    if (r.buildSeconds !== null) return formatSeconds(r.buildSeconds);
    return r.status === "ok" ? "-" : statusWord(r);
  })]);
  return renderGrid(header, rows);
}

/** One line per cell that is not a plain time, plus Numba's fallbacks and skipped peers. */
export function noteLines(res: BenchResults): string[] {
  const out: string[] = [];
  for (const [id, facts] of Object.entries(res.peerFacts)) {
    if (facts?.[0]?.startsWith("skipped")) out.push(`${RUNNER_LABELS[id as RunnerId]}: ${facts[0]}`);
  }
  for (const p of res.programs) {
    for (const r of p.results) {
      const who = `${p.name} · ${RUNNER_LABELS[r.runner]}`;
      switch (r.status) {
        case "refused":
          out.push(`${who}: apc refused it: ${r.reason.code} at line ${r.reason.line}:${r.reason.col}: ${r.reason.message}`);
          break;
        case "mismatch":
        case "crash":
        case "timeout":
        case "build-failed":
          out.push(`${who}: ${statusWord(r)}: ${r.detail.split("\n").join(" | ")}`);
          break;
        case "no-reference":
          out.push(`${who}: not run, CPython failed on this program`);
          break;
        default:
          break;
      }
      if (r.numba) {
        const fb = Object.entries(r.numba.fallback);
        const compiled = r.numba.compiled.length ? `compiled ${r.numba.compiled.join(", ")}` : "compiled nothing";
        const fell = fb.length ? `; ran as Python: ${fb.map(([name, why]) => `${name} (${clip(why, 160)})`).join(", ")}` : "";
        out.push(`${who}: ${compiled}${fell}`);
      }
    }
  }
  return out;
}

function clip(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

export function renderReport(res: BenchResults): string {
  const parts = [
    `apc bench · suite ${res.suite} · ${res.programs.length} programs · ${res.repeat} run${res.repeat === 1 ? "" : "s"} each · ${res.environment.cpu}, ${res.environment.cores} cores · load ${res.loadAverage.start} -> ${res.loadAverage.end}`,
    "",
    "Min wall time (process start to exit) and speedup over CPython; every timed run printed exactly CPython's stdout.",
    "",
    renderTimeTable(res),
    "",
    renderMemoryTable(res),
  ];
  const build = renderBuildTable(res);
  if (build) parts.push("", build);
  const notes = noteLines(res);
  if (notes.length) parts.push("", "notes:", ...notes.map((n) => `  ${n}`));
  parts.push(
    "",
    "WRONG = stdout differs from CPython's, CRASH = non-zero exit or signal: neither is timed. geomean = geometric mean of the speedups over CPython on the programs a runner ran correctly (n/N).",
  );
  return `${parts.join("\n")}\n`;
}
