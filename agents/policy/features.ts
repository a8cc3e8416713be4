// The policy's feature vocabulary: the names of the numbers that describe one
// compilable Python function to the strategist's policy model, in their fixed
// order, and conversion between the named and the array form. Owns nothing
// else: extracting these numbers from code and traces lives with the tools,
// and how the model transforms them (log1p of counts, ...) is the model's
// business (agents/policy/model.ts, DEFAULT_TRANSFORMS).
//
// All values are raw, as measured or counted: counts are static counts over
// the function's body (nested functions excluded), never standardised here.
// Adding a feature: append it here, then declare its transform in model.ts
// (the compiler points there) — saved models with the old list no longer load
// with the new one, by design (their feature names differ).

export const FEATURE_NAMES = [
  /** Deepest loop nesting (0 = no loop). */
  "loop_depth_max",
  /** Number of loops (`for` and `while`). */
  "loops",
  /** Float arithmetic operations (+ - * / ** on floats, math.* float calls). */
  "float_ops",
  /** Int arithmetic operations (+ - * // % ** and bit operations on ints). */
  "int_ops",
  /** Comparisons (== < ... `in` excluded: that is a container read). */
  "compare_ops",
  /** Calls to other functions apc compiles (same program). */
  "calls_internal",
  /** Calls to builtins and the standard library (len, range, print, math.sqrt, ...). */
  "calls_builtin",
  /** Subscript reads, iteration and `in` tests on lists, dicts, sets, tuples. */
  "container_reads",
  /** Subscript stores, append, pop, insert, update on containers. */
  "container_writes",
  /** Container allocations: literals, comprehensions, list()/dict() calls. */
  "container_allocs",
  /** String operations: concatenation, formatting, methods, slicing. */
  "str_ops",
  /** Parameters typed (or observed) as list[...]. */
  "list_params",
  /** Parameters typed (or observed) as dict[...]. */
  "dict_params",
  /** Parameters typed (or observed) as str. */
  "str_params",
  /** Parameters typed (or observed) as float. */
  "float_params",
  /** Parameters typed (or observed) as int or bool. */
  "int_params",
  /** Source lines of the function, decorators and docstring included. */
  "lines",
  /** Share of the program's run time spent in this function, inclusive (0..1). */
  "share_of_run",
  /** Calls of this function per program run. */
  "calls_per_run",
  /** Mean inclusive seconds per call under CPython. */
  "seconds_per_call",
  /** 1 / number of distinct argument signatures observed (1 = one signature). */
  "type_stability",
  /** 1 when the function calls itself (directly or through a cycle), else 0. */
  "recursion",
  /** 1 when the function returns a list, dict, set or tuple, else 0. */
  "returns_container",
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

/** One function's features, by name. */
export type FeatureVector = Record<FeatureName, number>;

/** Thrown by fromArray when the array does not have one number per feature. */
export class FeatureVectorInvalid extends Error {
  readonly code = "invalid-feature-vector";
  constructor(detail: string) {
    super(`invalid feature vector: ${detail}`);
  }
}

/** The vector's values in FEATURE_NAMES order. */
export function toArray(v: FeatureVector): number[] {
  return FEATURE_NAMES.map((n) => v[n]);
}

/** The inverse of toArray; the array must hold exactly one finite number per feature. */
export function fromArray(values: readonly number[]): FeatureVector {
  if (values.length !== FEATURE_NAMES.length) {
    throw new FeatureVectorInvalid(`expected ${FEATURE_NAMES.length} values, got ${values.length}`);
  }
  const out = {} as FeatureVector;
  FEATURE_NAMES.forEach((n, i) => {
    const x = values[i]!;
    if (!Number.isFinite(x)) throw new FeatureVectorInvalid(`${n} is ${x}`);
    out[n] = x;
  });
  return out;
}
