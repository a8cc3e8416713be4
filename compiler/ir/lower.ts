// Lowering: the typed program (frontend/infer.ts) to IR, one IR function per
// specialisation, building the CFG and SSA form as it goes (builder.ts).
// Owns the meaning of statements and operators in IR terms: Python's
// evaluation order, short-circuiting, loop/else shapes, definedness checks of
// locals, and which checked op each operator becomes. Calls into the library
// (print, math, ...) are lowered in lower-library.ts.

import type { Expr, FunctionDef, Stmt, Span, BinOp, CmpOp } from "../frontend/ast.js";
import { assertNever } from "../frontend/ast.js";
import type { Program, Spec } from "../frontend/infer.js";
import { defaultGlobal, isDefaultRef, isMain, type DefaultRef } from "../frontend/infer.js";
import { foldConst, type ConstVal } from "../frontend/fold.js";
import { resolveName } from "../frontend/scopes.js";
import type { Ty } from "../frontend/types.js";
import { FunctionBuilder } from "./builder.js";
import type { Block, CmpPred, IrFunction, IrModule, IrTy, Site, ValueId } from "./ir.js";
import { lowerLibraryCall } from "./lower-library.js";
import { lowerStmt } from "./lower-stmt.js";
import { compareValues, lowerDictLiteral, lowerFString, lowerListLiteral, lowerMethodCall, lowerSubscript, membership, newTuple, sequenceBinop, toStr as containerToStr } from "./lower-containers.js";
import { lowerComprehension, lowerIterableBuiltin, elemTypeOf, applyLambda, runComprehension, iterateList, generatorSource } from "./lower-builtins.js";
import type { LoopSource } from "./lower-iter.js";

export interface Lowered {
  readonly v: ValueId | null; // null for None
  readonly ty: Ty;
  /** A float that is CPython's int 0 when this i1 holds: sum() of floats
   *  that added nothing, printed or converted to str where it stands. */
  readonly intZeroIf?: ValueId;
}

export function irTy(t: Ty): IrTy {
  switch (t.kind) {
    case "int":
      return "i64";
    case "float":
      return "f64";
    case "bool":
      return "i1";
    case "str":
      return "str";
    case "none":
    case "never":
      return "void";
    case "list":
    case "tuple":
    case "vtuple":
    case "dict":
    case "set":
    case "dictview":
    case "unknown":
      return "ptr";
  }
}

export interface LowerOptions {
  /** Export every specialisation with a C ABI (for --shared). */
  exportAll: boolean;
  /** Library mode: module constants, read as their values (the module's
   *  own code never runs natively there). */
  constants?: ReadonlyMap<string, ConstVal>;
  /** State range() loop variables' bounds as `assume` facts (`narrow=`). */
  rangeFacts?: boolean;
}

export function lowerProgram(prog: Program, specs: Spec[], opts: LowerOptions): IrModule {
  const mod: IrModule = { sourceFile: prog.module.file, functions: [], globals: [] };
  // Module variables no function mentions live in registers of the module
  // body (SSA) instead of memory: module-level loops run as fast as in a function.
  const shared = namesUsedInFunctions(prog.module.body);
  const promoted = new Set([...prog.globals.keys()].filter((g) => !shared.has(g) && !g.includes(".")));
  for (const [name, ty] of prog.globals) if (!promoted.has(name)) mod.globals.push({ name, ty: irTy(ty) });
  for (const spec of specs) mod.functions.push(new FunctionLowerer(prog, spec, opts, isMain(spec) ? promoted : new Set()).lower());
  return mod;
}

/** Every identifier mentioned inside any function body (nested ones too). */
function namesUsedInFunctions(body: Stmt[]): Set<string> {
  const out = new Set<string>();
  const visit = (node: unknown, inFunction: boolean): void => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n, inFunction);
      return;
    }
    if (!node || typeof node !== "object") return;
    const k = (node as { kind?: string }).kind;
    if (inFunction && k === "name") out.add((node as { id: string }).id);
    if (inFunction && k === "global") for (const n of (node as { names: string[] }).names) out.add(n);
    if (k === "funcdef") {
      visit((node as { def: FunctionDef }).def.body, true);
      for (const p of (node as { def: FunctionDef }).def.params) visit(p.default, inFunction);
      return;
    }
    for (const [key, v] of Object.entries(node)) if (key !== "span" && v && typeof v === "object") visit(v, inFunction);
  };
  visit(body, false);
  return out;
}

