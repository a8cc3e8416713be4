// LLVM code for the arithmetic and conversion ops of the IR. Owns the exact
// Python semantics at machine level: overflow checks through
// llvm.s{add,sub,mul}.with.overflow (an apc int never wraps silently),
// floor division/modulo toward negative infinity, exact int-vs-float
// comparison, range trip counts, and the error each op raises with
// CPython's message. Calls back into LlvmEmitter for raise blocks.

import llvm from "llvm-bindings";
import type { Inst } from "../ir/ir.js";
import type { LlvmEmitter } from "./llvm.js";

const OVERFLOW = "int too large for apc's 64-bit int";

export function emitCheckedOp(E: LlvmEmitter, inst: Inst, args: llvm.Value[]): llvm.Value | null {
  const b = E.b;
  const [x, y, z] = args as [llvm.Value, llvm.Value, llvm.Value];
  const i64 = (n: number) => llvm.ConstantInt.get(E.i64, n, true);
  const f64 = (n: number) => llvm.ConstantFP.get(E.f64, n);
  const site = inst.site!;
  const I = llvm.Intrinsic;
  const overflowing = (id: number) => {
    const pair = E.intrinsic(id, [E.i64], [x, y]);
    E.raiseIf(b.CreateExtractValue(pair, [1]), "OverflowError", OVERFLOW, site);
    return b.CreateExtractValue(pair, [0]);
  };
  const rt = (name: string, ret: llvm.Type, params: llvm.Type[], vals: llvm.Value[]) =>
    b.CreateCall(E.runtime(name, ret, [...params, E.siteTy.getPointerTo()]), [...vals, E.site(site)]);

  // Proven in range (passes/int-ranges, a `narrow=` build): no check, and
  // the "nsw" name becomes the flag (backend/attributes.ts).
  const proven = E.ranges?.cannotOverflow(inst) ?? false;
  if (proven) {
    if (inst.op === "iadd") return b.CreateAdd(x, y, "nsw");
    if (inst.op === "isub") return b.CreateSub(x, y, "nsw");
    if (inst.op === "imul") return b.CreateMul(x, y, "nsw");
    if (inst.op === "ineg") return b.CreateSub(i64(0), x, "nsw");
  }
  switch (inst.op) {
    case "iadd":
      return overflowing(I.sadd_with_overflow);
    case "isub":
      return overflowing(I.ssub_with_overflow);
    case "imul":
      return overflowing(I.smul_with_overflow);
    case "ineg": {
      const pair = E.intrinsic(I.ssub_with_overflow, [E.i64], [i64(0), x]);
      E.raiseIf(b.CreateExtractValue(pair, [1]), "OverflowError", OVERFLOW, site);
      return b.CreateExtractValue(pair, [0]);
    }
    case "iabs": {
      if (!proven) E.raiseIf(b.CreateICmpEQ(x, E.int64(-(1n << 63n))), "OverflowError", OVERFLOW, site);
      return b.CreateSelect(b.CreateICmpSLT(x, i64(0)), b.CreateNeg(x), x);
    }
    case "ifloordiv": {
      E.raiseIf(b.CreateICmpEQ(y, i64(0)), "ZeroDivisionError", "integer division or modulo by zero", site);
      if (!proven) E.raiseIf(b.CreateAnd(b.CreateICmpEQ(x, E.int64(-(1n << 63n))), b.CreateICmpEQ(y, i64(-1))), "OverflowError", OVERFLOW, site);
      const q = b.CreateSDiv(x, y);
      const r = b.CreateSRem(x, y);
      // Round toward -inf: subtract one when the remainder's sign differs from the divisor's.
      const adjust = b.CreateAnd(b.CreateICmpNE(r, i64(0)), b.CreateICmpSLT(b.CreateXor(r, y), i64(0)));
      return b.CreateSub(q, b.CreateZExt(adjust, E.i64));
    }
    case "imod": {
      E.raiseIf(b.CreateICmpEQ(y, i64(0)), "ZeroDivisionError", "integer modulo by zero", site);
      // srem by -1 is undefined for INT64_MIN in LLVM; the answer is 0 anyway.
      const safeY = b.CreateSelect(b.CreateICmpEQ(y, i64(-1)), i64(1), y);
      const r = b.CreateSRem(x, safeY);
      const adjust = b.CreateAnd(b.CreateICmpNE(r, i64(0)), b.CreateICmpSLT(b.CreateXor(r, y), i64(0)));
      return b.CreateSelect(adjust, b.CreateAdd(r, y), r);
    }
    case "isrem": {
      E.raiseIf(b.CreateICmpEQ(y, i64(0)), "ZeroDivisionError", "integer modulo by zero", site);
      return b.CreateSRem(x, b.CreateSelect(b.CreateICmpEQ(y, i64(-1)), i64(1), y));
    }
    case "ipow":
      return rt("apc_int_pow", E.i64, [E.i64, E.i64], [x, y]);
    case "ishl": {
      E.raiseIf(b.CreateICmpSLT(y, i64(0)), "ValueError", "negative shift count", site);
      // x << n overflows unless shifting back gives x (n < 64); 0 << n is 0.
      const big = b.CreateICmpSGE(y, i64(64));
      const n = b.CreateSelect(big, i64(0), y);
      const r = b.CreateShl(x, n);
      const lost = b.CreateICmpNE(b.CreateAShr(r, n), x);
      const bad = b.CreateAnd(b.CreateICmpNE(x, i64(0)), b.CreateOr(big, lost));
      E.raiseIf(bad, "OverflowError", OVERFLOW, site);
      return b.CreateSelect(big, i64(0), r);
    }
    case "ishr": {
      E.raiseIf(b.CreateICmpSLT(y, i64(0)), "ValueError", "negative shift count", site);
      const n = b.CreateSelect(b.CreateICmpSGE(y, i64(64)), i64(63), y);
      return b.CreateAShr(x, n);
    }
    case "iand":
    case "band":
      return b.CreateAnd(x, y);
    case "ior":
    case "bor":
      return b.CreateOr(x, y);
    case "ixor":
    case "bxor":
      return b.CreateXor(x, y);
    case "bnot":
      return b.CreateNot(x);
    case "fadd":
      return b.CreateFAdd(x, y);
    case "fsub":
      return b.CreateFSub(x, y);
    case "fmul":
      return b.CreateFMul(x, y);
    case "fdiv":
      E.raiseIf(b.CreateFCmpOEQ(y, f64(0)), "ZeroDivisionError", "float division by zero", site);
      return b.CreateFDiv(x, y);
    case "itruediv": {
      E.raiseIf(b.CreateICmpEQ(y, i64(0)), "ZeroDivisionError", "division by zero", site);
      // Exact when both operands fit a double's 53-bit mantissa; otherwise the
      // runtime divides with correct rounding as CPython does.
      const lim = E.int64(1n << 53n);
      const fits = (v: llvm.Value) => b.CreateICmpULE(b.CreateAdd(v, lim), b.CreateAdd(lim, lim));
      const fast = b.CreateAnd(fits(x), fits(y));
      const here = b.GetInsertBlock()!;
      const slowBB = llvm.BasicBlock.Create(E.ctx, "truediv.exact", E.fn);
      const join = llvm.BasicBlock.Create(E.ctx, "truediv.end", E.fn);
      const quick = b.CreateFDiv(b.CreateSIToFP(x, E.f64), b.CreateSIToFP(y, E.f64));
      b.CreateCondBr(fast, join, slowBB);
      b.SetInsertPoint(slowBB);
      const slow = b.CreateCall(E.runtime("apc_int_truediv", E.f64, [E.i64, E.i64]), [x, y]);
      b.CreateBr(join);
      b.SetInsertPoint(join);
      const phi = b.CreatePHI(E.f64, 2);
      phi.addIncoming(quick, here);
      phi.addIncoming(slow, slowBB);
      return phi;
    }
    case "ffloordiv":
      return rt("apc_float_floordiv", E.f64, [E.f64, E.f64], [x, y]);
    case "fmod":
      return rt("apc_float_mod", E.f64, [E.f64, E.f64], [x, y]);
    case "fpow":
      return rt("apc_float_pow", E.f64, [E.f64, E.f64], [x, y]);
    case "fneg":
      return b.CreateFNeg(x);
    case "fabs":
      return E.intrinsic(I.fabs, [E.f64], [x]);
    case "ffloor":
      return E.intrinsic(I.floor, [E.f64], [x]);
    case "fceil":
      return E.intrinsic(I.ceil, [E.f64], [x]);
    case "ftrunc":
      return E.intrinsic(I.trunc, [E.f64], [x]);
    case "fsqrt":
      E.raiseIf(b.CreateFCmpOLT(x, f64(0)), "ValueError", "math domain error", site);
      return E.intrinsic(I.sqrt, [E.f64], [x]);
    case "ifcmp":
      return exactIntFloatCompare(E, inst.pred, x, y);
    case "itof":
      return b.CreateSIToFP(x, E.f64);
    case "btoi":
      return b.CreateZExt(x, E.i64);
    case "ftoi": {
      // In range (|x| < 2**63): convert inline; otherwise the runtime raises
      // (NaN, inf) or converts -2**63 exactly.
      const inRange = b.CreateFCmpOLT(E.intrinsic(I.fabs, [E.f64], [x]), f64(2 ** 63));
      const here = b.GetInsertBlock()!;
      const slowBB = llvm.BasicBlock.Create(E.ctx, "ftoi.slow", E.fn);
      const join = llvm.BasicBlock.Create(E.ctx, "ftoi.end", E.fn);
      const safe = b.CreateSelect(inRange, x, f64(0));
      const quick = b.CreateFPToSI(safe, E.i64);
      b.CreateCondBr(E.unlikely(b.CreateNot(inRange)), slowBB, join);
      b.SetInsertPoint(slowBB);
      const slow = rt("apc_float_to_int", E.i64, [E.f64], [x]);
      b.CreateBr(join);
      b.SetInsertPoint(join);
      const phi = b.CreatePHI(E.i64, 2);
      phi.addIncoming(quick, here);
      phi.addIncoming(slow, slowBB);
      return phi;
    }
    case "select":
      return b.CreateSelect(x, y, z);
    case "irangelen": {
      E.raiseIf(b.CreateICmpEQ(z, i64(0)), "ValueError", "range() arg 3 must not be zero", site);
      // len(range) computed in unsigned arithmetic, as CPython's range does.
      const up = b.CreateICmpSGT(z, i64(0));
      const lo = b.CreateSelect(up, x, y);
      const hi = b.CreateSelect(up, y, x);
      const step = b.CreateSelect(up, z, b.CreateSub(i64(0), z));
      const nonEmpty = b.CreateICmpSLT(lo, hi);
      const span = b.CreateSub(b.CreateSub(hi, lo), i64(1));
      const n = b.CreateAdd(b.CreateUDiv(span, step), i64(1));
      return b.CreateSelect(nonEmpty, n, i64(0));
    }
    case "iaddwrap":
      return b.CreateAdd(x, y);
    case "assume":
      if (E.statesFacts) E.intrinsic(I.assume, [], [x]);
      return null;
    case "toslot": {
      const t = E.irTyOf(inst.args[0]!);
      if (t === "f64") return b.CreateBitCast(x, E.i64);
      if (t === "i1") return b.CreateZExt(x, E.i64);
      if (t === "str" || t === "ptr") return b.CreatePtrToInt(x, E.i64);
      return x;
    }
    case "fromslot":
      switch (inst.ty) {
        case "f64":
          return b.CreateBitCast(x, E.f64);
        case "i1":
          return b.CreateICmpNE(x, i64(0));
        case "str":
        case "ptr":
          return b.CreateIntToPtr(x, E.ptr);
        default:
          return x;
      }
    case "listlen":
      return b.CreateLoad(E.i64, field(E, x, 1), HEADER_NAME);
    case "listget":
    case "listset":
    case "listgetb":
    case "listsetb": {
      // apc_list { type; len; cap; items }: check and normalise the index, as Python does.
      // items holds 8-byte slots, or bytes for a list[bool] (the *b ops).
      const get = inst.op === "listget" || inst.op === "listgetb";
      const elem = inst.op.endsWith("b") ? E.i8 : E.i64;
      const len = b.CreateLoad(E.i64, field(E, x, 1), HEADER_NAME);
      const idx = b.CreateSelect(b.CreateICmpSLT(y, i64(0)), b.CreateAdd(y, len), y);
      E.raiseIf(b.CreateICmpUGE(idx, len), "IndexError", get ? "list index out of range" : "list assignment index out of range", site);
      const items = b.CreateLoad(llvm.PointerType.getUnqual(elem), b.CreateBitCast(field(E, x, 3), llvm.PointerType.getUnqual(llvm.PointerType.getUnqual(elem))), HEADER_NAME);
      const slot = b.CreateInBoundsGEP(elem, items, idx, SLOT_NAME);
      if (get) {
        const v = b.CreateLoad(elem, slot);
        return elem === E.i8 ? b.CreateZExt(v, E.i64) : v;
      }
      b.CreateStore(elem === E.i8 ? b.CreateTrunc(z, E.i8) : z, slot);
      return null;
    }
    case "strascii": {
      // apc_str { i64 len; bytes }: the byte, then apc_ascii_chars[byte] (16-byte entries).
      const byte = b.CreateZExt(b.CreateLoad(E.i8, b.CreateInBoundsGEP(E.i8, x, b.CreateAdd(y, i64(8)))), E.i64);
      const table = E.externGlobal("apc_ascii_chars", llvm.ArrayType.get(E.i8, 128 * 16));
      return b.CreateInBoundsGEP(E.i8, b.CreateBitCast(table, E.ptr), b.CreateMul(byte, i64(16)));
    }
    case "strasciicode": {
      // apc_str { i64 len; bytes, NUL }: data[0] is readable even when len is 0.
      const len = b.CreateLoad(E.i64, b.CreateBitCast(x, llvm.PointerType.getUnqual(E.i64)));
      const byte = b.CreateZExt(b.CreateLoad(E.i8, b.CreateInBoundsGEP(E.i8, x, i64(8))), E.i64);
      const one = b.CreateAnd(b.CreateICmpEQ(len, i64(1)), b.CreateICmpULT(byte, i64(0x80)));
      return b.CreateSelect(one, byte, i64(-1));
    }
    case "strfindc": {
      const { table, elem } = E.findTable(inst.haystack);
      const slot = b.CreateInBoundsGEP(elem, b.CreateBitCast(table, llvm.PointerType.getUnqual(elem)), b.CreateAnd(x, i64(0x7f)));
      return b.CreateSExt(b.CreateLoad(elem, slot), E.i64);
    }
    case "tupleget":
    case "tupleset": {
      // apc_tuple { type; items[] }: field i lives at slot i + 1.
      const slot = b.CreateInBoundsGEP(E.i64, b.CreateBitCast(x, llvm.PointerType.getUnqual(E.i64)), b.CreateAdd(y, i64(1)), SLOT_NAME);
      if (inst.op === "tupleget") return b.CreateLoad(E.i64, slot);
      b.CreateStore(z, slot);
      return null;
    }
    default:
      throw new Error(`internal: no LLVM lowering for ${inst.op}`);
  }
}

