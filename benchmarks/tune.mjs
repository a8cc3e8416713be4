#!/usr/bin/env node
// `apc tune`, measured on this machine, in one run and one fresh memory:
//   0. the unseen programs (benchmark programs never given to tune) measured
//      at every tier once: the fixed yardstick the curve is drawn against;
//   1. five tune runs in a row (agents/tune/tune.ts runTune, the code the CLI
//      runs) on the other benchmark programs, each with its budget: after
//      each, the model in use scored on the unseen programs (agreement with
//      the oracle's best set, regret, mean reward), beside each run's own
//      promotion gate (memory's programs, each held out in turn) — the curve;
//   2. learned pipelines on the unseen programs: for each hot function whose
//      apc-O3 build runs, the optimizer's starting point (the nearest
//      verified apc-custom outcome in vector memory) against -O3, measured
//      side by side in alternating rounds, output checked identical; the
//      geometric mean and the worst case.
// Raw data to a JSON file; `--from FILE` re-renders without measuring.
// Timing lives here, never in a test.
//
// Usage: npx tsc -p tsconfig.json && node benchmarks/tune.mjs [--quick]
//          [--runs 5] [--budget MIN] [--repeat N] [--rounds N] [--unseen a,b]
//          [--python EXE] [--markdown benchmarks/TUNE.md] [--json FILE] [--from FILE]
//          [--seed N] (the policy seed) [--keep] (keep the scratch memory and models)
// Environment: APC_BENCH_PYTHON (default /usr/bin/python3, Debian's, which has Numba).

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = (p) => import(path.join(ROOT, "dist", p));
const { parseAgentConfig } = await dist("agents/config.js");
const { openAgentMemory, currentPolicy } = await dist("agents/memory.js");
const { runTune, readHistory } = await dist("agents/tune/tune.js");
const { BENCHMARK_SIZES, benchmarkItem } = await dist("agents/tune/corpus.js");
const { renderTuneHtml } = await dist("agents/tune/report.js");
const { measureProjectOracle, MEASURED_TIERS, programFromOracle, tierOutcomes } = await dist("agents/oracle.js");
const { compareModels, evaluatePolicy } = await dist("agents/policy/evaluate.js");
const { BASE_PIPELINE, learnedPipelines: learnedPipelinesOf, measureBeside, searchPipelines } = await dist("agents/optimizer.js");
const { newToolContext } = await dist("tools/tool.js");
const { profileProject } = await dist("tools/index.js");
const { geometricMean } = await dist("benchmarks/harness/stats.js");
const { formatRatio, formatSeconds } = await dist("benchmarks/harness/format.js");

const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const quick = argv.includes("--quick");
const RUNS = Number(opt("--runs", quick ? "2" : "5"));
const BUDGET = Number(opt("--budget", quick ? "2" : "5"));
const REPEAT = Number(opt("--repeat", "3"));
const ROUNDS = Number(opt("--rounds", quick ? "2" : "4"));
const PYTHON = opt("--python", process.env.APC_BENCH_PYTHON ?? "/usr/bin/python3");
const UNSEEN = opt("--unseen", quick ? "spectralnorm" : "mandelbrot,spectralnorm,nqueens,kmeans").split(",");
const TUNING = Object.keys(BENCHMARK_SIZES).filter((n) => !UNSEEN.includes(n) && (!quick || ["simpson", "nbody", "matmul", "sieve"].includes(n)));
const fromFile = opt("--from", null);
const jsonFile = path.resolve(opt("--json", path.join(ROOT, ".apc", "bench", "tune.json")));
const markdownFile = opt("--markdown", null);
// Keep the scratch folder (memory, models, unseen copies) for a look afterwards.
const keep = argv.includes("--keep");
// The policy seed (config policy.seed): which programs the gate holds out, the exploration draws.
const SEED = opt("--seed", null);
const T0 = Date.now();
const progress = (line) => process.stderr.write(`[tune ${((Date.now() - T0) / 1000).toFixed(0).padStart(5)}s] ${line}\n`);

const pct = (x) => (x == null ? "-" : `${(100 * x).toFixed(0)}%`);
const fixed = (x, d = 1) => (x == null || !Number.isFinite(x) ? "-" : x.toFixed(d));

/** Mean and 95% half-width (normal approximation; n ≥ 2). */
function meanCi(xs) {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  if (xs.length < 2) return { mean: m, half: null };
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
  return { mean: m, half: (1.96 * sd) / Math.sqrt(xs.length) };
}

