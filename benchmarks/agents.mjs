#!/usr/bin/env node
// The agents' quality, measured on this machine:
//   1. decision quality against an oracle: every hot candidate of the example
//      projects and of the benchmark programs (each alone as a one-file
//      project) measured at python, numba, apc-O1 and apc-O3 on its real
//      calls (the boundary's seconds, --repeat runs each), the oracle's best
//      set per function (agents/policy/evaluate.ts bestTierSet: the tiers
//      within noise of the best reward), and the policy scored on programs
//      it was not trained on (leave-one-program-out crossValidate), beside
//      the untrained prior policy and fixed-tier baselines;
//   2. learning: `agentOptimize` twice on one project with one memory (a
//      temp dir, a Chroma server apc starts): time, timeline, speedup;
//   3. end to end per example project: agentOptimize's speedup against the
//      best single tier applied to every candidate (from part 1's builds).
// Raw measurements go to a JSON file; `--from FILE` re-runs the evaluation
// (and re-renders parts 2 and 3 when the file has them) without measuring.
// Timing lives here, never in a test. apc-custom is the optimizer's tier
// only: part 1 does not measure it (part 3's agent may choose it).
//
// Usage: npx tsc -p tsconfig.json && node benchmarks/agents.mjs [--quick]
//          [--markdown benchmarks/AGENTS.md] [--html .apc/bench/agents.html]
//          [--json .apc/bench/agents-oracle.json] [--from FILE] [--only a,b]
//          [--repeat N] [--python EXE] [--no-agents] [--learn particles|raytracer]
// Environment: APC_BENCH_PYTHON (default /usr/bin/python3, Debian's, which has Numba).

import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = (p) => import(path.join(ROOT, "dist", p));
const { newToolContext } = await dist("tools/tool.js");
const { profileProject, measureSpeedup } = await dist("tools/index.js");
const { measureProjectOracle, MEASURED_TIERS, programFromOracle, tierOutcomes } = await dist("agents/oracle.js");
const { PolicyModel } = await dist("agents/policy/model.js");
const { bestTierSet, crossValidate, evaluatePolicy } = await dist("agents/policy/evaluate.js");
const { agentOptimize } = await dist("agents/supervisor.js");
const { openAgentMemory } = await dist("agents/memory.js");
const { parseAgentConfig } = await dist("agents/config.js");

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const flag = (name) => argv.includes(name);
const quick = flag("--quick");
const repeat = Number(opt("--repeat", quick ? "3" : "4"));
const PYTHON = opt("--python", process.env.APC_BENCH_PYTHON ?? "/usr/bin/python3");
const only = opt("--only", null)?.split(",");
const fromFile = opt("--from", null);
const jsonFile = path.resolve(opt("--json", path.join(ROOT, ".apc", "bench", "agents-oracle.json")));
const markdownFile = opt("--markdown", null);
const htmlFile = opt("--html", null);
const learnProject = opt("--learn", "particles");
const runAgents = !flag("--no-agents");

/** The supervisor's default: hot = a candidate with at least this share of the run. */
const MIN_SHARE = 0.01;
const T0 = Date.now();
const progress = (line) => process.stderr.write(`[agents ${((Date.now() - T0) / 1000).toFixed(0).padStart(4)}s] ${line}\n`);

// ---- the corpus -------------------------------------------------------------
// Sizes that make CPython take ~0.5-1 s (quick: about half) on a busy 2-core
// machine; the example projects' sizes live in their config files, which are
// edited in the copy only.
const EXAMPLES = [
  {
    name: "particles",
    args: (dir) => [path.join(dir, "out.csv")],
    prepare: (dir) => editJson(path.join(dir, "config.json"), { steps: quick ? 100 : 200 }),
    size: () => `steps ${quick ? 100 : 200} (config.json; 2000 in the repo)`,
  },
  {
    name: "raytracer",
    args: (dir) => [path.join(dir, "out.ppm")],
    prepare: (dir) => editJson(path.join(dir, "scene.json"), { width: quick ? 160 : 240, height: quick ? 120 : 180 }),
    size: () => `${quick ? "160x120" : "240x180"} (scene.json; 960x720 in the repo)`,
  },
  {
    name: "textstats",
    args: (dir) => [path.join(dir, "corpus"), String(quick ? 6 : 12)],
    prepare: (dir) => spawnSync(PYTHON, ["main.py", path.join(dir, "corpus"), String(quick ? 6 : 12)], { cwd: dir }),
    size: () => `${quick ? 6 : 12} documents (48 by default)`,
  },
];
// [name, full size, quick size, in the quick set]
const PROGRAMS = [
  ["fib", "32", "29", true],
  ["mandelbrot", "250", "160", true],
  ["simpson", "1500000", "700000", false],
  ["primes", "250000", "120000", true],
  ["collatz", "50000", "25000", false],
  ["nbody", "40000", "20000", true],
  ["spectralnorm", "150", "100", true],
  ["fannkuch", "8", "7", false],
  ["sieve", "3000000", "1500000", true],
  ["matmul", "160", "120", true],
  ["nqueens", "10", "9", false],
  ["binarytrees", "14", "12", false],
  ["kmeans", "15000", "8000", true],
  ["wordfreq", "150000", "80000", false],
  ["oosim", "4000", "2000", false],
];

