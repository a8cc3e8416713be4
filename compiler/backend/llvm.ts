// IR -> LLVM IR through llvm-bindings, verified in-process. Owns the machine
// meaning of every IR op: checked int arithmetic with LLVM's overflow
// intrinsics, Python's floor division and modulo, exact int/float compares,
// the recursion-depth guard in each function's prologue (the depth travels as
// a hidden last parameter, so counting frames costs no memory traffic and
// exported C-ABI symbols are thin wrappers), raise blocks that
// call the runtime (marked unlikely with llvm.expect), module variables with
// definedness flags, string/site constants, and for a `narrow=W` pipeline
// (backend/pipeline.ts) the int-specialised copy of each function with int
// parameters and the test that enters it. Does not run opt/llc
// (toolchain.ts) or decide anything about Python semantics above the op.

import llvm from "llvm-bindings";
import type { BlockId, ConstValue, Inst, IrFunction, IrModule, IrTy, Site, SlotData, Terminator, TypeDesc, ValueId, CmpPred } from "../ir/ir.js";
import { isSlotData } from "../ir/ir.js";
import { showTy, type Ty } from "../frontend/types.js";
import { RUNTIME_FNS, type RuntimeFn } from "../ir/runtime-fns.js";
import { emitCheckedOp, strCompareWithChar } from "./llvm-ops.js";
import { intRanges, signedRange, within, type IntRanges } from "../passes/int-ranges.js";

export interface EmitOptions {
  /** Give each function with int parameters a copy entered when every int
   *  argument fits in this many signed bits (null: none). */
  readonly narrow?: number | null;
}

export interface LlvmResult {
  readonly module: llvm.Module;
  readonly context: llvm.LLVMContext;
  /** Problems found by LLVM's verifier (empty when valid). */
  readonly verifyErrors: string[];
}

/** `enum apc_kind` of runtime/apc_containers.h; 0 marks an element type
 *  never fixed (an always-empty container): the runtime scans it as pointers. */
// runtime/apc_containers.h's apc_kind (tests/runtime checks the two agree).
export const TYPE_KIND: Record<Exclude<Ty["kind"], "dictview">, number> = { unknown: 0, int: 1, float: 2, bool: 3, none: 4, never: 4, str: 5, list: 6, tuple: 7, dict: 8, set: 9, vtuple: 10 };
export const VIEW_KIND = { keys: 11, values: 12, items: 13 } as const;

function typeKind(t: Ty): number {
  return t.kind === "dictview" ? VIEW_KIND[t.view] : TYPE_KIND[t.kind];
}

/** The module body's symbol (called by the runtime's main). */
export const MAIN = "apc_module_main";
/** CPython's default recursion limit (frames, the module's included). */
export const RECURSION_LIMIT = 1000;

export class LlvmEmitter {
  readonly ctx = new llvm.LLVMContext();
  readonly mod: llvm.Module;
  readonly b: llvm.IRBuilder;
  readonly i1: llvm.IntegerType;
  readonly i8: llvm.IntegerType;
  readonly i32: llvm.IntegerType;
  readonly i64: llvm.IntegerType;
  readonly f64: llvm.Type;
  readonly ptr: llvm.PointerType;
  readonly voidTy: llvm.Type;
  readonly siteTy: llvm.StructType;
  private readonly strings = new Map<string, llvm.Constant>();
  private readonly cstrings = new Map<string, llvm.Constant>();
  private readonly sites = new Map<string, llvm.Constant>();
  private readonly typeDescs = new Map<string, llvm.Constant>();
  private readonly findTables = new Map<string, { table: llvm.Constant; elem: llvm.IntegerType }>();
  readonly typeTy: llvm.StructType;
  private readonly globals = new Map<string, { value: llvm.GlobalVariable; flag: llvm.GlobalVariable; ty: llvm.Type }>();
  readonly functions = new Map<string, llvm.Function>();
  // per function
  fn!: llvm.Function;
  irFn!: IrFunction;
  private values = new Map<ValueId, llvm.Value>();
  private blocks = new Map<BlockId, llvm.BasicBlock>();
  private endBlocks = new Map<BlockId, llvm.BasicBlock>();
  private raiseBlocks = new Map<string, llvm.BasicBlock>();
  /** The current function's frame depth (module body: 1, as in CPython). */
  private depth: llvm.Value | null = null;
  private irTys = new Map<ValueId, IrTy>();