export interface Loop {
  readonly breakTo: Block;
  readonly continueTo: Block;
}

export class FunctionLowerer {
  readonly b: FunctionBuilder;
  readonly loops: Loop[] = [];
  private readonly scoped: Map<string, string>[] = [];
  /** The statement being lowered (sites for ops without an expression). */
  currentSpan: Span = { start: 0, end: 0, line: 1, col: 1, endLine: 1, endCol: 1 };
  private temps = 0;
  readonly pyName: string;

  constructor(
    readonly prog: Program,
    readonly spec: Spec,
    readonly opts: LowerOptions,
    /** Module variables kept in SSA form by the module body. */
    readonly promoted: ReadonlySet<string> = new Set(),
  ) {
    const def = spec.scope.def;
    this.pyName = def ? def.name : "<module>";
    const params = def ? def.params.map((p, i) => ({ name: p.name, ty: irTy(spec.paramTys[i]!) })) : [];
    this.b = new FunctionBuilder(spec.symbol, this.pyName, params, irTy(spec.ret!), isMain(spec) || opts.exportAll);
  }

  lower(): IrFunction {
    const { b, spec } = this;
    const def = spec.scope.def;
    for (const [name, ty] of spec.locals) {
      b.declareVar(name, irTy(ty));
      b.declareVar(defFlag(name), "i1");
    }
    for (const name of this.promoted) {
      b.declareVar(name, irTy(this.prog.globals.get(name)!));
      b.declareVar(defFlag(name), "i1");
      b.writeVar(defFlag(name), b.const("i1", false));
    }
    if (def) {
      def.params.forEach((p, i) => {
        b.writeVar(p.name, b.fn.params[i]!.id);
        b.writeVar(defFlag(p.name), b.const("i1", true));
      });
    }
    for (const name of spec.locals.keys()) {
      if (!def?.params.some((p) => p.name === name)) b.writeVar(defFlag(name), b.const("i1", false));
    }
    this.block(def ? def.body : this.prog.module.body);
    if (b.open) {
      if (b.fn.ret === "void") b.terminate({ kind: "ret", value: null });
      else b.terminate({ kind: "unreachable" });
    }
    return b.finish();
  }

  site(span: Span): Site {
    return { func: this.pyName, span };
  }

  tyOf(e: Expr): Ty {
    const t = this.spec.exprTy.get(e);
    if (!t) throw new Error(`internal: no type for ${e.kind} at ${e.span.line}:${e.span.col}`);
    return t;
  }

  private temp(ty: IrTy): string {
    const name = `%t${this.temps++}`;
    this.b.declareVar(name, ty);
    return name;
  }

  /** The element type of iterating `iterE`. */
  elemTyOf(iterE: Expr): Ty {
    return elemTypeOf(this, iterE);
  }

  iterateList(list: ValueId, elem: Ty, body: (x: Lowered) => void): void {
    iterateList(this, list, elem, body);
  }

  applyLambda(lam: Expr, x: Lowered): Lowered {
    return applyLambda(this, lam, x);
  }

  runComprehension(e: Extract<Expr, { kind: "comprehension" }>, body: (x: Lowered) => void): void {
    runComprehension(this, e, body);
  }

  generatorSource(e: Extract<Expr, { kind: "comprehension" }>): LoopSource {
    return generatorSource(this, e);
  }

  /** A fresh SSA variable for loop state and merges. */
  tempVar(ty: IrTy): string {
    return this.temp(ty);
  }

  /** The innermost comprehension/lambda binding of `name`, if any. */
  scopedVar(name: string): string | undefined {
    for (let i = this.scoped.length - 1; i >= 0; i--) {
      const v = this.scoped[i]!.get(name);
      if (v) return v;
    }
    return undefined;
  }

  /** Run `f` with `names` bound to fresh SSA variables (comprehension and
   *  lambda scopes). */
  withScope<R>(names: Map<string, Ty>, f: () => R): R {
    const m = new Map<string, string>();
    for (const [n, t] of names) m.set(n, this.temp(irTy(t)));
    this.scoped.push(m);
    try {
      return f();
    } finally {
      this.scoped.pop();
    }
  }