/** Sets top-level integer fields of a JSON file in its text: re-serialising
 *  would turn 0.0 into 0, an int for Python, and the float lists the
 *  functions are compiled for into mixed lists (every call a fallback). */
function editJson(file, values) {
  let text = readFileSync(file, "utf8");
  for (const [k, v] of Object.entries(values)) {
    const re = new RegExp(`("${k}"\\s*:\\s*)\\d+`);
    if (!re.test(text)) throw new Error(`${file} has no integer field ${k}`);
    text = text.replace(re, `$1${v}`);
  }
  writeFileSync(file, text);
}

/** A fresh copy of one corpus entry in a temp folder: { dir, args, kind, size }. */
function copyProject(tmpRoot, name) {
  const ex = EXAMPLES.find((e) => e.name === name);
  if (ex) {
    const dir = path.join(tmpRoot, name);
    cpSync(path.join(ROOT, "examples", "projects", name), dir, { recursive: true, filter: (s) => !s.includes(`${path.sep}.apc`) });
    ex.prepare(dir);
    return { dir, args: ex.args(dir), kind: "example", size: ex.size() };
  }
  const [, full, small] = PROGRAMS.find((p) => p[0] === name);
  const dir = path.join(tmpRoot, name);
  mkdirSync(dir, { recursive: true });
  // The programs call main() at module level. The Numba probe imports the
  // module (hybrid/tiers.ts NUMBA_PROBE), which would run the whole program
  // with the probe's argv; a __main__ guard in the copy keeps the probe to
  // compiling (apc._run still runs the script as __main__).
  const source = readFileSync(path.join(ROOT, "benchmarks", "programs", `${name}.py`), "utf8").replace(/^main\(\)\s*$/m, 'if __name__ == "__main__":\n    main()\n');
  writeFileSync(path.join(dir, `${name}.py`), source);
  const size = quick ? small : full;
  return { dir, args: [size], kind: "program", size };
}

const corpusNames = () => {
  const names = [...EXAMPLES.map((e) => e.name), ...PROGRAMS.filter((p) => !quick || p[3]).map((p) => p[0])];
  return only ? names.filter((n) => only.includes(n)) : names;
};

// ---- part 1: measuring and scoring (agents/oracle.ts, as apc tune does) ----

async function measureProject(name, tmpRoot) {
  const { dir, args, kind, size } = copyProject(tmpRoot, name);
  const ctx = newToolContext({ path: dir, args, python: PYTHON, timeoutS: 600 }, null, (l) => progress(`  ${l}`));
  const t0 = Date.now();
  progress(`${name}: profiling, then every hot candidate at ${MEASURED_TIERS.join(", ")} (${repeat} runs each)`);
  const oracle = await measureProjectOracle(ctx, { tiers: MEASURED_TIERS, repeat, minShare: MIN_SHARE, log: (l) => progress(`  ${l}`) });
  const hot = new Set(oracle.functions.map((f) => f.key));
  const record = {
    name,
    kind,
    size,
    args: args.map((a) => a.split(dir).join("<copy>")),
    baselineSeconds: oracle.baselineSeconds,
    notHot: ctx.profile.candidates.filter((c) => !hot.has(c.key)).map((c) => ({ key: c.key, reason: c.candidate ? "cold" : (c.reasons[0]?.code ?? "not a candidate") })),
    // FunctionOracle, with only the candidate fields scoring needs.
    functions: oracle.functions.map((f) => ({ key: f.key, candidate: { key: f.candidate.key, sourceHash: f.candidate.sourceHash, features: f.candidate.features }, share: f.share, calls: f.calls, pythonSeconds: f.pythonSeconds, tiers: f.tiers })),
    endToEnd: oracle.endToEnd,
    seconds: (Date.now() - t0) / 1000,
  };
  if (!hot.size) progress(`${name}: no hot candidate (${record.notHot.map((n) => `${n.key.split(":").pop()}: ${n.reason}`).join(", ")})`);
  rmSync(dir, { recursive: true, force: true });
  return record;
}

/** A fixed rule (always this tier when available, else python) scored like a policy. */
function fixedTier(tier, cases) {
  const results = cases.map((c) => {
    const bestSet = bestTierSet(c);
    const chosen = c.available.includes(tier) ? tier : "python";
    const reward = c.measured[chosen].mean;
    const best = c.measured[bestSet[0]].mean;
    return { id: c.id, chosen, bestSet, reward, regret: best - reward, agrees: bestSet.includes(chosen) };
  });
  return summarise(results);
}

function summarise(results) {
  const n = results.length;
  const mean = (f) => (n ? results.reduce((s, r) => s + f(r), 0) / n : 0);
  return { cases: n, agreement: mean((r) => (r.agrees ? 1 : 0)), regret: mean((r) => r.regret), meanReward: mean((r) => r.reward), results };
}

function evaluate(projects) {
  const programs = projects.map((p) => programFromOracle(p.name, p.functions)).filter((p) => p.cases.length);
  const cases = programs.flatMap((p) => p.cases);
  if (programs.length < 2) return { programs, cases, cv: null, prior: summarise(evaluatePolicy(new PolicyModel(), cases).results), fixed: {}, inSample: null };
  const cv = crossValidate(programs, { folds: programs.length, createModel: () => new PolicyModel() });
  const prior = evaluatePolicy(new PolicyModel(), cases);
  const all = new PolicyModel();
  all.fit(programs.flatMap((p) => p.examples));
  const inSample = evaluatePolicy(all, cases);
  const fixed = Object.fromEntries(["python", "apc-O1", "apc-O3", "numba"].map((t) => [t, fixedTier(t, cases)]));
  return { programs, cases, cv: { ...cv, results: cv.results }, prior: summarise(prior.results), fixed, inSample: summarise(inSample.results) };
}

