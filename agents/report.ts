// The reports of `apc agent optimize`: a terminal table (one row per
// function: verdict, tier, share of the run, measured speedup with its
// interval, where the choice came from, the reason) and a self-contained HTML
// page with the same decisions, the reasons, a bar chart of the measured
// speedups and the run's timeline.

import type { Decision } from "../memory/decision-log.js";
import type { AgentOptimizeResult, FunctionOutcome } from "./supervisor.js";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const sp = (o: FunctionOutcome) => (o.speedup === null ? "-" : `${o.speedup.toFixed(2)}x${o.speedupLow !== null && Number.isFinite(o.speedupLow) && Number.isFinite(o.speedupHigh ?? Infinity) ? ` [${o.speedupLow.toFixed(2)}-${o.speedupHigh!.toFixed(2)}]` : ""}`);
const reasonText = (o: FunctionOutcome) => o.reasons.map((r) => `${r.code}${r.line ? ` (line ${r.line})` : ""}: ${r.message}`).join("; ");

export function formatAgentReport(r: AgentOptimizeResult): string {
  const rows = r.functions.map((o) => [o.key, o.status, o.tier === null ? "-" : `${o.tier}${o.passes ? "*" : ""}`, pct(o.share), sp(o), o.source ?? "-", reasonText(o)]);
  const head = ["function", "verdict", "tier", "time", "speedup [95% CI]", "from", "reasons"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join("  ");
  const out = [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line), ""];
  const custom = r.functions.filter((o) => o.passes);
  for (const o of custom) out.push(`* ${o.key}: opt pipeline ${o.passes}`);
  const fmt = (s: number | null) => (s === null ? "-" : `${s.toFixed(3)} s`);
  out.push(`end to end: Python ${fmt(r.baselineSeconds)}, native ${fmt(r.optimizedSeconds)}${r.endToEndSpeedup ? ` (${r.endToEndSpeedup.toFixed(2)}x)` : ""}; ${r.verified ? "output identical to Python's" : "nothing verified native"}`);
  out.push(`agent run ${r.runId}: ${r.elapsedSeconds.toFixed(1)} s, ${r.memoryHits} choice(s) from memory, policy model v${r.modelVersion ?? "-"}`);
  if (r.applied) out.push(r.applied.problem ? `not applied: ${r.applied.problem}` : `applied on ${r.applied.branch ?? r.applied.backup} (apc optimize --undo takes it back)`);
  return out.join("\n");
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

export function renderAgentHtml(r: AgentOptimizeResult, decisions: readonly Decision[]): string {
  const measured = r.functions.filter((o) => o.speedup !== null);
  const max = Math.max(1, ...measured.map((o) => o.speedup!));
  const barH = 26;
  const chart = measured.length
    ? `<svg width="720" height="${measured.length * barH + 30}" role="img" aria-label="measured speedups">${measured
        .map((o, i) => {
          const w = Math.max(2, (Math.log1p(o.speedup!) / Math.log1p(max)) * 440);
          return `<text x="0" y="${i * barH + 18}" font-size="12">${esc(o.key)}</text><rect x="250" y="${i * barH + 5}" width="${w.toFixed(1)}" height="18" fill="#3b7dd8"/><text x="${(256 + w).toFixed(1)}" y="${i * barH + 18}" font-size="12">${o.speedup!.toFixed(2)}x ${esc(o.tier ?? "")}</text>`;
        })
        .join("")}<text x="250" y="${measured.length * barH + 24}" font-size="11" fill="#666">log scale; speedup of each function on its real calls</text></svg>`
    : "<p>No function was measured native.</p>";
  const rows = r.functions.map((o) => `<tr><td><code>${esc(o.key)}</code></td><td>${o.status}</td><td>${esc(o.tier ?? "-")}${o.passes ? `<br><small><code>${esc(o.passes)}</code></small>` : ""}</td><td>${pct(o.share)}</td><td>${esc(sp(o))}</td><td>${o.source ?? "-"}</td><td>${esc(reasonText(o))}${o.reasons.filter((x) => x.hint).map((x) => `<br><small>&rarr; ${esc(x.hint!)}</small>`).join("")}</td></tr>`).join("\n");
  const log = decisions.map((d) => `<tr><td>rec:${d.id}</td><td>${esc(d.agent)}</td><td>${esc(d.kind)}</td><td><code>${esc(d.functionKey ?? "")}</code></td><td><code>${esc(JSON.stringify(d.choice))}</code></td><td>${esc(d.reason)}</td></tr>`).join("\n");
  const timeline = r.timeline.map((t) => `<li><b>${t.at.toFixed(1)} s</b> ${esc(t.step)}</li>`).join("");
  return `<!doctype html><html><head><meta charset="utf-8"><title>apc agent optimize: ${esc(r.project)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}th{background:#f4f4f4}code{font-size:12px}</style></head><body>
<h1>apc agent optimize</h1>
<p><code>${esc(r.project)}</code> &middot; agent run ${r.runId} &middot; ${r.elapsedSeconds.toFixed(1)} s &middot; policy model v${r.modelVersion ?? "-"} &middot; ${r.memoryHits} choice(s) from memory</p>
<p><b>End to end:</b> Python ${r.baselineSeconds.toFixed(3)} s, native ${r.optimizedSeconds?.toFixed(3) ?? "-"} s ${r.endToEndSpeedup ? `(<b>${r.endToEndSpeedup.toFixed(2)}x</b>)` : ""}; ${r.verified ? "stdout and exit status identical to Python's" : "nothing verified native"}.</p>
<h2>Measured speedups</h2>${chart}
<h2>Functions</h2><table><tr><th>function</th><th>verdict</th><th>tier</th><th>time</th><th>speedup [95% CI]</th><th>from</th><th>reasons / what would change it</th></tr>${rows}</table>
<h2>Timeline</h2><ol>${timeline}</ol>
<h2>Decisions</h2><table><tr><th>record</th><th>agent</th><th>kind</th><th>function</th><th>choice</th><th>reason</th></tr>${log}</table>
</body></html>
`;
}