  /** Raise `exc: msg` unless `ok` holds. */
  raiseUnless(ok: ValueId, exc: string, msg: string, span: Span): void {
    const { b } = this;
    const good = b.newBlock("check.ok");
    const bad = b.newBlock("check.fail");
    b.branch(ok, good, bad);
    b.seal(good);
    b.seal(bad);
    b.setBlock(bad);
    b.terminate({ kind: "raise", exc, message: msg, messageValue: null, site: this.site(span) });
    b.setBlock(good);
  }

  // ---- statements (lower-stmt.ts) ----------------------------------------

  block(body: Stmt[]): void {
    for (const st of body) {
      this.currentSpan = st.span;
      lowerStmt(this, st);
    }
  }

  /** Bind a Python name (local, module variable, or comprehension name). */
  assign(target: Extract<Expr, { kind: "name" }>, val: Lowered): void {
    if (val.v === null) return; // None-typed values are refused by inference
    const scoped = this.scopedVar(target.id);
    if (scoped) {
      this.b.writeVar(scoped, val.v);
      return;
    }
    const r = resolveName(this.spec.scope, target.id);
    if (r.kind === "global" && !this.promoted.has(target.id)) {
      this.b.gstore(target.id, val.v);
    } else {
      this.b.writeVar(target.id, val.v);
      this.b.writeVar(defFlag(target.id), this.b.const("i1", true));
    }
  }

  // ---- conditions ---------------------------------------------------------

  /** Branch to `t` when `e` is true, else to `f`, short-circuiting and/or/not
   *  and comparison chains without materialising bools. */
  cond(e: Expr, t: Block, f: Block): void {
    const { b } = this;
    if (e.kind === "boolop") {
      const mid = b.newBlock(e.op === "and" ? "and.rhs" : "or.rhs");
      if (e.op === "and") this.cond(e.left, mid, f);
      else this.cond(e.left, t, mid);
      b.seal(mid);
      b.setBlock(mid);
      this.cond(e.right, t, f);
      return;
    }
    if (e.kind === "unary" && e.op === "not") {
      this.cond(e.operand, f, t);
      return;
    }
    if (e.kind === "compare" && e.ops.length > 1) {
      this.compareChain(e, t, f);
      return;
    }
    const c = foldConst(e);
    if (c && c.kind !== "str") {
      const truth = c.kind === "none" ? false : c.kind === "bool" ? c.value : c.kind === "int" ? c.value !== 0n : c.value !== 0;
      b.jump(truth ? t : f);
      return;
    }
    if (e.kind === "compare") {
      const d = this.divisibility(e);
      if (d !== null) return b.branch(d, t, f);
    }
    b.branch(this.truth(this.expr(e)), t, f);
  }

  private compareOne(e: Extract<Expr, { kind: "compare" }>): ValueId {
    return this.compare(e.ops[0]!, this.expr(e.left), this.expr(e.comparators[0]!), e.left, e.comparators[0]!);
  }

  /** `x % m == 0` / `!= 0` on ints: the truncated remainder is zero exactly
   *  when Python's floored one is, and LLVM turns it into masks and shifts. */
  private divisibility(e: Extract<Expr, { kind: "compare" }>): ValueId | null {
    const { b } = this;
    const [op] = e.ops;
    const left = e.left;
    const zero = foldConst(e.comparators[0]!);
    if (e.ops.length !== 1 || (op !== "==" && op !== "!=") || left.kind !== "binop" || left.op !== "%" || foldConst(left)) return null;
    if (this.tyOf(left).kind !== "int" || zero?.kind !== "int" || zero.value !== 0n) return null;
    const x = this.toInt(this.expr(left.left));
    const m = this.toInt(this.expr(left.right));
    const rem = b.op("isrem", "i64", [x, m], this.site(left.span));
    return b.cmp("icmp", op === "==" ? "eq" : "ne", rem, b.const("i64", 0n));
  }

  private compareChain(e: Extract<Expr, { kind: "compare" }>, t: Block, f: Block): void {
    const { b } = this;
    let left = this.expr(e.left);
    e.ops.forEach((op, i) => {
      const rightE = e.comparators[i]!;
      const right = this.expr(rightE);
      const c = this.compare(op, left, right, e.left, rightE);
      if (i === e.ops.length - 1) {
        b.branch(c, t, f);
      } else {
        const next = b.newBlock("cmp.next");
        b.branch(c, next, f);
        b.seal(next);
        b.setBlock(next);
      }
      left = right;
    });
  }

