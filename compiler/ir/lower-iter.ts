// Iteration: every `for` loop and comprehension walks a LoopSource — range,
// list, str, tuple, dict (keys, values, items), set, enumerate, zip,
// reversed — whose state lives in SSA variables, so loops over ranges and
// lists become counted loops with direct loads. Owns the loop shapes; what
// the body does is the caller's.

import { enumerateStart, type Expr } from "../frontend/ast.js";
import { T, type Ty } from "../frontend/types.js";
import type { Block, ValueId } from "./ir.js";
import type { FunctionLowerer, Lowered } from "./lower.js";
import { constantFrozenset, desc, fromSlot, isConstantSetDisplay, newTuple, materializeList, listOp, strIndex } from "./lower-containers.js";

export interface LoopSource {
  /** In the loop header: is there a next element? */
  test(): ValueId;
  /** At the top of the body: the element. */
  current(): Lowered;
  /** The element split into its fields, when a tuple target can take them
   *  without building the tuple (`for k, v in d.items()`). */
  parts?(): Lowered[];
  /** In the latch: step to the next element. */
  advance(): void;
}

/** Evaluate the iterable (in the current block) and return its source. */
export function openSource(L: FunctionLowerer, iterE: Expr, already: Lowered | null = null): LoopSource {
  const { b } = L;
  const i64 = (v: bigint) => b.const("i64", v);
  if (!already && iterE.kind === "comprehension" && iterE.form === "generator") return L.generatorSource(iterE);
  // `for x in {1, 2, 3}` iterates CPython's frozenset constant itself.
  if (!already && isConstantSetDisplay(iterE)) {
    const ty = L.tyOf(iterE);
    return setSource(L, { v: constantFrozenset(L, iterE, ty), ty });
  }
  if (!already && iterE.kind === "call" && iterE.func.kind === "name") {
    const target = L.spec.calls.get(iterE);
    const name = target?.kind === "lib" ? target.name : null;
    if (name === "range") return rangeSource(L, iterE);
    if (name === "enumerate") {
      const inner = openSource(L, iterE.args[0]!);
      const counter = L.tempVar("i64");
      const start = enumerateStart(iterE);
      b.writeVar(counter, start ? L.toInt(L.expr(start)) : i64(0n));
      const parts = () => [{ v: b.readVar(counter), ty: T.int }, inner.current()];
      return {
        test: () => inner.test(),
        current: () => newTuple(L, parts(), L.elemTyOf(iterE)),
        parts,
        advance: () => {
          inner.advance();
          b.writeVar(counter, b.op("iadd", "i64", [b.readVar(counter), i64(1n)], L.site(iterE.span)));
        },
      };
    }
    if (name === "zip") {
      const inners = iterE.args.map((a) => openSource(L, a));
      const parts = () => inners.map((s) => s.current());
      return {
        test: () => zipTest(L, inners),
        current: () => newTuple(L, parts(), L.elemTyOf(iterE)),
        parts,
        advance: () => inners.forEach((s) => s.advance()),
      };
    }
    if (name === "reversed") {
      const arg = iterE.args[0]!;
      const argTarget = arg.kind === "call" ? L.spec.calls.get(arg) : undefined;
      if (argTarget?.kind === "lib" && argTarget.name === "range") return rangeSource(L, arg as Extract<Expr, { kind: "call" }>, true);
      const seq = L.expr(arg);
      return indexedSource(L, seq, true);
    }
  }
  if (!already && iterE.kind === "call" && iterE.func.kind === "attribute" && L.spec.calls.get(iterE)?.kind === "method") {
    const recvTy = L.tyOf(iterE.func.value);
    const m = iterE.func.attr;
    if (recvTy.kind === "dict" && (m === "items" || m === "keys" || m === "values")) {
      return dictSource(L, L.expr(iterE.func.value), recvTy, m);
    }
  }
  const v = already ?? L.expr(iterE);
  switch (v.ty.kind) {
    case "list":
    case "vtuple":
    case "str":
    case "tuple":
      return indexedSource(L, v, false);
    case "dict":
      return dictSource(L, v, v.ty, "keys");
    case "dictview":
      return dictSource(L, v, T.dict(v.ty.key, v.ty.value) as Extract<Ty, { kind: "dict" }>, v.ty.view);
    case "set":
      return setSource(L, v);
    default:
      throw new Error(`internal: iteration over ${v.ty.kind}`);
  }
}

/** zip's test, as CPython's zip: each iterable in turn, stopping at the
 *  first that has run out (a generator after it is not pulled). */
