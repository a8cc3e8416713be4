// Lowering of strings and containers: literals, subscripts, slices, `del`,
// methods, `in`, comparisons, `+`/`*`, f-strings, printing, and the builtins
// over iterables. Values cross into containers as 8-byte slots (toslot /
// fromslot); list length, indexing and tuple fields are inline loads and
// stores (backend/llvm-ops.ts), everything else calls the runtime
// (runtime/apc_containers.h). Loops over iterables are in lower-iter.ts.

import type { CmpOp, Expr, FStringPart } from "../frontend/ast.js";
import { keyAsLambda } from "../frontend/ast.js";
import { constSlice, splitArgs } from "../frontend/infer-containers.js";
import { foldConst } from "../frontend/fold.js";
import { strFormatCall } from "../frontend/str-format.js";
import { T, tyEq, type Ty } from "../frontend/types.js";
import type { IrTy, ValueId } from "./ir.js";
import type { FunctionLowerer, Lowered } from "./lower.js";
import { irTy } from "./lower.js";
import { internReplaces } from "../frontend/cpython-interned.js";
import { forEachElement } from "./lower-iter.js";
import { libName } from "./lower-library.js";

type Call = Extract<Expr, { kind: "call" }>;

export function desc(L: FunctionLowerer, t: Ty): ValueId {
  return L.b.const("ptr", { desc: t });
}

/** The inline element op for a list of `elem`: a list[bool] stores one byte
 *  per element (runtime/apc_containers.h), so it has ops of its own. */
export function listOp(elem: Ty, op: "get" | "set"): "listget" | "listset" | "listgetb" | "listsetb" {
  const packed = elem.kind === "bool";
  return op === "get" ? (packed ? "listgetb" : "listget") : packed ? "listsetb" : "listset";
}

const elemOf = (t: Ty): Ty => (t.kind === "list" ? t.elem : T.unknown);

export function toSlot(L: FunctionLowerer, x: Lowered): ValueId {
  if (x.ty.kind === "int") return x.v!;
  if (x.v === null) return L.b.const("i64", 0n); // None
  return L.b.op("toslot", "i64", [x.v]);
}

export function fromSlot(L: FunctionLowerer, slot: ValueId, ty: Ty): Lowered {
  if (ty.kind === "int") return { v: slot, ty };
  if (ty.kind === "none" || ty.kind === "never") return { v: null, ty };
  return { v: L.b.op("fromslot", irTy(ty), [slot]), ty };
}

function rt(L: FunctionLowerer, fn: string, ty: IrTy, args: ValueId[], span?: Expr["span"]): ValueId {
  return L.b.callrt(fn, ty, args, span ? L.site(span) : null);
}

const bool = (L: FunctionLowerer, v: boolean) => L.b.const("i1", v);
const int = (L: FunctionLowerer, v: bigint) => L.b.const("i64", v);

// ---- literals -------------------------------------------------------------

export function lowerListLiteral(L: FunctionLowerer, e: Extract<Expr, { kind: "list" | "set" }>, ty: Ty): Lowered {
  if (ty.kind === "set") {
    if (e.elts.length <= 2 || !e.elts.every(isPyConstant)) {
      const s = rt(L, "apc_set_new", "ptr", [desc(L, ty)]);
      for (const x of e.elts) rt(L, "apc_set_add", "void", [s, toSlot(L, L.expr(x))], e.span);
      return { v: s, ty };
    }
    // A display of 3+ constants is BUILD_SET 0 + SET_UPDATE of a frozenset
    // constant: the set merges that constant into itself.
    const out = rt(L, "apc_set_new", "ptr", [desc(L, ty)]);
    rt(L, "apc_set_update", "void", [out, constantFrozenset(L, e as Extract<Expr, { kind: "set" }>, ty)]);
    return { v: out, ty };
  }
  const data = e.elts.length >= CONST_DATA_MIN ? constantSlots(e.elts, elemOf(ty)) : null;
  if (data) return { v: rt(L, "apc_list_from_slots", "ptr", [desc(L, ty), L.b.const("ptr", { slots: data }), int(L, BigInt(data.length))]), ty };
  const vals = e.elts.map((x) => L.expr(x));
  const l = rt(L, "apc_list_new", "ptr", [desc(L, ty), int(L, BigInt(vals.length))]);
  vals.forEach((v, i) => L.b.op(listOp(elemOf(ty), "set"), "void", [l, int(L, BigInt(i)), toSlot(L, v)], L.site(e.span)));
  return { v: l, ty };
}

/** From this many elements on, a list literal of constant ints or floats is
 *  read-only data copied at run time, not one store per element (a 50,000
 *  element table is then a memcpy, not 50,000 instructions for opt). */
const CONST_DATA_MIN = 16;

/** The slots of constant int or float elements (floats as their bits), or
 *  null when one is not such a constant. */