  /** Python truthiness as an i1. */
  truth(x: Lowered): ValueId {
    const { b } = this;
    switch (x.ty.kind) {
      case "bool":
        return x.v!;
      case "int":
        return b.cmp("icmp", "ne", x.v!, b.const("i64", 0n));
      case "float":
        return b.cmp("fcmp", "ne", x.v!, b.const("f64", 0));
      case "none":
      case "never":
        return b.const("i1", false);
      case "list":
      case "vtuple":
        return b.cmp("icmp", "ne", b.op("listlen", "i64", [x.v!]), b.const("i64", 0n));
      case "tuple":
        return b.const("i1", x.ty.elems.length > 0);
      case "dict":
      case "dictview":
      case "set":
        return b.cmp("icmp", "ne", b.callrt(x.ty.kind === "set" ? "apc_set_len" : "apc_dict_len", "i64", [x.v!], null), b.const("i64", 0n));
      case "unknown":
        return b.const("i1", false); // an element of a container that is always empty
      case "str":
        return b.cmp("icmp", "ne", b.callrt("apc_str_len", "i64", [x.v!], null), b.const("i64", 0n));
    }
  }

  /** Evaluate a condition to a bool value (for `x = a < b < c`, `not x`). */
  private materialize(e: Expr): Lowered {
    const v = this.choose("bool", "i1", (t, f) => this.cond(e, t, f), () => this.b.const("i1", true), () => this.b.const("i1", false));
    return { v, ty: { kind: "bool" } };
  }

  /** A value computed on one of two paths (only the taken one runs):
   *  `branch` ends the current block jumping to the blocks it is given. */
  choose(label: string, ty: IrTy, branch: (then: Block, els: Block) => void, then: () => ValueId, els: () => ValueId): ValueId {
    const { b } = this;
    const tmp = this.temp(ty);
    const t = b.newBlock(`${label}.then`);
    const f = b.newBlock(`${label}.else`);
    const join = b.newBlock(`${label}.end`);
    branch(t, f);
    b.seal(t);
    b.seal(f);
    for (const [blk, value] of [[t, then], [f, els]] as const) {
      b.setBlock(blk);
      b.writeVar(tmp, value());
      b.jump(join);
    }
    b.seal(join);
    b.setBlock(join);
    return b.readVar(tmp);
  }

  // ---- expressions --------------------------------------------------------

  expr(e: Expr): Lowered {
    const ty = this.tyOf(e);
    if (ty.kind === "never") return this.neverExpr(e, ty);
    const c = foldConst(e);
    if (c && c.kind !== "none" && c.kind === ty.kind) return { v: this.b.const(irTy(ty), c.value), ty };
    switch (e.kind) {
      case "none":
        return { v: null, ty };
      case "int":
      case "float":
      case "bool":
      case "str":
        return { v: this.b.const(irTy(ty), e.value), ty };
      case "name":
        return this.readName(e, ty);
      case "binop":
        return this.binop(e.op, this.expr(e.left), this.expr(e.right), e.span, e.right, ty);
      case "unary":
        return this.unary(e, ty);
      case "boolop":
        return this.boolValue(e, ty);
      case "compare":
        if (e.ops.length === 1) return { v: this.divisibility(e) ?? this.compareOne(e), ty };
        return this.materialize(e);
      case "ifexp": {
        const { b } = this;
        const tmp = this.temp(irTy(ty));
        const t = b.newBlock("ifexp.then");
        const f = b.newBlock("ifexp.else");
        const join = b.newBlock("ifexp.end");
        this.cond(e.test, t, f);
        b.seal(t);
        b.seal(f);
        b.setBlock(t);
        const tv = this.expr(e.body);
        if (tv.v !== null) b.writeVar(tmp, tv.v);
        b.jump(join);
        b.setBlock(f);
        const fv = this.expr(e.orelse);
        if (fv.v !== null) b.writeVar(tmp, fv.v);
        b.jump(join);
        b.seal(join);
        b.setBlock(join);
        return { v: ty.kind === "none" ? null : b.readVar(tmp), ty };
      }
      case "call":
        return this.call(e, ty);
      case "attribute":
        return lowerLibraryCall(this, e, ty);
      case "subscript":
        return lowerSubscript(this, e, ty);
      case "fstring":
        return lowerFString(this, e);
      case "list":
      case "set":
        return lowerListLiteral(this, e, ty);
      case "tuple":
        return newTuple(this, e.elts.map((x) => this.expr(x)), ty);
      case "dict":
        return lowerDictLiteral(this, e, ty);
      case "comprehension":
        return lowerComprehension(this, e, ty);
      case "slice":
      case "starred":
      case "lambda":
      case "unsupported":
        throw new Error(`internal: ${e.kind} reached lowering`);
      default:
        return assertNever(e, "expression");
    }
  }

