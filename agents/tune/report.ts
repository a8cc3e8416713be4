// What `apc tune` shows a person: the HTML dashboard over every run so far
// (learning curves as inline SVG, one chart per measure, and a table of each
// run's candidate against the model in use) and the few lines printed at the
// end of a run. Owns the rendering only: the caller reads the history, writes
// the file under .apc/reports/, and says where it is. The HTML is one
// self-contained file (no scripts, fonts or stylesheets fetched) and every
// piece of text in it is escaped.

import type { ModelScores, TuneRunSummary } from "./types.js";

interface Measure {
  readonly key: keyof ModelScores;
  readonly title: string;
  readonly better: "higher" | "lower";
  readonly format: (v: number) => string;
}

export const MEASURES: readonly Measure[] = [
  { key: "agreement", title: "Agreement with the oracle", better: "higher", format: (v) => fixed(v, 3) },
  { key: "regret", title: "Regret", better: "lower", format: (v) => fixed(v, 3) },
  { key: "meanReward", title: "Mean reward", better: "higher", format: (v) => fixed(v, 3) },
  { key: "pipelineSpeedup", title: "Pipeline speedup over -O3", better: "higher", format: (v) => `${fixed(v, 2)}x` },
];

/** The dashboard over all runs, oldest first (the order given is kept). */
export function renderTuneHtml(history: readonly TuneRunSummary[]): string {
  const promotedCount = history.filter((r) => r.promoted).length;
  const last = history[history.length - 1];
  const inUse = last ? (last.promoted ? last.candidate.version : last.incumbent.version) : null;
  const intro =
    history.length === 0
      ? `<p>No tune runs yet: run <code>apc tune</code>.</p>`
      : `<p>${history.length} run${history.length === 1 ? "" : "s"}, ${promotedCount} promoted a new model. ` +
        `Model in use: ${inUse === null ? "none" : `v${inUse}`}.</p>`;
  const charts = history.length === 0 ? "" : `<section class="charts">\n${MEASURES.map((m) => chartFor(m, history)).join("\n")}\n</section>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>apc tune: learning curves</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.4em; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5em; }
figure { margin: 0; }
figcaption { font-weight: 600; margin-bottom: .3em; }
svg text { font: 11px system-ui, sans-serif; fill: #444; }
.legend { color: #555; font-size: 12px; }
table { border-collapse: collapse; margin-top: 2em; }
th, td { border: 1px solid #ccc; padding: .3em .5em; vertical-align: top; text-align: left; }
th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.rejected td.verdict { color: #a33; }
tr.promoted td.verdict { color: #262; }
ul { margin: 0; padding-left: 1.2em; }
code { font-size: 12px; }
</style>
</head>
<body>
<h1>apc tune</h1>
${intro}
${charts}
${history.length === 0 ? "" : runsTable(history)}
</body>
</html>
`;
}

const W = 420;
const H = 220;
const PAD = { left: 52, right: 16, top: 14, bottom: 34 };

/**
 * One learning curve: the model in use after each run as a line, and each
 * run's candidate as a point: filled and labelled with its version when it
 * was promoted, a hollow red cross when it was rejected.
 */