function zipTest(L: FunctionLowerer, inners: LoopSource[]): ValueId {
  const { b } = L;
  if (!inners.length) return b.const("i1", false); // zip() is empty
  const more = L.tempVar("i1");
  const join = b.newBlock("zip.join");
  inners.forEach((s, i) => {
    const t = s.test();
    if (i === inners.length - 1) {
      b.writeVar(more, t);
      b.jump(join);
      return;
    }
    const next = b.newBlock("zip.next");
    const stop = b.newBlock("zip.stop");
    b.branch(t, next, stop);
    b.seal(next);
    b.seal(stop);
    b.setBlock(stop);
    b.writeVar(more, b.const("i1", false));
    b.jump(join);
    b.setBlock(next);
  });
  b.seal(join);
  b.setBlock(join);
  return b.readVar(more);
}

/** A value computed when a source opens, read back through an SSA variable
 *  where the loop uses it: a generator expression opens its inner sources
 *  inside its own state machine, whose resume path the opening block does
 *  not dominate. Loop-invariant, the variable folds back to the value. */
function held(L: FunctionLowerer, v: ValueId): () => ValueId {
  const name = L.tempVar(L.b.tyOf(v));
  L.b.writeVar(name, v);
  return () => L.b.readVar(name);
}

// range(start, stop, step): the trip count is computed first, as CPython's
// range does, so a huge step never wraps the induction variable.
function rangeSource(L: FunctionLowerer, call: Extract<Expr, { kind: "call" }>, reversed = false): LoopSource {
  const { b } = L;
  const i64 = (v: bigint) => b.const("i64", v);
  const args = call.args.map((a) => L.toInt(L.expr(a)));
  const [start, stop, step] =
    args.length === 1 ? [i64(0n), args[0]!, i64(1n)] : args.length === 2 ? [args[0]!, args[1]!, i64(1n)] : [args[0]!, args[1]!, args[2]!];
  const bounds = { start: held(L, start), stop: held(L, stop) };
  const count = b.op("irangelen", "i64", [start, stop, step], L.site(call.span));
  const k = L.tempVar("i64");
  const i = L.tempVar("i64");
  b.writeVar(k, count);
  let delta = step;
  if (reversed) {
    // last = start + (count - 1) * step, walking back by step.
    const last = b.op("iaddwrap", "i64", [start, b.op("imul", "i64", [b.op("iaddwrap", "i64", [count, i64(-1n)]), step], L.site(call.span))]);
    b.writeVar(i, last);
    delta = b.op("ineg", "i64", [step], L.site(call.span));
  } else b.writeVar(i, start);
  const step_ = held(L, delta);
  return {
    test: () => b.cmp("icmp", "gt", b.readVar(k), i64(0n)),
    current: () => {
      const v = b.readVar(i);
      // With step 1 (either direction): start <= i < stop, here at the top of
      // the body (i itself is read nowhere else but in advance(), which
      // passes/int-ranges relies on: it gives i this range everywhere).
      if (L.opts.rangeFacts && args.length < 3) {
        b.op("assume", "void", [b.cmp("icmp", "ge", v, bounds.start())]);
        b.op("assume", "void", [b.cmp("icmp", "lt", v, bounds.stop())]);
      }
      return { v, ty: T.int };
    },
    advance: () => {
      b.writeVar(k, b.op("iaddwrap", "i64", [b.readVar(k), i64(-1n)]));
      b.writeVar(i, b.op("iaddwrap", "i64", [b.readVar(i), step_()]));
    },
  };
}

/** list, str and tuples by index. A list's length is read at every test, so
 *  appending while iterating behaves as in CPython. */
function indexedSource(L: FunctionLowerer, opened: Lowered, reversed: boolean): LoopSource {
  const { b } = L;
  const i64 = (v: bigint) => b.const("i64", v);
  const ty = opened.ty;
  const object = held(L, opened.v!);
  const len = (): ValueId =>
    ty.kind === "list" || ty.kind === "vtuple" ? b.op("listlen", "i64", [object()]) : ty.kind === "tuple" ? i64(BigInt(ty.elems.length)) : L.b.callrt("apc_str_len", "i64", [object()], null);
  const strLen = ty.kind === "str" ? held(L, len()) : null;
  const i = L.tempVar("i64");
  b.writeVar(i, reversed ? b.op("iaddwrap", "i64", [len(), i64(-1n)]) : i64(0n));
  const elemTy: Ty = ty.kind === "list" || ty.kind === "vtuple" ? ty.elem : ty.kind === "str" ? T.str : ty.kind === "tuple" ? (ty.elems[0] ?? T.unknown) : T.unknown;
  return {
    test: () => {
      const idx = b.readVar(i);
      if (reversed) return b.op("band", "i1", [b.cmp("icmp", "ge", idx, i64(0n)), b.cmp("icmp", "lt", idx, len())]);
      return b.cmp("icmp", "lt", idx, strLen ? strLen() : len());
    },
    current: () => {
      const idx = b.readVar(i);
      if (ty.kind === "list" || ty.kind === "vtuple") return fromSlot(L, b.op(listOp(elemTy, "get"), "i64", [object(), idx], L.site(L.currentSpan)), elemTy);
      if (ty.kind === "tuple") return fromSlot(L, b.op("tupleget", "i64", [object(), idx]), elemTy);
      return { v: strIndex(L, object(), idx, L.currentSpan), ty: T.str };
    },
    advance: () => b.writeVar(i, b.op("iaddwrap", "i64", [b.readVar(i), i64(reversed ? -1n : 1n)])),
  };
}