  /** An expression that never produces a value: evaluate its parts in order
   *  (the first that never returns ends the block), then mark the rest
   *  unreachable. */
  private neverExpr(e: Expr, ty: Ty): Lowered {
    const { b } = this;
    switch (e.kind) {
      case "call": {
        const target = this.spec.calls.get(e);
        const written = [...e.args, ...e.keywords.map((k) => k.value)];
        const byExpr = new Map<Expr, Lowered>();
        for (const a of written) byExpr.set(a, this.expr(a));
        if (target?.kind === "user" && target.spec.ret?.kind === "never" && b.open) {
          const args = target.args.map((a) => this.argValue(a, byExpr).v!);
          b.call(target.spec.symbol, "void", args, this.site(e.span));
        }
        break;
      }
      case "binop":
        this.expr(e.left);
        this.expr(e.right);
        break;
      case "unary":
        this.expr(e.operand);
        break;
      case "compare":
        this.expr(e.left);
        for (const c of e.comparators) this.expr(c);
        break;
      case "subscript":
        this.expr(e.index);
        break;
      default:
        break;
    }
    if (b.open) b.terminate({ kind: "unreachable" });
    return { v: null, ty };
  }

  private argValue(a: Expr | DefaultRef, byExpr: Map<Expr, Lowered>): Lowered {
    if (isDefaultRef(a)) {
      const ty = this.prog.globals.get(a.global)!;
      return { v: this.b.gload(a.global, irTy(ty), this.site(a.param.span)), ty };
    }
    return byExpr.get(a) ?? this.expr(a);
  }

  private readName(e: Extract<Expr, { kind: "name" }>, ty: Ty): Lowered {
    const { b } = this;
    const scoped = this.scopedVar(e.id);
    if (scoped) return { v: b.readVar(scoped), ty };
    const r = resolveName(this.spec.scope, e.id);
    const constant = r.kind === "global" ? this.opts.constants?.get(e.id) : undefined;
    if (constant) return { v: constant.kind === "none" ? null : b.const(irTy(ty), constant.value), ty };
    if (r.kind === "global" && !this.promoted.has(e.id)) return { v: b.gload(e.id, irTy(ty), this.site(e.span)), ty };
    if (r.kind === "import") return lowerLibraryCall(this, e, ty);
    const flag = b.readVar(defFlag(e.id));
    if (b.constValue(flag) !== true) {
      const ok = b.newBlock("local.ok");
      const fail = b.newBlock("local.unbound");
      b.branch(flag, ok, fail);
      b.seal(ok);
      b.seal(fail);
      b.setBlock(fail);
      const moduleVar = this.promoted.has(e.id);
      b.terminate({
        kind: "raise",
        exc: moduleVar ? "NameError" : "UnboundLocalError",
        message: moduleVar ? `name '${e.id}' is not defined` : `cannot access local variable '${e.id}' where it is not associated with a value`,
        messageValue: null,
        site: this.site(e.span),
      });
      b.setBlock(ok);
    }
    return { v: b.readVar(e.id), ty };
  }

  toInt(x: Lowered): ValueId {
    return x.ty.kind === "bool" ? this.b.op("btoi", "i64", [x.v!]) : x.v!;
  }

  toFloat(x: Lowered): ValueId {
    if (x.ty.kind === "float") return x.v!;
    return this.b.op("itof", "f64", [this.toInt(x)]);
  }

  toStr(x: Lowered): ValueId {
    const { b } = this;
    switch (x.ty.kind) {
      case "str":
        return x.v!;
      case "int":
        return b.callrt("apc_str_from_int", "str", [x.v!], null);
      case "float":
        return b.callrt("apc_str_from_float", "str", [x.v!], null);
      case "bool":
        return b.callrt("apc_str_from_bool", "str", [x.v!], null);
      case "none":
      case "never":
        return b.const("str", "None");
      default:
        return containerToStr(this, x);
    }
  }

