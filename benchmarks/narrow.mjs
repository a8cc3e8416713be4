#!/usr/bin/env node
// Int specialisation (`;narrow=W`, compiler/backend/pipeline.ts) against
// plain -O3 on the benchmark programs, measured side by side: each program is
// built both ways, run at a size where -O3 takes a few tenths of a second
// (start-up then weighs little), in alternating rounds (drift on the machine
// hits both alike); the minimum of each is compared, output checked
// identical, and the executables' .text sizes (binutils' size; the runtime
// included) show the code the copies add.
// Timing lives here, never in a test.
//
// Usage: npx tsc && node benchmarks/narrow.mjs [--bits 31] [--rounds 5] [--only a,b] [--markdown FILE]

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = (p) => import(path.join(ROOT, "dist", p));
const { compile } = await dist("compiler/driver.js");
const { runMeasured } = await dist("benchmarks/harness/timed-run.js");
const { namedSuite } = await dist("benchmarks/harness/suites.js");
const { geometricMean, minimum } = await dist("benchmarks/harness/stats.js");
const { StderrProgress } = await dist("benchmarks/harness/progress.js");

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const bits = Number(opt("--bits", "31"));
const rounds = Number(opt("--rounds", "5"));
const only = opt("--only", null)?.split(",");
const markdownFile = opt("--markdown", null);
const NARROW = `default<O3>;narrow=${bits}`;

// Sizes at which -O3 runs for roughly 0.2-1 s here (the suite's defaults are
// tens of milliseconds, where process start-up is a good part of the time).
const SIZES = { fib: "38", mandelbrot: "2500", simpson: "60000000", primes: "6000000", collatz: "2000000", nbody: "3000000", spectralnorm: "2500", fannkuch: "10", sieve: "100000000", matmul: "700", nqueens: "13", kmeans: "800000", wordfreq: "4000000" };

/** Bytes of machine code in an executable's .text section. */
const textBytes = (exe) => {
  const out = spawnSync("size", ["-A", exe], { encoding: "utf8" }).stdout ?? "";
  const m = /^\.text\s+(\d+)/m.exec(out);
  if (!m) throw new Error(`size -A ${exe}: no .text section (is binutils installed?)`);
  return Number(m[1]);
};

const progress = new StderrProgress();
const work = mkdtempSync(path.join(os.tmpdir(), "apc-narrow-bench-"));
const rows = [];
try {
  for (const program of namedSuite("all").programs) {
    if (only && !only.includes(program.name)) continue;
    const args = [SIZES[program.name] ?? program.args[0]];
    const source = readFileSync(program.source, "utf8");
    const build = async (tag, passes) => {
      const exe = path.join(work, `${program.name}.${tag}`);
      const res = await compile(source, { file: `${program.name}.py`, optLevel: 3, passes, output: exe });
      return res.ok ? exe : null;
    };
    progress.line(`${program.name} ${args.join(" ")}: building -O3 and ${NARROW}`);
    const [base, narrow] = [await build("o3", undefined), await build("narrow", NARROW)];
    if (!base || !narrow) {
      rows.push({ name: program.name, args, refused: true });
      continue;
    }
    const times = { base: [], narrow: [] };
    let identical = true;
    let reference = null;
    for (let r = 0; r < rounds; r++) {
      progress.live(`${program.name}: round ${r + 1}/${rounds}`);
      for (const [key, exe] of r % 2 ? [["narrow", narrow], ["base", base]] : [["base", base], ["narrow", narrow]]) {
        const m = await runMeasured({ exe, args }, 600);
        if (m.exitCode !== 0) throw new Error(`${program.name} (${key}) exited ${m.exitCode}: ${m.stderr.slice(0, 200)}`);
        reference ??= m.stdout;
        identical &&= m.stdout === reference;
        times[key].push(m.wallSeconds);
      }
    }
    const row = { name: program.name, args, base: minimum(times.base), narrow: minimum(times.narrow), identical, baseBytes: textBytes(base), narrowBytes: textBytes(narrow) };
    row.ratio = row.base / row.narrow;
    rows.push(row);
    progress.line(`${program.name}: -O3 ${row.base.toFixed(3)} s, narrow ${row.narrow.toFixed(3)} s, ${row.ratio.toFixed(3)}x${identical ? "" : " (OUTPUT DIFFERS)"}`);
  }
} finally {
  progress.close();
  rmSync(work, { recursive: true, force: true });
}

const measured = rows.filter((r) => !r.refused);
const geo = geometricMean(measured.map((r) => r.ratio));
const md = [
  "# Int specialisation against -O3, measured",
  "",
  `${new Date().toISOString()}, ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(2)} at the end. Produced by \`node benchmarks/narrow.mjs --bits ${bits} --rounds ${rounds}\`.`,
  "",
  `Each program built at -O3 and with \`${NARROW}\` (each function with int parameters gets a copy entered when every int argument fits in ${bits} signed bits, without the overflow checks passes/int-ranges proves cannot fire there), run ${rounds} times each in alternating order; minimum wall time of each, output compared. It is not part of -O3: the optimizer tries it and keeps it per function only where it measures faster beyond the noise.`,
  "",
  "| program | size | -O3 | narrow | speedup | output | .text growth |",
  "|---|--:|--:|--:|--:|---|--:|",
  ...rows.map((r) =>
    r.refused
      ? `| ${r.name} | ${r.args.join(" ")} | refused | - | - | - | - |`
      : `| ${r.name} | ${r.args.join(" ")} | ${r.base.toFixed(3)} s | ${r.narrow.toFixed(3)} s | ${r.ratio.toFixed(3)}x | ${r.identical ? "identical" : "DIFFERS"} | ${(((r.narrowBytes - r.baseBytes) / r.baseBytes) * 100).toFixed(1)}% |`,
  ),
  "",
  `**Geometric mean ${geo?.toFixed(3)}x over ${measured.length} programs**; best ${Math.max(...measured.map((r) => r.ratio)).toFixed(3)}x, worst ${Math.min(...measured.map((r) => r.ratio)).toFixed(3)}x.`,
  "",
];
const text = md.join("\n");
if (markdownFile) writeFileSync(path.resolve(markdownFile), text);
process.stdout.write(text);