/** Value names the TBAA pass (backend/tbaa.ts) recognises: loads of list
 *  headers (len, items) and addresses of element slots. */
export const HEADER_NAME = "apc.hdr";
export const SLOT_NAME = "apc.slot";

/** Address of the n-th 8-byte field of a runtime object (as i64*). */
function field(E: LlvmEmitter, obj: llvm.Value, n: number): llvm.Value {
  return E.b.CreateInBoundsGEP(E.i64, E.b.CreateBitCast(obj, llvm.PointerType.getUnqual(E.i64)), llvm.ConstantInt.get(E.i64, n));
}

/** `i <pred> f` exactly, as CPython compares int with float: NaN compares
 *  unequal to everything; otherwise if the int rounds to a different double
 *  the rounded compare decides, and if it rounds to f itself the ints are
 *  compared (f is then integral, or 2**63 which exceeds every int64). */
function exactIntFloatCompare(E: LlvmEmitter, pred: Parameters<LlvmEmitter["fcmp"]>[0], i: llvm.Value, f: llvm.Value): llvm.Value {
  const b = E.b;
  const fi = b.CreateSIToFP(i, E.f64);
  const rounded = E.fcmp(pred, fi, f);
  const same = b.CreateFCmpOEQ(fi, f);
  const tooBig = b.CreateFCmpOGE(f, llvm.ConstantFP.get(E.f64, 2 ** 63));
  const fint = b.CreateFPToSI(b.CreateSelect(tooBig, llvm.ConstantFP.get(E.f64, 0), f), E.i64);
  const lessThanAll = pred === "lt" || pred === "le" || pred === "ne";
  const exact = b.CreateSelect(tooBig, lessThanAll ? llvm.ConstantInt.getTrue(E.ctx) : llvm.ConstantInt.getFalse(E.ctx), E.icmp(pred, i, fint));
  return b.CreateSelect(same, exact, rounded);
}

