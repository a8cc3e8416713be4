// Typing of strings and containers: literals, subscripts and slices, methods,
// iteration (`for`, comprehensions), `in`, and the builtins that consume
// iterables (len, sum, min, max, any, all, sorted, list, set, enumerate, zip,
// reversed). Owns the element-type rules: a container holds one element type;
// `[]`/`{}` start unknown and are refined by use (`xs.append(1.5)`); mixing
// types apc cannot represent (int and float in one list) is refused.

import { enumerateStart, type Expr, type FStringPart, type Span } from "./ast.js";
import type { InferCtx, Inferrer } from "./infer.js";
import { foldConst } from "./fold.js";
import { strFormatCall } from "./str-format.js";
import { T, dictViewElem, hasUnknown, isNumeric, joinTy, pyTypeName, showTy, tyEq, type Ty } from "./types.js";

type Call = Extract<Expr, { kind: "call" }>;

/** Join element types of a literal, reporting a mix apc cannot hold. */
function joinElems(inf: Inferrer, ctx: InferCtx, tys: (Ty | null)[], what: string, span: Span): Ty | null {
  let acc: Ty = T.unknown;
  for (const t of tys) {
    if (!t) return null;
    const j = joinTy(acc, t);
    if (!j) {
      inf.error(ctx, "E0201", `${what} mixes ${showTy(acc)} and ${showTy(t)}; apc containers hold one element type`, span, {
        help: acc.kind === "int" || t.kind === "int" ? "write every number as a float (1.0 rather than 1)" : "split the values into containers of one type",
      });
      return null;
    }
    acc = j;
  }
  return acc;
}

export function typeListLiteral(inf: Inferrer, ctx: InferCtx, e: Extract<Expr, { kind: "list" | "set" }>): Ty | null {
  const elem = joinElems(inf, ctx, e.elts.map((x) => inf.expr(ctx, x)), e.kind === "list" ? "list" : "set", e.span);
  if (!elem) return null;
  for (const x of e.elts) settleLiteral(ctx, x, elem);
  if (e.kind === "set" && !checkHashable(inf, ctx, elem, e.span)) return null;
  return e.kind === "list" ? T.list(elem) : T.set(elem);
}

export function typeTupleLiteral(inf: Inferrer, ctx: InferCtx, e: Extract<Expr, { kind: "tuple" }>): Ty | null {
  const tys = e.elts.map((x) => inf.expr(ctx, x));
  if (tys.some((t) => t === null)) return null;
  if (tys.some((t) => t!.kind === "never")) return T.never;
  return T.tuple(tys as Ty[]);
}

export function typeDictLiteral(inf: Inferrer, ctx: InferCtx, e: Extract<Expr, { kind: "dict" }>): Ty | null {
  const k = joinElems(inf, ctx, e.keys.map((x) => inf.expr(ctx, x)), "dict keys", e.span);
  const v = joinElems(inf, ctx, e.values.map((x) => inf.expr(ctx, x)), "dict values", e.span);
  if (!k || !v) return null;
  if (!checkHashable(inf, ctx, k, e.span)) return null;
  for (const x of e.keys) settleLiteral(ctx, x, k);
  for (const x of e.values) settleLiteral(ctx, x, v);
  return T.dict(k, v);
}

/** A literal whose type has unknown parts (`[]`, `{"a": []}`) inside a value
 *  whose type is known takes the known type, down through nested literals,
 *  so it is created with the right element types (`{"a": [1], "b": []}`
 *  then holds list[int] in both places). */
export function settleLiteral(ctx: InferCtx, e: Expr, ty: Ty): void {
  const cur = ctx.spec.exprTy.get(e);
  if (!cur || !hasUnknown(cur) || hasUnknown(ty) || !joinTy(cur, ty)) return;
  ctx.spec.exprTy.set(e, ty);
  if ((e.kind === "list" || e.kind === "set") && (ty.kind === "list" || ty.kind === "set")) for (const x of e.elts) settleLiteral(ctx, x, ty.elem);
  else if (e.kind === "dict" && ty.kind === "dict") {
    for (const x of e.keys) settleLiteral(ctx, x, ty.key);
    for (const x of e.values) settleLiteral(ctx, x, ty.value);
  } else if (e.kind === "tuple" && ty.kind === "tuple") e.elts.forEach((x, i) => settleLiteral(ctx, x, ty.elems[i]!));
}

