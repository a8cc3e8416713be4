// Lowering of comprehensions, lambdas used as keys, and the builtins that
// consume iterables: len, sum, min/max of one iterable, any, all, sorted,
// list, set, dict, str, repr, isinstance. Owns their loop shapes (any/all
// short-circuit, min/max keep the first extreme as CPython does).

import type { Expr, Stmt } from "../frontend/ast.js";
import { keyAsLambda } from "../frontend/ast.js";
import { dictViewElem, T, type Ty } from "../frontend/types.js";
import type { ValueId } from "./ir.js";
import type { FunctionLowerer, Lowered } from "./lower.js";
import { irTy } from "./lower.js";
import { compareValues, desc, formatValue, fromSlot, materializeList, toRepr, toSlot, toStr, keysOf } from "./lower-containers.js";
import { emitLoop, forEachElement, openSource, type LoopSource } from "./lower-iter.js";
import { libName } from "./lower-library.js";
import { unpack } from "./lower-stmt.js";

type Call = Extract<Expr, { kind: "call" }>;
type Comprehension = Extract<Expr, { kind: "comprehension" }>;

/** The element type of iterating `iterE` (as inference typed it). */
export function elemTypeOf(L: FunctionLowerer, iterE: Expr): Ty {
  if (iterE.kind === "call") {
    const target = L.spec.calls.get(iterE);
    if (target?.kind === "lib") {
      switch (target.name) {
        case "range":
          return T.int;
        case "enumerate":
          return T.tuple([T.int, elemTypeOf(L, iterE.args[0]!)]);
        case "zip":
          return T.tuple(iterE.args.map((a) => elemTypeOf(L, a)));
        case "reversed":
          return elemTypeOf(L, iterE.args[0]!);
        default:
          break;
      }
    }
    if (target?.kind === "method" && iterE.func.kind === "attribute") {
      const r = L.tyOf(iterE.func.value);
      if (r.kind === "dict") {
        if (iterE.func.attr === "keys") return r.key;
        if (iterE.func.attr === "values") return r.value;
        if (iterE.func.attr === "items") return T.tuple([r.key, r.value]);
      }
    }
  }
  const t = L.tyOf(iterE);
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
    case "tuple":
      return t.elems[0] ?? T.unknown;
    default:
      return T.unknown;
  }
}

/** Names a comprehension binds, with their types. */
function comprehensionNames(L: FunctionLowerer, e: Comprehension): Map<string, Ty> {
  const names = new Map<string, Ty>();
  const visit = (t: Expr) => {
    if (t.kind === "name") names.set(t.id, L.tyOf(t));
    else if (t.kind === "tuple" || t.kind === "list") t.elts.forEach(visit);
  };
  for (const g of e.generators) visit(g.target);
  return names;
}

function bindTarget(L: FunctionLowerer, t: Expr, x: Lowered, parts: Lowered[] | null): void {
  if (t.kind === "name") {
    L.assign(t, x);
    return;
  }
  const elts = (t as Extract<Expr, { kind: "tuple" }>).elts;
  // A fixed tuple's fields are read directly; a list or tuple[T, ...] has its
  // length checked first (CPython's ValueError).
  const vals =
    parts ??
    (x.ty.kind === "tuple"
      ? x.ty.elems.map((et, i) => fromSlot(L, L.b.op("tupleget", "i64", [x.v!, L.b.const("i64", BigInt(i))]), et))
      : unpack(L, x, elts.length, t));
  elts.forEach((el, i) => bindTarget(L, el, vals[i]!, null));
}

/** Run the generators of a comprehension; `inner` runs for every element
 *  that passes the `if` filters, inside the comprehension's own scope. */
function runGenerators(L: FunctionLowerer, e: Comprehension, inner: () => void): void {
  L.withScope(comprehensionNames(L, e), () => {
    const loop = (i: number) => {
      if (i === e.generators.length) {
        inner();
        return;
      }
      const g = e.generators[i]!;
      const src = openSource(L, g.iter);
      emitLoop(L, src, (blocks) => {
        const t = g.target;
        bindTarget(L, t, (t.kind === "tuple" || t.kind === "list") && src.parts ? { v: null, ty: T.none } : src.current(), (t.kind === "tuple" || t.kind === "list") && src.parts ? src.parts() : null);
        for (const c of g.ifs) {
          const pass = L.b.newBlock("comp.if");
          L.cond(c, pass, blocks.latch);
          L.b.seal(pass);
          L.b.setBlock(pass);
        }
        loop(i + 1);
      });
    };
    loop(0);
  });
}