// ---- parts 2 and 3: the agents ---------------------------------------------

function agentConfig(dir, memDir) {
  return parseAgentConfig({ memory: { dir: memDir }, optimizer: { maxPipelines: quick ? 4 : 8 } }, dir);
}

/** agentOptimize `runs` times on one fresh copy of `name`, one memory. */
async function agentRuns(name, runs, tmpRoot) {
  const { dir, args } = copyProject(tmpRoot, name);
  const memDir = mkdtempSync(path.join(os.tmpdir(), "apc-agents-memory-"));
  const cfg = agentConfig(dir, memDir);
  const out = [];
  const opened = await openAgentMemory(cfg);
  progress(`${name}: memory in ${memDir} (Chroma at ${opened.chromaUrl}${opened.startedChroma ? ", started by apc" : ""})`);
  try {
    for (let i = 0; i < runs; i++) {
      progress(`${name}: agentOptimize run ${i + 1} of ${runs}`);
      const ctx = newToolContext({ path: dir, args, python: PYTHON, timeoutS: 600 }, opened.memory, (l) => progress(`  ${l}`));
      const t0 = Date.now();
      try {
        const r = await agentOptimize(ctx, cfg, { budgetMinutes: 10, minShare: MIN_SHARE, apply: false, searchTop: 1 });
        const assignment = r.functions.filter((f) => f.status === "compiled").map((f) => ({ function: f.key, tier: f.tier, ...(f.passes ? { passes: f.passes } : {}) }));
        out.push({ ok: true, assignment, elapsedSeconds: r.elapsedSeconds, endToEndSpeedup: r.endToEndSpeedup, baselineSeconds: r.baselineSeconds, optimizedSeconds: r.optimizedSeconds, verified: r.verified, memoryHits: r.memoryHits, modelVersion: r.modelVersion, timeline: r.timeline, functions: r.functions.map((f) => ({ key: f.key, status: f.status, tier: f.tier, passes: f.passes, source: f.source, share: f.share, speedup: Number.isFinite(f.speedup) ? f.speedup : f.speedup === null ? null : "Infinity", compileSeconds: f.compileSeconds, reasons: f.reasons.map((x) => x.code) })) });
      } catch (e) {
        progress(`${name}: agentOptimize run ${i + 1} failed: ${e.message.split("\n")[0]}`);
        // What it had chosen and measured last (the benchmarker's record):
        // the assignment it would have delivered had it finished.
        const runId = opened.memory.decisions.runs(1)[0]?.id;
        const last = runId === undefined ? undefined : opened.memory.decisions.decisions({ runId, kind: "measurement" }).pop();
        out.push({ ok: false, error: `${e.code ? `${e.code}: ` : ""}${e.message.split("\n").slice(0, 3).join(" ")}`, elapsedSeconds: (Date.now() - t0) / 1000, lastAssignment: last?.inputs?.assignment ?? null });
      }
    }
  } finally {
    await opened.close();
    rmSync(memDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** The agent's assignment, every hot candidate at apc-O1 and at apc-O3, and
 *  plain Python, timed end to end in interleaved rounds (best of `repeat`
 *  each) on one fresh copy: the comparison is not at the mercy of the load
 *  changing between part 1 and the agent run. */
async function endToEndNow(name, agentAssignment, tmpRoot) {
  const { dir, args } = copyProject(tmpRoot, name);
  const ctx = newToolContext({ path: dir, args, python: PYTHON, timeoutS: 600 }, null, (l) => progress(`  ${l}`));
  try {
    progress(`${name}: timing the agent's assignment against every candidate at one tier (${repeat} interleaved rounds)`);
    await profileProject.run({ repeat: 1 }, ctx);
    const hot = ctx.profile.candidates.filter((c) => c.candidate && (ctx.profile.functions.get(c.key)?.share ?? 0) >= MIN_SHARE).map((c) => c.key);
    const variants = { ...(agentAssignment?.length ? { agent: agentAssignment } : {}), "apc-O1": hot.map((k) => ({ function: k, tier: "apc-O1" })), "apc-O3": hot.map((k) => ({ function: k, tier: "apc-O3" })) };
    const best = { python: Infinity };
    const identical = {};
    for (let i = 0; i < repeat; i++) {
      best.python = Math.min(best.python, (await ctx.runs.baseline(1)).seconds);
      for (const [v, assignment] of Object.entries(variants)) {
        const m = await measureSpeedup.run({ assignment, repeat: 1 }, ctx);
        identical[v] = (identical[v] ?? true) && m.identical;
        best[v] = Math.min(best[v] ?? Infinity, ...m.endToEnd.nativeSeconds);
      }
    }
    const speedup = Object.fromEntries(Object.keys(variants).map((v) => [v, identical[v] && Number.isFinite(best[v]) ? best.python / best[v] : null]));
    return { baselineSeconds: best.python, seconds: best, speedup, hot };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- the report -------------------------------------------------------------

const pct = (x) => (x == null ? "-" : `${(x * 100).toFixed(0)}%`);
const num = (x, d = 1) => (x == null || !Number.isFinite(x) ? "-" : x.toFixed(d));
const times = (x) => (x == null || !Number.isFinite(x) ? "-" : `${x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)}x`);
const secs = (s) => (s == null ? "-" : s >= 1 ? `${s.toFixed(1)} s` : `${(s * 1000).toFixed(0)} ms`);
const short = (key) => key.split(":").pop();
const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Markdown and HTML from one list of blocks. */
class Report {
  blocks = [];
  h(level, text) {
    this.blocks.push({ kind: "h", level, text });
  }
  p(text) {
    this.blocks.push({ kind: "p", text });
  }
  table(head, rows, align) {
    this.blocks.push({ kind: "table", head, rows, align: align ?? head.map((_, i) => (i === 0 ? "l" : "r")) });
  }
  svg(svg) {
    this.blocks.push({ kind: "svg", svg });
  }
  markdown() {
    const out = [];
    for (const b of this.blocks) {
      if (b.kind === "h") out.push(`${"#".repeat(b.level)} ${b.text}`, "");
      else if (b.kind === "p") out.push(b.text, "");
      else if (b.kind === "table") {
        out.push(`| ${b.head.join(" | ")} |`, `|${b.align.map((a) => (a === "r" ? "--:" : "---")).join("|")}|`);
        for (const r of b.rows) out.push(`| ${r.map((c) => String(c).replace(/\|/g, "\\|")).join(" | ")} |`);
        out.push("");
      }
    }
    return out.join("\n");
  }
  html(title) {
    const inline = (t) => esc(t).replace(/\*\*(.+?)\*\*/g, "<b>$1</b>").replace(/`(.+?)`/g, "<code>$1</code>");
    const body = this.blocks.map((b) => {
      if (b.kind === "h") return `<h${b.level}>${inline(b.text)}</h${b.level}>`;
      if (b.kind === "p") return `<p>${inline(b.text)}</p>`;
      if (b.kind === "svg") return `<figure>${b.svg}</figure>`;
      const cell = (tag, c, i) => `<${tag}${b.align[i] === "r" ? ' class="r"' : ""}>${inline(c)}</${tag}>`;
      return `<table><thead><tr>${b.head.map((c, i) => cell("th", c, i)).join("")}</tr></thead><tbody>${b.rows.map((r) => `<tr>${r.map((c, i) => cell("td", c, i)).join("")}</tr>`).join("")}</tbody></table>`;
    });
    return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title><style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:3px 8px}th{background:#f3f3f3}
.r{text-align:right}code{background:#f3f3f3;padding:0 3px}figure{margin:1em 0}svg text{font:12px system-ui,sans-serif}
</style></head><body>${body.join("\n")}</body></html>\n`;
  }
}

const COLORS = { python: "#9e9e9e", numba: "#e6a23c", "apc-O1": "#7fb3e0", "apc-O3": "#2f6fb0", "apc-custom": "#6a3d9a", agent: "#2e9d5b", prior: "#c0c0c0", policy: "#2e9d5b" };

/** Horizontal grouped bars: one group per label, one bar per series. */
function barChart({ title, labels, series, format, max, goal }) {
  const barH = 12;
  const groupH = series.length * barH + 8;
  const left = 150;
  const width = 760;
  const plotW = width - left - 70;
  const top = 38;
  const height = top + labels.length * groupH + 10;
  const vmax = max ?? Math.max(1e-9, ...series.flatMap((s) => s.values.filter((v) => v != null && Number.isFinite(v))));
  const x = (v) => left + (Math.min(v, vmax) / vmax) * plotW;
  const parts = [`<text x="0" y="14" font-weight="bold">${esc(title)}</text>`];
  series.forEach((s, i) => parts.push(`<rect x="${left + i * 130}" y="22" width="10" height="10" fill="${s.color}"/><text x="${left + i * 130 + 14}" y="31">${esc(s.name)}</text>`));
  labels.forEach((label, g) => {
    const y0 = top + g * groupH;
    parts.push(`<text x="${left - 6}" y="${y0 + (series.length * barH) / 2 + 4}" text-anchor="end">${esc(label)}</text>`);
    series.forEach((s, i) => {
      const v = s.values[g];
      if (v == null || !Number.isFinite(v)) return;
      const y = y0 + i * barH;
      parts.push(`<rect x="${left}" y="${y}" width="${Math.max(1, x(v) - left)}" height="${barH - 2}" fill="${s.color}"/><text x="${x(v) + 4}" y="${y + barH - 3}">${esc(format(v))}</text>`);
    });
  });
  if (goal != null) parts.push(`<line x1="${x(goal)}" x2="${x(goal)}" y1="${top - 4}" y2="${height - 6}" stroke="#d33" stroke-dasharray="4 3"/><text x="${x(goal) + 3}" y="${top - 6}" fill="#d33">goal</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join("")}</svg>`;
}

const stepKind = (s) => (s.startsWith("profiling") ? "profile" : s.startsWith("benchmarker") || s.startsWith("output differs") ? "benchmarker" : s.startsWith("optimizer") ? "optimizer" : s === "done" ? "done" : s.startsWith("applying") ? "apply" : "strategist");
const STEP_COLORS = { profile: "#9e9e9e", strategist: "#e6a23c", benchmarker: "#2f6fb0", optimizer: "#6a3d9a", apply: "#2e9d5b", done: "#2e9d5b" };

/** Each step's duration: until the next step starts (the last until the end). */
function durations(run) {
  return run.timeline.map((t, i) => ({ ...t, kind: stepKind(t.step), seconds: (run.timeline[i + 1]?.at ?? run.elapsedSeconds) - t.at }));
}

function timelineChart(runs) {
  const left = 70;
  const width = 760;
  const plotW = width - left - 20;
  const rowH = 26;
  const top = 40;
  const vmax = Math.max(...runs.map((r) => r.elapsedSeconds), 1e-9);
  const x = (s) => left + (s / vmax) * plotW;
  const height = top + runs.length * (rowH + 10) + 24;
  const parts = [`<text x="0" y="14" font-weight="bold">agentOptimize timelines (seconds)</text>`];
  Object.entries(STEP_COLORS).filter(([k]) => k !== "done").forEach(([k, c], i) => parts.push(`<rect x="${left + i * 110}" y="22" width="10" height="10" fill="${c}"/><text x="${left + i * 110 + 14}" y="31">${k}</text>`));
  runs.forEach((r, i) => {
    const y = top + i * (rowH + 10);
    parts.push(`<text x="${left - 6}" y="${y + rowH / 2 + 4}" text-anchor="end">run ${i + 1}</text>`);
    for (const d of durations(r)) {
      if (d.seconds <= 0) continue;
      parts.push(`<rect x="${x(d.at)}" y="${y}" width="${Math.max(0.5, x(d.at + d.seconds) - x(d.at))}" height="${rowH}" fill="${STEP_COLORS[d.kind]}" stroke="#fff" stroke-width="0.5"><title>${esc(`${d.step}: ${d.seconds.toFixed(1)} s`)}</title></rect>`);
    }
    parts.push(`<text x="${x(r.elapsedSeconds) + 3}" y="${y + rowH / 2 + 4}">${r.elapsedSeconds.toFixed(0)} s</text>`);
  });
  const axisY = top + runs.length * (rowH + 10) + 4;
  for (let k = 0; k <= 5; k++) parts.push(`<text x="${x((vmax * k) / 5)}" y="${axisY + 12}" text-anchor="middle" fill="#666">${((vmax * k) / 5).toFixed(0)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join("")}</svg>`;
}

/** The end-to-end speedup of each tier's first build (every candidate at that tier). */
function tierEndToEnd(p) {
  const out = {};
  for (const t of MEASURED_TIERS) {
    const runs = p.endToEnd?.[t];
    if (p.functions.length && p.functions.every((f) => f.tiers[t] && !f.tiers[t].ok && !["partial-calls", "fallbacks", "differs", "not-built"].includes(f.tiers[t].code))) out[t] = "refused";
    else out[t] = runs?.length ? p.baselineSeconds / Math.min(...runs) : null;
  }
  return out;
}

function render(data, ev) {
  const R = new Report();
  const m = data.machine;
  R.h(1, "The agents, measured");
  R.p(`${data.createdAt}, ${m.cpu}, ${m.cores} cores, load ${m.load} at the start; ${data.quick ? "**quick mode**" : "full mode"}; ${data.repeat} runs per measurement; interpreter \`${data.python}\` (Debian's, with Numba ${data.numba ?? "?"}; the pyenv \`python3\` on PATH has no Numba). Produced by \`node benchmarks/agents.mjs${data.quick ? " --quick" : ""}\`; raw measurements in \`${path.relative(ROOT, data.jsonFile ?? jsonFile)}\` (\`--from\` re-scores them). Measuring took ${(data.measureSeconds / 60).toFixed(1)} min${data.agentSeconds ? `, the agent runs ${(data.agentSeconds / 60).toFixed(1)} min` : ""}.`);

  // ---- part 1 ----
  R.h(2, "1. Decision quality against the oracle");
  R.p(`Every hot candidate (a compilable function with ≥ ${MIN_SHARE * 100}% of the run, the supervisor's rule) measured at python, numba, apc-O1 and apc-O3 on its real calls: speedup k = mean Python seconds at the boundary (${data.repeat} runs; recursion timed at its outermost call) over mean native seconds at the boundary; a function counts only when all its calls crossed the boundary and none fell back. Reward = 10·S − compile seconds, with S = 1/(1 − p + p/k) the program's speedup from this function (p: its share of the run, Amdahl's law: agents/policy/model.ts functionReward); reward ci from the two 95% relative half-widths in quadrature, carried through S. The tables show k. A refused tier (or one whose output differs) is not available for that case. Oracle = \`bestTierSet\` (the tiers within noise of the best). apc-custom is not measured here. The policy (PolicyModel, explorationRate 0) is scored by leave-one-program-out \`crossValidate\`: trained on the other programs' measured outcomes (every measured (function, tier), python as speedup 1, compile 0), scored on the held-out program's functions.`);
  if (!ev.cases.length) R.p("No case was measured.");
  else {
    const rows = [];
    const row = (name, s) => rows.push([name, String(s.cases), pct(s.agreement), num(s.regret), num(s.meanReward)]);
    if (ev.cv) row("**policy, leave-one-program-out**", ev.cv);
    row("prior policy (untrained)", ev.prior);
    if (ev.inSample) row("policy trained on all (in-sample)", ev.inSample);
    for (const [t, s] of Object.entries(ev.fixed)) row(`always ${t} (python when refused)`, s);
    R.table(["policy", "cases", "agreement (goal ≥ 90%)", "mean regret", "mean reward"], rows);
    const best = ev.cases.map((c) => c.measured[bestTierSet(c)[0]].mean);
    R.p(`Mean oracle reward ${num(best.reduce((a, b) => a + b, 0) / best.length)}; mean best-set size ${num(ev.cases.reduce((s, c) => s + bestTierSet(c).length, 0) / ev.cases.length, 2)} tiers (ties within the noise count as agreement).`);

    R.h(3, "Per program");
    const byProgram = (results) => Object.fromEntries(ev.programs.map((p) => [p.program, summarise(results.filter((r) => r.id.startsWith(`${p.program}/`)))]));
    const cvBy = ev.cv ? byProgram(ev.cv.results) : {};
    const priorBy = byProgram(ev.prior.results);
    R.table(
      ["program", "cases", "agreement (held out)", "regret (held out)", "prior agreement", "prior regret"],
      ev.programs.map((p) => [p.program, String(p.cases.length), pct(cvBy[p.program]?.agreement), num(cvBy[p.program]?.regret), pct(priorBy[p.program].agreement), num(priorBy[p.program].regret)]),
    );
    R.svg(barChart({ title: "Agreement with the oracle per program (held out vs prior)", labels: ev.programs.map((p) => p.program), series: [{ name: "policy (held out)", color: COLORS.policy, values: ev.programs.map((p) => cvBy[p.program]?.agreement ?? null) }, { name: "prior", color: COLORS.prior, values: ev.programs.map((p) => priorBy[p.program].agreement) }], format: pct, max: 1, goal: 0.9 }));
    R.svg(barChart({ title: "Mean regret in reward per program (lower is better)", labels: ev.programs.map((p) => p.program), series: [{ name: "policy (held out)", color: COLORS.policy, values: ev.programs.map((p) => cvBy[p.program]?.regret ?? null) }, { name: "prior", color: COLORS.prior, values: ev.programs.map((p) => priorBy[p.program].regret) }], format: (v) => num(v) }));

    R.h(3, "Every case");
    const cvRes = new Map((ev.cv?.results ?? []).map((r) => [r.id, r]));
    const priorRes = new Map(ev.prior.results.map((r) => [r.id, r]));
    const caseRows = [];
    for (const p of data.projects) {
      for (const f of p.functions) {
        const id = `${p.name}/${f.key}`;
        const c = ev.cases.find((x) => x.id === id);
        if (!c) continue;
        const o = tierOutcomes(f);
        const cell = (t) => {
          if (o[t]) return `${o[t].bound ? "≤ " : ""}${times(o[t].speedup)} / ${num(o[t].reward)}${o[t].ci == null ? "" : ` ± ${num(o[t].ci)}`}`;
          const r = f.tiers[t];
          return r ? `${r.code === "fallbacks" ? "falls back" : ["partial-calls", "not-built"].includes(r.code) ? "unmeasured" : "refused"} (${r.code})` : "-";
        };
        const cv = cvRes.get(id);
        const pr = priorRes.get(id);
        caseRows.push([`${p.name}: ${short(f.key)}`, pct(f.share), ...["numba", "apc-O1", "apc-O3"].map(cell), bestTierSet(c).join(", "), cv ? `${cv.chosen}${cv.agrees ? "" : " ✗"}` : "-", pr ? `${pr.chosen}${pr.agrees ? "" : " ✗"}` : "-"]);
      }
    }
    R.p("Per tier: speedup / reward ± ci (python: 1x / 10). Compile seconds are in the JSON; numba's include starting an interpreter and importing Numba, and its boundary seconds include its JIT on the first call of every run. “≤”: the run passed the timeout (10x the baseline + 10 s), recorded at the timeout.");
    R.table(["function", "share", "numba", "apc-O1", "apc-O3", "oracle's best set", "policy (held out)", "prior"], caseRows, ["l", "r", "r", "r", "r", "l", "l", "l"]);
  }
  const skipped = data.projects.filter((p) => !p.functions.length);
  if (skipped.length) R.p(`No hot candidate (not in the corpus): ${skipped.map((p) => `${p.name} (${p.notHot.map((n) => `${short(n.key)}: ${n.reason}`).join(", ") || "no functions"})`).join("; ")}.`);

  // ---- part 2 ----
  const learn = data.agents?.learning;
  if (learn) {
    R.h(2, `2. Learning: agentOptimize twice on ${learn.project}, one memory`);
    R.p(`A fresh copy of ${learn.project} (${learn.size}), a fresh memory (decision log, Chroma server started by openAgentMemory, model registry, all in a temp dir), default agent config except optimizer.maxPipelines ${learn.maxPipelines}; budget 10 min, minShare ${MIN_SHARE}, searchTop 1. Goal: run 2 as good or better in at most a third of run 1's time.`);
    const runs = learn.runs;
    R.table(
      ["run", "elapsed", "end-to-end speedup", "verified", "memory hits", "model version", "tiers"],
      runs.map((r, i) => (r.ok ? [`run ${i + 1}`, secs(r.elapsedSeconds), times(r.endToEndSpeedup), r.verified ? "yes" : "no", String(r.memoryHits), String(r.modelVersion ?? "-"), r.functions.filter((f) => f.status === "compiled").map((f) => `${short(f.key)}@${f.tier}${f.passes ? ` [${f.passes}]` : ""}`).join(", ") || "none"] : [`run ${i + 1}`, secs(r.elapsedSeconds), `failed: ${r.error}`, "-", "-", "-", "-"])),
      ["l", "r", "r", "l", "r", "r", "l"],
    );
    if (runs.length === 2 && runs.every((r) => r.ok)) {
      const [a, b] = runs;
      const ratio = b.elapsedSeconds / a.elapsedSeconds;
      const same = b.endToEndSpeedup != null && a.endToEndSpeedup != null && b.endToEndSpeedup >= a.endToEndSpeedup * 0.95;
      R.p(`Run 2 took **${pct(ratio)}** of run 1's time (goal ≤ 33%: ${ratio <= 1 / 3 ? "met" : "not met"}); its end-to-end speedup ${times(b.endToEndSpeedup)} vs ${times(a.endToEndSpeedup)} (${same ? "the same or better, within 5%" : "worse"}).`);
      R.svg(timelineChart(runs));
    }
    runs.forEach((r, i) => {
      if (!r.ok) return;
      R.h(3, `Run ${i + 1} timeline`);
      R.table(["at", "seconds", "step"], durations(r).map((d) => [num(d.at), num(d.seconds), d.step]), ["r", "r", "l"]);
    });
  }

  // ---- part 3 ----
  const e2e = data.agents?.endToEnd;
  if (e2e?.length) {
    R.h(2, "3. End to end: agentOptimize vs the best single tier");
    R.p("agentOptimize on a fresh copy with a fresh memory (the prior policy; particles: run 1 of part 2), against every hot candidate at one tier (part 1's first build per tier: refused functions stay Python). Speedup = the Python run over the native run. \"As reported\" compares the agent's own number with part 1's, each against its own baseline, minutes apart; \"same window\" times the agent's assignment, all-apc-O1, all-apc-O3 and plain Python on one fresh copy in interleaved rounds (best of each), which the load on a shared machine cannot tilt. A run that crashed is a failure; its last measured assignment (the benchmarker's record) is timed in the same window to show what it had chosen.");
    const rows = [];
    const nowRows = [];
    const labels = [];
    const series = { agent: [], "apc-O1": [], "apc-O3": [], numba: [] };
    for (const x of e2e) {
      const p = data.projects.find((q) => q.name === x.project);
      const tiers = p ? tierEndToEnd(p) : {};
      const bestTier = Object.entries(tiers).filter(([, v]) => typeof v === "number").sort((a, b) => b[1] - a[1])[0];
      const r = x.run;
      const chosen = (r.ok ? r.assignment : r.lastAssignment) ?? [];
      const tiersText = chosen.map((a) => `${short(a.function)}@${a.tier}${a.passes ? ` [${a.passes}]` : ""}`).join(", ") || "none";
      rows.push([x.project, r.ok ? `**${times(r.endToEndSpeedup)}**` : `failed (${r.error.split(":")[0]})`, r.ok ? tiersText : `${tiersText} (last measured)`, ...MEASURED_TIERS.map((t) => (tiers[t] === "refused" ? "all refused" : times(tiers[t]))), bestTier ? `${bestTier[0]} ${times(bestTier[1])}` : "-", r.ok && bestTier && r.endToEndSpeedup ? num(r.endToEndSpeedup / bestTier[1], 2) : "-", secs(r.elapsedSeconds)]);
      const now = x.now;
      if (now) {
        const bestNow = ["apc-O1", "apc-O3"].filter((t) => now.speedup[t] != null).sort((a, b) => now.speedup[b] - now.speedup[a])[0];
        nowRows.push([x.project, secs(now.baselineSeconds), now.speedup.agent != null ? `${r.ok ? "" : "(crashed) "}**${times(now.speedup.agent)}**` : "-", times(now.speedup["apc-O1"]), times(now.speedup["apc-O3"]), bestNow ? `${bestNow} ${times(now.speedup[bestNow])}` : "-", now.speedup.agent != null && bestNow ? num(now.speedup.agent / now.speedup[bestNow], 2) : "-"]);
      }
      labels.push(x.project);
      series.agent.push(now?.speedup.agent ?? (r.ok ? r.endToEndSpeedup : null));
      series["apc-O1"].push(now?.speedup["apc-O1"] ?? (typeof tiers["apc-O1"] === "number" ? tiers["apc-O1"] : null));
      series["apc-O3"].push(now?.speedup["apc-O3"] ?? (typeof tiers["apc-O3"] === "number" ? tiers["apc-O3"] : null));
      series.numba.push(typeof tiers.numba === "number" ? tiers.numba : null);
    }
    R.h(3, "As reported");
    R.table(["project", "agent", "agent's tiers", "all apc-O1", "all apc-O3", "all numba", "best single tier", "agent / best", "agent time"], rows, ["l", "r", "l", "r", "r", "r", "l", "r", "r"]);
    for (const x of e2e) if (!x.run.ok) R.p(`${x.project}: the run failed: \`${x.run.error}\``);
    if (nowRows.length) {
      R.h(3, "Same window");
      R.table(["project", "Python", "agent's assignment", "all apc-O1", "all apc-O3", "best single tier", "agent / best"], nowRows);
    }
    R.svg(barChart({ title: "End-to-end speedup per example project (same window; numba from part 1)", labels, series: Object.entries(series).map(([k, v]) => ({ name: k === "agent" ? "agent's assignment" : `all ${k}`, color: COLORS[k], values: v })), format: times }));
    R.h(3, "The agent's verdicts");
    R.p("Per function, as the supervisor measured it (its Python seconds from profile_project, all hot functions native in one build):");
    R.table(
      ["project", "function", "status", "tier", "source", "share", "speedup", "compile", "reasons"],
      e2e.flatMap((x) => (x.run.ok ? x.run.functions.filter((f) => f.status !== "not-compiled").map((f) => [x.project, short(f.key), f.status, `${f.tier ?? "-"}${f.passes ? ` [${f.passes}]` : ""}`, f.source ?? "-", pct(f.share), typeof f.speedup === "number" ? times(f.speedup) : (f.speedup ?? "-"), f.compileSeconds == null ? "-" : secs(f.compileSeconds), f.reasons.join(", ") || "-"]) : [])),
      ["l", "l", "l", "l", "l", "r", "r", "r", "l"],
    );
  }
  return R;
}

// ---- main -------------------------------------------------------------------

let data;
if (fromFile) {
  data = JSON.parse(readFileSync(fromFile, "utf8"));
  if (data.version !== 2) throw new Error(`${fromFile}: format ${data.version}, this script reads 2 (measure again)`);
  data.jsonFile = path.resolve(fromFile);
  progress(`re-scoring ${fromFile} (${data.projects.length} project(s)), no measurement`);
} else {
  const numba = spawnSync(PYTHON, ["-c", "import numba; print(numba.__version__)"], { encoding: "utf8" });
  data = {
    version: 2,
    createdAt: new Date().toISOString(),
    machine: { cpu: os.cpus()[0]?.model ?? "cpu", cores: os.cpus().length, load: os.loadavg()[0].toFixed(2) },
    python: PYTHON,
    numba: numba.status === 0 ? numba.stdout.trim() : null,
    quick,
    repeat,
    projects: [],
    measureSeconds: 0,
    agents: null,
  };
  if (!data.numba) progress(`warning: no Numba for ${PYTHON}: the numba tier will be refused everywhere (use --python /usr/bin/python3)`);
  mkdirSync(path.dirname(jsonFile), { recursive: true });
  const save = () => writeFileSync(jsonFile, `${JSON.stringify(data, null, 1)}\n`);
  const tmpRoot = mkdtempSync(path.join(os.tmpdir(), "apc-agents-bench-"));
  try {
    const names = corpusNames();
    const t0 = Date.now();
    for (const [i, name] of names.entries()) {
      progress(`part 1: ${name} (${i + 1} of ${names.length})`);
      try {
        data.projects.push(await measureProject(name, tmpRoot));
      } catch (e) {
        progress(`${name}: failed: ${e.message.split("\n")[0]}`);
        data.projects.push({ name, kind: "failed", error: e.message.split("\n")[0], functions: [], tiers: {}, notHot: [] });
      }
      data.measureSeconds = (Date.now() - t0) / 1000;
      save();
    }
    if (runAgents) {
      const t1 = Date.now();
      data.agents = { learning: null, endToEnd: [] };
      const learnSize = copyProject(tmpRoot, learnProject).size;
      rmSync(path.join(tmpRoot, learnProject), { recursive: true, force: true });
      progress(`part 2: learning on ${learnProject}`);
      const runs = await agentRuns(learnProject, 2, tmpRoot);
      data.agents.learning = { project: learnProject, size: learnSize, maxPipelines: quick ? 4 : 8, runs };
      save();
      for (const ex of EXAMPLES.filter((e) => !only || only.includes(e.name))) {
        progress(`part 3: ${ex.name}`);
        const run = ex.name === learnProject ? runs[0] : (await agentRuns(ex.name, 1, tmpRoot))[0];
        const now = await endToEndNow(ex.name, run.ok ? run.assignment : run.lastAssignment, tmpRoot);
        data.agents.endToEnd.push({ project: ex.name, run, now });
        data.agentSeconds = (Date.now() - t1) / 1000;
        save();
      }
    }
  } finally {
    rmSync(tmpRoot, { recursive: true, force: true });
  }
  data.jsonFile = jsonFile;
  save();
  progress(`raw measurements in ${jsonFile}`);
}

const ev = evaluate(data.projects);
const report = render(data, ev);
const text = `${report.markdown()}\n`;
process.stdout.write(text);
if (markdownFile) writeFileSync(markdownFile, text);
if (htmlFile) {
  mkdirSync(path.dirname(path.resolve(htmlFile)), { recursive: true });
  writeFileSync(htmlFile, report.html("apc: the agents, measured"));
}
if (ev.cv) progress(`agreement ${pct(ev.cv.agreement)} held out (prior ${pct(ev.prior.agreement)}), regret ${num(ev.cv.regret)} (prior ${num(ev.prior.regret)}) over ${ev.cases.length} cases`);