// ---- 0. the unseen yardstick -------------------------------------------------

async function measureUnseen(memory, root) {
  const out = [];
  for (const name of UNSEEN) {
    progress(`unseen: measuring ${name} at every tier`);
    const item = benchmarkItem(root, name);
    const ctx = newToolContext({ path: item.dir, args: item.args, python: PYTHON }, memory, () => {});
    const oracle = await measureProjectOracle(ctx, { tiers: ["python", ...MEASURED_TIERS], repeat: REPEAT, minShare: 0.01 });
    out.push({ name, dir: item.dir, args: item.args, functions: oracle.functions.map((f) => ({ key: f.key, share: f.share, features: f.candidate.features, outcomes: tierOutcomes(f) })), program: programFromOracle(item.name, oracle.functions) });
  }
  return out;
}

const unseenCases = (unseen) => unseen.flatMap((u) => u.program.cases);

/** A model's scores on the unseen cases, and per case its choice, the best
 *  set and the measured rewards (to see which case a new model changed). */
const scoreOn = (model, unseen) => {
  const cases = unseenCases(unseen);
  const e = evaluatePolicy(model, cases);
  const choices = e.results.map((r, i) => ({ id: r.id, chosen: r.chosen, bestSet: r.bestSet, rewards: Object.fromEntries(Object.entries(cases[i].measured).map(([t, m]) => [t, m.mean])) }));
  return { scores: { agreement: e.agreement, regret: e.regret, meanReward: e.meanReward, cases: cases.length }, choices };
};

// ---- 2. learned pipelines against -O3 ------------------------------------------

// Section 2 runs the unseen programs on inputs about ten times the oracle's:
// at the oracle's sizes a hot function's boundary time is a few milliseconds,
// where a 5-10% difference between two builds is inside the noise.

async function learnedPipelines(memory, unseen, root) {
  const rows = [];
  for (const u of unseen) {
    const item = benchmarkItem(root, u.name);
    // At the size tune searches at (BENCHMARK_SEARCH_SIZES), about ten times the oracle's.
    const args = quick ? u.args : [...item.searchArgs];
    const ctx = newToolContext({ path: item.dir, args, python: PYTHON }, memory, () => {});
    progress(`pipelines: ${u.name} ${args.join(" ")}: profiling (the Python seconds speedups are measured against)`);
    await profileProject.run({ repeat: 1 }, ctx);
    for (const f of u.functions) {
      if (!f.outcomes["apc-O3"] || !f.features) continue;
      // The optimizer's way with memory: the nearest verified apc-custom
      // outcomes' pipelines are its candidates beside -O3, and one is taken
      // only if it measures faster beyond the noise, in the search and in
      // its confirmation rounds (no random mutation here: only what tuning
      // learned).
      const learned = await learnedPipelinesOf(ctx, f.features);
      const candidates = learned.slice(0, 3).map((l) => l.pipeline);
      const row = { program: u.name, args, function: f.key, share: f.share, candidates, pipeline: null, evidence: null, selection: [], unconfirmed: null, o3: [], learned: [], identical: true };
      if (candidates.length) {
        progress(`pipelines: ${u.name}:${f.key}: choosing among -O3 and ${candidates.length} learned pipeline(s)`);
        const pick = await searchPipelines(ctx, f.key, [], [BASE_PIPELINE, ...candidates], REPEAT);
        row.selection = pick.tried.map((t) => ({ pipeline: t.pipeline, mean: t.seconds?.mean ?? null, identical: t.identical, error: t.error }));
        row.unconfirmed = pick.unconfirmed?.pipeline ?? null;
        if (pick.best) {
          row.pipeline = pick.best.pipeline;
          const from = learned.find((n) => n.pipeline === row.pipeline);
          row.evidence = { project: from.project, function: from.functionKey, speedup: from.speedup, distance: from.distance };
          // Fresh rounds again, so the choice's luck does not count in its speedup.
          progress(`pipelines: ${u.name}:${f.key}: ${row.pipeline} against -O3, ${ROUNDS} rounds`);
          const m = await measureBeside(ctx, f.key, [], row.pipeline, ROUNDS, REPEAT);
          row.o3 = m.baseSeconds;
          row.learned = m.candidateSeconds;
          row.identical = m.identical;
        }
      }
      rows.push(row);
    }
  }
  return rows;
}