  /** The IR type of a value of the function being emitted. */
  irTyOf(v: ValueId): IrTy {
    return this.irTys.get(v)!;
  }

  /** Functions with an int-specialised copy: the copy, by IR name. */
  private readonly narrowed = new Map<string, llvm.Function>();
  /** Functions on a recursion cycle (no narrowed copy, no assume facts). */
  private recursive = new Set<string>();
  /** Give LLVM the function's `assume` facts: in a `narrow=` build, outside
   *  recursion cycles (there they measured a loss: nqueens 0.94x). */
  get statesFacts(): boolean {
    return this.opts.narrow != null && !this.recursive.has(this.irFn.name);
  }
  /** The function's int ranges, in a `narrow=` build (passes/int-ranges). */
  ranges: IntRanges | null = null;

  constructor(
    private readonly ir: IrModule,
    private readonly opts: EmitOptions = {},
  ) {
    this.mod = new llvm.Module(ir.sourceFile, this.ctx);
    this.mod.setTargetTriple(llvm.config.LLVM_DEFAULT_TARGET_TRIPLE);
    this.b = new llvm.IRBuilder(this.ctx);
    this.i1 = llvm.Type.getInt1Ty(this.ctx);
    this.i8 = llvm.Type.getInt8Ty(this.ctx);
    this.i32 = llvm.Type.getInt32Ty(this.ctx);
    this.i64 = llvm.Type.getInt64Ty(this.ctx);
    this.f64 = llvm.Type.getDoubleTy(this.ctx);
    this.ptr = llvm.Type.getInt8PtrTy(this.ctx);
    this.voidTy = llvm.Type.getVoidTy(this.ctx);
    this.siteTy = llvm.StructType.create(this.ctx, [this.ptr, this.i32, this.i32], "apc_site");
    this.typeTy = llvm.StructType.create(this.ctx, [this.i32, this.i32, this.ptr], "apc_type");
  }

  emit(): LlvmResult {
    for (const g of this.ir.globals) this.declareGlobal(g.name, g.ty);
    this.recursive = this.opts.narrow ? recursiveFunctions(this.ir) : new Set<string>();
    for (const f of this.ir.functions) {
      const isMain = f.name === MAIN;
      const params = f.params.map((p) => this.llTy(p.ty));
      if (!isMain) params.push(this.i64); // hidden: frame depth
      const ty = llvm.FunctionType.get(this.llTy(f.ret), params, false);
      const linkage = isMain ? llvm.Function.LinkageTypes.ExternalLinkage : llvm.Function.LinkageTypes.InternalLinkage;
      const fn = llvm.Function.Create(ty, linkage, isMain ? f.name : `${f.name}.impl`, this.mod);
      fn.setDoesNotThrow();
      this.functions.set(f.name, fn);
      // Not in a recursion cycle: a copy there doubles the ring the inliner
      // folds (passes/unroll-recursion), and fib measured 3x slower.
      if (this.opts.narrow && !isMain && !this.recursive.has(f.name) && f.params.some((p) => p.ty === "i64")) {
        const copy = llvm.Function.Create(ty, llvm.Function.LinkageTypes.InternalLinkage, `${f.name}.narrow`, this.mod);
        copy.setDoesNotThrow();
        this.narrowed.set(f.name, copy);
      }
    }
    for (const f of this.ir.functions) {
      const copy = this.narrowed.get(f.name);
      this.emitFunction(f, this.functions.get(f.name)!, copy ?? null, null);
      if (copy) this.emitFunction(f, copy, null, this.opts.narrow!);
    }
    for (const f of this.ir.functions) if (f.exported && f.name !== MAIN) this.emitExportWrapper(f);
    const verifyErrors: string[] = [];
    if (llvm.verifyModule(this.mod)) verifyErrors.push("LLVM module verification failed (details on stderr)");
    return { module: this.mod, context: this.ctx, verifyErrors };
  }

  llTy(t: IrTy): llvm.Type {
    switch (t) {
      case "i64":
        return this.i64;
      case "f64":
        return this.f64;
      case "i1":
        return this.i1;
      case "str":
      case "ptr":
        return this.ptr;
      case "void":
        return this.voidTy;
    }
  }

