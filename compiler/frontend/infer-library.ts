// Typing of calls into the natively compiled library: builtins (print, abs,
// min, max, int, float, bool, round, len) and members of math, sys and time.
// Owns argument checks and result types of these calls, with CPython's
// TypeError texts as diagnostics. Lowering of the same calls is in
// ir/lower-library.ts.

import type { Expr, Span } from "./ast.js";
import type { InferCtx, Inferrer } from "./infer.js";
import { resolveName } from "./scopes.js";
import { MATH_F_B, MATH_F_F, MATH_F_I, MATH_FF_F, MODULE_FUNCTIONS, moduleConstantType, NATIVE_MODULES, isModuleMember } from "./library.js";
import { T, isNumeric, pyTypeName, showTy, tyEq, type Ty } from "./types.js";

/** "print", "abs", ..., "math.sqrt", "sys.exit", "sys.argv", "math.pi". */
export type LibName = string;

type Call = Extract<Expr, { kind: "call" }>;

/** The library member an expression names (`math.sqrt`, `sqrt` after
 *  `from math import sqrt`, `print`), or null when it names none. Reports
 *  E0105/E0106 for members or modules apc does not compile. */
export function libraryNameOf(inf: Inferrer, ctx: InferCtx, e: Expr): LibName | null {
  if (e.kind === "name") {
    const r = resolveName(ctx.spec.scope, e.id);
    if (r.kind === "builtin") return r.name;
    if (r.kind === "import" && r.binding.kind === "member") return `${r.binding.module}.${r.binding.member}`;
    return null;
  }
  if (e.kind === "attribute" && e.value.kind === "name") {
    const r = resolveName(ctx.spec.scope, e.value.id);
    if (r.kind === "import" && r.binding.kind === "module") {
      const mod = r.binding.module;
      if (!NATIVE_MODULES.has(mod)) return null; // reported at the import
      if (!isModuleMember(mod, e.attr)) {
        inf.error(ctx, "E0105", `module '${mod}' has no attribute '${e.attr}' that apc compiles`, e.attrSpan);
        return "<error>";
      }
      return `${mod}.${e.attr}`;
    }
  }
  return null;
}

/** The type of a library value that is not called: `math.pi`, `sys.maxsize`. */
export function typeLibraryValue(inf: Inferrer, ctx: InferCtx, e: Expr): Ty | null {
  const name = libraryNameOf(inf, ctx, e);
  if (name === "<error>") return null;
  if (name) {
    const [mod, member] = name.split(".") as [string, string];
    const t = member ? moduleConstantType(mod, member) : null;
    if (t) return t;
    if (name === "sys.argv") return T.list(T.str);
    inf.unsupported(ctx, "functions used as values", e.span);
    return null;
  }
  if (e.kind === "attribute") {
    const base = inf.expr(ctx, e.value);
    if (base) inf.error(ctx, "E0105", `'${pyTypeName(base)}' object has no attribute '${e.attr}' that apc compiles`, e.attrSpan);
  }
  return null;
}

