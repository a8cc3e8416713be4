// The library surface apc compiles natively: builtins and the members of the
// `math`, `sys` and `time` modules, each with its parameter and result types.
// Owns the typing rules of these calls; lowering (ir/lower-call.ts) owns
// their code. Anything not listed here is refused with E0302/E0105.

import { T, type Ty } from "./types.js";

export const NATIVE_MODULES = new Set(["math", "sys", "time", "random"]);

/** Float-valued math functions of one argument: (float) -> float. */
export const MATH_F_F = ["sqrt", "exp", "log2", "log10", "sin", "cos", "tan", "asin", "acos", "atan", "fabs"] as const;
/** Float-valued math functions of two arguments. */
export const MATH_FF_F = ["pow", "atan2", "hypot"] as const;
/** float -> int rounding functions (identity on ints). */
export const MATH_F_I = ["floor", "ceil", "trunc"] as const;
export const MATH_F_B = ["isnan", "isinf", "isfinite"] as const;

export const MATH_CONSTANTS: Record<string, number> = {
  pi: Math.PI,
  e: Math.E,
  tau: 2 * Math.PI,
  inf: Infinity,
  nan: NaN,
};

/** Every callable member, by module. */
export const MODULE_FUNCTIONS: Record<string, Set<string>> = {
  math: new Set<string>([...MATH_F_F, ...MATH_FF_F, ...MATH_F_I, ...MATH_F_B, "log", "isqrt", "gcd"]),
  sys: new Set(["exit"]),
  time: new Set(["perf_counter", "time"]),
  random: new Set(["seed", "random", "randint", "randrange", "uniform", "gauss", "getrandbits", "choice", "shuffle"]),
};

/** Non-callable members. `sys.argv` is special: only `len(sys.argv)` and
 *  `sys.argv[i]` are compiled. */
export function moduleConstantType(module: string, member: string): Ty | null {
  if (module === "math" && member in MATH_CONSTANTS) return T.float;
  if (module === "sys" && member === "maxsize") return T.int;
  return null;
}

export function isModuleMember(module: string, member: string): boolean {
  return MODULE_FUNCTIONS[module]?.has(member) || moduleConstantType(module, member) !== null || (module === "sys" && member === "argv");
}