  private declareGlobal(name: string, ty: IrTy): void {
    const t = this.llTy(ty);
    const internal = llvm.GlobalValue.LinkageTypes.InternalLinkage;
    const zero = ty === "f64" ? llvm.ConstantFP.get(this.f64, 0) : ty === "str" || ty === "ptr" ? llvm.ConstantPointerNull.get(this.ptr) : llvm.ConstantInt.get(t as llvm.IntegerType, 0);
    const value = new llvm.GlobalVariable(this.mod, t, false, internal, zero, `g.${name}`);
    const flag = new llvm.GlobalVariable(this.mod, this.i1, false, internal, llvm.ConstantInt.getFalse(this.ctx), `g.${name}.defined`);
    this.globals.set(name, { value, flag, ty: t });
  }

  // ---- constants ----------------------------------------------------------

  constant(ty: IrTy, v: ConstValue): llvm.Value {
    switch (ty) {
      case "i64":
        return this.int64(v as bigint);
      case "f64": {
        const n = v as number;
        return Number.isNaN(n) ? llvm.ConstantFP.getNaN(this.f64) : llvm.ConstantFP.get(this.f64, n);
      }
      case "i1":
        return v ? llvm.ConstantInt.getTrue(this.ctx) : llvm.ConstantInt.getFalse(this.ctx);
      case "str":
        return this.strConst(v as string);
      case "ptr":
        return isSlotData(v) ? this.slotData(v) : this.typeDesc((v as TypeDesc).desc);
      case "void":
        throw new Error("internal: void constant");
    }
  }

  int64(v: bigint): llvm.Value {
    if (v >= -(1n << 53n) && v <= 1n << 53n) return llvm.ConstantInt.get(this.i64, Number(v), true);
    // Past 2**53 a JS number loses bits: build from 32-bit halves (folded by IRBuilder).
    const u = BigInt.asUintN(64, v);
    const hi = llvm.ConstantInt.get(this.i64, Number(u >> 32n), false);
    const lo = llvm.ConstantInt.get(this.i64, Number(u & 0xffffffffn), false);
    return this.b.CreateOr(this.b.CreateShl(hi, llvm.ConstantInt.get(this.i64, 32, false)), lo);
  }

  /** A Python str literal: a constant apc_str { len, bytes, NUL }. */
  strConst(s: string): llvm.Constant {
    let c = this.strings.get(s);
    if (!c) {
      const bytes = Buffer.byteLength(s, "utf8");
      const data = llvm.ConstantDataArray.getString(this.ctx, s, true);
      const ty = llvm.StructType.get(this.ctx, [this.i64, llvm.ArrayType.get(this.i8, bytes + 1)]);
      const init = llvm.ConstantStruct.get(ty, [llvm.ConstantInt.get(this.i64, bytes, false) as llvm.Constant, data]);
      const gv = new llvm.GlobalVariable(this.mod, ty, true, llvm.GlobalValue.LinkageTypes.PrivateLinkage, init, "str");
      c = llvm.ConstantExpr.getBitCast(gv, this.ptr);
      this.strings.set(s, c);
    }
    return c;
  }

  /** strfindc's table for a constant string: entry c is the code-point
   *  index where ASCII character c first occurs, or -1; i8 entries when
   *  every index fits, else i32. */
  findTable(s: string): { table: llvm.Constant; elem: llvm.IntegerType } {
    let t = this.findTables.get(s);
    if (!t) {
      const first: number[] = new Array(128).fill(-1);
      Array.from(s).forEach((ch, i) => {
        const c = ch.codePointAt(0)!;
        if (c < 128 && first[c] === -1) first[c] = i;
      });
      const elem = first.every((i) => i < 128) ? this.i8 : this.i32;
      const arrTy = llvm.ArrayType.get(elem, 128);
      const init = llvm.ConstantArray.get(arrTy, first.map((i) => llvm.ConstantInt.get(elem, i, true) as llvm.Constant));
      const gv = new llvm.GlobalVariable(this.mod, arrTy, true, llvm.GlobalValue.LinkageTypes.PrivateLinkage, init, "find.table");
      t = { table: llvm.ConstantExpr.getBitCast(gv, this.ptr), elem };
      this.findTables.set(s, t);
    }
    return t;
  }

