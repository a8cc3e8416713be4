// The fuzzer's command line: `npm run fuzz -- --seeds 1-2000` generates the
// programs of those seeds, judges each (CPython against apc, a pool of
// --jobs at a time), shows a live progress line, minimises every
// difference and crash into --out (default fuzz-out/) and prints the
// table of what it found. Exit status 1 when anything differed or crashed.

import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureRuntime } from "../compiler/backend/runtime-lib.js";
import { locateCC } from "../compiler/backend/toolchain.js";
import { generateProgram } from "./generate.js";
import { minimize } from "./minimize.js";
import { Tally, signature, writeFailure } from "./report.js";
import { judge, pool, type Judgement } from "./run.js";

interface Args {
  seeds: number[];
  out: string;
  jobs: number;
  optLevel: 0 | 1 | 2 | 3;
  minimize: boolean;
  maxTries: number;
  print: number | null;
}

/** "1-2000", "5,9,20-30". */
export function parseSeeds(spec: string): number[] {
  return spec.split(",").flatMap((part) => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) throw new Error(`bad seed range "${part}" (expected e.g. 1-2000 or 5,9,20-30)`);
    const lo = Number(m[1]);
    const hi = m[2] ? Number(m[2]) : lo;
    return Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => lo + i);
  });
}

function parseArgs(argv: string[]): Args {
  const args: Args = { seeds: parseSeeds("1-100"), out: "fuzz-out", jobs: 2, optLevel: 2, minimize: true, maxTries: 80, print: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--seeds") args.seeds = parseSeeds(value());
    else if (a === "--out") args.out = value();
    else if (a === "--jobs") args.jobs = Math.max(1, Number(value()));
    else if (a === "-O" || a === "--opt") args.optLevel = Number(value()) as Args["optLevel"];
    else if (a === "--no-minimize") args.minimize = false;
    else if (a === "--max-tries") args.maxTries = Number(value());
    else if (a === "--print") args.print = Number(value());
    else if (a === "--help" || a === "-h") {
      console.log("usage: npm run fuzz -- [--seeds 1-2000] [--out fuzz-out] [--jobs 2] [--opt 2] [--no-minimize] [--max-tries 80] [--print SEED]");
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.print !== null) {
    process.stdout.write(generateProgram(args.print).source);
    return;
  }
  await ensureRuntime(locateCC());
  const workDir = mkdtempSync(path.join(os.tmpdir(), "apc-fuzz-"));
  const tally = new Tally();
  const tty = process.stderr.isTTY;
  const progress = () => {
    const line = tally.progressLine(args.seeds.length);
    if (tty) process.stderr.write(`\r${line}\x1b[K`);
    else if (tally.programs % 25 === 0 || tally.programs === args.seeds.length) process.stderr.write(`${line}\n`);
  };
  const failures: { seed: number; source: string; judgement: Judgement }[] = [];
  try {
    await pool(
      args.seeds,
      args.jobs,
      async (seed) => {
        const { source } = generateProgram(seed);
        const first = await judge(source, `seed-${seed}`, { workDir, optLevel: args.optLevel });
        // A crash is judged twice: a toolchain hiccup (a runtime library
        // rebuilt meanwhile, a killed `opt`) is not a compiler bug.
        const judgement = first.verdict === "crash" ? await judge(source, `again-${seed}`, { workDir, optLevel: args.optLevel }) : first;
        return { source, judgement };
      },
      (seed, { source, judgement }) => {
        tally.add(seed, judgement);
        if (judgement.verdict === "differ" || judgement.verdict === "crash") failures.push({ seed, source, judgement });
        progress();
      },
    );
    if (tty) process.stderr.write("\n");
    console.log(`\n${tally.table()}\n`);
    // Minimise afterwards, two at a time, so the live rate measures fuzzing.
    await pool(
      failures.sort((a, b) => a.seed - b.seed),
      args.jobs,
      async (f) => {
        const want = signature(f.judgement);
        let tryNo = 0;
        const result = args.minimize
          ? await minimize(f.source, async (candidate) => signature(await judge(candidate, `min-${f.seed}-${tryNo++}`, { workDir, optLevel: args.optLevel })) === want, { maxTries: args.maxTries })
          : { source: f.source, tries: 0 };
        const final = args.minimize ? await judge(result.source, `final-${f.seed}`, { workDir, optLevel: args.optLevel }) : f.judgement;
        return writeFailure(args.out, f.seed, f.source, result.source, final, result.tries);
      },
      (f, file) => process.stderr.write(`seed ${f.seed}: ${signature(f.judgement)} -> ${file}.py\n`),
    );
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  if (failures.length) console.log(`${failures.length} failure(s) written, minimised, to ${args.out}/ (seed-N.py, seed-N.txt)`);
  process.exitCode = tally.differences || tally.crashes ? 1 : 0;
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
});
