// Lowering of statements: assignment (names, tuples, subscripts), augmented
// assignment, if/while/for with else, break/continue, return, assert, del,
// and the def statement's default values. Owns Python's statement semantics
// in IR terms (evaluate the right side first, loop/else shapes); expressions
// are FunctionLowerer's (lower.ts).

import type { Expr, Stmt } from "../frontend/ast.js";
import { assertNever } from "../frontend/ast.js";
import { defaultGlobal } from "../frontend/infer.js";
import { foldConst } from "../frontend/fold.js";
import { tyEq, type Ty } from "../frontend/types.js";
import type { FunctionLowerer, Lowered } from "./lower.js";
import { augmentSubscript, fromSlot, listOp, lowerDel, storeSubscript, strIndex } from "./lower-containers.js";
import { emitLoop, openSource } from "./lower-iter.js";

export function lowerStmt(L: FunctionLowerer, s: Stmt): void {
  const { b } = L;
  switch (s.kind) {
    case "expr":
      if (s.value.kind !== "str") L.expr(s.value);
      return;
    case "assign": {
      const literal = s.targets.length === 1 && (s.targets[0]!.kind === "tuple" || s.targets[0]!.kind === "list") && (s.value.kind === "tuple" || (s.value.kind === "list" && s.targets[0]!.kind !== "list"));
      if (literal) {
        // a, b = b, a % b: every value first, then the targets left to right.
        const vals = (s.value as Extract<Expr, { kind: "tuple" }>).elts.map((e) => L.expr(e));
        assignParts(L, s.targets[0]!, vals);
        return;
      }
      const v = L.expr(s.value);
      for (const t of s.targets) assignTarget(L, t, v);
      return;
    }
    case "augassign": {
      if (s.target.kind === "subscript") {
        augmentSubscript(L, s.target, s.op, s.value, s.span);
        return;
      }
      const target = s.target as Extract<Expr, { kind: "name" }>;
      const cur = L.expr(target);
      const val = L.expr(s.value);
      // `xs += ys` and `s |= t` change the object in place, as CPython's
      // list_inplace_concat and set_ior/iand/isub/ixor: aliases see the
      // change, and the set keeps its table (so its order stays CPython's).
      const inPlace =
        cur.ty.kind === "set" && val.ty.kind === "set"
          ? { "|": "apc_set_update", "&": "apc_set_intersection_update", "-": "apc_set_difference_update", "^": "apc_set_symmetric_difference_update" }[s.op as string]
          : cur.ty.kind === "list" && s.op === "+" && tyEq(cur.ty, val.ty)
            ? "apc_list_extend"
            : undefined;
      if (inPlace) {
        b.callrt(inPlace, "void", [cur.v!, val.v!], null);
        return;
      }
      L.assign(target, L.binop(s.op, cur, val, s.span, s.value, cur.ty));
      return;
    }
    case "annassign":
      if (s.value) assignTarget(L, s.target, L.expr(s.value));
      return;
    case "if": {
      const then = b.newBlock("if.then");
      const els = b.newBlock("if.else");
      const exit = b.newBlock("if.end");
      L.cond(s.test, then, els);
      b.seal(then);
      b.seal(els);
      b.setBlock(then);
      L.block(s.body);
      b.jump(exit);
      b.setBlock(els);
      L.block(s.orelse);
      b.jump(exit);
      b.seal(exit);
      b.setBlock(exit);
      return;
    }
    case "while": {
      const head = b.newBlock("while.cond");
      const body = b.newBlock("while.body");
      const els = b.newBlock("while.else");
      const exit = b.newBlock("while.end");
      b.jump(head);
      b.setBlock(head);
      L.cond(s.test, body, els);
      b.seal(body);
      b.seal(els);
      b.setBlock(body);
      L.loops.push({ breakTo: exit, continueTo: head });
      L.block(s.body);
      L.loops.pop();
      b.jump(head);
      b.seal(head);
      b.setBlock(els);
      L.block(s.orelse);
      b.jump(exit);
      b.seal(exit);
      b.setBlock(exit);
      return;
    }
    case "for": {
      // for_stmt: 'for' target 'in' iterable ':' block ['else' ':' block]
      const src = openSource(L, s.iter);
      emitLoop(
        L,
        src,
        (blocks) => {
          const t = s.target;
          if ((t.kind === "tuple" || t.kind === "list") && src.parts) assignParts(L, t, src.parts());
          else assignTarget(L, t, src.current());
          L.loops.push({ breakTo: blocks.exit, continueTo: blocks.latch });
          L.block(s.body);
          L.loops.pop();
        },
        () => L.block(s.orelse),
      );
      return;
    }
    case "break":
      b.jump(L.loops[L.loops.length - 1]!.breakTo);
      return;
    case "continue":
      b.jump(L.loops[L.loops.length - 1]!.continueTo);
      return;
    case "return": {
      const v = s.value ? L.expr(s.value).v : null;
      b.terminate({ kind: "ret", value: b.fn.ret === "void" ? null : v });
      return;
    }
    case "assert": {
      const ok = b.newBlock("assert.ok");
      const fail = b.newBlock("assert.fail");
      L.cond(s.test, ok, fail);
      b.seal(ok);
      b.seal(fail);
      b.setBlock(fail);
      const m = s.msg ? L.toStr(L.expr(s.msg)) : null;
      b.terminate({ kind: "raise", exc: "AssertionError", message: null, messageValue: m, site: L.site(s.span) });
      b.setBlock(ok);
      return;
    }
    case "del":
      for (const t of s.targets) lowerDel(L, t as Extract<Expr, { kind: "subscript" }>);
      return;
    case "pass":
    case "global":
    case "import":
    case "importfrom":
      return;
    case "funcdef":
      // Non-constant defaults are evaluated once, when the def runs.
      for (const p of s.def.params) {
        if (!p.default || foldConst(p.default)) continue;
        const scope = L.spec.scope.nested.get(s.def.name)!;
        const v = L.expr(p.default);
        if (v.v !== null) b.gstore(defaultGlobal(scope, p), v.v);
      }
      return;
    case "nonlocal":
    case "classdef":
    case "raise":
    case "try":
    case "unsupported":
      throw new Error(`internal: ${s.kind} reached lowering`);
    default:
      assertNever(s, "statement");
  }
}