function constantSlots(elts: readonly Expr[], elem: Ty): bigint[] | null {
  if (elem.kind !== "int" && elem.kind !== "float") return null;
  const out: bigint[] = [];
  const bits = new DataView(new ArrayBuffer(8));
  for (const x of elts) {
    const c = foldConst(x);
    if (!c) return null;
    if (elem.kind === "int") {
      if (c.kind !== "int") return null;
      out.push(c.value);
    } else {
      const v = c.kind === "float" ? c.value : c.kind === "int" && c.value >= -(2n ** 53n) && c.value <= 2n ** 53n ? Number(c.value) : null;
      if (v === null) return null;
      bits.setFloat64(0, v);
      out.push(bits.getBigInt64(0));
    }
  }
  return out;
}

/** Is `e` a set display CPython turns into a frozenset constant when it is
 *  iterated (`for x in {1, 2, 3}`: the AST optimizer's fold_iter)? */
export function isConstantSetDisplay(e: Expr): e is Extract<Expr, { kind: "set" }> {
  return e.kind === "set" && e.elts.length > 0 && e.elts.every(isPyConstant);
}

// A frozenset constant as CPython 3.11 builds it, so that it iterates in the
// same order: PyFrozenSet_New of the elements in source order, rebuilt by
// the compiler's constant merging from its own iteration order
// (merge_consts_recursive), and rebuilt once more when interning replaces
// one of its strings by an equal one interned before (intern_string_constants).
// Each rebuild inserts the same elements in a new order, which can move
// colliding ones.
export function constantFrozenset(L: FunctionLowerer, e: Extract<Expr, { kind: "set" }>, ty: Ty): ValueId {
  let s = rt(L, "apc_set_new", "ptr", [desc(L, ty)]);
  for (const x of e.elts) rt(L, "apc_set_add", "void", [s, toSlot(L, L.expr(x))], e.span);
  const interned = e.elts.some((x) => x.kind === "str" && internReplaces(x.value, L.prog.module));
  for (let rebuild = interned ? 2 : 1; rebuild > 0; rebuild--) s = rt(L, "apc_set_rebuilt", "ptr", [s]);
  return s;
}

/** What CPython's AST optimizer folds to a constant: literals, unary and
 *  binary operators on constants, tuples of constants. */
function isPyConstant(e: Expr): boolean {
  switch (e.kind) {
    case "int":
    case "float":
    case "bool":
    case "none":
    case "str":
      return true;
    case "unary":
      return e.op !== "not" && isPyConstant(e.operand);
    case "binop":
      return isPyConstant(e.left) && isPyConstant(e.right) && foldConst(e) !== null;
    case "tuple":
      return e.elts.every(isPyConstant);
    default:
      return false;
  }
}

export function newTuple(L: FunctionLowerer, vals: Lowered[], ty: Ty): Lowered {
  const t = rt(L, "apc_tuple_new", "ptr", [desc(L, ty)]);
  vals.forEach((v, i) => L.b.op("tupleset", "void", [t, int(L, BigInt(i)), toSlot(L, v)]));
  return { v: t, ty };
}

export function lowerDictLiteral(L: FunctionLowerer, e: Extract<Expr, { kind: "dict" }>, ty: Ty): Lowered {
  const d = rt(L, "apc_dict_new", "ptr", [desc(L, ty)]);
  e.keys.forEach((k, i) => {
    const kv = L.expr(k);
    const vv = L.expr(e.values[i]!);
    rt(L, "apc_dict_setitem", "void", [d, toSlot(L, kv), toSlot(L, vv)], k.span);
  });
  return { v: d, ty };
}

// ---- subscripts -------------------------------------------------------------

interface SliceArgs {
  readonly vals: ValueId[]; // start, stop, step, has_start, has_stop
}

function sliceArgs(L: FunctionLowerer, s: Extract<Expr, { kind: "slice" }>): SliceArgs {
  const part = (x: Expr | null, dflt: bigint) => (x ? L.toInt(L.expr(x)) : int(L, dflt));
  return { vals: [part(s.lower, 0n), part(s.upper, 0n), part(s.step, 1n), bool(L, s.lower !== null), bool(L, s.upper !== null)] };
}