/** A learned pipeline's speedup over -O3: 1 where there is none, or where its output differs (the optimizer never takes it). */
function pipelineRatio(row) {
  if (!row.pipeline || !row.identical || !row.o3.length || !row.learned.length) return { ratio: 1, half: null };
  const a = meanCi(row.o3);
  const b = meanCi(row.learned);
  const ratio = a.mean / b.mean;
  const half = a.half === null || b.half === null ? null : ratio * Math.hypot(a.half / a.mean, b.half / b.mean);
  return { ratio, half };
}

// ---- the report ------------------------------------------------------------------

function lineChart(series, { title, labels, ymin, ymax, format }) {
  const W = 560, H = 220, L = 60, R = 150, T = 30, B = 30;
  const n = Math.max(...series.map((s) => s.values.length));
  const x = (i) => L + (n <= 1 ? 0 : (i * (W - L - R)) / (n - 1));
  const y = (v) => T + (H - T - B) * (1 - (v - ymin) / (ymax - ymin || 1));
  const colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"];
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`, `<text x="${L}" y="16" font-size="13">${title}</text>`];
  for (const t of [ymin, (ymin + ymax) / 2, ymax]) parts.push(`<line x1="${L}" x2="${W - R}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/><text x="${L - 6}" y="${y(t) + 4}" text-anchor="end">${format(t)}</text>`);
  for (let i = 0; i < n; i++) parts.push(`<text x="${x(i)}" y="${H - 10}" text-anchor="middle">${labels[i]}</text>`);
  series.forEach((s, k) => {
    const c = colours[k % colours.length];
    const pts = s.values.map((v, i) => (v == null ? null : `${x(i)},${y(v)}`)).filter(Boolean);
    parts.push(`<polyline fill="none" stroke="${c}" stroke-width="2" points="${pts.join(" ")}"/>`);
    for (const p of pts) parts.push(`<circle cx="${p.split(",")[0]}" cy="${p.split(",")[1]}" r="3" fill="${c}"/>`);
    parts.push(`<text x="${W - R + 8}" y="${T + 14 * k + 4}" fill="${c}">${s.name}</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n");
}

function render(data) {
  const md = [];
  const table = (head, rows, align) => {
    md.push(`| ${head.join(" | ")} |`, `|${align.map((a) => (a === "r" ? "--:" : "---")).join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`), "");
  };
  md.push("# apc tune, measured", "");
  md.push(`${data.createdAt}, ${data.machine.cpu}, ${data.machine.cores} cores, load ${data.machine.load} at the start; ${data.quick ? "quick" : "full"} mode; interpreter \`${data.python}\` (Numba ${data.numba ?? "absent"}). Produced by \`node benchmarks/tune.mjs\` in ${fixed(data.seconds / 60, 1)} min; raw data in \`${path.relative(ROOT, data.jsonFile)}\` (\`--from\` re-renders it).`, "");
  md.push(`Tuning corpus (benchmark programs given to tune): ${data.tuning.join(", ")}. Unseen programs (never given to tune; the yardstick and the pipeline test): ${data.unseen.map((u) => u.name).join(", ")}. ${data.runs.length} tune runs of ${data.budget} min each on one fresh memory (\`runTune\`, the code \`apc tune --corpus benchmarks --only …\` runs), ${data.repeat} timed runs per measurement${data.seed == null ? "" : `, policy seed ${data.seed}`}.`, "");

  md.push(`## 1. ${data.runs.length} tune runs: the learning curve`, "");
  md.push("Per run: what it measured, the model it trained, and whether the promotion gate (no worse on agreement, regret and mean reward with each of memory's programs held out in turn, better on one) kept it. Then the model in use after the run, scored on the unseen programs' oracle (the best set: tiers within noise of the best reward; reward in program units, 10·S − compile seconds).", "");
  const base = data.unseenScores.before;
  table(
    ["run", "minutes", "measured", "searches", "model", "gate verdict", "in use", "unseen agreement", "unseen regret", "unseen mean reward"],
    [
      ["before", "-", "-", "-", "-", "-", "priors", pct(base.agreement), fixed(base.regret), fixed(base.meanReward)],
      ...data.runs.map((r, i) => [String(i + 1), fixed(r.minutes, 1), String(r.summary.measurements), String(r.summary.pipelineSearches), `v${r.summary.candidate.version}`, r.summary.verdict, r.inUse === null ? "priors" : `v${r.inUse}`, pct(r.unseen.agreement), fixed(r.unseen.regret), fixed(r.unseen.meanReward)]),
    ],
    ["l", "r", "r", "r", "l", "l", "l", "r", "r", "r"],
  );
  md.push(`Unseen cases: ${base.cases}; always apc-O3 scores ${pct(data.unseenScores.alwaysO3.agreement)} agreement, regret ${fixed(data.unseenScores.alwaysO3.regret)}, mean reward ${fixed(data.unseenScores.alwaysO3.meanReward)} on them.`, "");
  // The gate's own rule on the unseen cases: each newly promoted model paired
  // case by case with the one it replaced, a choice within the noise of the
  // old one's a tie (compareModels).
  const changes = data.runs.filter((r) => r.unseenVsPrevious);
  // (Data from before this rule, re-rendered with --from: the raw scores.)
  const legacy = data.runs.every((r) => !("unseenVsPrevious" in r));
  const promotedRuns = data.runs.filter((r) => r.summary.promoted);
  const fell = legacy
    ? promotedRuns.filter((r, i) => {
        const prev = i === 0 ? data.unseenScores.before : promotedRuns[i - 1].unseen;
        return r.unseen.agreement < prev.agreement - 1e-9 || r.unseen.meanReward < prev.meanReward - 1e-9;
      })
    : changes.filter((r) => r.unseenVsPrevious.agreement === "worse" || r.unseenVsPrevious.meanReward === "worse");
  const verdictText = (v) => `agreement ${v.agreement}, regret ${v.regret}, mean reward ${v.meanReward}`;
  md.push(`**From one promoted model to the next, on the unseen programs: agreement and mean reward ${fell.length ? `fell at least once (run ${fell.map((r) => data.runs.indexOf(r) + 1).join(", ")})` : "never fell"}.** ${data.runs.filter((r) => r.summary.promoted).length} of ${data.runs.length} runs promoted a model${changes.length ? `; against the model it replaced, case by case with choices within the noise of each other as ties (the gate's rule): ${changes.map((r) => `run ${data.runs.indexOf(r) + 1}: ${verdictText(r.unseenVsPrevious)}`).join("; ")}` : ""}.`, "");
  // Which unseen cases each newly promoted model chose differently.
  let prevChoices = data.unseenScores.beforeChoices;
  const changed = [];
  data.runs.forEach((r, i) => {
    if (!r.unseenChoices || !prevChoices) return;
    if (r.unseenVsPrevious) for (const c of r.unseenChoices) {
      const p = prevChoices.find((x) => x.id === c.id);
      if (p && p.chosen !== c.chosen) changed.push([String(i + 1), c.id.replace(/^benchmarks\//, ""), `${p.chosen} (${fixed(c.rewards[p.chosen])})`, `${c.chosen} (${fixed(c.rewards[c.chosen])})`, c.bestSet.join(", ")]);
    }
    prevChoices = r.unseenChoices;
  });
  if (changed.length) {
    md.push("Unseen cases a promoted model chose differently from the one it replaced (measured reward of each choice):", "");
    table(["run", "case", "before", "after", "best set"], changed, ["l", "l", "l", "l", "l"]);
  }
  md.push("![agreement per run](tune-agreement.svg) ![mean reward per run](tune-reward.svg)", "");
  md.push("Each run's gate on memory's cases (candidate: chosen by a model fitted without the case's program, against the model in use):", "");
  table(
    ["run", "held-out cases", "in use: agreement / regret / reward", "candidate: agreement / regret / reward", "promoted"],
    data.runs.map((r, i) => {
      const s = r.summary;
      const f = (x) => (x ? `${pct(x.agreement)} / ${fixed(x.regret)} / ${fixed(x.meanReward)}` : "-");
      return [String(i + 1), String(s.heldOut), f(s.incumbent.scores), f(s.candidate.scores), s.promoted ? "yes" : "no"];
    }),
    ["l", "r", "l", "l", "l"],
  );

  md.push("## 2. Learned pipelines against -O3 on unseen programs", "");
  md.push(`Per hot function of an unseen program that apc-O3 compiles, the programs run on ${[...new Map(data.pipelines.map((p) => [p.program, (p.args ?? []).join(" ")]))].map(([k, v]) => `${k} ${v}`).join(", ")} (the oracle ran ${data.unseen.map((u) => `${u.name} ${u.args.join(" ")}`).join(", ")}): the optimizer's candidates from memory (the pipelines of the nearest verified apc-custom outcomes after the tune runs, up to 3) measured beside -O3, one taken only if faster beyond the noise there and again in 2 confirmation rounds beside -O3 (the optimizer's rule); the one taken then built and run beside -O3 in ${data.rounds} fresh alternating rounds of ${data.repeat} runs (boundary seconds), output checked identical. None taken, or output that differs: the optimizer keeps -O3 (1.00x). A pipeline with \`;cpu=native\` is built for this machine's CPU (-O3 is generic x86-64); with \`;narrow=W\`, each function with int parameters has a copy for int arguments that fit in W bits, without the overflow checks that cannot fire there (compiler/backend/pipeline.ts).`, "");
  const ratios = data.pipelines.map(pipelineRatio);
  table(
    ["function", "share", "candidates", "taken", "from (its speedup over python, distance)", "-O3", "taken", "speedup over -O3"],
    data.pipelines.map((p, i) => [
      `${p.program}: ${p.function.split(":").pop()}`,
      pct(p.share),
      String(p.candidates.length),
      p.pipeline ? `\`${p.pipeline}\`` : "-O3",
      p.evidence ? `${p.evidence.project}: ${p.evidence.function.split(":").pop()} (${formatRatio(p.evidence.speedup)}, ${fixed(p.evidence.distance, 2)})` : "-",
      p.o3.length ? formatSeconds(meanCi(p.o3).mean) : "-",
      p.learned.length ? formatSeconds(meanCi(p.learned).mean) : "-",
      `${ratios[i].ratio.toFixed(3)}x${ratios[i].half !== null ? ` ± ${ratios[i].half.toFixed(3)}` : ""}${p.identical ? "" : " (output differs: not taken)"}`,
    ]),
    ["l", "r", "r", "l", "l", "r", "r", "r"],
  );
  const gm = geometricMean(ratios.map((r) => r.ratio));
  const worst = Math.min(...ratios.map((r) => r.ratio));
  const unconfirmed = data.pipelines.filter((p) => p.unconfirmed);
  if (unconfirmed.length) md.push(`Faster in the selection but not in the confirmation rounds (kept -O3): ${unconfirmed.map((p) => `${p.program}: ${p.function.split(":").pop()} (\`${p.unconfirmed}\`)`).join(", ")}.`, "");
  const cpuOnly = data.pipelines.filter((p) => p.pipeline && p.pipeline.replace(/;cpu=.*$/, "") === BASE_PIPELINE).length;
  if (cpuOnly) md.push(`${cpuOnly} of the pipelines taken are -O3 built for this CPU (no pass changed).`, "");
  md.push(`**Geometric mean ${gm === null ? "-" : `${gm.toFixed(3)}x`} (goal ≥ 1.02x); worst ${Number.isFinite(worst) ? `${worst.toFixed(3)}x` : "-"} (goal: none slower than 0.98x).** ${data.pipelines.filter((p) => p.candidates.length).length} of ${ratios.length} functions had learned candidates; ${data.pipelines.filter((p) => p.pipeline).length} took one.`, "");
  md.push("## Pipelines tune learned", "");
  table(
    ["run", "function", "pipeline", "speedup over -O3 (its search)"],
    data.runs.flatMap((r, i) => r.summary.learnedPipelines.map((p) => [String(i + 1), p.functionKey, `\`${p.pipeline}\``, `${p.speedupOverO3.toFixed(3)}x`])),
    ["l", "l", "l", "r"],
  );
  return { markdown: md.join("\n"), gm, worst };
}

// ---- main ------------------------------------------------------------------------

let data;
if (fromFile) {
  data = JSON.parse(readFileSync(fromFile, "utf8"));
  if (data.version !== 1) throw new Error(`${fromFile}: format ${data.version}, this script reads 1 (measure again)`);
  data.jsonFile = path.resolve(fromFile);
} else {
  const numba = spawnSync(PYTHON, ["-c", "import numba; print(numba.__version__)"], { encoding: "utf8" });
  data = {
    version: 1,
    createdAt: new Date().toISOString(),
    machine: { cpu: os.cpus()[0]?.model ?? "cpu", cores: os.cpus().length, load: os.loadavg()[0].toFixed(2) },
    python: PYTHON,
    numba: numba.status === 0 ? numba.stdout.trim() : null,
    quick,
    seed: null,
    budget: BUDGET,
    repeat: REPEAT,
    rounds: ROUNDS,
    tuning: TUNING,
    unseen: [],
    unseenScores: null,
    runs: [],
    pipelines: [],
    seconds: 0,
    jsonFile,
  };
  mkdirSync(path.dirname(jsonFile), { recursive: true });
  const save = () => writeFileSync(jsonFile, `${JSON.stringify({ ...data, seconds: (Date.now() - T0) / 1000 }, null, 1)}\n`);
  const tmp = mkdtempSync(path.join(os.tmpdir(), "apc-tune-bench-"));
  const project = path.join(tmp, "project");
  mkdirSync(project);
  const cfg = parseAgentConfig(SEED === null ? {} : { policy: { seed: Number(SEED) } }, project);
  data.seed = cfg.policy.seed;
  const opened = await openAgentMemory(cfg);
  try {
    data.unseen = await measureUnseen(opened.memory, path.join(tmp, "unseen"));
    const { PolicyModel } = await dist("agents/policy/model.js");
    const alwaysO3 = { predict: (features, tier) => ({ tier, reward: { mean: tier === "apc-O3" ? 1 : tier === "python" ? 0.5 : 0, std: 0 } }) };
    const before = scoreOn(new PolicyModel(), data.unseen);
    data.unseenScores = { before: before.scores, alwaysO3: scoreOn(alwaysO3, data.unseen).scores, beforeChoices: before.choices };
    save();
    let inUse = { model: new PolicyModel(), version: null };
    for (let i = 0; i < RUNS; i++) {
      progress(`tune run ${i + 1} of ${RUNS} (${BUDGET} min)`);
      const t = Date.now();
      const summary = await runTune(opened.memory, cfg, { budgetMinutes: BUDGET, corpus: "benchmarks", only: TUNING, python: PYTHON, repeat: REPEAT, searchTop: 3, log: (l) => progress(`  ${l}`) });
      const { model, version } = currentPolicy(opened.memory.models);
      const unseenVsPrevious = version === inUse.version ? null : compareModels(model, inUse.model, unseenCases(data.unseen)).verdicts;
      inUse = { model, version };
      const score = scoreOn(model, data.unseen);
      data.runs.push({ minutes: (Date.now() - t) / 60_000, summary, inUse: version, unseen: score.scores, unseenVsPrevious, unseenChoices: score.choices });
      save();
    }
    data.pipelines = await learnedPipelines(opened.memory, data.unseen, path.join(tmp, "pipelines"));
    data.seconds = (Date.now() - T0) / 1000;
    save();
    const html = path.join(path.dirname(jsonFile), "tune-dashboard.html");
    writeFileSync(html, renderTuneHtml(readHistory(cfg.memory.dir)));
    progress(`the tune dashboard of these runs: ${html}`);
  } finally {
    await opened.close();
    if (keep) progress(`kept the scratch folder (memory, models): ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

const report = render(data);
process.stdout.write(`${report.markdown}\n`);
if (markdownFile) {
  mkdirSync(path.dirname(path.resolve(markdownFile)), { recursive: true });
  writeFileSync(markdownFile, `${report.markdown}\n`);
  // The model in use before tuning and after each run, on the unseen programs.
  const points = [data.unseenScores.before, ...data.runs.map((r) => r.unseen)];
  const labels = ["before", ...data.runs.map((_, i) => `run ${i + 1}`)];
  const rewards = points.map((s) => s.meanReward);
  const dir = path.dirname(markdownFile);
  writeFileSync(path.join(dir, "tune-agreement.svg"), lineChart([{ name: "agreement", values: points.map((s) => s.agreement) }], { title: "Agreement with the oracle, unseen programs", labels, ymin: 0, ymax: 1, format: (v) => `${(100 * v).toFixed(0)}%` }));
  writeFileSync(path.join(dir, "tune-reward.svg"), lineChart([{ name: "mean reward", values: rewards }], { title: "Mean reward (program units), unseen programs", labels, ymin: Math.floor(Math.min(...rewards) * 0.9), ymax: Math.ceil(Math.max(...rewards) * 1.05), format: (v) => v.toFixed(0) }));
  progress(`wrote ${markdownFile}, tune-agreement.svg and tune-reward.svg`);
}
