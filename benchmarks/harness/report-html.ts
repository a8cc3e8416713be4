// The HTML report: one self-contained page (inline CSS and SVG, no script, no
// external asset) a person can open from disk. A log-scale chart of each
// runner's geometric-mean speedup over CPython, one log-scale chart of min wall
// times per program, the same tables as the terminal report, the notes, and the
// machine and tool versions.

import { formatMegabytes, formatRatio, formatSeconds } from "./format.js";
import { RUNNER_LABELS, okMin, resultFor, type BenchResults, type RunnerId } from "./results.js";
import { noteLines, statusWord } from "./report-table.js";
import { speedup } from "./stats.js";
import { escapeXml as esc, logBarChart, type Bar } from "./svg-chart.js";

export const RUNNER_COLORS: Record<RunnerId, string> = {
  cpython: "#3572a5",
  pypy: "#8e5bb5",
  numba: "#e08a1e",
  cython: "#d1b92a",
  c: "#6b6b6b",
  apc: "#2a9d5b",
};

const tickSeconds = (v: number) => formatSeconds(v).replace(".00 ", " ").replace(".0 ", " ");
const tickRatio = (v: number) => (v >= 1 ? `${v}x` : `${Number(v.toPrecision(1))}x`);

function speedupChart(res: BenchResults): string {
  const bars: Bar[] = res.summary.map((s) => ({
    label: RUNNER_LABELS[s.runner],
    value: s.runner === "cpython" ? 1 : s.geomeanSpeedup,
    text: s.runner === "cpython" ? "1x (reference)" : s.geomeanSpeedup === null ? "no program ran correctly" : `${formatRatio(s.geomeanSpeedup)} on ${s.counted}/${s.total}`,
    color: RUNNER_COLORS[s.runner],
  }));
  return logBarChart(bars, { tick: tickRatio, baseline: 1, title: "Geometric-mean speedup over CPython per runner" });
}

function programChart(res: BenchResults, name: string): string {
  const p = res.programs.find((x) => x.name === name)!;
  const refMin = okMin(resultFor(p, "cpython"));
  const bars: Bar[] = p.results.map((r) => ({
    label: RUNNER_LABELS[r.runner],
    value: okMin(r),
    text:
      r.status === "ok"
        ? r.runner === "cpython"
          ? formatSeconds(r.stats.min)
          : `${formatSeconds(r.stats.min)} (${formatRatio(speedup(refMin, r.stats.min))})`
        : r.status === "refused"
          ? `refused: ${r.reason.code} ${r.reason.message}`
          : statusWord(r),
    color: RUNNER_COLORS[r.runner],
  }));
  return logBarChart(bars, { tick: tickSeconds, title: `${name}: min wall time per runner` });
}

