// What `apc tune` learns from: the benchmark programs (each copied alone into
// a one-file project under <memory dir>/tune/corpus, at a size that makes
// CPython take about a second), the projects vector memory has outcomes
// for, or the projects under a given folder. Never touches a user's source:
// memory's projects are measured where they are, read-only (the tools build
// under their .apc/), and benchmark programs are copies.

import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface CorpusItem {
  /** A stable name: "benchmarks/nbody", or the project's folder. */
  readonly name: string;
  readonly dir: string;
  readonly args: readonly string[];
  /** What a pipeline search runs it with: larger than `args` where the
   *  program's size is known (a hot function's few milliseconds at `args`
   *  hide the 5-10% a pipeline makes), else `args`. */
  readonly searchArgs: readonly string[];
  readonly source: "benchmarks" | "memory" | "path";
}

/** Benchmark programs and the size argument tune runs them at. */
export const BENCHMARK_SIZES: Readonly<Record<string, string>> = {
  fib: "29",
  mandelbrot: "160",
  simpson: "700000",
  primes: "120000",
  collatz: "25000",
  nbody: "20000",
  spectralnorm: "100",
  fannkuch: "7",
  sieve: "1500000",
  matmul: "120",
  nqueens: "9",
  binarytrees: "12",
  kmeans: "8000",
  wordfreq: "80000",
  oosim: "2000",
};

/** The size a pipeline search runs a benchmark program at: about eight times
 *  CPython's work at BENCHMARK_SIZES (so tens of milliseconds natively). */
export const BENCHMARK_SEARCH_SIZES: Readonly<Record<string, string>> = {
  fib: "33",
  mandelbrot: "480",
  simpson: "5600000",
  primes: "480000",
  collatz: "200000",
  nbody: "160000",
  spectralnorm: "300",
  fannkuch: "8",
  sieve: "12000000",
  matmul: "240",
  nqueens: "10",
  binarytrees: "15",
  kmeans: "80000",
  wordfreq: "640000",
  oosim: "16000",
};

/** The repository's benchmarks/programs (from dist/agents/tune or agents/tune). */
export function benchmarkProgramsDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const p = path.join(dir, "benchmarks", "programs");
    if (existsSync(p) && existsSync(path.join(dir, "package.json"))) return p;
    dir = path.dirname(dir);
  }
  throw new Error("benchmarks/programs not found beside the apc package");
}

/** A one-file project of benchmark `name` under `root` (made once, reused).
 *  The programs call main() at module level; a __main__ guard in the copy
 *  keeps Numba's probe (which imports the module) from running the program. */
export function benchmarkItem(root: string, name: string, programsDir = benchmarkProgramsDir()): CorpusItem {
  const dir = path.join(root, name);
  const file = path.join(dir, `${name}.py`);
  const source = readFileSync(path.join(programsDir, `${name}.py`), "utf8").replace(/^main\(\)\s*$/m, 'if __name__ == "__main__":\n    main()\n');
  if (!existsSync(file) || readFileSync(file, "utf8") !== source) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, source);
  }
  return { name: `benchmarks/${name}`, dir, args: [BENCHMARK_SIZES[name] ?? "1"], searchArgs: [BENCHMARK_SEARCH_SIZES[name] ?? BENCHMARK_SIZES[name] ?? "1"], source: "benchmarks" };
}

export function benchmarkCorpus(root: string, only?: readonly string[]): CorpusItem[] {
  const programsDir = benchmarkProgramsDir();
  return Object.keys(BENCHMARK_SIZES)
    .filter((n) => existsSync(path.join(programsDir, `${n}.py`)) && (!only || only.includes(n)))
    .map((n) => benchmarkItem(root, n, programsDir));
}

/** Projects under `folder` (itself if it has a main.py, else its subfolders that do). */
export function pathCorpus(folder: string): CorpusItem[] {
  const abs = path.resolve(folder);
  if (existsSync(path.join(abs, "main.py"))) return [{ name: abs, dir: abs, args: [], searchArgs: [], source: "path" }];
  return readdirSync(abs)
    .map((n) => path.join(abs, n))
    .filter((p) => statSync(p).isDirectory() && existsSync(path.join(p, "main.py")))
    .sort()
    .map((p) => ({ name: p, dir: p, args: [], searchArgs: [], source: "path" as const }));
}

/** The projects memory has outcomes for that still exist (benchmark copies
 *  are named benchmarks/<name> and come back through benchmarkItem). */
export function memoryCorpus(projects: readonly string[], benchmarkRoot: string): CorpusItem[] {
  const out: CorpusItem[] = [];
  for (const p of [...new Set(projects)].sort()) {
    if (p.startsWith("benchmarks/")) {
      const name = p.slice("benchmarks/".length);
      if (name in BENCHMARK_SIZES) out.push({ ...benchmarkItem(benchmarkRoot, name), source: "memory" });
    } else if (existsSync(path.join(p, "main.py"))) out.push({ name: p, dir: p, args: [], searchArgs: [], source: "memory" });
  }
  return out;
}

/** Copies a project into `dir` (for tests and the benchmark). */
export function copyProject(from: string, dir: string): void {
  cpSync(from, dir, { recursive: true, filter: (s) => !s.includes(`${path.sep}.apc`) });
}