export function checkHashable(inf: Inferrer, ctx: InferCtx, t: Ty, span: Span): boolean {
  // The innermost unhashable type, as CPython names it (tuple hashing hashes its items).
  const bad = (x: Ty): Ty | null =>
    x.kind === "list" || x.kind === "dict" || x.kind === "set" || x.kind === "dictview" ? x
    : x.kind === "tuple" ? x.elems.map(bad).find((b) => b !== null) ?? null
    : x.kind === "vtuple" ? bad(x.elem)
    : null;
  const culprit = bad(t);
  if (!culprit) return true;
  inf.error(ctx, "E0201", `unhashable type: '${pyTypeName(culprit)}'`, span);
  return false;
}

/** x[i], x[a:b:c] on str, list, tuple and dict. */
export function typeSubscript(inf: Inferrer, ctx: InferCtx, e: Extract<Expr, { kind: "subscript" }>): Ty | null {
  const base = inf.expr(ctx, e.value);
  if (!base) return null;
  if (e.index.kind === "slice") {
    for (const part of [e.index.lower, e.index.upper, e.index.step]) {
      if (!part) continue;
      const t = inf.expr(ctx, part);
      if (t && t.kind !== "int" && t.kind !== "bool") inf.error(ctx, "E0201", "slice indices must be integers", part.span);
    }
    if (base.kind === "str" || base.kind === "list" || base.kind === "vtuple") return base;
    if (base.kind === "tuple") {
      const range = constSlice(e.index, base.elems.length);
      if (range) return T.tuple(range.map((i) => base.elems[i]!));
      inf.unsupported(ctx, "slicing a tuple with bounds that are not constants", e.index.span);
      return null;
    }
    inf.error(ctx, "E0201", `'${pyTypeName(base)}' object is not subscriptable`, e.span);
    return null;
  }
  const idx = inf.expr(ctx, e.index);
  if (!idx) return null;
  switch (base.kind) {
    case "str":
    case "list":
    case "vtuple":
      if (idx.kind !== "int" && idx.kind !== "bool") {
        inf.error(ctx, "E0201", `${pyTypeName(base)} indices must be integers or slices, not ${pyTypeName(idx)}`, e.index.span);
        return null;
      }
      return base.kind === "str" ? T.str : base.elem;
    case "tuple": {
      const c = foldConst(e.index);
      if (!c || (c.kind !== "int" && c.kind !== "bool")) {
        const first = base.elems[0];
        if (first && base.elems.every((t) => tyEq(t, first))) return first; // homogeneous: any index works
        inf.unsupported(ctx, "indexing a tuple of mixed types with a non-constant index", e.index.span);
        return null;
      }
      const n = base.elems.length;
      let i = c.kind === "bool" ? (c.value ? 1 : 0) : Number(c.value);
      if (i < 0) i += n;
      if (i < 0 || i >= n) {
        inf.error(ctx, "E0304", "tuple index out of range", e.index.span);
        return null;
      }
      return base.elems[i]!;
    }
    case "dict": {
      if (!joinTy(base.key, idx)) {
        inf.error(ctx, "E0201", `dict with ${showTy(base.key)} keys indexed with ${showTy(idx)}`, e.index.span);
        return null;
      }
      return base.value;
    }
    default:
      inf.error(ctx, "E0201", `'${pyTypeName(base)}' object is not subscriptable`, e.span);
      return null;
  }
}

