// Lowering of library calls and values: print, abs, min, max, int, float,
// bool, round, len(sys.argv), sys.argv[i], sys.exit, time.perf_counter and
// the math module. Owns which IR ops or runtime functions each becomes; the
// typing rules are in frontend/infer-library.ts.

import type { Expr } from "../frontend/ast.js";
import { foldConst } from "../frontend/fold.js";
import { MATH_CONSTANTS } from "../frontend/library.js";
import { resolveName } from "../frontend/scopes.js";
import { isNumeric, T, type Ty } from "../frontend/types.js";
import type { FunctionLowerer, Lowered } from "./lower.js";
import { irTy } from "./lower.js";
import type { ValueId } from "./ir.js";
import { compareValues, fromSlot, listOp, toSlot, toStrFloat } from "./lower-containers.js";

type Call = Extract<Expr, { kind: "call" }>;

/** The library member `e` names: "print", "math.sqrt", "sys.argv", ... */
export function libName(L: FunctionLowerer, e: Expr): string | null {
  if (e.kind === "name") {
    const r = resolveName(L.spec.scope, e.id);
    if (r.kind === "builtin") return r.name;
    if (r.kind === "import" && r.binding.kind === "member") return `${r.binding.module}.${r.binding.member}`;
  }
  if (e.kind === "attribute" && e.value.kind === "name") {
    const r = resolveName(L.spec.scope, e.value.id);
    if (r.kind === "import" && r.binding.kind === "module") return `${r.binding.module}.${e.attr}`;
  }
  return null;
}

export function lowerLibraryCall(L: FunctionLowerer, e: Expr, ty: Ty): Lowered {
  const { b } = L;
  if (e.kind === "subscript") {
    // sys.argv[i]
    const i = L.toInt(L.expr(e.index));
    return { v: b.callrt("apc_argv_get", "str", [i], L.site(e.span)), ty };
  }
  if (e.kind !== "call") {
    const name = libName(L, e)!;
    const member = name.split(".")[1]!;
    if (name.startsWith("math.")) return { v: b.const("f64", MATH_CONSTANTS[member]!), ty };
    if (name === "sys.maxsize") return { v: b.const("i64", (1n << 63n) - 1n), ty };
    if (name === "sys.argv") return { v: b.callrt("apc_argv_list", "ptr", [b.const("ptr", { desc: ty })], null), ty };
    throw new Error(`internal: library value ${name}`);
  }
  const name = libName(L, e.func)!;
  if (name === "print") return lowerPrint(L, e);
  if (name === "len") return { v: b.callrt("apc_argv_len", "i64", [], null), ty };
  const args = e.args.map((a) => L.expr(a));
  const site = L.site(e.span);
  const [mod, member] = name.includes(".") ? (name.split(".") as [string, string]) : ["", name];
  const x = args[0]!;
  switch (mod ? mod : member) {
    case "abs":
      if (x.ty.kind === "float") return { v: b.op("fabs", "f64", [x.v!]), ty };
      return { v: b.op("iabs", "i64", [L.toInt(x)], site), ty };
    case "min":
    case "max":
      return minMax(L, member === "min", args, ty);
    case "int":
      if (!args.length) return { v: b.const("i64", 0n), ty };
      if (x.ty.kind === "str") return { v: b.callrt("apc_int_from_str", "i64", [x.v!], site), ty };
      if (x.ty.kind === "float") return { v: b.op("ftoi", "i64", [x.v!], site), ty };
      return { v: L.toInt(x), ty };
    case "float":
      if (!args.length) return { v: b.const("f64", 0), ty };
      if (x.ty.kind === "str") return { v: b.callrt("apc_float_from_str", "f64", [x.v!], site), ty };
      return { v: L.toFloat(x), ty };
    case "bool":
      if (!args.length) return { v: b.const("i1", false), ty };
      return { v: L.truth(x), ty };
    case "round":
      if (x.ty.kind === "float") {
        if (args.length === 1) return { v: b.callrt("apc_round_float", "i64", [x.v!], site), ty };
        return { v: b.callrt("apc_round_float_nd_at", "f64", [x.v!, L.toInt(args[1]!)], site), ty };
      }
      if (args.length === 1) return { v: L.toInt(x), ty };
      return { v: b.callrt("apc_round_int_nd", "i64", [L.toInt(x), L.toInt(args[1]!)], site), ty };
    case "math":
      return lowerMath(L, member, args, e, ty);
    case "sys": {
      // sys.exit([code])
      if (!args.length || x.ty.kind === "none") b.callrt("apc_exit", "void", [b.const("i64", 0n)], null);
      else if (x.ty.kind === "str") b.callrt("apc_exit_str", "void", [x.v!], null);
      else b.callrt("apc_exit", "void", [L.toInt(x)], null);
      b.terminate({ kind: "unreachable" });
      return { v: null, ty: T.none };
    }
    case "random":
      return lowerRandom(L, member, args, e, ty);
    case "time":
      return { v: b.callrt(member === "time" ? "apc_time_time" : "apc_perf_counter", "f64", [], null), ty };
    default:
      throw new Error(`internal: library call ${name}`);
  }
}