export function runComprehension(L: FunctionLowerer, e: Comprehension, body: (x: Lowered) => void): void {
  runGenerators(L, e, () => body(L.expr(e.elt)));
}

// generator_expression: '(' expr ('for' target 'in' expr ('if' expr)*)+ ')'
// pulled one element at a time, as CPython's generator runs: the first
// iterable is evaluated now, in the enclosing scope; each test() resumes the
// innermost `for` where the last element came from (advancing it, or the
// ones around it when it runs out, re-opening inner iterables), runs the
// filters and computes the next element, or reports the end. Nothing past
// the element a consumer stops at (any(), zip(), break) is evaluated.
export function generatorSource(L: FunctionLowerer, e: Comprehension): LoopSource {
  const { b } = L;
  const n = e.generators.length;
  const first = openSource(L, e.generators[0]!.iter);
  const eltTy = L.tyOf(e.elt);
  const hasValue = irTy(eltTy) !== "void";
  const elt = hasValue ? L.tempVar(irTy(eltTy)) : null;
  const started = L.tempVar("i1");
  b.writeVar(started, b.const("i1", false));
  return {
    test: () => {
      const found = L.tempVar("i1");
      L.withScope(comprehensionNames(L, e), () => {
        const tests = e.generators.map((_, i) => b.newBlock(`gen${i}.test`));
        const nexts = e.generators.map((_, i) => b.newBlock(`gen${i}.next`));
        const yielded = b.newBlock("gen.yield");
        const done = b.newBlock("gen.done");
        const join = b.newBlock("gen.join");
        b.branch(b.readVar(started), nexts[n - 1]!, tests[0]!);
        let src = first;
        for (let i = 0; i < n; i++) {
          const g = e.generators[i]!;
          const level = src;
          b.setBlock(tests[i]!);
          const bind = b.newBlock(`gen${i}.bind`);
          b.branch(level.test(), bind, i === 0 ? done : nexts[i - 1]!);
          b.seal(bind);
          b.setBlock(bind);
          const t = g.target;
          const split = (t.kind === "tuple" || t.kind === "list") && level.parts;
          bindTarget(L, t, split ? { v: null, ty: T.none } : level.current(), split ? level.parts!() : null);
          for (const c of g.ifs) {
            const pass = b.newBlock("gen.if");
            L.cond(c, pass, nexts[i]!);
            b.seal(pass);
            b.setBlock(pass);
          }
          if (i < n - 1) {
            src = openSource(L, e.generators[i + 1]!.iter);
            b.jump(tests[i + 1]!);
          } else {
            const x = L.expr(e.elt);
            if (elt) b.writeVar(elt, x.v!);
            b.writeVar(started, b.const("i1", true));
            b.jump(yielded);
          }
          b.setBlock(nexts[i]!);
          level.advance();
          b.jump(tests[i]!);
        }
        b.setBlock(yielded);
        b.writeVar(found, b.const("i1", true));
        b.jump(join);
        b.setBlock(done);
        b.writeVar(found, b.const("i1", false));
        b.jump(join);
        for (const blk of [...tests, ...nexts, yielded, done, join]) b.seal(blk);
        b.setBlock(join);
      });
      return b.readVar(found);
    },
    current: () => ({ v: elt ? b.readVar(elt) : null, ty: eltTy }),
    advance: () => {}, // the next test() resumes
  };
}

export function lowerComprehension(L: FunctionLowerer, e: Comprehension, ty: Ty): Lowered {
  const { b } = L;
  const site = L.site(e.span);
  if (ty.kind === "dict") {
    const d = b.callrt("apc_dict_new", "ptr", [desc(L, ty)], null);
    runGenerators(L, e, () => {
      const k = L.expr(e.elt);
      const v = L.expr(e.value!);
      b.callrt("apc_dict_setitem", "void", [d, toSlot(L, k), toSlot(L, v)], site);
    });
    return { v: d, ty };
  }
  if (ty.kind === "set") {
    const s = b.callrt("apc_set_new", "ptr", [desc(L, ty)], null);
    runGenerators(L, e, () => b.callrt("apc_set_add", "void", [s, toSlot(L, L.expr(e.elt))], site));
    return { v: s, ty };
  }
  const l = b.callrt("apc_list_new", "ptr", [desc(L, ty), b.const("i64", 0n)], null);
  runGenerators(L, e, () => b.callrt("apc_list_append", "void", [l, toSlot(L, L.expr(e.elt))], null));
  return { v: l, ty };
}