export function typeLibraryCall(inf: Inferrer, ctx: InferCtx, name: LibName, e: Call): Ty | null {
  if (name === "<error>") return null;
  if (name === "print") return typePrint(inf, ctx, e);
  if (e.args.some((a) => a.kind === "starred")) {
    inf.unsupported(ctx, "*args at call sites", e.span);
    return null;
  }
  const [mod, member] = name.includes(".") ? (name.split(".") as [string, string]) : ["", name];
  if (mod && !MODULE_FUNCTIONS[mod]?.has(member)) {
    inf.error(ctx, "E0104", `'${name}' is not callable`, e.func.span);
    return null;
  }
  if (e.keywords.length) {
    inf.error(ctx, "E0302", `${member}() keyword arguments are not compiled`, e.keywords[0]!.span);
    return null;
  }
  const tys = e.args.map((a) => inf.expr(ctx, a));
  if (tys.some((t) => t?.kind === "never")) return T.never;
  if (tys.some((t) => t === null)) return null;
  const args = tys as Ty[];
  const arity = (lo: number, hi: number): boolean => {
    if (args.length >= lo && args.length <= hi) return true;
    const want = lo === hi ? `exactly ${lo} argument${lo === 1 ? "" : "s"}` : `${lo} to ${hi} arguments`;
    inf.error(ctx, "E0102", `${member}() takes ${want} (${args.length} given)`, e.span);
    return false;
  };
  const numericArg = (i: number, what = "must be real number"): boolean => {
    if (isNumeric(args[i]!)) return true;
    inf.error(ctx, "E0201", `${member}() argument ${what}, not '${pyTypeName(args[i]!)}'`, e.args[i]!.span);
    return false;
  };
  const intArg = (i: number): boolean => {
    const k = args[i]!.kind;
    if (k === "int" || k === "bool") return true;
    inf.error(ctx, "E0201", `'${pyTypeName(args[i]!)}' object cannot be interpreted as an integer`, e.args[i]!.span);
    return false;
  };

  switch (mod ? `${mod}.*` : name) {
    case "abs":
      if (!arity(1, 1) || !numericArg(0, "bad operand type")) return null;
      return args[0]!.kind === "float" ? T.float : T.int;
    case "min":
    case "max": {
      if (args.length < 2) {
        if (arity(2, Infinity)) return null;
        inf.unsupported(ctx, `${name}() over an iterable`, e.span);
        return null;
      }
      const first = args[0]!;
      // Values of one ordered kind compare with CPython's rich comparison.
      const ordered = ["str", "tuple", "list", "vtuple"].includes(first.kind);
      if (ordered && args.every((t) => tyEq(t, first))) return first;
      if (!isNumeric(first) || args.some((t) => !tyEq(t, first))) {
        inf.error(ctx, "E0201", `${name}() of ${args.map(showTy).join(" and ")}: CPython returns one argument unchanged, so the result has no single type`, e.span, {
          help: first.kind === "float" || args.some((t) => t.kind === "float") ? "make every argument a float (e.g. 0.0 instead of 0)" : "give every argument the same numeric type",
        });
        return null;
      }
      return first;
    }
    case "int":
      if (!arity(0, 1)) return null;
      if (args.length && !isNumeric(args[0]!) && args[0]!.kind !== "str") return convError(inf, ctx, "int", args[0]!, e.args[0]!.span);
      return T.int;
    case "float":
      if (!arity(0, 1)) return null;
      if (args.length && !isNumeric(args[0]!) && args[0]!.kind !== "str") return convError(inf, ctx, "float", args[0]!, e.args[0]!.span);
      return T.float;
    case "bool":
      if (!arity(0, 1)) return null;
      return T.bool;
    case "round":
      if (!arity(1, 2) || !numericArg(0, "must be a number")) return null;
      if (args.length === 2 && !intArg(1)) return null;
      if (args[0]!.kind === "float") return args.length === 2 ? T.float : T.int;
      return T.int;
    case "range":
      inf.unsupported(ctx, "range() outside a `for` loop", e.span);
      return null;
    case "math.*":
      return typeMathCall(inf, ctx, member, args, e, arity, numericArg, intArg);
    case "sys.*": // exit
      if (!arity(0, 1)) return null;
      if (args.length && !["int", "bool", "str", "none"].includes(args[0]!.kind)) {
        inf.unsupported(ctx, `sys.exit() with a ${showTy(args[0]!)}`, e.span);
        return null;
      }
      return T.none;
    case "random.*":
      return typeRandomCall(inf, ctx, member, args, e, arity, numericArg, intArg);
    case "time.*": // perf_counter, time
      if (!arity(0, 0)) return null;
      return T.float;
    default:
      inf.error(ctx, "E0302", `builtin '${name}' is not compiled yet`, e.func.span);
      return null;
  }
}

function convError(inf: Inferrer, ctx: InferCtx, fn: string, t: Ty, span: Span): null {
  inf.error(ctx, "E0201", `${fn}() argument must be a string or a real number, not '${pyTypeName(t)}'`, span);
  return null;
}