  /** The runtime descriptor of a static type: `apc_type { i32 kind; i32 n;
   *  const apc_type *const *args }` (runtime/apc_containers.h). */
  typeDesc(t: Ty): llvm.Constant {
    const key = showTy(t);
    let c = this.typeDescs.get(key);
    if (c) return c;
    const args: Ty[] = t.kind === "list" || t.kind === "set" || t.kind === "vtuple" ? [t.elem] : t.kind === "dict" || t.kind === "dictview" ? [t.key, t.value] : t.kind === "tuple" ? [...t.elems] : [];
    const children = args.map((a) => this.typeDesc(a));
    let argsPtr: llvm.Constant = llvm.ConstantPointerNull.get(this.ptr);
    if (children.length) {
      const arrTy = llvm.ArrayType.get(this.ptr, children.length);
      const arr = new llvm.GlobalVariable(this.mod, arrTy, true, llvm.GlobalValue.LinkageTypes.PrivateLinkage, llvm.ConstantArray.get(arrTy, children), "type.args");
      argsPtr = llvm.ConstantExpr.getBitCast(arr, this.ptr);
    }
    const init = llvm.ConstantStruct.get(this.typeTy, [
      llvm.ConstantInt.get(this.i32, typeKind(t)) as llvm.Constant,
      llvm.ConstantInt.get(this.i32, children.length) as llvm.Constant,
      argsPtr,
    ]);
    const gv = new llvm.GlobalVariable(this.mod, this.typeTy, true, llvm.GlobalValue.LinkageTypes.PrivateLinkage, init, `type.${key.replace(/[^a-z0-9]/gi, "_")}`);
    c = llvm.ConstantExpr.getBitCast(gv, this.ptr);
    this.typeDescs.set(key, c);
    return c;
  }

  /** A private constant array of 64-bit slots. */
  slotData(d: SlotData): llvm.Constant {
    const arrTy = llvm.ArrayType.get(this.i64, d.slots.length);
    const elems = d.slots.map((v) => this.int64(v) as llvm.Constant);
    const gv = new llvm.GlobalVariable(this.mod, arrTy, true, llvm.GlobalValue.LinkageTypes.PrivateLinkage, llvm.ConstantArray.get(arrTy, elems), "data");
    return llvm.ConstantExpr.getBitCast(gv, this.ptr);
  }

  /** A NUL-terminated C string constant (exception names, messages). */
  cstr(s: string): llvm.Constant {
    let c = this.cstrings.get(s);
    if (!c) {
      const data = llvm.ConstantDataArray.getString(this.ctx, s, true);
      const gv = new llvm.GlobalVariable(this.mod, llvm.ArrayType.get(this.i8, Buffer.byteLength(s, "utf8") + 1), true, llvm.GlobalValue.LinkageTypes.PrivateLinkage, data, "cstr");
      c = llvm.ConstantExpr.getBitCast(gv, this.ptr);
      this.cstrings.set(s, c);
    }
    return c;
  }

  site(s: Site): llvm.Constant {
    const key = `${s.func}:${s.span.line}:${s.span.col}`;
    let c = this.sites.get(key);
    if (!c) {
      const init = llvm.ConstantStruct.get(this.siteTy, [this.cstr(s.func), llvm.ConstantInt.get(this.i32, s.span.line) as llvm.Constant, llvm.ConstantInt.get(this.i32, s.span.col) as llvm.Constant]);
      c = new llvm.GlobalVariable(this.mod, this.siteTy, true, llvm.GlobalValue.LinkageTypes.PrivateLinkage, init, "site");
      this.sites.set(key, c);
    }
    return c;
  }

  // ---- runtime declarations ---------------------------------------------

  /** Declare a C runtime function. i1 travels as i8 across the C boundary
   *  (C's bool is a zero-extended byte). */
  runtime(name: string, ret: llvm.Type, params: llvm.Type[]): llvm.Function {
    const existing = this.mod.getFunction(name);
    if (existing) return existing;
    return llvm.Function.Create(llvm.FunctionType.get(ret, params, false), llvm.Function.LinkageTypes.ExternalLinkage, name, this.mod);
  }

  private callRuntimeFn(name: string, spec: RuntimeFn, args: llvm.Value[], site: Site | null): llvm.Value {
    const cTy = (t: IrTy) => (t === "i1" ? this.i8 : this.llTy(t));
    const params = spec.params.map(cTy);
    if (spec.site) params.push(this.siteTy.getPointerTo());
    const fn = this.runtime(name, cTy(spec.ret), params);
    const cargs = args.map((a, i) => (spec.params[i] === "i1" ? this.b.CreateZExt(a, this.i8) : a));
    if (spec.site) cargs.push(this.site(site!));
    const r = this.b.CreateCall(fn, cargs);
    return spec.ret === "i1" ? this.b.CreateICmpNE(r, llvm.ConstantInt.get(this.i8, 0)) : r;
  }