/** apc_str_eq / apc_str_compare of a string `x` against a one-byte ASCII
 *  literal `c`, inline (character loops compare like this per character).
 *  apc_str is { i64 len, bytes..., NUL }: data[0] is readable even when
 *  len is 0. UTF-8 byte order is code point order, so the first byte decides
 *  unless it equals c, and then the longer string is the greater. */
export function strCompareWithChar(E: LlvmEmitter, fn: "apc_str_eq" | "apc_str_compare", x: llvm.Value, c: number, constOnLeft: boolean): llvm.Value {
  const b = E.b;
  const i64 = (v: number) => llvm.ConstantInt.get(E.i64, v, true);
  const len = b.CreateLoad(E.i64, b.CreateBitCast(x, llvm.PointerType.getUnqual(E.i64)));
  const first = b.CreateZExt(b.CreateLoad(E.i8, b.CreateInBoundsGEP(E.i8, x, llvm.ConstantInt.get(E.i64, 8))), E.i64);
  if (fn === "apc_str_eq") return b.CreateAnd(b.CreateICmpEQ(len, i64(1)), b.CreateICmpEQ(first, i64(c)));
  const tail = b.CreateSelect(b.CreateICmpUGT(len, i64(1)), i64(1), i64(0));
  const byFirst = b.CreateSelect(b.CreateICmpULT(first, i64(c)), i64(-1), b.CreateSelect(b.CreateICmpUGT(first, i64(c)), i64(1), tail));
  const r = b.CreateSelect(b.CreateICmpEQ(len, i64(0)), i64(-1), byFirst);
  return constOnLeft ? b.CreateNeg(r) : r;
}