export function lowerSubscript(L: FunctionLowerer, e: Extract<Expr, { kind: "subscript" }>, ty: Ty): Lowered {
  if (e.index.kind !== "slice" && libName(L, e.value) === "sys.argv") {
    // sys.argv[i] without building the list.
    return { v: rt(L, "apc_argv_get", "str", [L.toInt(L.expr(e.index))], e.span), ty };
  }
  const baseTy = L.tyOf(e.value);
  const base = L.expr(e.value);
  if (e.index.kind === "slice") {
    if (baseTy.kind === "tuple") {
      const picks = constSlice(e.index, baseTy.elems.length)!;
      return newTuple(L, picks.map((i) => fromSlot(L, L.b.op("tupleget", "i64", [base.v!, int(L, BigInt(i))]), baseTy.elems[i]!)), ty);
    }
    const args = sliceArgs(L, e.index).vals;
    const fn = baseTy.kind === "str" ? "apc_str_slice" : "apc_list_slice";
    return { v: rt(L, fn, irTy(ty), [base.v!, ...args], e.span), ty };
  }
  switch (baseTy.kind) {
    case "list": {
      const i = L.toInt(L.expr(e.index));
      return fromSlot(L, L.b.op(listOp(ty, "get"), "i64", [base.v!, i], L.site(e.span)), ty);
    }
    case "vtuple":
      return vtupleGet(L, base, L.toInt(L.expr(e.index)), e.span);
    case "str":
      return { v: strIndex(L, base.v!, L.toInt(L.expr(e.index)), e.span), ty };
    case "tuple": {
      const n = BigInt(baseTy.elems.length);
      const c = foldConst(e.index);
      if (c && (c.kind === "int" || c.kind === "bool")) {
        let i = c.kind === "bool" ? (c.value ? 1n : 0n) : c.value;
        if (i < 0n) i += n;
        return fromSlot(L, L.b.op("tupleget", "i64", [base.v!, int(L, i)]), ty);
      }
      // A homogeneous tuple indexed at run time: check like a list does.
      const raw = L.toInt(L.expr(e.index));
      const neg = L.b.cmp("icmp", "lt", raw, int(L, 0n));
      const idx = L.b.op("select", "i64", [neg, L.b.op("iaddwrap", "i64", [raw, int(L, n)]), raw]);
      const inRange = L.b.op("band", "i1", [L.b.cmp("icmp", "ge", idx, int(L, 0n)), L.b.cmp("icmp", "lt", idx, int(L, n))]);
      L.raiseUnless(inRange, "IndexError", "tuple index out of range", e.span);
      return fromSlot(L, L.b.op("tupleget", "i64", [base.v!, idx]), ty);
    }
    case "dict": {
      const k = L.expr(e.index);
      return fromSlot(L, rt(L, "apc_dict_getitem", "i64", [base.v!, toSlot(L, k)], e.span), ty);
    }
    default:
      throw new Error(`internal: subscript of ${baseTy.kind}`);
  }
}

/** t[i] on a tuple[T, ...]: the list layout's element, with the tuple's
 *  IndexError message (the inline list op would say "list index ..."). */
export function vtupleGet(L: FunctionLowerer, t: Lowered, raw: ValueId, span: Expr["span"]): Lowered {
  const { b } = L;
  const elem = (t.ty as Extract<Ty, { kind: "vtuple" }>).elem;
  const n = b.op("listlen", "i64", [t.v!]);
  const idx = b.op("select", "i64", [b.cmp("icmp", "lt", raw, int(L, 0n)), b.op("iaddwrap", "i64", [raw, n]), raw]);
  const inRange = b.op("band", "i1", [b.cmp("icmp", "ge", idx, int(L, 0n)), b.cmp("icmp", "lt", idx, n)]);
  L.raiseUnless(inRange, "IndexError", "tuple index out of range", span);
  return fromSlot(L, b.op(listOp(elem, "get"), "i64", [t.v!, idx], L.site(span)), elem);
}

/** s[i]: an in-range index into an ASCII string reads the runtime's
 *  one-character table inline (`apc_str_is_ascii` and `apc_str_len` are
 *  readnone, so LLVM hoists them out of a loop over s); anything else, and
 *  every error, goes through apc_str_getitem. */
export function strIndex(L: FunctionLowerer, s: ValueId, i: ValueId, span: Expr["span"]): ValueId {
  const { b } = L;
  const len = rt(L, "apc_str_len", "i64", [s]);
  const idx = b.op("select", "i64", [b.cmp("icmp", "lt", i, int(L, 0n)), b.op("iaddwrap", "i64", [i, len]), i]);
  const inRange = b.op("band", "i1", [b.cmp("icmp", "ge", idx, int(L, 0n)), b.cmp("icmp", "lt", idx, len)]);
  const quick = b.op("band", "i1", [rt(L, "apc_str_is_ascii", "i1", [s]), inRange]);
  return L.choose(
    "stridx",
    "str",
    (fast, slow) => b.branch(quick, fast, slow),
    () => b.op("strascii", "str", [s, idx]),
    () => rt(L, "apc_str_getitem", "str", [s, i], span),
  );
}

/** `CONST.find(ch)`, `CONST.index(ch)` and `ch in CONST` on a constant
 *  string: a needle that is one ASCII character (what iterating over ASCII
 *  text yields) reads a table of first occurrences built at compile time;
 *  any other needle (empty, longer, non-ASCII) and every error go to the
 *  runtime. */
export function findInConst(L: FunctionLowerer, how: "find" | "index" | "in", hay: string, h: ValueId, needle: ValueId, span: Expr["span"]): ValueId {
  const { b } = L;
  const code = b.op("strasciicode", "i64", [needle]);
  const at = b.strfindc(hay, code);
  const one = b.cmp("icmp", "ge", code, int(L, 0n));
  if (how === "in") {
    return L.choose(
      "strin",
      "i1",
      (fast, slow) => b.branch(one, fast, slow),
      () => b.cmp("icmp", "ge", at, int(L, 0n)),
      () => rt(L, "apc_str_contains", "i1", [h, needle]),
    );
  }
  // index: a character not in the table raises, from the runtime.
  const quick = how === "find" ? one : b.op("band", "i1", [one, b.cmp("icmp", "ge", at, int(L, 0n))]);
  return L.choose(
    "strfind",
    "i64",
    (fast, slow) => b.branch(quick, fast, slow),
    () => at,
    () => rt(L, `apc_str_${how}`, "i64", [h, needle], how === "index" ? span : undefined),
  );
}

