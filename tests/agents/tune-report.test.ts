// The tune dashboard and the end-of-run summary, on constructed histories:
// one SVG per measure with a point per run, promoted versions marked,
// rejected candidates drawn apart, every text escaped, nothing fetched.

import { describe, expect, it } from "vitest";
import { MEASURES, formatTuneSummary, renderTuneHtml } from "../../agents/tune/report.js";
import type { ModelScores, TuneRunSummary } from "../../agents/tune/types.js";

const s = (agreement: number, regret: number, meanReward: number, pipelineSpeedup: number): ModelScores => ({ agreement, regret, meanReward, pipelineSpeedup });

function run(runId: number, over: Partial<TuneRunSummary>): TuneRunSummary {
  return {
    runId,
    startedAt: `2025-03-0${runId}T03:00:00.000Z`,
    endedAt: `2025-03-0${runId}T03:40:00.000Z`,
    budgetMinutes: 40,
    corpus: "benchmarks",
    trained: 100 + runId,
    heldOut: 30,
    measurements: 50 * runId,
    pipelineSearches: runId,
    incumbent: { version: null, scores: null },
    candidate: { version: runId, scores: s(0.5, 0.2, 1, 1) },
    promoted: false,
    verdict: "no better on any measure",
    learnedPipelines: [],
    resumedFrom: null,
    ...over,
  };
}

const history: TuneRunSummary[] = [
  run(1, { candidate: { version: 1, scores: s(0.52, 0.3, 1.1, 1) }, promoted: true, verdict: "first model" }),
  run(2, {
    incumbent: { version: 1, scores: s(0.52, 0.3, 1.1, 1) },
    candidate: { version: 2, scores: s(0.5, 0.31, 1.05, 1) },
    verdict: "worse agreement <script>alert('x')</script> & regret",
  }),
  run(3, {
    incumbent: { version: 1, scores: s(0.52, 0.3, 1.1, 1) },
    candidate: { version: 3, scores: s(0.61, 0.22, 1.3, 1.12) },
    promoted: true,
    verdict: "better agreement, no worse elsewhere",
    learnedPipelines: [{ functionKey: "nbody.py::advance<float>", pipeline: "function(sroa,instcombine),licm", speedupOverO3: 1.12 }],
    resumedFrom: 2,
  }),
  run(4, {
    incumbent: { version: 3, scores: s(0.61, 0.22, 1.3, 1.12) },
    candidate: { version: 4, scores: s(0.6, 0.21, 1.31, 1.1) },
    verdict: "worse agreement",
  }),
  run(5, {
    incumbent: { version: 3, scores: s(0.61, 0.22, 1.3, 1.12) },
    candidate: { version: 5, scores: s(0.7, 0.15, 1.42, 1.25) },
    promoted: true,
    verdict: "better on every measure",
    learnedPipelines: [
      { functionKey: "fib", pipeline: "inline,gvn", speedupOverO3: 1.3 },
      { functionKey: "mandel", pipeline: "loop-unroll", speedupOverO3: 1.05 },
    ],
  }),
];

function svgs(html: string): { measure: string; body: string }[] {
  return [...html.matchAll(/<svg[^>]*data-measure="([^"]+)"[^>]*>([\s\S]*?)<\/svg>/g)].map((m) => ({ measure: m[1]!, body: m[2]! }));
}