function chartFor(m: Measure, history: readonly TuneRunSummary[]): string {
  const n = history.length;
  const inUse = history.map((r) => (r.promoted ? r.candidate.scores[m.key] : (r.incumbent.scores?.[m.key] ?? null)));
  const candidates = history.map((r) => r.candidate.scores[m.key]);
  const values = [...inUse, ...candidates, ...history.map((r) => r.incumbent.scores?.[m.key] ?? null)].filter(
    (v): v is number => v !== null && Number.isFinite(v),
  );
  let lo = values.length ? Math.min(...values) : 0;
  let hi = values.length ? Math.max(...values) : 1;
  if (hi - lo < 1e-9) {
    const pad = Math.abs(hi) > 1e-9 ? Math.abs(hi) * 0.1 : 0.5;
    lo -= pad;
    hi += pad;
  } else {
    const pad = (hi - lo) * 0.08;
    lo -= pad;
    hi += pad;
  }
  const x = (i: number) => PAD.left + (n === 1 ? (W - PAD.left - PAD.right) / 2 : (i * (W - PAD.left - PAD.right)) / (n - 1));
  const y = (v: number) => PAD.top + ((hi - v) * (H - PAD.top - PAD.bottom)) / (hi - lo);
  const pt = (v: number) => fixed(v, 1);

  const parts: string[] = [];
  // Axes and a few horizontal gridlines with their values.
  for (let k = 0; k <= 4; k++) {
    const v = lo + ((hi - lo) * k) / 4;
    parts.push(
      `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${pt(y(v))}" y2="${pt(y(v))}" stroke="#eee"/>` +
        `<text x="${PAD.left - 6}" y="${pt(y(v) + 4)}" text-anchor="end">${esc(m.format(v))}</text>`,
    );
  }
  parts.push(`<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#999"/>`);
  parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}" stroke="#999"/>`);
  const labelEvery = Math.max(1, Math.ceil(n / 12));
  history.forEach((r, i) => {
    if (i % labelEvery === 0 || i === n - 1) parts.push(`<text x="${pt(x(i))}" y="${H - PAD.bottom + 15}" text-anchor="middle">${esc(String(r.runId))}</text>`);
  });
  parts.push(`<text x="${(PAD.left + W - PAD.right) / 2}" y="${H - 4}" text-anchor="middle">run</text>`);

  // The model in use: broken where there was none.
  const segments: string[][] = [];
  inUse.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) return void segments.push([]);
    if (segments.length === 0) segments.push([]);
    segments[segments.length - 1]!.push(`${pt(x(i))},${pt(y(v))}`);
  });
  for (const s of segments.filter((s) => s.length > 0)) {
    parts.push(`<polyline class="in-use" fill="none" stroke="#2a6" stroke-width="2" points="${s.join(" ")}"/>`);
  }

  // Each run's candidate.
  history.forEach((r, i) => {
    const v = candidates[i]!;
    const version = r.candidate.version === null ? "unversioned" : `v${r.candidate.version}`;
    const tip = `run ${r.runId}: candidate ${version} ${m.format(v)}, ${r.promoted ? "promoted" : "rejected"}`;
    if (!Number.isFinite(v)) return;
    const cx = pt(x(i));
    const cy = pt(y(v));
    if (r.promoted) {
      parts.push(
        `<circle class="point candidate promoted" data-run="${r.runId}" cx="${cx}" cy="${cy}" r="5" fill="#2a6" stroke="#154"><title>${esc(tip)}</title></circle>` +
          `<text class="version" x="${cx}" y="${pt(y(v) - 9)}" text-anchor="middle" font-weight="600">${esc(version)}</text>`,
      );
    } else {
      const d = 4;
      parts.push(
        `<path class="point candidate rejected" data-run="${r.runId}" d="M${pt(x(i) - d)},${pt(y(v) - d)}L${pt(x(i) + d)},${pt(y(v) + d)}M${pt(x(i) - d)},${pt(y(v) + d)}L${pt(x(i) + d)},${pt(y(v) - d)}" stroke="#c33" stroke-width="2" fill="none"><title>${esc(tip)}</title></path>`,
      );
    }
  });

  const caption = `${m.title} (${m.better} is better)`;
  return `<figure>
<figcaption>${esc(caption)}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" class="curve" data-measure="${m.key}" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(caption)}">
${parts.join("\n")}
</svg>
<div class="legend"><span style="color:#2a6">&#8212;</span> model in use after the run &#160; <span style="color:#2a6">&#9679;</span> promoted candidate (its version) &#160; <span style="color:#c33">&#10005;</span> rejected candidate</div>
</figure>`;
}