/** `base[index] = value` (and slices). */
export function storeSubscript(L: FunctionLowerer, t: Extract<Expr, { kind: "subscript" }>, value: Lowered): void {
  const baseTy = L.tyOf(t.value);
  const base = L.expr(t.value);
  if (t.index.kind === "slice") {
    const args = sliceArgs(L, t.index).vals;
    rt(L, "apc_list_set_slice", "void", [base.v!, ...args, value.v!], t.span);
    return;
  }
  const idx = L.expr(t.index);
  if (baseTy.kind === "list") {
    L.b.op(listOp(elemOf(baseTy), "set"), "void", [base.v!, L.toInt(idx), toSlot(L, value)], L.site(t.span));
  } else {
    rt(L, "apc_dict_setitem", "void", [base.v!, toSlot(L, idx), toSlot(L, value)], t.span);
  }
}

/** `base[index] op= value`: the base and index are evaluated once. */
export function augmentSubscript(L: FunctionLowerer, t: Extract<Expr, { kind: "subscript" }>, op: Parameters<FunctionLowerer["binop"]>[0], valueE: Expr, span: Expr["span"]): void {
  const baseTy = L.tyOf(t.value);
  const elemTy = L.tyOf(t);
  const base = L.expr(t.value);
  const idx = L.expr(t.index);
  const cur =
    baseTy.kind === "list"
      ? fromSlot(L, L.b.op(listOp(elemTy, "get"), "i64", [base.v!, L.toInt(idx)], L.site(t.span)), elemTy)
      : fromSlot(L, rt(L, "apc_dict_getitem", "i64", [base.v!, toSlot(L, idx)], t.span), elemTy);
  const val = L.expr(valueE);
  const res = L.binop(op, cur, val, span, valueE, elemTy);
  if (baseTy.kind === "list") L.b.op(listOp(elemTy, "set"), "void", [base.v!, L.toInt(idx), toSlot(L, res)], L.site(t.span));
  else rt(L, "apc_dict_setitem", "void", [base.v!, toSlot(L, idx), toSlot(L, res)], t.span);
}

export function lowerDel(L: FunctionLowerer, t: Extract<Expr, { kind: "subscript" }>): void {
  const baseTy = L.tyOf(t.value);
  const base = L.expr(t.value);
  if (t.index.kind === "slice") {
    rt(L, "apc_list_del_slice", "void", [base.v!, ...sliceArgs(L, t.index).vals], t.span);
  } else if (baseTy.kind === "list") {
    rt(L, "apc_list_del_item", "void", [base.v!, L.toInt(L.expr(t.index))], t.span);
  } else {
    rt(L, "apc_dict_delitem", "void", [base.v!, toSlot(L, L.expr(t.index))], t.span);
  }
}

// ---- operators ----------------------------------------------------------------

/** `a + b` and `a * n` on str, list and tuple; set operators. */
export function sequenceBinop(L: FunctionLowerer, op: string, l: Lowered, r: Lowered, ty: Ty, span: Expr["span"]): Lowered {
  if (ty.kind === "set") {
    const fn = { "|": "apc_set_union", "&": "apc_set_intersection", "-": "apc_set_difference", "^": "apc_set_symmetric_difference" }[op]!;
    return { v: rt(L, fn, "ptr", [l.v!, r.v!], span), ty };
  }
  if (op === "+") {
    if (ty.kind === "str") return { v: rt(L, "apc_str_concat", "str", [l.v!, r.v!]), ty };
    if (ty.kind === "list" || ty.kind === "vtuple") return { v: rt(L, "apc_list_concat", "ptr", [l.v!, r.v!]), ty };
    const lt = l.ty as Extract<Ty, { kind: "tuple" }>;
    const rtTy = r.ty as Extract<Ty, { kind: "tuple" }>;
    const parts = [
      ...lt.elems.map((t, i) => fromSlot(L, L.b.op("tupleget", "i64", [l.v!, int(L, BigInt(i))]), t)),
      ...rtTy.elems.map((t, i) => fromSlot(L, L.b.op("tupleget", "i64", [r.v!, int(L, BigInt(i))]), t)),
    ];
    return newTuple(L, parts, ty);
  }
  // op === "*": the sequence may be on either side.
  const [seq, n] = l.ty.kind === "int" || l.ty.kind === "bool" ? [r, l] : [l, r];
  const fn = ty.kind === "str" ? "apc_str_repeat" : "apc_list_repeat";
  return { v: rt(L, fn, irTy(ty), [seq.v!, L.toInt(n)]), ty };
}