/** Assign one value to a target: a name, a subscript, or a tuple/list
 *  pattern unpacked from a tuple or list value. */
export function assignTarget(L: FunctionLowerer, t: Expr, v: Lowered): void {
  if (t.kind === "name") {
    L.assign(t, v);
    return;
  }
  if (t.kind === "subscript") {
    storeSubscript(L, t, v);
    return;
  }
  if (t.kind === "tuple" || t.kind === "list") {
    assignParts(L, t, unpack(L, v, t.elts.length, t));
    return;
  }
  throw new Error(`internal: assignment to ${t.kind}`);
}

function assignParts(L: FunctionLowerer, t: Expr, vals: Lowered[]): void {
  if (t.kind === "tuple" || t.kind === "list") {
    t.elts.forEach((e, i) => assignTarget(L, e, vals[i]!));
    return;
  }
  assignTarget(L, t, vals[0]!);
}

/** The n values of a tuple or list being unpacked; the length of a list or
 *  tuple[T, ...] is checked with CPython's ValueError messages. */
export function unpack(L: FunctionLowerer, v: Lowered, n: number, t: Expr): Lowered[] {
  const { b } = L;
  if (v.ty.kind === "tuple") {
    const ty = v.ty;
    return ty.elems.map((et, i) => fromSlot(L, b.op("tupleget", "i64", [v.v!, b.const("i64", BigInt(i))]), et));
  }
  const isStr = v.ty.kind === "str"; // `a, b = "xy"`: one-character strings
  const elem: Ty = v.ty.kind === "list" || v.ty.kind === "vtuple" ? v.ty.elem : v.ty;
  const len = isStr ? b.callrt("apc_str_len", "i64", [v.v!], null) : b.op("listlen", "i64", [v.v!]);
  L.raiseUnless(b.cmp("icmp", "le", len, b.const("i64", BigInt(n))), "ValueError", `too many values to unpack (expected ${n})`, t.span);
  const enough = b.cmp("icmp", "ge", len, b.const("i64", BigInt(n)));
  // CPython's message names how many it got: build it only on the failing path.
  const ok = b.newBlock("unpack.ok");
  const short = b.newBlock("unpack.short");
  b.branch(enough, ok, short);
  b.seal(ok);
  b.seal(short);
  b.setBlock(short);
  const got = L.toStr({ v: len, ty: { kind: "int" } });
  const msg = b.callrt("apc_str_concat", "str", [b.callrt("apc_str_concat", "str", [b.const("str", `not enough values to unpack (expected ${n}, got `), got], null), b.const("str", ")")], null);
  b.terminate({ kind: "raise", exc: "ValueError", message: null, messageValue: msg, site: L.site(t.span) });
  b.setBlock(ok);
  if (isStr) return Array.from({ length: n }, (_, i) => ({ v: strIndex(L, v.v!, b.const("i64", BigInt(i)), t.span), ty: v.ty }));
  return Array.from({ length: n }, (_, i) => fromSlot(L, b.op(listOp(elem, "get"), "i64", [v.v!, b.const("i64", BigInt(i))], L.site(t.span)), elem));
}