function runsTable(history: readonly TuneRunSummary[]): string {
  const head = [
    "Run",
    "Started",
    "Budget",
    "Corpus",
    "Trained / held out",
    "Measurements",
    "Pipeline searches",
    "Incumbent",
    "Candidate",
    "Result",
    "Verdict",
    "Learned pipelines",
  ];
  const rows = history.map((r) => {
    const pipelines =
      r.learnedPipelines.length === 0
        ? "none"
        : `<ul>${r.learnedPipelines.map((p) => `<li><code>${esc(p.functionKey)}</code>: <code>${esc(p.pipeline)}</code> ${esc(fixed(p.speedupOverO3, 2))}x over -O3</li>`).join("")}</ul>`;
    const resumed = r.resumedFrom === null ? "" : `<br>resumed from run ${esc(String(r.resumedFrom))}`;
    return (
      `<tr class="${r.promoted ? "promoted" : "rejected"}" data-run="${r.runId}">` +
      `<td class="num">${esc(String(r.runId))}${resumed}</td>` +
      `<td>${esc(r.startedAt)}<br>to ${esc(r.endedAt)}</td>` +
      `<td class="num">${esc(String(r.budgetMinutes))} min</td>` +
      `<td>${esc(r.corpus)}</td>` +
      `<td class="num">${esc(String(r.trained))} / ${esc(String(r.heldOut))}</td>` +
      `<td class="num">${esc(String(r.measurements))}</td>` +
      `<td class="num">${esc(String(r.pipelineSearches))}</td>` +
      `<td>${scoresCell(r.incumbent.version, r.incumbent.scores)}</td>` +
      `<td>${scoresCell(r.candidate.version, r.candidate.scores)}</td>` +
      `<td>${r.promoted ? "promoted" : "rejected"}</td>` +
      `<td class="verdict">${esc(r.verdict)}</td>` +
      `<td>${pipelines}</td>` +
      `</tr>`
    );
  });
  return `<table class="runs">
<thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>`;
}

function scoresCell(version: number | null, scores: ModelScores | null): string {
  const name = version === null ? "no model" : `v${version}`;
  if (scores === null) return esc(name);
  return `${esc(name)}<br>` + MEASURES.map((m) => `${esc(m.key)} ${esc(m.format(scores[m.key]))}`).join("<br>");
}

/**
 * The end of a run in a few lines: promoted or not and why, each score from
 * the model in use to the candidate, and the pipelines learned. The caller
 * adds where the report is.
 */
export function formatTuneSummary(run: TuneRunSummary): string {
  const cand = run.candidate.version === null ? "the candidate" : `candidate v${run.candidate.version}`;
  const inc = run.incumbent.version === null ? "no model" : `v${run.incumbent.version}`;
  const head = run.promoted
    ? `tune run ${run.runId}: promoted ${cand} (replacing ${inc}): ${run.verdict}`
    : `tune run ${run.runId}: rejected ${cand}, keeping ${inc}: ${run.verdict}`;
  const lines = [head];
  const width = Math.max(...MEASURES.map((m) => m.key.length));
  for (const m of MEASURES) {
    const before = run.incumbent.scores ? m.format(run.incumbent.scores[m.key]) : "-";
    const after = m.format(run.candidate.scores[m.key]);
    lines.push(`  ${m.key.padEnd(width)}  ${before} → ${after}  (${m.better} is better)`);
  }
  const n = run.learnedPipelines.length;
  if (n === 0) lines.push("  no pipelines learned");
  else {
    const shown = run.learnedPipelines.slice(0, 3).map((p) => `${p.functionKey} ${fixed(p.speedupOverO3, 2)}x over -O3`);
    lines.push(`  ${n} pipeline${n === 1 ? "" : "s"} learned: ${shown.join(", ")}${n > 3 ? `, and ${n - 3} more` : ""}`);
  }
  lines.push(
    `  ${run.measurements} measurements, ${run.pipelineSearches} pipeline searches, trained on ${run.trained}, held out ${run.heldOut}` +
      (run.resumedFrom === null ? "" : `, resumed from run ${run.resumedFrom}`),
  );
  return lines.join("\n");
}

function fixed(v: number, digits: number): string {
  return Number.isFinite(v) ? v.toFixed(digits) : String(v);
}

/** Escapes text for HTML element content and quoted attribute values. */
export function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