/** ==, !=, <, <=, >, >= between values of one non-numeric type. */
export function compareValues(L: FunctionLowerer, op: string, l: Lowered, r: Lowered, span: Expr["span"] = L.currentSpan): ValueId {
  const { b } = L;
  if (l.ty.kind === "str" && r.ty.kind === "str") {
    if (op === "==" || op === "!=") {
      const eq = rt(L, "apc_str_eq", "i1", [l.v!, r.v!]);
      return op === "==" ? eq : b.op("bnot", "i1", [eq]);
    }
    const c = rt(L, "apc_str_compare", "i64", [l.v!, r.v!]);
    return b.cmp("icmp", ({ "<": "lt", "<=": "le", ">": "gt", ">=": "ge" } as const)[op as "<"], c, int(L, 0n));
  }
  if (l.ty.kind !== r.ty.kind) return bool(L, op === "!=");
  if (l.ty.kind === "tuple" && r.ty.kind === "tuple" && !tyEq(l.ty, r.ty)) return compareTuplesByElement(L, op, l, r, span);
  if (l.ty.kind === "set" && op !== "==" && op !== "!=") return setSubsetCompare(L, op, l.v!, r.v!);
  const t = l.ty.kind === "unknown" ? r.ty : l.ty;
  const d = desc(L, t);
  const a = toSlot(L, l);
  const c = toSlot(L, r);
  switch (op) {
    case "==":
      return rt(L, "apc_value_eq", "i1", [a, c, d]);
    case "!=":
      return b.op("bnot", "i1", [rt(L, "apc_value_eq", "i1", [a, c, d])]);
    case "<":
      return rt(L, "apc_value_lt", "i1", [a, c, d], span);
    case ">":
      return rt(L, "apc_value_lt", "i1", [c, a, d], span);
    case "<=":
      return b.op("bnot", "i1", [rt(L, "apc_value_lt", "i1", [c, a, d], span)]);
    default: // ">="
      return b.op("bnot", "i1", [rt(L, "apc_value_lt", "i1", [a, c, d], span)]);
  }
}

/** Set ordering is inclusion, as CPython's set_richcompare: a <= b is
 *  a.issubset(b), a < b also needs len(a) < len(b); > and >= swap sides. */
function setSubsetCompare(L: FunctionLowerer, op: string, a: ValueId, c: ValueId): ValueId {
  const { b } = L;
  const [small, big] = op === "<" || op === "<=" ? [a, c] : [c, a];
  const sub = rt(L, "apc_set_issubset", "i1", [small, big]);
  if (op === "<=" || op === ">=") return sub;
  const shorter = b.cmp("icmp", "lt", rt(L, "apc_set_len", "i64", [small]), rt(L, "apc_set_len", "i64", [big]));
  return b.op("band", "i1", [sub, shorter]);
}

/** Tuples of different types (`(1, 2) == (1.0, 2.0)`, `(1, 2) < (1, 2, 0)`),
 *  as CPython's tuplerichcompare: the first pair that is not equal decides
 *  (== false, != true, else that pair compared with op); when all shared
 *  positions are equal, the lengths decide. */
function compareTuplesByElement(L: FunctionLowerer, op: string, l: Lowered, r: Lowered, span: Expr["span"]): ValueId {
  const { b } = L;
  const le = (l.ty as Extract<Ty, { kind: "tuple" }>).elems;
  const re = (r.ty as Extract<Ty, { kind: "tuple" }>).elems;
  const item = (x: Lowered, elems: readonly Ty[], i: number) => fromSlot(L, b.op("tupleget", "i64", [x.v!, int(L, BigInt(i))]), elems[i]!);
  const lengths = { "==": le.length === re.length, "!=": le.length !== re.length, "<": le.length < re.length, "<=": le.length <= re.length, ">": le.length > re.length, ">=": le.length >= re.length }[op];
  if (lengths === undefined) throw new Error(`internal: tuple comparison ${op}`);
  const anyExpr: Expr = { kind: "name", id: "<item>", span };
  let acc = bool(L, lengths);
  for (let i = Math.min(le.length, re.length) - 1; i >= 0; i--) {
    const a = item(l, le, i);
    const c = item(r, re, i);
    const decided = op === "==" || op === "!=" ? bool(L, op === "!=") : L.compare(op as CmpOp, a, c, anyExpr, anyExpr);
    acc = b.op("select", "i1", [equalValues(L, a, c), acc, decided]);
  }
  return acc;
}