  binop(op: BinOp, l: Lowered, r: Lowered, span: Span, right: Expr | undefined, resTy: Ty): Lowered {
    const { b } = this;
    const num = (t: Ty) => t.kind === "int" || t.kind === "float" || t.kind === "bool";
    if (!num(l.ty) || !num(r.ty)) return sequenceBinop(this, op, l, r, resTy, span);
    const site = this.site(span);
    const isF = resTy.kind === "float";
    switch (op) {
      case "+":
      case "-":
      case "*": {
        if (isF) {
          const opc = op === "+" ? "fadd" : op === "-" ? "fsub" : "fmul";
          return { v: b.op(opc, "f64", [this.toFloat(l), this.toFloat(r)]), ty: resTy };
        }
        const opc = op === "+" ? "iadd" : op === "-" ? "isub" : "imul";
        return { v: b.op(opc, "i64", [this.toInt(l), this.toInt(r)], site), ty: resTy };
      }
      case "/":
        if (l.ty.kind !== "float" && r.ty.kind !== "float") {
          return { v: b.op("itruediv", "f64", [this.toInt(l), this.toInt(r)], site), ty: resTy };
        }
        return { v: b.op("fdiv", "f64", [this.toFloat(l), this.toFloat(r)], site), ty: resTy };
      case "//":
        if (isF) return { v: b.op("ffloordiv", "f64", [this.toFloat(l), this.toFloat(r)], site), ty: resTy };
        return { v: b.op("ifloordiv", "i64", [this.toInt(l), this.toInt(r)], site), ty: resTy };
      case "%":
        if (isF) return { v: b.op("fmod", "f64", [this.toFloat(l), this.toFloat(r)], site), ty: resTy };
        return { v: b.op("imod", "i64", [this.toInt(l), this.toInt(r)], site), ty: resTy };
      case "**": {
        const c = right ? foldConst(right) : null;
        const isTwo = c !== null && ((c.kind === "int" && c.value === 2n) || (c.kind === "float" && c.value === 2));
        if (resTy.kind === "float") {
          const base = this.toFloat(l);
          // x ** 2 is exactly x * x (one rounding, as pow gives).
          if (isTwo) return { v: b.op("fmul", "f64", [base, base]), ty: resTy };
          return { v: b.op("fpow", "f64", [base, this.toFloat(r)], site), ty: resTy };
        }
        const base = this.toInt(l);
        if (isTwo) return { v: b.op("imul", "i64", [base, base], site), ty: resTy };
        return { v: b.op("ipow", "i64", [base, this.toInt(r)], site), ty: resTy };
      }
      case "&":
      case "|":
      case "^":
        if (resTy.kind === "bool") {
          return { v: b.op(op === "&" ? "band" : op === "|" ? "bor" : "bxor", "i1", [l.v!, r.v!]), ty: resTy };
        }
        return { v: b.op(op === "&" ? "iand" : op === "|" ? "ior" : "ixor", "i64", [this.toInt(l), this.toInt(r)]), ty: resTy };
      case "<<":
      case ">>":
        return { v: b.op(op === "<<" ? "ishl" : "ishr", "i64", [this.toInt(l), this.toInt(r)], site), ty: resTy };
      case "@":
        throw new Error("internal: @ reached lowering");
      default:
        return assertNever(op, "operator");
    }
  }

  private unary(e: Extract<Expr, { kind: "unary" }>, ty: Ty): Lowered {
    const { b } = this;
    if (e.op === "not") {
      if (e.operand.kind === "compare" || e.operand.kind === "boolop") return this.materialize(e);
      return { v: b.op("bnot", "i1", [this.truth(this.expr(e.operand))]), ty };
    }
    const x = this.expr(e.operand);
    switch (e.op) {
      case "-":
        if (x.ty.kind === "float") return { v: b.op("fneg", "f64", [x.v!]), ty };
        return { v: b.op("ineg", "i64", [this.toInt(x)], this.site(e.span)), ty };
      case "+":
        return x.ty.kind === "float" ? x : { v: this.toInt(x), ty };
      case "~":
        return { v: b.op("ixor", "i64", [this.toInt(x), b.const("i64", -1n)]), ty };
      default:
        return assertNever(e.op as never, "unary operator");
    }
  }

