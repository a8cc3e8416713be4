#!/usr/bin/env node
// The type inferencer's accuracy against annotated code: every annotated
// module-level function of the benchmark programs and the example projects
// has its parameter annotations stripped (a copy; spans from apc's parser),
// then the inferencer (tools/project-tools.ts inferSignature) answers from
// apc's flow inference over the call sites and from one traced run of the
// program (apc profile --mode trace). Its answer is compared with the
// annotations that were removed: exact match per function, and per source
// of evidence. Timing lives nowhere here.
//
// Usage: npx tsc && node benchmarks/type-inference.mjs [--quick] [--markdown FILE]

import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { parseModule } = await import(path.join(ROOT, "dist", "compiler", "frontend", "parse.js"));
const { profileProgram } = await import(path.join(ROOT, "dist", "profiler", "profile.js"));
const { inferSignature, staticCandidates } = await import(path.join(ROOT, "dist", "tools", "project-tools.js"));
const { newToolContext } = await import(path.join(ROOT, "dist", "tools", "tool.js"));
const { SUITE_PROGRAMS } = await import(path.join(ROOT, "dist", "benchmarks", "harness", "suites.js")).catch(() => ({ SUITE_PROGRAMS: null }));

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const markdownFile = argv.includes("--markdown") ? argv[argv.indexOf("--markdown") + 1] : null;
const say = (l) => process.stderr.write(`[types] ${l}\n`);

// Small sizes: the traced run is ~8x slower than Python.
const SMALL = { fib: "20", mandelbrot: "60", simpson: "20000", primes: "20000", collatz: "5000", nbody: "2000", spectralnorm: "40", fannkuch: "6", sieve: "100000", matmul: "30", nqueens: "6", binarytrees: "8", kmeans: "2000", wordfreq: "20000", oosim: "500" };
const projects = [];
for (const f of readdirSync(path.join(ROOT, "benchmarks", "programs")).filter((f) => f.endsWith(".py")).sort()) {
  const name = f.replace(/\.py$/, "");
  if (!(name in SMALL)) continue;
  projects.push({ name, files: [path.join(ROOT, "benchmarks", "programs", f)], entry: f, args: [SMALL[name]] });
}
if (!quick) {
  projects.push({ name: "particles", dir: path.join(ROOT, "examples", "projects", "particles"), entry: "main.py", args: ["out.csv"] });
  projects.push({ name: "raytracer", dir: path.join(ROOT, "examples", "projects", "raytracer"), entry: "main.py", args: ["out.ppm"] });
}
void SUITE_PROGRAMS;

/** Removes every parameter annotation of module-level functions; returns the
 *  stripped source and, per function, the annotated types in order. */
function strip(source, file) {
  const { module } = parseModule(source, file);
  const truth = new Map();
  const cuts = [];
  for (const s of module.body) {
    if (s.kind !== "funcdef" || !s.def.params.length || !s.def.params.every((p) => p.annotation)) continue;
    truth.set(s.def.name, s.def.params.map((p) => source.slice(p.annotation.span.start, p.annotation.span.end).replace(/\s+/g, "")));
    for (const p of s.def.params) {
      // ":" then the annotation: cut from the end of the name to the annotation's end.
      const colon = source.lastIndexOf(":", p.annotation.span.start);
      cuts.push([colon, p.annotation.span.end]);
    }
  }
  cuts.sort((a, b) => b[0] - a[0]);
  let out = source;
  for (const [a, b] of cuts) out = out.slice(0, a) + out.slice(b);
  return { stripped: out, truth };
}

const rows = [];
for (const p of projects) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "apc-types-"));
  try {
    if (p.dir) cpSync(p.dir, dir, { recursive: true, filter: (s) => !s.includes(`${path.sep}.apc`) });
    else for (const f of p.files) cpSync(f, path.join(dir, path.basename(f)));
    const truth = new Map();
    for (const f of readdirSync(dir).filter((f) => f.endsWith(".py"))) {
      const file = path.join(dir, f);
      const { stripped, truth: t } = strip(readFileSync(file, "utf8"), file);
      writeFileSync(file, stripped);
      for (const [k, v] of t) truth.set(`${f}:${k}`, v);
    }
    if (!truth.size) continue;
    say(`${p.name}: ${truth.size} annotated function(s); static inference`);
    const ctx = newToolContext({ path: dir, entry: p.entry, args: p.args }, null, () => {});
    const before = await staticCandidates(ctx);
    const flow = new Map(before.map((c) => [c.key, c.paramTypes]));
    say(`${p.name}: one traced run`);
    await profileProgram({ path: dir, entry: p.entry, args: p.args, mode: "trace", stdio: "pipe", timeoutS: 300 });
    const after = await staticCandidates(ctx);
    for (const [key, types] of truth) {
      const c = after.find((x) => x.key === key);
      const inferred = c ? inferSignature(dir, c) : { signature: null, confidence: 0, evidence: [] };
      const traced = inferred.evidence.filter((e) => e.source === "trace").sort((a, b) => b.detail.localeCompare(a.detail))[0]?.types ?? null;
      rows.push({ project: p.name, key, truth: types, flow: flow.get(key) ?? null, trace: traced, combined: inferred.signature, confidence: inferred.confidence });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A bare `list` annotation (most benchmark programs write no element type)
// is matched by any list[...] inference: the inferred type is the more
// precise one, and the compiled guard checks the elements anyway.
const compatible = (inferred, truth) => inferred === truth || (/^(list|dict|set|tuple)$/.test(truth) && inferred.startsWith(`${truth}[`));
const same = (a, b) => !!a && !!b && a.length === b.length && a.every((t, i) => compatible(t, b[i]));
const acc = (k) => rows.filter((r) => same(r[k], r.truth)).length;
const answered = (k) => rows.filter((r) => r[k]).length;
const lines = ["# Type inference: measured", "", `${new Date().toISOString()}; ${rows.length} annotated functions from ${projects.length} programs and projects, annotations stripped.`, ""];
lines.push("| evidence | answered | exactly right | accuracy (of all) | precision (of answered) |", "|---|--:|--:|--:|--:|");
for (const [k, label] of [["flow", "flow inference from call sites alone"], ["trace", "one traced run alone"], ["combined", "the inferencer (both, with confidence)"]]) {
  lines.push(`| ${label} | ${answered(k)} | ${acc(k)} | ${((acc(k) / rows.length) * 100).toFixed(1)}% | ${answered(k) ? ((acc(k) / answered(k)) * 100).toFixed(1) : "-"}% |`);
}
const high = rows.filter((r) => r.combined && r.confidence >= 0.7);
lines.push("", `Confidence >= 0.7: ${high.length} answers, ${high.filter((r) => same(r.combined, r.truth)).length} right.`, "");
lines.push("| function | annotated | flow | trace | inferred (confidence) |", "|---|---|---|---|---|");
for (const r of rows) lines.push(`| ${r.project}/${r.key} | ${r.truth.join(", ")} | ${r.flow?.join(", ") ?? "-"} | ${r.trace?.join(", ") ?? "-"} | ${r.combined ? `${r.combined.join(", ")} (${r.confidence.toFixed(2)})` : "-"}${same(r.combined, r.truth) ? "" : " **differs**"} |`);
const text = `${lines.join("\n")}\n`;
process.stdout.write(text);
if (markdownFile) writeFileSync(markdownFile, text);