export function applyLambda(L: FunctionLowerer, lam: Expr, x: Lowered): Lowered {
  const l = keyAsLambda(lam) as Extract<Expr, { kind: "lambda" }>;
  const name = l.params[0]!.name;
  return L.withScope(new Map([[name, x.ty]]), () => {
    L.assign({ kind: "name", id: name, span: l.span }, x);
    return L.expr(l.body);
  });
}

export function iterateList(L: FunctionLowerer, list: ValueId, elem: Ty, body: (x: Lowered) => void): void {
  forEachElement(L, { kind: "name", id: "<list>", span: L.currentSpan }, body, { v: list, ty: T.list(elem) });
}

/** Builtins over iterables; null when `name` is handled by lower-library. */
export function lowerIterableBuiltin(L: FunctionLowerer, e: Call, name: string, ty: Ty): Lowered | null {
  const { b } = L;
  const arg = e.args[0];
  switch (name) {
    case "len": {
      if (libName(L, arg!) === "sys.argv") return { v: b.callrt("apc_argv_len", "i64", [], null), ty };
      const x = L.expr(arg!);
      switch (x.ty.kind) {
        case "list":
        case "vtuple":
          return { v: b.op("listlen", "i64", [x.v!]), ty };
        case "tuple":
          return { v: b.const("i64", BigInt(x.ty.elems.length)), ty };
        case "str":
          return { v: b.callrt("apc_str_len", "i64", [x.v!], null), ty };
        case "dict":
        case "set":
          return { v: b.callrt(`apc_${x.ty.kind}_len`, "i64", [x.v!], null), ty };
        case "dictview":
          return { v: b.callrt("apc_dict_len", "i64", [x.v!], null), ty };
        default:
          throw new Error(`internal: len of ${x.ty.kind}`);
      }
    }
    case "str":
      return { v: arg ? toStr(L, L.expr(arg)) : b.const("str", ""), ty };
    case "repr":
      return { v: toRepr(L, L.expr(arg!)), ty };
    case "hash": {
      const x = L.expr(arg!);
      return { v: b.callrt("apc_value_hash", "i64", [toSlot(L, x), desc(L, x.ty)], L.site(e.span)), ty };
    }
    case "ascii":
      return { v: b.callrt("apc_str_ascii", "str", [toRepr(L, L.expr(arg!))], null), ty };
    case "format": {
      const x = L.expr(arg!);
      if (e.args.length === 1) return { v: toStr(L, x), ty };
      return { v: formatValue(L, x, L.expr(e.args[1]!).v!, e.span), ty };
    }
    case "isinstance":
      L.expr(arg!); // evaluated for its effects, as CPython does; the answer is static
      return { v: b.const("i1", isInstance(L.tyOf(arg!), e.args[1]!)), ty };
    case "list":
    case "sorted": {
      if (!arg) return { v: b.callrt("apc_list_new", "ptr", [desc(L, ty), b.const("i64", 0n)], null), ty };
      const src = isLazyIterable(L, arg) ? null : L.expr(arg);
      const l = src && src.ty.kind === "list" ? b.callrt("apc_list_copy", "ptr", [src.v!], null) : materializeList(L, arg, src); // a tuple[T, ...] is copied as a list
      if (name === "sorted") {
        const rev = e.keywords.find((k) => k.name === "reverse");
        const key = e.keywords.find((k) => k.name === "key");
        const revV = rev ? L.truth(L.expr(rev.value)) : b.const("i1", false);
        if (key) b.callrt("apc_list_sort_by_keys", "void", [l, keysOf(L, { v: l, ty }, key.value), revV], L.site(e.span));
        else b.callrt("apc_list_sort", "void", [l, revV], L.site(e.span));
      }
      return { v: l, ty };
    }
    case "set": {
      const s = b.callrt("apc_set_new", "ptr", [desc(L, ty)], null);
      if (arg) forEachElement(L, arg, (x) => b.callrt("apc_set_add", "void", [s, toSlot(L, x)], L.site(e.span)));
      return { v: s, ty };
    }
    case "dict": {
      if (arg && L.spec.exprTy.get(arg)?.kind === "dict") return { v: b.callrt("apc_dict_copy", "ptr", [L.expr(arg).v!], null), ty };
      const d = b.callrt("apc_dict_new", "ptr", [desc(L, ty)], null);
      if (arg) {
        forEachElement(L, arg, (x) => {
          const [kt, vt] = (x.ty as Extract<Ty, { kind: "tuple" }>).elems as [Ty, Ty];
          const k = b.op("tupleget", "i64", [x.v!, b.const("i64", 0n)]);
          const v = b.op("tupleget", "i64", [x.v!, b.const("i64", 1n)]);
          void kt;
          void vt;
          b.callrt("apc_dict_setitem", "void", [d, k, v], L.site(e.span));
        });
      }
      return { v: d, ty };
    }
    case "tuple": {
      if (!arg) return { v: b.callrt("apc_tuple_new", "ptr", [desc(L, ty)], null), ty };
      const src = isLazyIterable(L, arg) ? null : L.expr(arg);
      if (src?.ty.kind === "vtuple") return src; // tuple(t) is t, as in CPython
      if (src?.ty.kind === "list") return { v: b.callrt("apc_list_copy_as", "ptr", [src.v!, desc(L, ty)], null), ty };
      const t = b.callrt("apc_list_new", "ptr", [desc(L, ty), b.const("i64", 0n)], null);
      forEachElement(L, arg, (x) => b.callrt("apc_list_append", "void", [t, toSlot(L, x)], null), src);
      return { v: t, ty };
    }
    case "enumerate":
    case "zip":
    case "reversed":
      return { v: materializeList(L, e, null), ty };
    case "sum":
      return lowerSum(L, e, ty);
    case "any":
    case "all":
      return lowerAnyAll(L, e, name === "any");
    case "min":
    case "max":
      if (e.args.length !== 1) return null;
      return lowerMinMax(L, e, name === "min", ty);
    default:
      return null;
  }
}