function table(header: readonly string[], rows: readonly (readonly string[])[], footRows = 0): string {
  const th = header.map((h) => `<th>${esc(h)}</th>`).join("");
  const body = rows
    .map((r, i) => `<tr${i === rows.length - footRows ? ' class="foot first"' : i > rows.length - footRows ? ' class="foot"' : ""}>${r.map((c, j) => (j === 0 ? `<th scope="row">${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join("")}</tr>`)
    .join("\n");
  return `<div class="scroll"><table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** Min wall time and speedup over CPython per cell, the geomean row, the winner column. */
function minTable(res: BenchResults): string {
  const header = ["program", ...res.peers.map((id) => RUNNER_LABELS[id]), "winner"];
  const rows = res.programs.map((p) => {
    const refMin = okMin(resultFor(p, "cpython"));
    const cells = res.peers.map((id) => {
      const r = resultFor(p, id);
      if (!r) return "";
      if (r.status !== "ok") return statusWord(r);
      return id === "cpython" ? formatSeconds(r.stats.min) : `${formatSeconds(r.stats.min)} (${formatRatio(speedup(refMin, r.stats.min))})`;
    });
    const w = res.winners[p.name];
    return [p.name, ...cells, w ? RUNNER_LABELS[w] : "-"];
  });
  rows.push([
    "geomean",
    ...res.peers.map((id) => {
      const s = res.summary.find((x) => x.runner === id)!;
      return id === "cpython" ? "1x" : `${formatRatio(s.geomeanSpeedup)} (${s.counted}/${s.total})`;
    }),
    "",
  ]);
  rows.push(["wins", ...res.peers.map((id) => String(res.summary.find((x) => x.runner === id)!.wins)), ""]);
  return table(header, rows, 2);
}

function medianTable(res: BenchResults): string {
  const rows = res.programs.map((p) => [
    p.name,
    ...res.peers.map((id) => {
      const r = resultFor(p, id);
      return r?.status === "ok" ? formatSeconds(r.stats.median) : r ? statusWord(r) : "";
    }),
  ]);
  return table(["median", ...res.peers.map((id) => RUNNER_LABELS[id])], rows);
}

function memoryTable(res: BenchResults): string {
  const rows = res.programs.map((p) => [
    p.name,
    ...res.peers.map((id) => {
      const r = resultFor(p, id);
      return r?.status === "ok" ? formatMegabytes(r.peakRssKb) : r ? statusWord(r) : "";
    }),
  ]);
  return table(["peak RSS", ...res.peers.map((id) => RUNNER_LABELS[id])], rows);
}

function buildTable(res: BenchResults): string {
  const builders = res.peers.filter((id) => res.programs.some((p) => resultFor(p, id)?.buildSeconds != null));
  if (builders.length === 0) return "<p>No runner had a build step.</p>";
  const rows = res.programs.map((p) => [
    p.name,
    ...builders.map((id) => {
      const r = resultFor(p, id);
      return r?.buildSeconds != null ? formatSeconds(r.buildSeconds) : r && r.status !== "ok" ? statusWord(r) : "-";
    }),
  ]);
  return table(["build time", ...builders.map((id) => RUNNER_LABELS[id])], rows);
}

const CSS = `
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
.meta { color: #555; }
figure { margin: 1rem 0; } figcaption { font-weight: 600; } figcaption span { font-weight: normal; color: #666; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 0.5rem 0; }
th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid #eee; text-align: right; white-space: nowrap; }
th[scope=row], thead th:first-child { text-align: left; }
tr.foot th, tr.foot td { font-weight: 600; } tr.first th, tr.first td { border-top: 2px solid #999; }
.scroll { overflow-x: auto; }
.legend span { display: inline-block; margin-right: 1rem; } .legend i { display: inline-block; width: 0.8rem; height: 0.8rem; margin-right: 0.3rem; vertical-align: middle; }
ul.notes li { font-family: ui-monospace, monospace; font-size: 0.8rem; margin: 0.2rem 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; } dt { font-weight: 600; }
`;

export function renderHtml(res: BenchResults): string {
  const env = res.environment;
  const legend = res.peers.map((id) => `<span><i style="background:${RUNNER_COLORS[id]}"></i>${esc(RUNNER_LABELS[id])}</span>`).join("");
  const figures = res.programs
    .map((p) => `<figure><figcaption>${esc(p.name)} <span>${esc([p.exercises, p.args.length ? `args ${p.args.join(" ")}` : ""].filter(Boolean).join(" · "))}</span></figcaption>\n${programChart(res, p.name)}</figure>`)
    .join("\n");
  const notes = noteLines(res);
  const facts = Object.entries(res.peerFacts).map(([id, f]) => `<dt>${esc(RUNNER_LABELS[id as RunnerId])}</dt><dd>${esc((f ?? []).join("; "))}</dd>`);
  const versions = Object.entries(env.versions).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v ?? "not found")}</dd>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>apc bench: suite ${esc(res.suite)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>apc bench: suite ${esc(res.suite)}</h1>
<p class="meta">${esc(env.date.replace("T", " ").replace(/:\d\d\.\d+Z$/, " UTC"))} · ${esc(env.cpu)} · ${env.cores} cores · ${env.memoryGiB} GiB · ${esc(env.os)} · ${res.repeat} run${res.repeat === 1 ? "" : "s"} per runner and program · load average ${res.loadAverage.start} at the start, ${res.loadAverage.end} at the end</p>
<p>Times are wall-clock, process start to exit, the minimum of the runs. A runner's time counts only when its stdout equals CPython's byte for byte; otherwise the chart says why (WRONG, CRASH, refused by apc). Axes are logarithmic.</p>
<p class="legend">${legend}</p>
<h2>Geometric-mean speedup over CPython</h2>
${speedupChart(res)}
<h2>Programs: min wall time (shorter is faster)</h2>
${figures}
<h2>Min wall time (speedup over CPython)</h2>
${minTable(res)}
<h2>Median wall time</h2>
${medianTable(res)}
<h2>Peak memory (RSS)</h2>
${memoryTable(res)}
<h2>Build times</h2>
${buildTable(res)}
<h2>Notes</h2>
${notes.length ? `<ul class="notes">${notes.map((n) => `<li>${esc(n)}</li>`).join("\n")}</ul>` : "<p>None: every runner ran every program correctly.</p>"}
<h2>Machine and tools</h2>
<dl><dt>host</dt><dd>${esc(env.host)}</dd><dt>kernel</dt><dd>${esc(env.kernel)}</dd>${versions.join("")}${facts.join("")}</dl>
</body>
</html>
`;
}