  /** Branch to a shared cold block that raises `exc: msg` when `cond` holds;
   *  continue emitting in a fresh block otherwise. */
  raiseIf(cond: llvm.Value, exc: string, msg: string, site: Site): void {
    const key = `${exc}\0${msg}\0${site.span.line}:${site.span.col}`;
    let fail = this.raiseBlocks.get(key);
    if (!fail) {
      const here = this.b.GetInsertBlock()!;
      fail = llvm.BasicBlock.Create(this.ctx, "raise", this.fn);
      this.b.SetInsertPoint(fail);
      const raise = this.runtime("apc_raise", this.voidTy, [this.ptr, this.ptr, this.siteTy.getPointerTo()]);
      this.b.CreateCall(raise, [this.cstr(exc), this.cstr(msg), this.site(site)]);
      this.b.CreateUnreachable();
      this.b.SetInsertPoint(here);
      this.raiseBlocks.set(key, fail);
    }
    const ok = llvm.BasicBlock.Create(this.ctx, "ok", this.fn);
    this.b.CreateCondBr(this.unlikely(cond), fail, ok);
    this.b.SetInsertPoint(ok);
  }

  unlikely(cond: llvm.Value): llvm.Value {
    const expect = llvm.Intrinsic.getDeclaration(this.mod, llvm.Intrinsic.expect, [this.i1]);
    return this.b.CreateCall(expect, [cond, llvm.ConstantInt.getFalse(this.ctx)]);
  }

  intrinsic(id: number, tys: llvm.Type[], args: llvm.Value[]): llvm.Value {
    return this.b.CreateCall(llvm.Intrinsic.getDeclaration(this.mod, id, tys), args);
  }

  // ---- functions ----------------------------------------------------------

  /** `f`'s body into `fn`. With `narrowCopy`, `fn` first enters the copy
   *  when every int argument fits (the same depth: one frame). With
   *  `narrowBits`, `fn` is that copy: each int parameter is read through a
   *  sign-extended truncation, the form in which LLVM's known-bits,
   *  value-range and scalar-evolution analyses all see its range. */
  private emitFunction(f: IrFunction, fn: llvm.Function, narrowCopy: llvm.Function | null, narrowBits: number | null): void {
    this.irFn = f;
    this.fn = fn;
    this.values = new Map();
    this.blocks = new Map();
    this.endBlocks = new Map();
    this.raiseBlocks = new Map();
    const entry = narrowCopy ? this.enterNarrowed(f, narrowCopy) : null;
    this.ranges = this.opts.narrow ? intRanges(f, narrowBits) : null;
    f.params.forEach((p, i) => this.values.set(p.id, this.fn.getArg(i)));
    this.irTys = new Map();
    for (const p of f.params) this.irTys.set(p.id, p.ty);
    for (const blk of f.blocks) for (const inst of blk.insts) this.irTys.set(inst.id, inst.ty);
    for (const blk of f.blocks) this.blocks.set(blk.id, llvm.BasicBlock.Create(this.ctx, blk.label, this.fn));
    if (entry) {
      this.b.SetInsertPoint(entry);
      this.b.CreateBr(this.blocks.get(f.blocks[0]!.id)!);
    }
    this.b.SetInsertPoint(this.blocks.get(f.blocks[0]!.id)!);
    this.prologue(f);
    if (narrowBits !== null) {
      const narrowTy = llvm.IntegerType.get(this.ctx, narrowBits);
      f.params.forEach((p, i) => {
        if (p.ty === "i64") this.values.set(p.id, this.b.CreateSExt(this.b.CreateTrunc(this.fn.getArg(i), narrowTy), this.i64));
      });
    }
    // Phis first (their operands may be defined later), filled in at the end.
    const phis: { inst: Inst & { op: "phi" }; phi: llvm.PHINode }[] = [];
    for (const blk of f.blocks) {
      this.b.SetInsertPoint(this.blocks.get(blk.id)!);
      for (const inst of blk.insts) {
        if (inst.op !== "phi") continue;
        const phi = this.b.CreatePHI(this.llTy(inst.ty), inst.args.length);
        this.values.set(inst.id, phi);
        phis.push({ inst, phi });
      }
    }
    // Constants are values, not instructions.
    for (const blk of f.blocks) for (const inst of blk.insts) if (inst.op === "const") this.values.set(inst.id, this.constant(inst.ty, inst.value));
    this.strConsts = new Map();
    for (const blk of f.blocks) for (const inst of blk.insts) if (inst.op === "const" && inst.ty === "str") this.strConsts.set(inst.id, inst.value as string);
    f.blocks.forEach((blk, i) => {
      const bb = this.blocks.get(blk.id)!;
      if (i === 0) {
        // the prologue may have split the entry block: continue at its end
      } else this.b.SetInsertPoint(bb);
      if (i === 0) this.b.SetInsertPoint(this.entryCont ?? bb);
      for (const inst of blk.insts) {
        if (inst.op === "phi" || inst.op === "const") continue;
        const v = this.emitInst(inst);
        if (v) this.values.set(inst.id, v);
      }
      this.endBlocks.set(blk.id, this.b.GetInsertBlock()!);
      this.emitTerm(blk.term!);
    });
    for (const { inst, phi } of phis) {
      inst.args.forEach((a, k) => phi.addIncoming(this.val(a), this.endBlocks.get(inst.incoming[k]!)!));
    }
  }