function lowerRandom(L: FunctionLowerer, member: string, args: Lowered[], e: Call, ty: Ty): Lowered {
  const { b } = L;
  const site = L.site(e.span);
  const i = (k: number) => L.toInt(args[k]!);
  const f = (k: number) => L.toFloat(args[k]!);
  switch (member) {
    case "seed":
      if (!args.length || args[0]!.ty.kind === "none") b.callrt("apc_random_seed_default", "void", [], null);
      else b.callrt("apc_random_seed", "void", [i(0)], null);
      return { v: null, ty };
    case "random":
      return { v: b.callrt("apc_random_random", "f64", [], null), ty };
    case "randint":
      return { v: b.callrt("apc_random_randint", "i64", [i(0), i(1)], site), ty };
    case "randrange":
      if (args.length === 1) return { v: b.callrt("apc_random_randrange1", "i64", [i(0)], site), ty };
      return { v: b.callrt("apc_random_randrange", "i64", [i(0), i(1), args.length === 3 ? i(2) : b.const("i64", 1n)], site), ty };
    case "getrandbits":
      return { v: b.callrt("apc_random_getrandbits", "i64", [i(0)], site), ty };
    case "uniform":
      return { v: b.callrt("apc_random_uniform", "f64", [f(0), f(1)], null), ty };
    case "gauss":
      return { v: b.callrt("apc_random_gauss", "f64", [f(0), f(1)], null), ty };
    case "shuffle":
      b.callrt("apc_random_shuffle_list", "void", [args[0]!.v!], null);
      return { v: null, ty };
    case "choice": {
      const seq = args[0]!;
      if (seq.ty.kind === "list" || seq.ty.kind === "vtuple") {
        const idx = b.callrt("apc_random_choice_index", "i64", [b.op("listlen", "i64", [seq.v!])], site);
        return fromSlot(L, b.op(listOp(ty, "get"), "i64", [seq.v!, idx], site), ty);
      }
      if (seq.ty.kind === "str") {
        const idx = b.callrt("apc_random_choice_index", "i64", [b.callrt("apc_str_len", "i64", [seq.v!], null)], site);
        return { v: b.callrt("apc_str_getitem", "str", [seq.v!, idx], site), ty };
      }
      const n = (seq.ty as Extract<Ty, { kind: "tuple" }>).elems.length;
      const idx = b.callrt("apc_random_choice_index", "i64", [b.const("i64", BigInt(n))], site);
      return fromSlot(L, b.op("tupleget", "i64", [seq.v!, idx]), ty);
    }
    default:
      throw new Error(`internal: random.${member}`);
  }
}

/** min/max of same-typed numbers: the first extreme argument wins, as in
 *  CPython (`max(a, b)` keeps `a` unless `b > a`). */
function minMax(L: FunctionLowerer, isMin: boolean, args: Lowered[], ty: Ty): Lowered {
  const { b } = L;
  if (!isNumeric(ty)) {
    // str, tuples, lists: the first extreme wins, as in CPython.
    let best = args[0]!;
    for (const a of args.slice(1)) best = { v: b.op("select", irTy(ty), [compareValues(L, isMin ? "<" : ">", a, best), a.v!, best.v!]), ty };
    return best;
  }
  const op = ty.kind === "float" ? "fcmp" : "icmp";
  const conv = (x: Lowered) => (ty.kind === "float" ? x.v! : L.toInt(x));
  const irt = ty.kind === "float" ? "f64" : ty.kind === "bool" ? "i1" : "i64";
  let best = ty.kind === "bool" ? args[0]!.v! : conv(args[0]!);
  for (const a of args.slice(1)) {
    const cand = ty.kind === "bool" ? a.v! : conv(a);
    const lhs = ty.kind === "bool" ? b.op("btoi", "i64", [cand]) : cand;
    const rhs = ty.kind === "bool" ? b.op("btoi", "i64", [best]) : best;
    const better = b.cmp(op, isMin ? "lt" : "gt", lhs, rhs);
    best = b.op("select", irt, [better, cand, best]);
  }
  return { v: best, ty };
}