  /** `a and b` / `a or b` as a value: one operand or the other. */
  private boolValue(e: Extract<Expr, { kind: "boolop" }>, ty: Ty): Lowered {
    const { b } = this;
    const tmp = this.temp(irTy(ty));
    const l = this.expr(e.left);
    if (l.v !== null) b.writeVar(tmp, l.v);
    const rhs = b.newBlock(`${e.op}.rhs`);
    const join = b.newBlock(`${e.op}.end`);
    const t = this.truth(l);
    if (e.op === "and") b.branch(t, rhs, join);
    else b.branch(t, join, rhs);
    b.seal(rhs);
    b.setBlock(rhs);
    const r = this.expr(e.right);
    if (r.v !== null) b.writeVar(tmp, r.v);
    b.jump(join);
    b.seal(join);
    b.setBlock(join);
    return { v: ty.kind === "none" ? null : b.readVar(tmp), ty };
  }

  /** One comparison `l op r` as an i1. Ints and floats compare exactly. */
  compare(op: CmpOp, l: Lowered, r: Lowered, le: Expr, re: Expr): ValueId {
    const { b } = this;
    if (l.ty.kind === "none" || r.ty.kind === "none") {
      const same = l.ty.kind === r.ty.kind;
      const eq = op === "is" || op === "==";
      return b.const("i1", eq ? same : !same);
    }
    if (op === "in" || op === "not in") {
      const m = membership(this, l, r, re.span);
      return op === "in" ? m : b.op("bnot", "i1", [m]);
    }
    const num = (t: Ty) => t.kind === "int" || t.kind === "float" || t.kind === "bool";
    if (!num(l.ty) || !num(r.ty)) return compareValues(this, op, l, r);
    const pred = PRED[op as keyof typeof PRED];

    if (l.ty.kind === "float" && r.ty.kind === "float") return b.cmp("fcmp", pred, l.v!, r.v!);
    if (l.ty.kind !== "float" && r.ty.kind !== "float") return b.cmp("icmp", pred, this.toInt(l), this.toInt(r));
    // Mixed int/float: an int constant that converts exactly becomes a float compare.
    const exact = (e: Expr) => {
      const c = foldConst(e);
      return c && (c.kind === "int" || c.kind === "bool") && (c.kind === "bool" || (c.value <= 1n << 53n && c.value >= -(1n << 53n)));
    };
    if (l.ty.kind === "float") {
      if (exact(re)) return b.cmp("fcmp", pred, l.v!, this.toFloat(r));
      return b.cmp("ifcmp", SWAP[pred], this.toInt(r), l.v!);
    }
    if (exact(le)) return b.cmp("fcmp", pred, this.toFloat(l), r.v!);
    return b.cmp("ifcmp", pred, this.toInt(l), r.v!);
  }

  private call(e: Extract<Expr, { kind: "call" }>, ty: Ty): Lowered {
    const target = this.spec.calls.get(e);
    if (!target) throw new Error(`internal: unresolved call at ${e.span.line}:${e.span.col}`);
    if (target.kind === "lib") return lowerIterableBuiltin(this, e, target.name, ty) ?? lowerLibraryCall(this, e, ty);
    if (target.kind === "method") return lowerMethodCall(this, e, ty);
    // Arguments are evaluated in the order written (positional, then
    // keywords), then placed in parameter order; defaults are constants.
    const values = new Map<Expr, Lowered>();
    for (const a of e.args) values.set(a, this.expr(a));
    for (const k of e.keywords) values.set(k.value, this.expr(k.value));
    const args = target.args.map((a) => this.argValue(a, values).v!);
    const v = this.b.call(target.spec.symbol, irTy(ty), args, this.site(e.span));
    return { v: ty.kind === "none" ? null : v, ty };
  }
}

const PRED = { "<": "lt", "<=": "le", ">": "gt", ">=": "ge", "==": "eq", "!=": "ne" } as const satisfies Partial<Record<CmpOp, CmpPred>>;
const SWAP: Record<CmpPred, CmpPred> = { lt: "gt", le: "ge", gt: "lt", ge: "le", eq: "eq", ne: "ne" };

export function defFlag(name: string): string {
  return `${name}?def`;
}