function typeMathCall(
  inf: Inferrer,
  ctx: InferCtx,
  member: string,
  args: Ty[],
  e: Call,
  arity: (lo: number, hi: number) => boolean,
  numericArg: (i: number) => boolean,
  intArg: (i: number) => boolean,
): Ty | null {
  const all = (check: (i: number) => boolean) => args.every((_, i) => check(i));
  if ((MATH_F_F as readonly string[]).includes(member)) return arity(1, 1) && numericArg(0) ? T.float : null;
  if ((MATH_FF_F as readonly string[]).includes(member)) return arity(2, 2) && all(numericArg) ? T.float : null;
  if ((MATH_F_I as readonly string[]).includes(member)) return arity(1, 1) && numericArg(0) ? T.int : null;
  if ((MATH_F_B as readonly string[]).includes(member)) return arity(1, 1) && numericArg(0) ? T.bool : null;
  switch (member) {
    case "log":
      return arity(1, 2) && all(numericArg) ? T.float : null;
    case "isqrt":
      return arity(1, 1) && intArg(0) ? T.int : null;
    case "gcd":
      return all(intArg) ? T.int : null;
    default:
      inf.error(ctx, "E0302", `math.${member}() is not compiled yet`, e.func.span);
      return null;
  }
}

function typeRandomCall(
  inf: Inferrer,
  ctx: InferCtx,
  member: string,
  args: Ty[],
  e: Call,
  arity: (lo: number, hi: number) => boolean,
  numericArg: (i: number) => boolean,
  intArg: (i: number) => boolean,
): Ty | null {
  const all = (check: (i: number) => boolean) => args.every((_, i) => check(i));
  switch (member) {
    case "seed":
      if (!arity(0, 1)) return null;
      if (args.length && args[0]!.kind !== "none" && !intArg(0)) return null;
      return T.none;
    case "random":
      return arity(0, 0) ? T.float : null;
    case "randint":
      return arity(2, 2) && all(intArg) ? T.int : null;
    case "randrange":
      return arity(1, 3) && all(intArg) ? T.int : null;
    case "getrandbits":
      return arity(1, 1) && intArg(0) ? T.int : null;
    case "uniform":
    case "gauss":
      return arity(2, 2) && all(numericArg) ? T.float : null;
    case "choice": {
      if (!arity(1, 1)) return null;
      const t = args[0]!;
      if (t.kind === "list" || t.kind === "vtuple") return t.elem;
      if (t.kind === "str") return T.str;
      if (t.kind === "tuple" && t.elems.length && t.elems.every((x) => tyEq(x, t.elems[0]!))) return t.elems[0]!;
      inf.error(ctx, "E0201", `random.choice() of ${showTy(t)} is not supported`, e.args[0]!.span);
      return null;
    }
    case "shuffle":
      if (!arity(1, 1)) return null;
      if (args[0]!.kind !== "list") {
        inf.error(ctx, "E0201", `random.shuffle() needs a list, not ${showTy(args[0]!)}`, e.args[0]!.span);
        return null;
      }
      return T.none;
    default:
      inf.error(ctx, "E0302", `random.${member}() is not compiled yet`, e.func.span);
      return null;
  }
}

function typePrint(inf: Inferrer, ctx: InferCtx, e: Call): Ty | null {
  let never = false;
  for (const a of e.args) {
    if (a.kind === "starred") {
      inf.unsupported(ctx, "print(*iterable)", a.span);
      continue;
    }
    if (inf.expr(ctx, a)?.kind === "never") never = true;
  }
  for (const k of e.keywords) {
    if (k.name === "sep" || k.name === "end") {
      const t = inf.expr(ctx, k.value);
      if (t && t.kind !== "str" && t.kind !== "none") inf.error(ctx, "E0201", `${k.name} must be None or a string, not ${pyTypeName(t)}`, k.value.span);
    } else if (k.name === "flush") {
      inf.cond(ctx, k.value);
    } else if (k.name === "file") {
      inf.unsupported(ctx, "print(file=...)", k.span);
    } else {
      inf.error(ctx, "E0103", `'${k.name}' is an invalid keyword argument for print()`, k.span);
    }
  }
  return never ? T.never : T.none;
}