  /** The test at the top of `fn`: when every int argument fits in the
   *  narrow width, call the copy and return its result. Returns the block
   *  where the unspecialised body begins. */
  private enterNarrowed(f: IrFunction, copy: llvm.Function): llvm.BasicBlock {
    const b = this.b;
    const test = llvm.BasicBlock.Create(this.ctx, "narrow.test", this.fn);
    const enter = llvm.BasicBlock.Create(this.ctx, "narrow.enter", this.fn);
    const wide = llvm.BasicBlock.Create(this.ctx, "wide", this.fn);
    b.SetInsertPoint(test);
    const narrowTy = llvm.IntegerType.get(this.ctx, this.opts.narrow!);
    let fits: llvm.Value = llvm.ConstantInt.getTrue(this.ctx);
    f.params.forEach((p, i) => {
      if (p.ty !== "i64") return;
      const a = this.fn.getArg(i);
      fits = b.CreateAnd(fits, b.CreateICmpEQ(b.CreateSExt(b.CreateTrunc(a, narrowTy), this.i64), a));
    });
    b.CreateCondBr(fits, enter, wide);
    b.SetInsertPoint(enter);
    const args = [...f.params.map((_, i) => this.fn.getArg(i) as llvm.Value), this.fn.getArg(f.params.length)];
    const r = b.CreateCall(copy, args);
    if (f.ret === "void") b.CreateRetVoid();
    else b.CreateRet(r);
    return wide;
  }

  /** A call's callee: its narrowed copy when the int arguments are known to
   *  fit (no test needed), else the function itself. */
  private callTarget(inst: Inst & { op: "call" }): llvm.Function {
    const copy = this.narrowed.get(inst.callee);
    const fits = (v: ValueId) => this.irTys.get(v) !== "i64" || within(this.ranges!.of(v), signedRange(this.opts.narrow!));
    return copy && inst.args.every(fits) ? copy : this.functions.get(inst.callee)!;
  }

  private entryCont: llvm.BasicBlock | null = null;
  private recursionSites: Map<string, Site> | null = null;
  /** The str literals of the function being emitted, by value id. */
  private strConsts = new Map<number, string>();

  /** Functions other than the module body know their frame depth, as
   *  CPython counts it, and stop with RecursionError past the limit. */
  private prologue(f: IrFunction): void {
    this.entryCont = null;
    if (f.name === MAIN) {
      const set = this.runtime("apc_set_source_file", this.voidTy, [this.ptr]);
      this.b.CreateCall(set, [this.cstr(this.ir.sourceFile)]);
      this.depth = llvm.ConstantInt.get(this.i64, 1);
      return;
    }
    this.depth = this.fn.getArg(f.params.length);
    const over = this.b.CreateICmpSGT(this.depth, llvm.ConstantInt.get(this.i64, RECURSION_LIMIT));
    const fail = llvm.BasicBlock.Create(this.ctx, "recursion", this.fn);
    const ok = llvm.BasicBlock.Create(this.ctx, "body", this.fn);
    this.b.CreateCondBr(this.unlikely(over), fail, ok);
    this.b.SetInsertPoint(fail);
    const raise = this.runtime("apc_raise_recursion", this.voidTy, [this.siteTy.getPointerTo()]);
    // CPython's last frame is the caller's, at the call that could not push
    // a frame: the call to f from within f's cycle of calls.
    const site = (this.recursionSites ??= recursionSites(this.ir)).get(f.name) ?? { func: f.pyName, span: { start: 0, end: 0, line: 0, col: 0, endLine: 0, endCol: 0 } };
    this.b.CreateCall(raise, [this.site(site)]);
    this.b.CreateUnreachable();
    this.b.SetInsertPoint(ok);
    this.entryCont = ok;
  }