/** A dict's entries in insertion order; changing its size while iterating
 *  raises RuntimeError, as CPython does. */
function dictSource(L: FunctionLowerer, d: Lowered, ty: Extract<Ty, { kind: "dict" }>, what: "keys" | "values" | "items"): LoopSource {
  const { b } = L;
  const site = L.site(L.currentSpan);
  const dict = held(L, d.v!);
  const size = held(L, b.callrt("apc_dict_len", "i64", [dict()], null));
  const pos = L.tempVar("i64");
  b.writeVar(pos, b.callrt("apc_dict_next_index", "i64", [dict(), b.const("i64", 0n), size()], site));
  const key = () => fromSlot(L, b.callrt("apc_dict_key_at", "i64", [dict(), b.readVar(pos)], null), ty.key);
  const value = () => fromSlot(L, b.callrt("apc_dict_value_at", "i64", [dict(), b.readVar(pos)], null), ty.value);
  const parts = () => [key(), value()];
  return {
    test: () => b.cmp("icmp", "ge", b.readVar(pos), b.const("i64", 0n)),
    current: () => (what === "keys" ? key() : what === "values" ? value() : newTuple(L, parts(), T.tuple([ty.key, ty.value]))),
    parts: what === "items" ? parts : undefined,
    advance: () => {
      const next = b.op("iaddwrap", "i64", [b.readVar(pos), b.const("i64", 1n)]);
      b.writeVar(pos, b.callrt("apc_dict_next_index", "i64", [dict(), next, size()], site));
    },
  };
}

function setSource(L: FunctionLowerer, s: Lowered): LoopSource {
  const { b } = L;
  const ty = s.ty as Extract<Ty, { kind: "set" }>;
  const site = L.site(L.currentSpan);
  const set = held(L, s.v!);
  const size = held(L, b.callrt("apc_set_len", "i64", [set()], null));
  const pos = L.tempVar("i64");
  b.writeVar(pos, b.callrt("apc_set_next_index", "i64", [set(), b.const("i64", 0n), size()], site));
  return {
    test: () => b.cmp("icmp", "ge", b.readVar(pos), b.const("i64", 0n)),
    current: () => fromSlot(L, b.callrt("apc_set_value_at", "i64", [set(), b.readVar(pos)], null), ty.elem),
    advance: () => {
      const next = b.op("iaddwrap", "i64", [b.readVar(pos), b.const("i64", 1n)]);
      b.writeVar(pos, b.callrt("apc_set_next_index", "i64", [set(), next, size()], site));
    },
  };
}

export interface LoopBlocks {
  readonly body: Block;
  readonly latch: Block;
  readonly exit: Block;
  readonly orelse: Block;
}

/** The loop skeleton around a source: header (test), body, latch (advance),
 *  else (the source ran out), exit. `body` runs in the body block with the
 *  source's element; the caller emits its statements there. */
export function emitLoop(L: FunctionLowerer, src: LoopSource, body: (blocks: LoopBlocks) => void, orelse: () => void = () => {}): void {
  const { b } = L;
  const head = b.newBlock("for.cond");
  const blocks: LoopBlocks = { body: b.newBlock("for.body"), latch: b.newBlock("for.next"), orelse: b.newBlock("for.else"), exit: b.newBlock("for.end") };
  b.jump(head);
  b.setBlock(head);
  b.branch(src.test(), blocks.body, blocks.orelse);
  b.seal(blocks.body);
  b.seal(blocks.orelse);
  b.setBlock(blocks.body);
  body(blocks);
  b.jump(blocks.latch);
  b.seal(blocks.latch);
  b.setBlock(blocks.latch);
  src.advance();
  b.jump(head);
  b.seal(head);
  b.setBlock(blocks.orelse);
  orelse();
  b.jump(blocks.exit);
  b.seal(blocks.exit);
  b.setBlock(blocks.exit);
}

/** Run `body` on every element of the iterable (no break/continue). */
export function forEachElement(L: FunctionLowerer, iterE: Expr, body: (x: Lowered) => void, already: Lowered | null = null): void {
  if (!already && iterE.kind === "comprehension") {
    // A generator expression consumed here: run it in place, no list built.
    L.runComprehension(iterE, body);
    return;
  }
  const src = openSource(L, iterE, already);
  emitLoop(L, src, () => body(src.current()));
}

export { desc, materializeList };
