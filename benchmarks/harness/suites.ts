// The benchmark programs and the named suites over them. A program is a .py file
// under benchmarks/programs/ run with explicit arguments (its default size, passed
// so every runner gets the same one), and, for the numeric ones, a C twin under
// benchmarks/c/ printing the same bytes. Suites: `scalar` (the five kernels apc
// compiles today), `all` (every program). A directory of .py files can also serve
// as a suite (tests, experiments): its programs run with no arguments.

import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { BenchUsageError } from "./errors.js";
import { C_TWINS_DIR, PROGRAMS_DIR } from "./paths.js";

export interface BenchProgram {
  readonly name: string;
  /** Absolute path of the .py file. */
  readonly source: string;
  /** Absolute path of the C twin, or null when the program has none. */
  readonly cSource: string | null;
  readonly args: readonly string[];
  /** What the program exercises, for the reports. */
  readonly exercises: string;
}

export interface Suite {
  readonly name: string;
  readonly programs: readonly BenchProgram[];
}

interface Entry {
  readonly name: string;
  readonly args: string;
  readonly twin: boolean;
  readonly exercises: string;
}

/** Every program of the `all` suite, in report order; args equal each program's default. */
const CATALOGUE: readonly Entry[] = [
  { name: "fib", args: "36", twin: true, exercises: "recursive calls, int add/compare" },
  { name: "mandelbrot", args: "900", twin: true, exercises: "float multiply/add in a tight loop" },
  { name: "simpson", args: "10000000", twin: true, exercises: "libm calls, float accumulation" },
  { name: "primes", args: "1000000", twin: true, exercises: "integer modulo, trial division" },
  { name: "collatz", args: "300000", twin: true, exercises: "integer divide, data-dependent loop" },
  { name: "nbody", args: "400000", twin: true, exercises: "lists of floats, sqrt, nested loops" },
  { name: "spectralnorm", args: "650", twin: true, exercises: "float loops over lists, small calls" },
  { name: "fannkuch", args: "9", twin: true, exercises: "small int lists, swaps, permutations" },
  { name: "sieve", args: "20000000", twin: true, exercises: "a large list of bools, strided stores" },
  { name: "matmul", args: "400", twin: true, exercises: "lists of lists of floats" },
  { name: "nqueens", args: "13", twin: true, exercises: "recursive backtracking over bool lists" },
  { name: "binarytrees", args: "16", twin: true, exercises: "object allocation, recursion" },
  { name: "kmeans", args: "120000", twin: true, exercises: "data-processing loop, argmin, accumulators" },
  { name: "wordfreq", args: "1800000", twin: false, exercises: "strings, split/strip/lower, dict counting, sort" },
  { name: "oosim", args: "36000", twin: false, exercises: "classes, method dispatch, attribute access" },
];

const SCALAR = ["fib", "mandelbrot", "simpson", "primes", "collatz"];

export const SUITE_NAMES = ["all", "scalar"] as const;

function catalogueProgram(e: Entry): BenchProgram {
  return {
    name: e.name,
    source: path.join(PROGRAMS_DIR, `${e.name}.py`),
    cSource: e.twin ? path.join(C_TWINS_DIR, `${e.name}.c`) : null,
    args: e.args.split(" "),
    exercises: e.exercises,
  };
}

/** A named suite: `all` or `scalar`. */
export function namedSuite(name: string): Suite {
  if (name === "all") return { name, programs: CATALOGUE.map(catalogueProgram) };
  if (name === "scalar") return { name, programs: CATALOGUE.filter((e) => SCALAR.includes(e.name)).map(catalogueProgram) };
  throw new BenchUsageError(`unknown suite '${name}' (known: ${SUITE_NAMES.join(", ")})`);
}

/** Every DIR/*.py as a program run with no arguments; DIR/NAME.c is its C twin when present. */
export function directorySuite(dir: string): Suite {
  const abs = path.resolve(dir);
  if (!existsSync(abs)) throw new BenchUsageError(`no such program directory: ${dir}`);
  const programs = readdirSync(abs)
    .filter((f) => f.endsWith(".py"))
    .sort()
    .map((f): BenchProgram => {
      const name = f.slice(0, -3);
      const twin = path.join(abs, `${name}.c`);
      return { name, source: path.join(abs, f), cSource: existsSync(twin) ? twin : null, args: [], exercises: "" };
    });
  if (programs.length === 0) throw new BenchUsageError(`no .py programs in ${dir}`);
  return { name: path.basename(abs), programs };
}

/** Keep only the named programs (in the suite's order); unknown names are a usage error. */
export function selectPrograms(suite: Suite, only: readonly string[] | null): Suite {
  if (!only) return suite;
  const known = new Set(suite.programs.map((p) => p.name));
  const unknown = only.filter((n) => !known.has(n));
  if (unknown.length) throw new BenchUsageError(`unknown program${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} in suite '${suite.name}' (known: ${[...known].join(", ")})`);
  return { name: suite.name, programs: suite.programs.filter((p) => only.includes(p.name)) };
}