/** `x in container` as an i1. */
export function membership(L: FunctionLowerer, x: Lowered, c: Lowered, span: Expr["span"]): ValueId {
  const { b } = L;
  const keys = c.ty.kind === "dict" ? c.ty.key : c.ty.kind === "list" || c.ty.kind === "vtuple" || c.ty.kind === "set" ? c.ty.elem : null;
  if (x.ty.kind === "float" && keys && (keys.kind === "int" || keys.kind === "bool")) {
    // CPython finds 2.0 among ints (2.0 == 2, equal hashes): look for the int
    // it equals, if any; 2.5, nan and 1e300 are in no container of ints.
    const exact = rt(L, "apc_float_is_int64", "i1", [x.v!]);
    const xi = b.op("ftoi", "i64", [b.op("select", "f64", [exact, x.v!, b.const("f64", 0)])], L.site(span));
    const fits = keys.kind === "bool" ? b.op("band", "i1", [exact, b.op("band", "i1", [b.cmp("icmp", "ge", xi, b.const("i64", 0n)), b.cmp("icmp", "le", xi, b.const("i64", 1n))])]) : exact;
    const asKey: Lowered = keys.kind === "bool" ? { v: b.cmp("icmp", "ne", xi, b.const("i64", 0n)), ty: T.bool } : { v: xi, ty: T.int };
    return b.op("band", "i1", [fits, membership(L, asKey, c, span)]);
  }
  switch (c.ty.kind) {
    case "str": {
      const hay = b.constValue(c.v!);
      if (typeof hay === "string") return findInConst(L, "in", hay, c.v!, x.v!, span);
      return rt(L, "apc_str_contains", "i1", [c.v!, x.v!]);
    }
    case "list":
    case "vtuple":
      return rt(L, "apc_list_contains", "i1", [c.v!, toSlot(L, coerce(L, x, c.ty.elem))]);
    case "set":
      return rt(L, "apc_set_contains", "i1", [c.v!, toSlot(L, coerce(L, x, c.ty.elem))], span);
    case "dict":
      return rt(L, "apc_dict_contains", "i1", [c.v!, toSlot(L, coerce(L, x, c.ty.key))], span);
    case "dictview":
      if (c.ty.view === "keys") return rt(L, "apc_dict_contains", "i1", [c.v!, toSlot(L, coerce(L, x, c.ty.key))], span);
      if (c.ty.view === "values") return rt(L, "apc_dict_values_contains", "i1", [c.v!, toSlot(L, coerce(L, x, c.ty.value))]);
      return rt(L, "apc_dict_items_contains", "i1", [c.v!, x.v!], span);
    case "tuple": {
      let acc = bool(L, false);
      c.ty.elems.forEach((t, i) => {
        const el = fromSlot(L, b.op("tupleget", "i64", [c.v!, int(L, BigInt(i))]), t);
        acc = b.op("bor", "i1", [acc, equalValues(L, x, el)]);
      });
      return acc;
    }
    default:
      throw new Error(`internal: 'in' ${c.ty.kind}`);
  }
}

/** x == y for any two values apc can compare. */
export function equalValues(L: FunctionLowerer, x: Lowered, y: Lowered): ValueId {
  const num = (t: Ty) => t.kind === "int" || t.kind === "float" || t.kind === "bool";
  if (num(x.ty) && num(y.ty)) {
    if (x.ty.kind === "float" || y.ty.kind === "float") return L.b.cmp("fcmp", "eq", L.toFloat(x), L.toFloat(y));
    return L.b.cmp("icmp", "eq", L.toInt(x), L.toInt(y));
  }
  return compareValues(L, "==", x, y);
}

/** A number as the element type of a container it is searched in (`1 in
 *  floats` looks for 1.0, which compares equal). */
function coerce(L: FunctionLowerer, x: Lowered, to: Ty): Lowered {
  if (to.kind === "float" && x.ty.kind !== "float") return { v: L.toFloat(x), ty: T.float };
  if (to.kind === "int" && x.ty.kind === "bool") return { v: L.toInt(x), ty: T.int };
  return x;
}

// ---- strings ------------------------------------------------------------------

/** str(x) */
export function toStr(L: FunctionLowerer, x: Lowered): ValueId {
  if (x.ty.kind === "str") return x.v!;
  if (x.ty.kind === "int") return rt(L, "apc_str_from_int", "str", [x.v!]);
  if (x.ty.kind === "float") return toStrFloat(L, x);
  if (x.ty.kind === "bool") return rt(L, "apc_str_from_bool", "str", [x.v!]);
  if (x.ty.kind === "none") return L.b.const("str", "None");
  return rt(L, "apc_value_str", "str", [toSlot(L, x), desc(L, x.ty)]);
}

/** str() of a float, or "0" where it stands for CPython's int 0. */
export function toStrFloat(L: FunctionLowerer, x: Lowered): ValueId {
  const s = rt(L, "apc_str_from_float", "str", [x.v!]);
  return x.intZeroIf ? L.b.op("select", "str", [x.intZeroIf, L.b.const("str", "0"), s]) : s;
}

export function toRepr(L: FunctionLowerer, x: Lowered): ValueId {
  if (x.ty.kind === "int" || x.ty.kind === "float" || x.ty.kind === "bool" || x.ty.kind === "none") return toStr(L, x);
  return rt(L, "apc_value_repr", "str", [toSlot(L, x), desc(L, x.ty)]);
}

// fstring: f'text{value!conversion:spec}...'
export function lowerFString(L: FunctionLowerer, e: Extract<Expr, { kind: "fstring" }>): Lowered {
  return { v: buildString(L, e.parts, e.span), ty: T.str };
}

/** `values` holds expressions already evaluated (str.format's arguments). */
function buildString(L: FunctionLowerer, parts: FStringPart[], span: Expr["span"], values?: Map<Expr, Lowered>): ValueId {
  let acc: ValueId | null = null;
  const add = (s: ValueId) => (acc = acc === null ? s : rt(L, "apc_str_concat", "str", [acc, s]));
  for (const p of parts) {
    if (p.kind === "text") {
      if (p.value) add(L.b.const("str", p.value));
      continue;
    }
    const x = values?.get(p.value) ?? L.expr(p.value);
    let s: ValueId;
    // A conversion makes a str, and the spec then applies to it: f"{s!r:>8}".
    const conv: Lowered | null =
      p.conversion === "r" ? { v: toRepr(L, x), ty: T.str }
      : p.conversion === "a" ? { v: rt(L, "apc_str_ascii", "str", [toRepr(L, x)]), ty: T.str }
      : p.conversion === "s" ? { v: toStr(L, x), ty: T.str }
      : null;
    add(p.spec && p.spec.length ? formatValue(L, conv ?? x, buildString(L, p.spec, span, values), p.span) : conv ? conv.v! : toStr(L, x));
  }
  return acc ?? L.b.const("str", "");
}