/** Iterables that are loops, not values: range/enumerate/zip/reversed calls,
 *  dict views, generator expressions. */
function isLazyIterable(L: FunctionLowerer, e: Expr): boolean {
  if (e.kind === "comprehension") return true;
  if (e.kind !== "call") return false;
  const t = L.spec.calls.get(e);
  if (t?.kind === "lib") return ["range", "enumerate", "zip", "reversed"].includes(t.name);
  return t?.kind === "method" && e.func.kind === "attribute" && ["items", "keys", "values"].includes(e.func.attr);
}

function isInstance(t: Ty, cls: Expr): boolean {
  const names = cls.kind === "tuple" ? cls.elts : [cls];
  return names.some((n) => n.kind === "name" && (n.id === t.kind || (n.id === "int" && t.kind === "bool") || (n.id === "NoneType" && t.kind === "none")));
}

// sum(iterable, start=0). Over ints the running total may leave 64 bits and
// come back (`sum([2**62, 2**62, -2**62])`), as CPython's big ints do: it is
// kept as a wrapped i64 plus a count of wraps (+1 past the top, -1 past the
// bottom), and only a final total outside 64 bits (wraps != 0) stops.
function lowerSum(L: FunctionLowerer, e: Call, ty: Ty): Lowered {
  const { b } = L;
  const i64 = (v: bigint) => b.const("i64", v);
  const acc = L.tempVar(irTy(ty));
  const start = e.args[1] ? L.expr(e.args[1]) : { v: i64(0n), ty: T.int };
  const isF = ty.kind === "float";
  b.writeVar(acc, isF ? L.toFloat(start) : L.toInt(start));
  const wraps = isF ? null : L.tempVar("i64");
  if (wraps) b.writeVar(wraps, i64(0n));
  // Floats added to an int start: CPython's result is that int when there
  // is nothing to add, which a float cannot be (0 prints as 0, not 0.0).
  const intStart = isF && start.ty.kind !== "float" ? L.tempVar("i1") : null;
  if (intStart) b.writeVar(intStart, b.const("i1", true));
  forEachElement(L, e.args[0]!, (x) => {
    if (x.ty.kind === "unknown") return; // an element of an always-empty container
    const cur = b.readVar(acc);
    if (isF) {
      b.writeVar(acc, b.op("fadd", "f64", [cur, L.toFloat(x)]));
      if (intStart) b.writeVar(intStart, b.const("i1", false));
      return;
    }
    const xi = L.toInt(x);
    const next = b.op("iaddwrap", "i64", [cur, xi]);
    // Signed overflow: the result's sign differs from both operands'.
    const overflowed = b.cmp("icmp", "lt", b.op("iand", "i64", [b.op("ixor", "i64", [cur, next]), b.op("ixor", "i64", [xi, next])]), i64(0n));
    const step = b.op("select", "i64", [b.cmp("icmp", "ge", xi, i64(0n)), i64(1n), i64(-1n)]);
    b.writeVar(wraps!, b.op("iaddwrap", "i64", [b.readVar(wraps!), b.op("select", "i64", [overflowed, step, i64(0n)])]));
    b.writeVar(acc, next);
  });
  if (wraps) L.raiseUnless(b.cmp("icmp", "eq", b.readVar(wraps), i64(0n)), "OverflowError", "int too large for apc's 64-bit int", e.span);
  if (intStart) {
    const empty = b.readVar(intStart);
    switch (emptySumContext(L, e)) {
      case "float": // the int 0 would become 0.0 there, as CPython converts it
        break;
      case "text": // printed or converted to str where it stands: "0"
        return { v: b.readVar(acc), ty, intZeroIf: empty };
      default:
        L.raiseUnless(
          b.op("bnot", "i1", [empty]),
          "NotImplementedError",
          "sum() of no floats is CPython's int start, which apc's float result cannot be: give a float start, e.g. sum(xs, 0.0)",
          e.span,
        );
    }
  }
  return { v: b.readVar(acc), ty };
}