  /** The C-ABI symbol of an exported specialisation (--shared): calls the
   *  implementation at the depth the runtime's apc_depth records. */
  private emitExportWrapper(f: IrFunction): void {
    const ty = llvm.FunctionType.get(this.llTy(f.ret), f.params.map((p) => this.llTy(p.ty)), false);
    const wrapper = llvm.Function.Create(ty, llvm.Function.LinkageTypes.ExternalLinkage, f.name, this.mod);
    this.b.SetInsertPoint(llvm.BasicBlock.Create(this.ctx, "entry", wrapper));
    const depth = this.b.CreateAdd(this.b.CreateLoad(this.i64, this.externGlobal("apc_depth", this.i64)), llvm.ConstantInt.get(this.i64, 1));
    const args = f.params.map((_, i) => wrapper.getArg(i) as llvm.Value);
    const r = this.b.CreateCall(this.functions.get(f.name)!, [...args, depth]);
    if (f.ret === "void") this.b.CreateRetVoid();
    else this.b.CreateRet(r);
  }

  externGlobal(name: string, ty: llvm.Type): llvm.GlobalVariable {
    const g = this.mod.getGlobalVariable(name, true);
    if (g) return g;
    return new llvm.GlobalVariable(this.mod, ty, false, llvm.GlobalValue.LinkageTypes.ExternalLinkage, null, name);
  }

  val(id: ValueId): llvm.Value {
    const v = this.values.get(id);
    if (!v) throw new Error(`internal: LLVM value for %${id} missing in ${this.irFn.name}`);
    return v;
  }

  private emitInst(inst: Inst): llvm.Value | null {
    const b = this.b;
    const a = (n: number) => this.val(inst.args[n]!);
    switch (inst.op) {
      case "call": {
        const next = b.CreateAdd(this.depth!, llvm.ConstantInt.get(this.i64, 1));
        const r = b.CreateCall(this.callTarget(inst), [...inst.args.map((x) => this.val(x)), next]);
        return inst.ty === "void" ? null : r;
      }
      case "callrt": {
        if (inst.fn === "apc_str_eq" || inst.fn === "apc_str_compare") {
          // Against a one-character ASCII literal (`ch == "'"`, `"a" <= ch`): inline.
          const [l, r] = [this.strConsts.get(inst.args[0]!), this.strConsts.get(inst.args[1]!)];
          const one = (s: string | undefined) => s !== undefined && s.length === 1 && s.charCodeAt(0) < 0x80;
          if (one(r)) return strCompareWithChar(this, inst.fn, a(0), r!.charCodeAt(0), false);
          if (one(l)) return strCompareWithChar(this, inst.fn, a(1), l!.charCodeAt(0), true);
        }
        const spec = RUNTIME_FNS[inst.fn as keyof typeof RUNTIME_FNS] as RuntimeFn;
        const r = this.callRuntimeFn(inst.fn, spec, inst.args.map((x) => this.val(x)), inst.site);
        return inst.ty === "void" ? null : r;
      }
      case "gload": {
        const g = this.globals.get(inst.global)!;
        const defined = b.CreateLoad(this.i1, g.flag);
        this.raiseIf(b.CreateNot(defined), "NameError", `name '${inst.global}' is not defined`, inst.site!);
        return b.CreateLoad(g.ty, g.value);
      }
      case "gstore": {
        const g = this.globals.get(inst.global)!;
        b.CreateStore(a(0), g.value);
        b.CreateStore(llvm.ConstantInt.getTrue(this.ctx), g.flag);
        return null;
      }
      case "icmp":
        return this.icmp(inst.pred, a(0), a(1));
      case "fcmp":
        return this.fcmp(inst.pred, a(0), a(1));
      default:
        return emitCheckedOp(this, inst, inst.args.map((x) => this.val(x)));
    }
  }

  icmp(pred: CmpPred, x: llvm.Value, y: llvm.Value): llvm.Value {
    const b = this.b;
    switch (pred) {
      case "lt":
        return b.CreateICmpSLT(x, y);
      case "le":
        return b.CreateICmpSLE(x, y);
      case "gt":
        return b.CreateICmpSGT(x, y);
      case "ge":
        return b.CreateICmpSGE(x, y);
      case "eq":
        return b.CreateICmpEQ(x, y);
      case "ne":
        return b.CreateICmpNE(x, y);
    }
  }