/** format(x, spec) for an int, bool, float or str x (anything else: str(x), spec unused). */
export function formatValue(L: FunctionLowerer, x: Lowered, spec: ValueId, span: Expr["span"]): ValueId {
  switch (x.ty.kind) {
    case "float":
      return rt(L, "apc_format_float", "str", [x.v!, spec], span);
    case "bool":
      return rt(L, "apc_format_bool", "str", [x.v!, spec], span);
    case "int":
      return rt(L, "apc_format_int", "str", [x.v!, spec], span);
    default:
      return rt(L, "apc_format_str", "str", [toStr(L, x), spec], span);
  }
}

// ---- methods --------------------------------------------------------------------

export function lowerMethodCall(L: FunctionLowerer, e: Call, ty: Ty): Lowered {
  const func = e.func as Extract<Expr, { kind: "attribute" }>;
  const recvTy = L.tyOf(func.value);
  const recv = L.expr(func.value);
  const args = e.args.map((a) => L.expr(a));
  const r = recv.v!;
  const s = (i: number) => args[i]!.v!;
  const slotOf = (i: number, elem: Ty) => toSlot(L, coerce(L, args[i]!, elem));
  const out = (v: ValueId): Lowered => (ty.kind === "none" ? { v: null, ty } : { v, ty });
  const name = func.attr;
  switch (recvTy.kind) {
    case "str":
      switch (name) {
        case "split": {
          const sa = splitArgs(e) as { sep: Expr | null; maxsplit: Expr | null };
          // Positional arguments are already evaluated; keywords are evaluated here, in call order.
          const val = (x: Expr) => args[e.args.indexOf(x)] ?? L.expr(x);
          const sep = sa.sep && val(sa.sep);
          const max = sa.maxsplit ? L.toInt(val(sa.maxsplit)) : int(L, -1n);
          if (!sep || sep.ty.kind === "none") return out(rt(L, "apc_str_splitn_ws", "ptr", [r, max, desc(L, ty)]));
          return out(rt(L, "apc_str_splitn", "ptr", [r, sep.v!, max, desc(L, ty)], e.span));
        }
        case "join":
          return out(rt(L, "apc_str_join", "str", [r, materializeList(L, e.args[0]!, args[0]!)], e.span));
        case "strip":
        case "lstrip":
        case "rstrip": {
          const which = int(L, name === "strip" ? 0n : name === "lstrip" ? 1n : 2n);
          if (!args.length || args[0]!.ty.kind === "none") return out(rt(L, "apc_str_strip_ws", "str", [r, which]));
          return out(rt(L, "apc_str_strip", "str", [r, s(0), which]));
        }
        case "replace":
          return out(rt(L, "apc_str_replace", "str", [r, s(0), s(1), args[2] ? L.toInt(args[2]) : int(L, -1n)]));
        case "find":
        case "count":
        case "index":
        case "startswith":
        case "endswith": {
          const res = name.endsWith("with") ? "i1" : "i64";
          const hay = L.b.constValue(r);
          if (args.length === 1 && typeof hay === "string" && (name === "find" || name === "index")) return out(findInConst(L, name, hay, r, s(0), e.span));
          if (args.length === 1) return out(rt(L, `apc_str_${name}`, res, [r, s(0)], name === "index" ? e.span : undefined));
          const range = [L.toInt(args[1]!), args[2] ? L.toInt(args[2]) : int(L, 0n), bool(L, args.length > 2)];
          return out(rt(L, `apc_str_${name}_in`, res, [r, s(0), ...range], name === "index" ? e.span : undefined));
        }
        case "upper":
        case "lower":
        case "capitalize":
          return out(rt(L, `apc_str_${name}`, "str", [r]));
        case "isdigit":
        case "isalpha":
        case "isspace":
          return out(rt(L, `apc_str_${name}`, "i1", [r]));
        case "format": {
          const fmt = strFormatCall(func.value, e.args, e.keywords, e.span);
          if (!fmt.ok) throw new Error(`internal: str.format refused late: ${fmt.message}`);
          const values = new Map<Expr, Lowered>(e.args.map((a, i) => [a, args[i]!]));
          for (const k of e.keywords) values.set(k.value, L.expr(k.value));
          return out(buildString(L, fmt.parts, e.span, values));
        }
        default:
          break;
      }
      break;
    case "list": {
      const el = recvTy.elem;
      switch (name) {
        case "append":
          rt(L, "apc_list_append", "void", [r, slotOf(0, el)]);
          return out(r);
        case "insert":
          rt(L, "apc_list_insert", "void", [r, L.toInt(args[0]!), slotOf(1, el)]);
          return out(r);
        case "extend":
          rt(L, "apc_list_extend", "void", [r, materializeList(L, e.args[0]!, args[0]!)]);
          return out(r);
        case "pop":
          return fromSlot(L, rt(L, "apc_list_pop", "i64", [r, args.length ? L.toInt(args[0]!) : int(L, -1n)], e.span), ty);
        case "remove":
          rt(L, "apc_list_remove", "void", [r, slotOf(0, el)], e.span);
          return out(r);
        case "index":
          return out(rt(L, "apc_list_index", "i64", [r, slotOf(0, el)], e.span));
        case "count":
          return out(rt(L, "apc_list_count", "i64", [r, slotOf(0, el)]));
        case "reverse":
          rt(L, "apc_list_reverse", "void", [r]);
          return out(r);
        case "clear":
          rt(L, "apc_list_del_slice", "void", [r, int(L, 0n), int(L, 0n), int(L, 1n), bool(L, false), bool(L, false)], e.span);
          return out(r);
        case "copy":
          return out(rt(L, "apc_list_copy", "ptr", [r]));
        case "sort": {
          const rev = e.keywords.find((k) => k.name === "reverse");
          const key = e.keywords.find((k) => k.name === "key");
          const revV = rev ? L.truth(L.expr(rev.value)) : bool(L, false);
          if (key) rt(L, "apc_list_sort_by_keys", "void", [r, keysOf(L, recv, key.value), revV], e.span);
          else rt(L, "apc_list_sort", "void", [r, revV], e.span);
          return out(r);
        }
        default:
          break;
      }
      break;
    }
    case "vtuple":
      switch (name) {
        case "index":
          return out(rt(L, "apc_vtuple_index", "i64", [r, slotOf(0, recvTy.elem)], e.span));
        case "count":
          return out(rt(L, "apc_list_count", "i64", [r, slotOf(0, recvTy.elem)]));
        default:
          break;
      }
      break;
    case "dict": {
      const k = (i: number) => slotOf(i, recvTy.key);
      const v = (i: number) => slotOf(i, recvTy.value);
      switch (name) {
        case "get":
          return fromSlot(L, rt(L, "apc_dict_get_default", "i64", [r, k(0), v(1)], e.span), ty);
        case "setdefault":
          return fromSlot(L, rt(L, "apc_dict_setdefault", "i64", [r, k(0), v(1)], e.span), ty);
        case "pop":
          if (args.length === 2) return fromSlot(L, rt(L, "apc_dict_pop_default", "i64", [r, k(0), v(1)], e.span), ty);
          return fromSlot(L, rt(L, "apc_dict_pop", "i64", [r, k(0)], e.span), ty);
        case "popitem":
          return out(rt(L, "apc_dict_popitem", "ptr", [r, desc(L, ty)], e.span));
        case "update":
          rt(L, "apc_dict_update", "void", [r, s(0)], e.span);
          return out(r);
        case "copy":
          return out(rt(L, "apc_dict_copy", "ptr", [r]));
        case "clear":
          rt(L, "apc_dict_clear", "void", [r]);
          return out(r);
        case "keys":
        case "values":
        case "items":
          return out(r); // a view is its dict
        default:
          break;
      }
      break;
    }
    case "set":
      switch (name) {
        case "add":
        case "remove":
        case "discard":
          rt(L, `apc_set_${name}`, "void", [r, slotOf(0, recvTy.elem)], e.span);
          return out(r);
        case "copy":
          return out(rt(L, "apc_set_union", "ptr", [r, r], e.span));
        default:
          break;
      }
      break;
    default:
      break;
  }
  throw new Error(`internal: method ${recvTy.kind}.${name}`);
}