const FLOAT_OPS = new Set(["+", "-", "*", "/", "//", "%", "**"]);
const FLOAT_CALLS = new Set(["float", "int", "bool", "round"]);

/** Where a sum() of floats with an int start stands decides what its empty
 *  case (CPython's int 0) needs: "float" where CPython would turn the int
 *  into 0.0 or compare it as a number (float arithmetic with a float, a
 *  comparison, float()/int()/bool()/round(x)/math.*), "text" as a direct
 *  argument of print()/str()/repr(), "other" anywhere else (then apc stops
 *  with NotImplementedError rather than carry 0.0 on). */
function emptySumContext(L: FunctionLowerer, e: Call): "float" | "text" | "other" {
  const parent = parentOf(L.prog.module, e);
  if (!parent || !("kind" in parent)) return "other";
  const floatTy = (x: Expr) => L.spec.exprTy.get(x)?.kind === "float";
  switch (parent.kind) {
    case "binop": {
      const other = parent.left === e ? parent.right : parent.left;
      return parent.op === "/" || (FLOAT_OPS.has(parent.op) && floatTy(other)) ? "float" : "other"; // int / int is a float too
    }
    case "augassign":
      return parent.value === e && FLOAT_OPS.has(parent.op) && floatTy(parent.target) ? "float" : "other";
    case "compare":
      return "float";
    case "call": {
      const target = L.spec.calls.get(parent);
      const name = target?.kind === "lib" ? target.name : null;
      if (!name || !parent.args.includes(e)) return "other";
      if (name === "print" || ((name === "str" || name === "repr") && parent.args.length === 1)) return "text";
      if (name.startsWith("math.") || (FLOAT_CALLS.has(name) && parent.args.length === 1)) return "float";
      return "other";
    }
    default:
      return "other";
  }
}

type Node = Expr | Stmt;
const parents = new WeakMap<object, Map<object, Node>>();

/** The syntax node directly around `e` in the module (expressions and
 *  statements), from a map built once per module. */