describe("renderTuneHtml", () => {
  const html = renderTuneHtml(history);

  it("is one self-contained page: no scripts, no external links or sources", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script|<link|\ssrc=|@import|url\(/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it("draws one SVG per measure, each with a point per run", () => {
    const charts = svgs(html);
    expect(charts.map((c) => c.measure)).toEqual(["agreement", "regret", "meanReward", "pipelineSpeedup"]);
    expect(MEASURES).toHaveLength(4);
    for (const c of charts) {
      const points = [...c.body.matchAll(/class="point candidate (promoted|rejected)" data-run="(\d+)"/g)];
      expect(points.map((p) => Number(p[2]))).toEqual([1, 2, 3, 4, 5]);
      expect(points.map((p) => p[1])).toEqual(["promoted", "rejected", "promoted", "rejected", "promoted"]);
      // Promoted points are circles, rejected ones a cross drawn as a path.
      expect(c.body.match(/<circle class="point candidate promoted"/g)).toHaveLength(3);
      expect(c.body.match(/<path class="point candidate rejected"/g)).toHaveLength(2);
      // The model in use after each run: one unbroken line through all five runs.
      const lines = [...c.body.matchAll(/<polyline class="in-use"[^>]*points="([^"]+)"/g)];
      expect(lines).toHaveLength(1);
      expect(lines[0]![1]!.split(" ")).toHaveLength(5);
      expect(c.body).not.toMatch(/NaN|Infinity/);
    }
  });

  it("marks the promoted versions on the curves", () => {
    for (const c of svgs(html)) {
      const labels = [...c.body.matchAll(/<text class="version"[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
      expect(labels).toEqual(["v1", "v3", "v5"]);
    }
    expect(html).toContain("Model in use: v5.");
  });

  it("puts the better candidate higher on the agreement chart and lower on the regret chart", () => {
    const cy = (body: string, runId: number) => Number(new RegExp(`data-run="${runId}" (?:cx="[^"]+" cy="([^"]+)"|d="M[^,]+,([^L]+)L)`).exec(body)!.slice(1).find((v) => v !== undefined));
    const [agreement, regret] = svgs(html);
    // SVG y grows downwards; run 5 has the highest agreement and the lowest regret.
    expect(cy(agreement!.body, 5)).toBeLessThan(cy(agreement!.body, 1));
    expect(cy(regret!.body, 5)).toBeGreaterThan(cy(regret!.body, 1));
  });

  it("tables every run: scores of both models, the result, the verdict, measurements and pipelines", () => {
    const rows = [...html.matchAll(/<tr class="(promoted|rejected)" data-run="(\d+)">([\s\S]*?)<\/tr>/g)];
    expect(rows.map((r) => [Number(r[2]), r[1]])).toEqual([
      [1, "promoted"],
      [2, "rejected"],
      [3, "promoted"],
      [4, "rejected"],
      [5, "promoted"],
    ]);
    const row3 = rows[2]![3]!;
    expect(row3).toContain("v1<br>agreement 0.520<br>regret 0.300<br>meanReward 1.100<br>pipelineSpeedup 1.00x");
    expect(row3).toContain("v3<br>agreement 0.610<br>regret 0.220<br>meanReward 1.300<br>pipelineSpeedup 1.12x");
    expect(row3).toContain("better agreement, no worse elsewhere");
    expect(row3).toContain('<td class="num">150</td>');
    expect(row3).toContain("<code>nbody.py::advance&lt;float&gt;</code>: <code>function(sroa,instcombine),licm</code> 1.12x over -O3");
    expect(row3).toContain("resumed from run 2");
    expect(rows[0]![3]).toContain("<td>no model</td>");
    expect(rows[4]![3]).toContain("<code>fib</code>: <code>inline,gvn</code> 1.30x over -O3");
  });

  it("escapes text: a <script> in a verdict stays text", () => {
    expect(html).not.toContain("<script>");
    expect(html).toContain("worse agreement &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; regret");
  });

  it("breaks the in-use line where there was no model, and handles one run or none", () => {
    const firstRejected = renderTuneHtml([run(1, {}), run(2, { incumbent: { version: null, scores: null }, candidate: { version: 2, scores: s(0.6, 0.1, 1.2, 1) }, promoted: true })]);
    const chart = svgs(firstRejected)[0]!.body;
    expect([...chart.matchAll(/<polyline class="in-use"[^>]*points="([^"]+)"/g)].map((m) => m[1]!.split(" ").length)).toEqual([1]);
    expect(chart.match(/class="point candidate/g)).toHaveLength(2);

    const one = renderTuneHtml([run(1, { promoted: true })]);
    expect(svgs(one)).toHaveLength(4);
    expect(one).not.toMatch(/NaN|Infinity/);

    const none = renderTuneHtml([]);
    expect(svgs(none)).toHaveLength(0);
    expect(none).toContain("No tune runs yet");
  });
});

describe("formatTuneSummary", () => {
  it("says a promoted run was promoted, why, and each score before and after", () => {
    const text = formatTuneSummary(history[2]!);
    expect(text).toBe(
      [
        "tune run 3: promoted candidate v3 (replacing v1): better agreement, no worse elsewhere",
        "  agreement        0.520 → 0.610  (higher is better)",
        "  regret           0.300 → 0.220  (lower is better)",
        "  meanReward       1.100 → 1.300  (higher is better)",
        "  pipelineSpeedup  1.00x → 1.12x  (higher is better)",
        "  1 pipeline learned: nbody.py::advance<float> 1.12x over -O3",
        "  150 measurements, 3 pipeline searches, trained on 103, held out 30, resumed from run 2",
      ].join("\n"),
    );
  });

  it("says a rejected run kept the model in use, and why", () => {
    const text = formatTuneSummary(history[3]!);
    expect(text.split("\n")[0]).toBe("tune run 4: rejected candidate v4, keeping v3: worse agreement");
    expect(text).toContain("agreement        0.610 → 0.600");
    expect(text).toContain("no pipelines learned");
    expect(text.split("\n").length).toBeLessThanOrEqual(8);
  });

  it("shows a first run's missing incumbent as a dash", () => {
    const text = formatTuneSummary(history[0]!);
    expect(text.split("\n")[0]).toBe("tune run 1: promoted candidate v1 (replacing no model): first model");
    expect(text).toContain("agreement        - → 0.520");
  });
});