function lowerMath(L: FunctionLowerer, member: string, args: Lowered[], e: Call, ty: Ty): Lowered {
  const { b } = L;
  const site = L.site(e.span);
  const f = (i: number) => L.toFloat(args[i]!);
  const rt = (fn: string, vals: ValueId[], withSite = true) => ({ v: b.callrt(fn, ty.kind === "int" ? "i64" : "f64", vals, withSite ? site : null), ty });
  switch (member) {
    case "sqrt":
      return { v: b.op("fsqrt", "f64", [f(0)], site), ty };
    case "fabs":
      return { v: b.op("fabs", "f64", [f(0)]), ty };
    case "floor":
    case "ceil":
    case "trunc": {
      const x = args[0]!;
      if (x.ty.kind !== "float") return { v: L.toInt(x), ty };
      const r = b.op(member === "floor" ? "ffloor" : member === "ceil" ? "fceil" : "ftrunc", "f64", [x.v!]);
      return { v: b.op("ftoi", "i64", [r], site), ty };
    }
    case "isnan":
      return { v: b.cmp("fcmp", "ne", f(0), f(0)), ty };
    case "isinf":
      return { v: b.cmp("fcmp", "eq", b.op("fabs", "f64", [f(0)]), b.const("f64", Infinity)), ty };
    case "isfinite":
      return { v: b.cmp("fcmp", "lt", b.op("fabs", "f64", [f(0)]), b.const("f64", Infinity)), ty };
    case "log":
      if (args.length === 2) return rt("apc_math_log_base", [f(0), f(1)]);
      return rt("apc_math_log", [f(0)]);
    case "atan":
    case "atan2":
    case "hypot":
      return rt(`apc_math_${member}`, args.map((_, i) => f(i)), false);
    case "isqrt":
      return rt("apc_math_isqrt", [L.toInt(args[0]!)]);
    case "gcd": {
      if (!args.length) return { v: b.const("i64", 0n), ty };
      let acc = b.callrt("apc_math_gcd", "i64", [L.toInt(args[0]!), b.const("i64", 0n)], site);
      for (const a of args.slice(1)) acc = b.callrt("apc_math_gcd", "i64", [acc, L.toInt(a)], site);
      return { v: acc, ty };
    }
    default:
      return rt(`apc_math_${member}`, args.map((_, i) => f(i)));
  }
}

// print(*objects, sep=' ', end='\n', flush=False)
function lowerPrint(L: FunctionLowerer, e: Call): Lowered {
  const { b } = L;
  // CPython evaluates every argument before printing anything.
  const vals = e.args.map((a) => L.expr(a));
  let sep: ValueId | null = null;
  let end: ValueId | null = null;
  let flush: Expr | null = null;
  for (const k of e.keywords) {
    if (k.name === "flush") {
      flush = k.value;
      continue;
    }
    const v = L.expr(k.value);
    if (v.ty.kind === "none") continue;
    if (k.name === "sep") sep = v.v;
    else end = v.v;
  }
  sep ??= b.const("str", " ");
  end ??= b.const("str", "\n");
  vals.forEach((x, i) => {
    if (i > 0) b.callrt("apc_print_str", "void", [sep!], null);
    printValue(L, x);
  });
  b.callrt("apc_print_str", "void", [end], null);
  if (flush) {
    const c = foldConst(flush);
    if (!c || !(c.kind === "bool" && !c.value)) b.callrt("apc_flush", "void", [], null);
  }
  return { v: null, ty: T.none };
}

function printValue(L: FunctionLowerer, x: Lowered): void {
  const { b } = L;
  switch (x.ty.kind) {
    case "int":
      b.callrt("apc_print_int", "void", [x.v!], null);
      return;
    case "float":
      if (x.intZeroIf) b.callrt("apc_print_str", "void", [toStrFloat(L, x)], null);
      else b.callrt("apc_print_float", "void", [x.v!], null);
      return;
    case "bool":
      b.callrt("apc_print_bool", "void", [x.v!], null);
      return;
    case "none":
      b.callrt("apc_print_none", "void", [], null);
      return;
    case "never":
      return;
    case "str":
      b.callrt("apc_print_str", "void", [x.v!], null);
      return;
    default:
      b.callrt("apc_print_value", "void", [toSlot(L, x), b.const("ptr", { desc: x.ty })], null);
      return;
  }
}