function parentOf(mod: object, e: Expr): Node | undefined {
  let map = parents.get(mod);
  if (!map) {
    const m = new Map<object, Node>();
    const visit = (node: unknown, parent: Node | null): void => {
      if (Array.isArray(node)) {
        for (const x of node) visit(x, parent);
        return;
      }
      if (!node || typeof node !== "object") return;
      const o = node as Record<string, unknown>;
      const isNode = typeof o.kind === "string";
      if (isNode && parent) m.set(o, parent);
      for (const [k, v] of Object.entries(o)) if (k !== "span" && k !== "opSpan" && v && typeof v === "object") visit(v, isNode ? (o as Node) : parent);
    };
    visit((mod as { body: unknown }).body, null);
    parents.set(mod, (map = m));
  }
  return map.get(e);
}

function lowerAnyAll(L: FunctionLowerer, e: Call, isAny: boolean): Lowered {
  const { b } = L;
  const res = L.tempVar("i1");
  b.writeVar(res, b.const("i1", !isAny));
  const src = openSource(L, e.args[0]!);
  emitLoop(L, src, (blocks) => {
    const t = L.truth(src.current());
    const hit = b.newBlock(isAny ? "any.found" : "all.failed");
    const go = b.newBlock("anyall.next");
    b.branch(isAny ? t : b.op("bnot", "i1", [t]), hit, go);
    b.seal(hit);
    b.seal(go);
    b.setBlock(hit);
    b.writeVar(res, b.const("i1", isAny));
    b.jump(blocks.exit);
    b.setBlock(go);
  });
  return { v: b.readVar(res), ty: T.bool };
}

function lowerMinMax(L: FunctionLowerer, e: Call, isMin: boolean, ty: Ty): Lowered {
  const { b } = L;
  const keyArg = e.keywords.find((k) => k.name === "key")?.value;
  const keyE = keyArg && keyAsLambda(keyArg);
  const best = L.tempVar(irTy(ty));
  const bestKey = keyE ? L.tempVar(irTy(L.tyOf(keyE))) : null;
  const seen = L.tempVar("i1");
  b.writeVar(seen, b.const("i1", false));
  // Placeholders until the first element: never compared (see below).
  const placeholder = (t: Ty) => b.const(irTy(t), t.kind === "float" ? 0 : t.kind === "bool" ? false : irTy(t) === "i64" ? 0n : t.kind === "str" ? "" : { desc: t });
  b.writeVar(best, placeholder(ty));
  if (bestKey) b.writeVar(bestKey, placeholder(L.tyOf(keyE!)));
  forEachElement(L, e.args[0]!, (x) => {
    const k = keyE ? L.applyLambda(keyE, x) : x;
    const curKey: Lowered = keyE ? { v: b.readVar(bestKey!), ty: L.tyOf(keyE) } : { v: b.readVar(best), ty };
    const num = (t: Ty) => t.kind === "int" || t.kind === "float" || t.kind === "bool";
    // The first element always wins; later ones only when strictly better.
    if (num(k.ty)) {
      // Comparing with the placeholder is harmless for numbers: select, no branch.
      const better = L.compare(isMin ? "<" : ">", k, curKey, e, e);
      const take = b.op("bor", "i1", [b.op("bnot", "i1", [b.readVar(seen)]), better]);
      b.writeVar(best, b.op("select", irTy(ty), [take, x.v!, b.readVar(best)]));
      if (bestKey) b.writeVar(bestKey, b.op("select", irTy(k.ty), [take, k.v!, b.readVar(bestKey)]));
      b.writeVar(seen, b.const("i1", true));
      return;
    }
    // A container or str placeholder is not a value to compare with (the
    // runtime would read a type descriptor as a list): compare from the
    // second element on.
    const rest = b.newBlock("minmax.compare");
    const take = b.newBlock("minmax.take");
    const next = b.newBlock("minmax.next");
    b.branch(b.readVar(seen), rest, take);
    b.seal(rest);
    b.setBlock(rest);
    b.branch(compareValues(L, isMin ? "<" : ">", k, curKey), take, next);
    b.seal(take);
    b.setBlock(take);
    b.writeVar(best, x.v!);
    if (bestKey) b.writeVar(bestKey, k.v!);
    b.writeVar(seen, b.const("i1", true));
    b.jump(next);
    b.seal(next);
    b.setBlock(next);
  });
  L.raiseUnless(b.readVar(seen), "ValueError", `${isMin ? "min" : "max"}() arg is an empty sequence`, e.span);
  return { v: b.readVar(best), ty };
}