/** The values of an iterable as a list (a list is itself; anything else is
 *  collected by iterating). */
export function materializeList(L: FunctionLowerer, iterE: Expr, already: Lowered | null): ValueId {
  if (already && already.ty.kind === "list") return already.v!;
  const elem = L.elemTyOf(iterE);
  const listTy = T.list(elem);
  if (already && already.ty.kind === "vtuple") return rt(L, "apc_list_copy_as", "ptr", [already.v!, desc(L, listTy)]);
  const out = rt(L, "apc_list_new", "ptr", [desc(L, listTy), int(L, 0n)]);
  forEachElement(L, iterE, (x) => {
    rt(L, "apc_list_append", "void", [out, toSlot(L, x)]);
  }, already);
  return out;
}

/** Keys of a list for sort(key=lambda x: ...) or sort(key=f): one key per element. */
function keysOf(L: FunctionLowerer, list: Lowered, key: Expr): ValueId {
  const lam = keyAsLambda(key);
  const keyTy = L.tyOf(lam);
  const keys = rt(L, "apc_list_new", "ptr", [desc(L, T.list(keyTy)), int(L, 0n)]);
  const elem = (list.ty as Extract<Ty, { kind: "list" }>).elem;
  L.iterateList(list.v!, elem, (x) => {
    rt(L, "apc_list_append", "void", [keys, toSlot(L, L.applyLambda(lam, x))]);
  });
  return keys;
}

export { keysOf };
export type { Call };
