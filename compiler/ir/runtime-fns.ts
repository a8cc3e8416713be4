// The runtime functions compiled code may call (`callrt`), with their IR
// signatures. Mirrors runtime/apc_rt.h; `site: true` means the C function
// takes a trailing `const apc_site *` for its traceback, which the backend
// appends. Lowering, the validator and the backend read this one table.

import type { IrTy } from "./ir.js";

export interface RuntimeFn {
  readonly params: readonly IrTy[];
  readonly ret: IrTy;
  readonly site: boolean;
  /** Never returns (sys.exit): lowering ends the block after it. */
  readonly noreturn?: boolean;
}

const f = (params: IrTy[], ret: IrTy, site = false, noreturn = false): RuntimeFn => ({ params, ret, site, noreturn });

export const RUNTIME_FNS = {
  apc_print_int: f(["i64"], "void"),
  apc_print_float: f(["f64"], "void"),
  apc_print_bool: f(["i1"], "void"),
  apc_print_none: f([], "void"),
  apc_print_str: f(["str"], "void"),
  apc_flush: f([], "void"),
  apc_exit: f(["i64"], "void", false, true),
  apc_exit_str: f(["str"], "void", false, true),
  apc_str_from_int: f(["i64"], "str"),
  apc_str_from_float: f(["f64"], "str"),
  apc_str_from_bool: f(["i1"], "str"),
  apc_str_len: f(["str"], "i64"),
  apc_int_from_str: f(["str"], "i64", true),
  apc_float_from_str: f(["str"], "f64", true),
  apc_round_float: f(["f64"], "i64", true),
  apc_round_float_nd: f(["f64", "i64"], "f64"),
  apc_round_int_nd: f(["i64", "i64"], "i64", true),
  apc_math_exp: f(["f64"], "f64", true),
  apc_math_log: f(["f64"], "f64", true),
  apc_math_log_base: f(["f64", "f64"], "f64", true),
  apc_math_log2: f(["f64"], "f64", true),
  apc_math_log10: f(["f64"], "f64", true),
  apc_math_pow: f(["f64", "f64"], "f64", true),
  apc_math_sin: f(["f64"], "f64", true),
  apc_math_cos: f(["f64"], "f64", true),
  apc_math_tan: f(["f64"], "f64", true),
  apc_math_asin: f(["f64"], "f64", true),
  apc_math_acos: f(["f64"], "f64", true),
  apc_math_atan: f(["f64"], "f64"),
  apc_math_atan2: f(["f64", "f64"], "f64"),
  apc_math_hypot: f(["f64", "f64"], "f64"),
  apc_math_isqrt: f(["i64"], "i64", true),
  apc_math_gcd: f(["i64", "i64"], "i64", true),
  apc_argv_len: f([], "i64"),
  apc_argv_get: f(["i64"], "str", true),
  apc_perf_counter: f([], "f64"),
  apc_time_time: f([], "f64"),
} as const satisfies Record<string, RuntimeFn>;

export type RuntimeFnName = keyof typeof RUNTIME_FNS;

/** Runtime functions the backend itself calls (not through callrt). */
export const BACKEND_RUNTIME = {
  apc_raise: "void (i8*, i8*, %apc_site*)",
  apc_raise_str: "void (i8*, %apc_str*, %apc_site*)",
  apc_raise_recursion: "void (%apc_site*)",
  apc_int_pow: "i64 (i64, i64, %apc_site*)",
  apc_float_pow: "double (double, double, %apc_site*)",
  apc_float_floordiv: "double (double, double, %apc_site*)",
  apc_float_mod: "double (double, double, %apc_site*)",
  apc_float_to_int: "i64 (double, %apc_site*)",
} as const;