  /** Python float comparisons: ordered, except != which is true for NaN. */
  fcmp(pred: CmpPred, x: llvm.Value, y: llvm.Value): llvm.Value {
    const b = this.b;
    switch (pred) {
      case "lt":
        return b.CreateFCmpOLT(x, y);
      case "le":
        return b.CreateFCmpOLE(x, y);
      case "gt":
        return b.CreateFCmpOGT(x, y);
      case "ge":
        return b.CreateFCmpOGE(x, y);
      case "eq":
        return b.CreateFCmpOEQ(x, y);
      case "ne":
        return b.CreateFCmpUNE(x, y);
    }
  }

  private emitTerm(t: Terminator): void {
    const b = this.b;
    switch (t.kind) {
      case "jump":
        b.CreateBr(this.blocks.get(t.target)!);
        return;
      case "branch":
        b.CreateCondBr(this.val(t.cond), this.blocks.get(t.then)!, this.blocks.get(t.else)!);
        return;
      case "ret":
        if (t.value === null) b.CreateRetVoid();
        else b.CreateRet(this.val(t.value));
        return;
      case "raise": {
        if (t.messageValue !== null) {
          const fn = this.runtime("apc_raise_str", this.voidTy, [this.ptr, this.ptr, this.siteTy.getPointerTo()]);
          b.CreateCall(fn, [this.cstr(t.exc), this.val(t.messageValue), this.site(t.site)]);
        } else {
          const fn = this.runtime("apc_raise", this.voidTy, [this.ptr, this.ptr, this.siteTy.getPointerTo()]);
          b.CreateCall(fn, [this.cstr(t.exc), this.cstr(t.message ?? ""), this.site(t.site)]);
        }
        b.CreateUnreachable();
        return;
      }
      case "unreachable":
        b.CreateUnreachable();
        return;
    }
  }
}

/** For each function on a cycle of calls, a call to it from that cycle
 *  (itself first): where CPython's traceback points when the recursion
 *  limit stops the call. Strongly connected components by Tarjan's
 *  algorithm, without recursion (call graphs can be deep). */
function recursionSites(ir: IrModule): Map<string, Site> {
  const calls = new Map(ir.functions.map((f) => [f.name, f.blocks.flatMap((b) => b.insts.flatMap((i) => (i.op === "call" ? [{ callee: i.callee, site: i.site }] : [])))]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const comp = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  let next = 0;
  let comps = 0;
  for (const root of ir.functions.map((f) => f.name)) {
    if (index.has(root)) continue;
    const work: { v: string; i: number }[] = [{ v: root, i: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const top = work[work.length - 1]!;
      const out = calls.get(top.v) ?? [];
      if (top.i < out.length) {
        const w = out[top.i++]!.callee;
        if (!calls.has(w)) continue;
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) low.set(work[work.length - 1]!.v, Math.min(low.get(work[work.length - 1]!.v)!, low.get(top.v)!));
      if (low.get(top.v) === index.get(top.v)) {
        for (let w = stack.pop()!; ; w = stack.pop()!) {
          onStack.delete(w);
          comp.set(w, comps);
          if (w === top.v) break;
        }
        comps++;
      }
    }
  }
  const sites = new Map<string, Site>();
  for (const f of ir.functions) {
    for (const c of calls.get(f.name)!) {
      if (!c.site || comp.get(c.callee) !== comp.get(f.name)) continue;
      const have = sites.get(c.callee);
      if (!have || (f.name === c.callee && have.func !== f.pyName)) sites.set(c.callee, c.site);
    }
  }
  return sites;
}

/** The functions on a cycle of calls (one that calls itself included). */
function recursiveFunctions(ir: IrModule): Set<string> {
  const callees = new Map(ir.functions.map((f) => [f.name, new Set(f.blocks.flatMap((b) => b.insts.flatMap((i) => (i.op === "call" ? [i.callee] : []))))]));
  const out = new Set<string>();
  for (const f of ir.functions) {
    const seen = new Set<string>();
    const stack = [...(callees.get(f.name) ?? [])];
    while (stack.length) {
      const g = stack.pop()!;
      if (g === f.name) {
        out.add(f.name);
        break;
      }
      if (seen.has(g)) continue;
      seen.add(g);
      stack.push(...(callees.get(g) ?? []));
    }
  }
  return out;
}

export function emitLlvm(ir: IrModule, opts: EmitOptions = {}): LlvmResult {
  return new LlvmEmitter(ir, opts).emit();
}