/** The indices a constant slice selects from a sequence of length n. */
export function constSlice(s: Extract<Expr, { kind: "slice" }>, n: number): number[] | null {
  const num = (x: Expr | null): number | null | undefined => {
    if (!x) return undefined;
    const c = foldConst(x);
    return c && c.kind === "int" ? Number(c.value) : null;
  };
  const [lo, hi, st] = [num(s.lower), num(s.upper), num(s.step)];
  if (lo === null || hi === null || st === null) return null;
  const step = st ?? 1;
  if (step === 0) return null;
  const clamp = (v: number | undefined, dflt: number) => {
    if (v === undefined) return dflt;
    if (v < 0) v += n;
    return step > 0 ? Math.min(Math.max(v, 0), n) : Math.min(Math.max(v, -1), n - 1);
  };
  const start = clamp(lo, step > 0 ? 0 : n - 1);
  const stop = clamp(hi, step > 0 ? n : -1);
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

/** The element type of iterating `iter`, for `for` and comprehensions;
 *  records the call target of iteration builtins. */
export function iterElemType(inf: Inferrer, ctx: InferCtx, iter: Expr): Ty | null {
  inf.iterated.add(iter);
  if (iter.kind === "call" && iter.func.kind === "name") {
    const r = inf.resolve(ctx, iter.func);
    if (r.kind === "builtin") {
      const name = r.name;
      const args = iter.args;
      switch (name) {
        case "range": {
          if (args.length < 1 || args.length > 3 || iter.keywords.length) {
            inf.error(ctx, "E0102", `range expected 1 to 3 positional arguments, got ${args.length}`, iter.span);
          }
          for (const a of args) {
            const t = inf.expr(ctx, a);
            if (t && t.kind !== "int" && t.kind !== "bool") inf.error(ctx, "E0201", `'${pyTypeName(t)}' object cannot be interpreted as an integer`, a.span);
          }
          const step = args[2] ? foldConst(args[2]) : null;
          if (step && step.kind === "int" && step.value === 0n) inf.error(ctx, "E0304", "range() arg 3 must not be zero", args[2]!.span);
          ctx.spec.calls.set(iter, { kind: "lib", name: "range" });
          return T.int;
        }
        case "enumerate": {
          // enumerate(iterable, start=0)
          const inner = args[0] ? iterElemType(inf, ctx, args[0]) : null;
          const start = enumerateStart(iter);
          for (const k of iter.keywords) {
            if (k.name !== "start" || args.length > 1) inf.error(ctx, "E0102", k.name === "start" ? "argument for enumerate() given by name ('start') and position (2)" : `'${k.name}' is an invalid keyword argument for enumerate()`, k.span);
          }
          if (args.length > 2) inf.error(ctx, "E0102", `enumerate() takes at most 2 arguments (${args.length} given)`, iter.span);
          if (start) {
            const t = inf.expr(ctx, start);
            if (t && t.kind !== "int" && t.kind !== "bool") inf.error(ctx, "E0201", `'${pyTypeName(t)}' object cannot be interpreted as an integer`, start.span);
          }
          ctx.spec.calls.set(iter, { kind: "lib", name });
          return inner ? T.tuple([T.int, inner]) : null;
        }
        case "zip": {
          const elems = args.map((a) => iterElemType(inf, ctx, a));
          ctx.spec.calls.set(iter, { kind: "lib", name });
          if (!args.length) return T.unknown;
          return elems.every((t): t is Ty => t !== null) ? T.tuple(elems) : null;
        }
        case "reversed": {
          ctx.spec.calls.set(iter, { kind: "lib", name });
          const a0 = args[0];
          if (a0?.kind === "call" && a0.func.kind === "name" && a0.func.id === "range") return iterElemType(inf, ctx, a0);
          const t = a0 ? inf.expr(ctx, a0) : null;
          if (!t) return null;
          if (t.kind === "list" || t.kind === "vtuple" || t.kind === "str") return t.kind === "str" ? T.str : t.elem;
          inf.unsupported(ctx, `reversed() of ${showTy(t)}`, iter.span);
          return null;
        }
        default:
          break;
      }
    }
  }
  const t = inf.expr(ctx, iter);
  if (!t) return null;
  return elemOfIterable(inf, ctx, t, iter.span);
}

export function elemOfIterable(inf: Inferrer, ctx: InferCtx, t: Ty, span: Span): Ty | null {
  switch (t.kind) {
    case "list":
    case "set":
    case "vtuple":
      return t.elem;
    case "dict":
      return t.key;
    case "dictview":
      return dictViewElem(t);
    case "str":
      return T.str;
    case "tuple": {
      const first = t.elems[0];
      if (!first) return T.unknown;
      if (t.elems.every((x) => tyEq(x, first))) return first;
      inf.unsupported(ctx, "iterating over a tuple of mixed types", span);
      return null;
    }
    case "never":
      return T.never;
    default:
      inf.error(ctx, "E0201", `'${pyTypeName(t)}' object is not iterable`, span);
      return null;
  }
}

/** str.split's arguments, positional or by keyword (sep, maxsplit), or the
 *  TypeError CPython would raise. */
export function splitArgs(e: Call): { sep: Expr | null; maxsplit: Expr | null } | string {
  if (e.args.length > 2) return `split() takes at most 2 arguments (${e.args.length} given)`;
  const got: (Expr | null)[] = [e.args[0] ?? null, e.args[1] ?? null];
  for (const k of e.keywords) {
    const i = k.name === "sep" ? 0 : k.name === "maxsplit" ? 1 : -1;
    if (i < 0) return `'${k.name}' is an invalid keyword argument for split()`;
    if (got[i]) return `argument for split() given by name ('${k.name}') and position (${i + 1})`;
    got[i] = k.value;
  }
  return { sep: got[0]!, maxsplit: got[1]! };
}

/** Methods of str, list, dict and set: the result type (null on error).
 *  The receiver may be refined (`xs.append(1.5)` fixes list[?] to list[float]). */
/** Methods whose arguments are iterated once, in full, on the spot. */
const ITERATING_METHODS = new Set(["join", "extend", "update", "union", "intersection", "difference", "symmetric_difference", "issubset", "issuperset", "isdisjoint", "intersection_update", "difference_update", "symmetric_difference_update"]);

export function typeMethodCall(inf: Inferrer, ctx: InferCtx, e: Call, recv: Ty, method: string, refine: (t: Ty) => void): Ty | null {
  if (ITERATING_METHODS.has(method)) for (const a of e.args) inf.iterated.add(a);
  const args = e.args.map((a) => inf.expr(ctx, a));
  if (args.some((t) => t === null)) return null;
  const a = args as Ty[];
  const arity = (lo: number, hi: number) => {
    if (a.length >= lo && a.length <= hi && (method === "sort" || !e.keywords.length)) return true;
    inf.error(ctx, "E0102", `${pyTypeName(recv)}.${method}() takes ${lo === hi ? lo : `${lo} to ${hi}`} arguments (${a.length} given)`, e.span);
    return false;
  };
  const elemArg = (i: number, elem: Ty): boolean => {
    const j = joinTy(elem, a[i]!);
    if (!j) {
      inf.error(ctx, "E0201", `${pyTypeName(recv)}.${method}() of ${showTy(a[i]!)} into a container of ${showTy(elem)}`, e.args[i]!.span);
      return false;
    }
    if (!tyEq(j, elem)) refine(recv.kind === "list" ? T.list(j) : recv.kind === "set" ? T.set(j) : recv);
    return true;
  };
  const strArg = (i: number) => {
    if (a[i]!.kind === "str") return true;
    inf.error(ctx, "E0201", `must be str, not ${pyTypeName(a[i]!)}`, e.args[i]!.span);
    return false;
  };
  const intArg = (i: number) => {
    if (a[i]!.kind === "int" || a[i]!.kind === "bool") return true;
    inf.error(ctx, "E0201", `'${pyTypeName(a[i]!)}' object cannot be interpreted as an integer`, e.args[i]!.span);
    return false;
  };
  const unknownMethod = (): null => {
    inf.error(ctx, "E0105", `'${pyTypeName(recv)}' object has no attribute '${method}' that apc compiles`, e.func.span);
    return null;
  };
  switch (recv.kind) {
    case "str":
      switch (method) {
        case "split": {
          const sa = splitArgs(e);
          if (typeof sa === "string") {
            inf.error(ctx, sa.startsWith("'") ? "E0103" : "E0102", sa, e.span);
            return null;
          }
          const sep = sa.sep ? inf.expr(ctx, sa.sep) : undefined;
          const max = sa.maxsplit ? inf.expr(ctx, sa.maxsplit) : undefined;
          if (sep === null || max === null) return null;
          if (sep && sep.kind !== "none" && sep.kind !== "str") {
            inf.error(ctx, "E0201", `must be str or None, not ${pyTypeName(sep)}`, sa.sep!.span);
            return null;
          }
          if (max && max.kind !== "int" && max.kind !== "bool") {
            inf.error(ctx, "E0201", `'${pyTypeName(max)}' object cannot be interpreted as an integer`, sa.maxsplit!.span);
            return null;
          }
          return T.list(T.str);
        }
        case "join": {
          if (!arity(1, 1)) return null;
          const el = elemOfIterable(inf, ctx, a[0]!, e.args[0]!.span);
          if (el && el.kind !== "str" && el.kind !== "unknown") {
            inf.error(ctx, "E0201", `sequence item 0: expected str instance, ${pyTypeName(el)} found`, e.args[0]!.span);
            return null;
          }
          return T.str;
        }
        case "strip":
        case "lstrip":
        case "rstrip":
          return arity(0, 1) && (!a.length || a[0]!.kind === "none" || strArg(0)) ? T.str : null;
        case "replace":
          return arity(2, 3) && strArg(0) && strArg(1) && (a.length < 3 || intArg(2)) ? T.str : null;
        case "find":
        case "index":
        case "count":
        case "startswith":
        case "endswith": {
          if (!arity(1, 3)) return null;
          if (a.slice(1).some((t) => t.kind === "none")) {
            inf.unsupported(ctx, `None as the start or end of str.${method}()`, e.span);
            return null;
          }
          if (a[0]!.kind === "tuple" && (method === "startswith" || method === "endswith")) {
            inf.unsupported(ctx, `a tuple of prefixes in str.${method}()`, e.args[0]!.span);
            return null;
          }
          if (!strArg(0) || (a.length > 1 && !intArg(1)) || (a.length > 2 && !intArg(2))) return null;
          return method.endsWith("with") ? T.bool : T.int;
        }
        case "upper":
        case "lower":
        case "capitalize":
          return arity(0, 0) ? T.str : null;
        case "isdigit":
        case "isalpha":
        case "isspace":
          return arity(0, 0) ? T.bool : null;
        case "format": {
          const fmt = strFormatCall((e.func as Extract<Expr, { kind: "attribute" }>).value, e.args, e.keywords, e.span);
          if (!fmt.ok) {
            if (fmt.unsupported) inf.unsupported(ctx, fmt.message, e.span);
            else inf.error(ctx, "E0304", fmt.message, e.span);
            return null;
          }
          const kw = e.keywords.map((k) => inf.expr(ctx, k.value));
          if (kw.some((t) => t === null)) return null;
          const tyOf = (x: Expr) => a[e.args.indexOf(x)] ?? kw[e.keywords.findIndex((k) => k.value === x)]!;
          const check = (parts: FStringPart[]): boolean =>
            parts.every((p) => {
              if (p.kind === "text") return true;
              const t = tyOf(p.value)!;
              if (p.spec && p.conversion === null && !["int", "float", "bool", "str"].includes(t.kind)) {
                inf.unsupported(ctx, `format specs for ${showTy(t)} values`, p.value.span);
                return false;
              }
              return check(p.spec ?? []);
            });
          return check(fmt.parts) ? T.str : null;
        }
        default:
          return unknownMethod();
      }
    case "list":
      switch (method) {
        case "append":
          return arity(1, 1) && elemArg(0, recv.elem) ? T.none : null;
        case "insert":
          return arity(2, 2) && intArg(0) && elemArg(1, recv.elem) ? T.none : null;
        case "extend": {
          if (!arity(1, 1)) return null;
          const el = elemOfIterable(inf, ctx, a[0]!, e.args[0]!.span);
          if (!el) return null;
          const j = joinTy(recv.elem, el);
          if (!j) {
            inf.error(ctx, "E0201", `extending a list of ${showTy(recv.elem)} with ${showTy(el)}`, e.args[0]!.span);
            return null;
          }
          if (!tyEq(j, recv.elem)) refine(T.list(j));
          return T.none;
        }
        case "pop":
          return arity(0, 1) && (!a.length || intArg(0)) ? recv.elem : null;
        case "remove":
          return arity(1, 1) && elemArg(0, recv.elem) ? T.none : null;
        case "index":
        case "count":
          return arity(1, 1) && elemArg(0, recv.elem) ? T.int : null;
        case "reverse":
        case "clear":
          return arity(0, 0) ? T.none : null;
        case "copy":
          return arity(0, 0) ? recv : null;
        case "sort":
          if (!arity(0, 0)) return null;
          for (const k of e.keywords) {
            if (k.name === "key") inf.lambdaKey(ctx, k.value, recv.elem);
            else if (k.name === "reverse") inf.cond(ctx, k.value);
            else inf.error(ctx, "E0103", `'${k.name}' is an invalid keyword argument for sort()`, k.span);
          }
          return T.none;
        default:
          return unknownMethod();
      }
    case "vtuple":
      switch (method) {
        case "index":
        case "count":
          return arity(1, 1) && elemArg(0, recv.elem) ? T.int : null;
        default:
          return unknownMethod();
      }
    case "dict":
      switch (method) {
        case "get":
          if (!arity(1, 2)) return null;
          if (!joinTy(recv.key, a[0]!)) return badKey(inf, ctx, recv, a[0]!, e.args[0]!.span);
          if (a.length === 1) {
            inf.unsupported(ctx, "dict.get() without a default (it may return None)", e.span);
            return null;
          }
          {
            const k = joinTy(recv.key, a[0]!)!;
            const v = joinTy(recv.value, a[1]!);
            if (!v) {
              inf.error(ctx, "E0201", `dict.get() default of ${showTy(a[1]!)} for values of ${showTy(recv.value)}`, e.args[1]!.span);
              return null;
            }
            if (!tyEq(k, recv.key) || !tyEq(v, recv.value)) refine(T.dict(k, v));
            return v;
          }
        case "setdefault":
        case "pop": {
          if (!arity(method === "pop" ? 1 : 2, 2)) return null;
          const k = joinTy(recv.key, a[0]!);
          if (!k) return badKey(inf, ctx, recv, a[0]!, e.args[0]!.span);
          const v = a.length === 2 ? joinTy(recv.value, a[1]!) : recv.value;
          if (!v) {
            inf.error(ctx, "E0201", `dict.${method}() default of ${showTy(a[1]!)} for values of ${showTy(recv.value)}`, e.args[1]!.span);
            return null;
          }
          if (!tyEq(k, recv.key) || !tyEq(v, recv.value)) refine(T.dict(k, v));
          return v;
        }
        case "keys":
        case "values":
        case "items":
          if (!arity(0, 0)) return null;
          return T.dictview(method, recv.key, recv.value);
        case "popitem":
          return arity(0, 0) ? T.tuple([recv.key, recv.value]) : null;
        case "update":
          return arity(1, 1) && joinTy(recv, a[0]!) ? T.none : null;
        case "copy":
          return arity(0, 0) ? recv : null;
        case "clear":
          return arity(0, 0) ? T.none : null;
        default:
          return unknownMethod();
      }
    case "set":
      switch (method) {
        case "add":
        case "remove":
        case "discard":
          return arity(1, 1) && elemArg(0, recv.elem) ? T.none : null;
        case "copy":
          return arity(0, 0) ? recv : null;
        default:
          return unknownMethod();
      }
    default:
      return unknownMethod();
  }
}

function badKey(inf: Inferrer, ctx: InferCtx, d: Extract<Ty, { kind: "dict" }>, k: Ty, span: Span): null {
  inf.error(ctx, "E0201", `dict with ${showTy(d.key)} keys used with a ${showTy(k)} key`, span);
  return null;
}

/** `a + b`, `a * n` and comparisons on str, list and tuple. */
export function typeSequenceBinop(inf: Inferrer, ctx: InferCtx, op: string, l: Ty, r: Ty, span: Span): Ty | null | undefined {
  const seq = (t: Ty) => t.kind === "str" || t.kind === "list" || t.kind === "tuple" || t.kind === "vtuple";
  if (l.kind === "dictview" || r.kind === "dictview") {
    inf.unsupported(ctx, `'${op}' on dict views (convert with set() or list() first)`, span);
    return null;
  }
  if (!seq(l) && !seq(r)) {
    if ((l.kind === "set" && r.kind === "set") && ["|", "&", "-", "^"].includes(op)) {
      const j = joinTy(l, r);
      if (j) return j;
    }
    return undefined; // not a sequence operation
  }
  if (op === "+" && l.kind === r.kind) {
    if (l.kind === "tuple") return T.tuple([...l.elems, ...(r as typeof l).elems]);
    const j = joinTy(l, r);
    if (j) return j;
  }
  if (op === "*" && seq(l) && (r.kind === "int" || r.kind === "bool") && l.kind !== "tuple") return l;
  if (op === "*" && seq(r) && (l.kind === "int" || l.kind === "bool") && r.kind !== "tuple") return r;
  if (op === "%" && l.kind === "str") {
    inf.unsupported(ctx, "printf-style '%' string formatting", span);
    return null;
  }
  inf.error(ctx, "E0201", `unsupported operand type(s) for ${op}: '${pyTypeName(l)}' and '${pyTypeName(r)}'`, span);
  return null;
}

/** Builtins that take an iterable: sum, min/max of one argument, any, all,
 *  sorted, list, set, len. Returns undefined when `name` is not one. */
export function typeIterableBuiltin(inf: Inferrer, ctx: InferCtx, name: string, e: Call): Ty | null | undefined {
  if (["enumerate", "zip", "reversed"].includes(name)) {
    // Iterated on the spot (`"".join(reversed(s))`) they are materialised as
    // lists; kept as values they would be iterators, which apc does not have.
    if (!inf.iterated.has(e)) {
      inf.unsupported(ctx, `${name}() kept as a value (apc compiles it where it is iterated: a for loop, list(), sorted(), ...)`, e.span);
      return null;
    }
    const el = iterElemType(inf, ctx, e);
    return el ? T.list(el) : null;
  }
  if (!["sum", "any", "all", "sorted", "list", "set", "len", "min", "max", "tuple", "dict", "str", "repr", "ascii", "format", "isinstance", "hash"].includes(name)) return undefined;
  if ((name === "min" || name === "max") && e.args.length !== 1) return undefined;
  if (name === "format") {
    if (e.args.length < 1 || e.args.length > 2 || e.keywords.length) {
      inf.error(ctx, "E0102", `format() takes 1 to 2 positional arguments (${e.args.length} given)`, e.span);
      return null;
    }
    const [t, spec] = e.args.map((a) => inf.expr(ctx, a));
    if (!t || (e.args.length === 2 && !spec)) return null;
    if (spec && spec.kind !== "str") {
      inf.error(ctx, "E0201", `format() argument 2 must be str, not ${pyTypeName(spec)}`, e.args[1]!.span);
      return null;
    }
    if (spec && !["int", "float", "bool", "str"].includes(t.kind)) {
      inf.unsupported(ctx, `format specs for ${showTy(t)} values`, e.args[0]!.span);
      return null;
    }
    return T.str;
  }
  if (name === "str" || name === "repr" || name === "ascii") {
    if (e.args.length === 0 && name === "str") return T.str;
    if (e.args.length !== 1) {
      inf.error(ctx, "E0102", `${name}() takes exactly one argument (${e.args.length} given)`, e.span);
      return null;
    }
    return inf.expr(ctx, e.args[0]!) ? T.str : null;
  }
  if (name === "hash") {
    if (e.args.length !== 1) {
      inf.error(ctx, "E0102", `hash() takes exactly one argument (${e.args.length} given)`, e.span);
      return null;
    }
    const t = inf.expr(ctx, e.args[0]!);
    if (!t || !checkHashable(inf, ctx, t, e.args[0]!.span)) return null;
    // CPython salts str hashes per process (PYTHONHASHSEED), so no fixed value matches it.
    if (mentionsStr(t)) {
      inf.unsupported(ctx, "hash() of a str or a tuple holding one (CPython randomises str hashes)", e.span);
      return null;
    }
    return T.int;
  }
  if (name === "isinstance") {
    if (e.args.length !== 2) {
      inf.error(ctx, "E0102", `isinstance expected 2 arguments, got ${e.args.length}`, e.span);
      return null;
    }
    inf.expr(ctx, e.args[0]!);
    return T.bool;
  }
  if (name === "len") {
    if (e.args.length !== 1) {
      inf.error(ctx, "E0102", `len() takes exactly one argument (${e.args.length} given)`, e.span);
      return null;
    }
    const t = inf.expr(ctx, e.args[0]!);
    if (!t) return null;
    if (["str", "list", "tuple", "vtuple", "dict", "set", "dictview"].includes(t.kind)) return T.int;
    inf.error(ctx, "E0201", `object of type '${pyTypeName(t)}' has no len()`, e.args[0]!.span);
    return null;
  }
  if (e.args.length === 0 && (name === "list" || name === "set" || name === "dict" || name === "tuple")) {
    return name === "list" ? T.list(T.unknown) : name === "set" ? T.set(T.unknown) : name === "dict" ? T.dict(T.unknown, T.unknown) : T.tuple([]);
  }
  if (e.args.length !== 1) {
    if (name === "sum" && e.args.length === 2) {
      // sum(iterable, start)
    } else {
      inf.error(ctx, "E0102", `${name}() takes exactly one argument (${e.args.length} given)`, e.span);
      return null;
    }
  }
  const elem = iterElemType(inf, ctx, e.args[0]!);
  if (!elem) return null;
  for (const k of e.keywords) {
    const ok = (name === "sorted" && (k.name === "reverse" || k.name === "key")) || ((name === "min" || name === "max") && k.name === "key");
    if (!ok) inf.error(ctx, "E0103", `'${k.name}' is an invalid keyword argument for ${name}()`, k.span);
    else if (k.name === "reverse") inf.cond(ctx, k.value);
    else inf.lambdaKey(ctx, k.value, elem);
  }
  switch (name) {
    case "sum": {
      const start = e.args[1] ? inf.expr(ctx, e.args[1]) : T.int;
      if (!start) return null;
      if (elem.kind === "unknown") return start;
      if (!isNumeric(elem) || !isNumeric(start)) {
        inf.error(ctx, "E0201", `sum() of ${showTy(elem)} is not supported`, e.span);
        return null;
      }
      // sum(floats) is a float once anything is added (CPython gives the int
      // 0 for an empty sequence, where apc gives 0.0).
      return elem.kind === "float" || start.kind === "float" ? T.float : T.int;
    }
    case "any":
    case "all":
      return T.bool;
    case "min":
    case "max":
      if (elem.kind === "unknown") return null;
      return elem;
    case "sorted":
    case "list":
      return T.list(elem);
    case "set":
      return checkHashable(inf, ctx, elem, e.span) ? T.set(elem) : null;
    case "tuple":
      return T.vtuple(elem);
    case "dict": {
      const src = ctx.spec.exprTy.get(e.args[0]!);
      if (src?.kind === "dict") return src; // dict(d) copies d
      if (elem.kind === "tuple" && elem.elems.length === 2) return T.dict(elem.elems[0]!, elem.elems[1]!);
      inf.error(ctx, "E0201", "dict() needs a dict or an iterable of (key, value) pairs", e.span);
      return null;
    }
    default:
      return undefined;
  }
}

function mentionsStr(t: Ty): boolean {
  return t.kind === "str" || (t.kind === "tuple" && t.elems.some(mentionsStr)) || (t.kind === "vtuple" && mentionsStr(t.elem));
}

export { hasUnknown };
