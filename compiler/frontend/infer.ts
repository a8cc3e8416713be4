// Semantic analysis and type inference. Starting from the module body, it
// types every expression, creates one specialisation per distinct
// argument-type tuple of each called function (`square(7)` and `square(2.5)`
// are two specs), infers return types of (mutually) recursive functions by
// fixed-point iteration, and checks what apc refuses (undefined names, wrong
// arity, type errors, unsupported constructs). Owns: the typed program handed
// to lowering. Does not own: scoping rules (scopes.ts), call typing of the
// library (library.ts helpers below), or code generation.
//
// Rules apc keeps so compiled output equals CPython's:
// - a variable holds one type within a function (int then float is refused:
//   CPython would print `1` where a float slot would print `1.0`);
// - a function returns one type on every path;
// - annotations are hints: a spec is made for the types actually passed,
//   because CPython does not convert `f(3)` to float for `x: float`.

import type { CmpOp, Expr, FStringPart, FunctionDef, Module, Param, Span, Stmt } from "./ast.js";
import { assertNever, keyAsLambda } from "./ast.js";
import { diagnostic, type Code, type Diagnostic } from "../diagnostics.js";
import { buildScopes, PYTHON_BUILTINS, resolveName, type FnScope } from "./scopes.js";
import { T, hasUnknown, joinTy, mangleTys, parseTy, promote, pyTypeName, showTy, tyContains, tyEq, isNumeric, type Ty } from "./types.js";
import {
  iterElemType,
  settleLiteral,
  typeDictLiteral,
  typeIterableBuiltin,
  typeListLiteral,
  typeMethodCall,
  typeSequenceBinop,
  typeSubscript,
  typeTupleLiteral,
  elemOfIterable,
  checkHashable,
} from "./infer-containers.js";
import { foldConst } from "./fold.js";
import { typeLibraryCall, typeLibraryValue, libraryNameOf, type LibName } from "./infer-library.js";
import { NATIVE_MODULES, isModuleMember } from "./library.js";
import { alwaysExits, annotationType, bindArguments, dedupe, defaultGlobal, isDefaultRef, paramFormText, typeImportValue, type DefaultRef } from "./infer-rules.js";

export type CallTarget =
  | { kind: "user"; spec: Spec; args: (Expr | DefaultRef)[] } // args in parameter order, defaults filled in
  | { kind: "lib"; name: LibName }
  /** A method of str, list, dict or set: `receiver.name(...)`. */
  | { kind: "method"; name: string };

export interface Spec {
  readonly key: string; // "square(int)"
  readonly symbol: string; // the native symbol: "py_square__i"
  readonly scope: FnScope;
  readonly paramTys: readonly Ty[];
  /** null while unknown during the fixed point. */
  ret: Ty | null;
  readonly locals: Map<string, Ty>;
  exprTy: Map<Expr, Ty>;
  calls: Map<Expr, CallTarget>;
  diagnostics: Diagnostic[];
  /** Specs this one calls (for refusal propagation and reports). */
  callees: Set<Spec>;
}

export interface Program {
  readonly module: Module;
  readonly root: FnScope;
  readonly main: Spec;
  readonly specs: Spec[];
  readonly globals: Map<string, Ty>;
  readonly diagnostics: Diagnostic[];
  /** Functions never specialised (not called, not fully annotated). */
  readonly uncompiled: { scope: FnScope; reason: Diagnostic }[];
}

export function specName(scope: FnScope): string {
  return scope.qualname;
}

export function isMain(spec: Spec): boolean {
  return spec.scope.def === null;
}

interface Ctx {
  spec: Spec;
  loopDepth: number;
  rets: { ty: Ty | null; span: Span }[];
  final: boolean;
  /** Names bound by enclosing comprehensions and lambdas (innermost last). */
  scoped: Map<string, Ty | null>[];
}

/** Observed signatures for functions nothing in the file calls (from the
 *  profiler's trace store): qualified name -> argument type lists, as
 *  strings like "list[float]". Used only where annotations say nothing. */
export type SignatureHints = Record<string, string[][]>;

/** `symbolPrefix` starts every exported symbol ("py_" unless given), so the
 *  functions of several modules can share one library. */
export function inferProgram(mod: Module, hints: SignatureHints = {}, symbolPrefix = "py_"): Program {
  return new Inferrer(mod, hints, symbolPrefix).run();
}

class Inferrer {
  readonly root: FnScope;
  readonly specs = new Map<string, Spec>();
  readonly globals = new Map<string, Ty>();
  readonly globalDiags: Diagnostic[] = [];
  /** Types of non-constant parameter defaults, from the scope that runs the def. */
  readonly defaultTys = new Map<Param, Ty>();
  /** Fully annotated functions compiled although nothing calls them. */
  readonly entryPoints: Spec[] = [];
  /** Expressions iterated once, in full, where they stand (a `for` or
   *  comprehension iterable, an argument of list()/sum()/str.join()...): the
   *  only places a generator expression, enumerate(), zip() or reversed()
   *  compiles, since apc has no iterator objects to keep. */
  readonly iterated = new WeakSet<Expr>();

  constructor(
    readonly mod: Module,
    readonly hints: SignatureHints = {},
    readonly symbolPrefix = "py_",
  ) {
    this.root = buildScopes(mod);
  }

  run(): Program {
    const main = this.getSpec(this.root, []);
    main.ret = T.none;
    // Fully annotated functions are compiled even when nothing calls them
    // (they are entry points of a --shared library).
    const uncompiled: { scope: FnScope; reason: Diagnostic }[] = [];
    this.settle();
    // A function whose return type is still unknown at the fixed point never
    // returns (it always recurses or exits): its calls have type NoReturn.
    let promoted = false;
    for (const spec of this.specs.values()) {
      if (spec.scope.def && spec.ret === null) {
        spec.ret = T.never;
        promoted = true;
      }
    }
    if (promoted) this.settle();
    for (const spec of [...this.specs.values()]) this.inferSpec(spec, true);
    this.addAnnotatedEntryPoints(uncompiled);
    // Keep the specs the program can reach (from the module body and the
    // annotated entry points): intermediate ones of the fixed point go.
    const reach = new Set<Spec>();
    const visit = (s: Spec) => {
      if (reach.has(s)) return;
      reach.add(s);
      for (const c of s.callees) visit(c);
    };
    visit(main);
    for (const s of this.entryPoints) visit(s);
    const specs = [...this.specs.values()].filter((s) => reach.has(s));
    return {
      module: this.mod,
      root: this.root,
      main,
      specs,
      globals: this.globals,
      diagnostics: [...this.globalDiags, ...dedupe(specs.flatMap((s) => s.diagnostics))],
      uncompiled,
    };
  }

  /** Infer every specialisation until nothing changes. A round re-infers
   *  each one; what can change when one is inferred is its own return type
   *  and locals, the module's globals and the set of specialisations, so
   *  those are all a round compares (linear in the program's size). */
  private settle(rounds = 200): void {
    for (let round = 0; round < rounds; round++) {
      let changed = false;
      for (const spec of [...this.specs.values()]) {
        const before = this.specFingerprint(spec);
        const globalsBefore = this.globalsFingerprint();
        const count = this.specs.size;
        this.inferSpec(spec, false);
        if (this.specFingerprint(spec) !== before || this.specs.size !== count || this.globalsFingerprint() !== globalsBefore) changed = true;
      }
      if (!changed) return;
    }
  }

  // Functions nothing calls are compiled when their parameters are all
  // annotated (or the profiler observed their types): all such entry points
  // are added first, then the program settles once.
  private addAnnotatedEntryPoints(uncompiled: { scope: FnScope; reason: Diagnostic }[]): void {
    const scopes: FnScope[] = [];
    const collect = (scope: FnScope) => {
      for (const child of scope.nested.values()) {
        scopes.push(child);
        collect(child);
      }
    };
    collect(this.root);
    const calledScopes = () => new Set([...this.specs.values()].map((s) => s.scope));
    const called = calledScopes();
    let added = false;
    for (const child of scopes) {
      if (called.has(child)) continue;
      const def = child.def!;
      const annotated = def.params.map((p) => (p.annotation ? annotationType(p.annotation) : null));
      const observed = (this.hints[child.qualname] ?? [])
        .map((sig) => sig.map(parseTy))
        .filter((tys) => tys.length === def.params.length && tys.every((t) => t !== null)) as Ty[][];
      const sigs = annotated.every((t): t is Ty => t !== null) ? [annotated as Ty[]] : observed;
      if (sigs.length && def.params.every((p) => p.form === "normal")) {
        for (const tys of sigs) this.entryPoints.push(this.getSpec(child, tys));
        added = true;
      }
    }
    if (added) {
      this.settle(50);
      for (const s of [...this.specs.values()]) this.inferSpec(s, true);
    }
    const reached = calledScopes();
    for (const child of scopes) {
      if (reached.has(child)) continue;
      uncompiled.push({
        scope: child,
        reason: diagnostic("E0207", `function '${child.qualname}' is never called and its parameters are not all annotated`, this.mod.file, child.def!.nameSpan, { severity: "warning" }),
      });
    }
  }

  private specFingerprint(s: Spec): string {
    const parts: string[] = [s.ret ? showTy(s.ret) : "?"];
    for (const [n, t] of s.locals) parts.push(`${n}:${showTy(t)}`);
    return parts.join("|");
  }

  private globalsFingerprint(): string {
    const parts: string[] = [];
    for (const [g, t] of this.globals) parts.push(`${g}=${showTy(t)}`);
    return parts.join("|");
  }

  getSpec(scope: FnScope, paramTys: Ty[]): Spec {
    const key = scope.def ? `${scope.qualname}(${paramTys.map(showTy).join(", ")})` : "<module>";
    let spec = this.specs.get(key);
    if (!spec) {
      const symbol = scope.def ? `${this.symbolPrefix}${scope.qualname.replace(/\./g, "__")}__${mangleTys(paramTys)}` : "apc_module_main";
      spec = {
        key,
        symbol,
        scope,
        paramTys,
        ret: null,
        locals: new Map(),
        exprTy: new Map(),
        calls: new Map(),
        diagnostics: [],
        callees: new Set(),
      };
      scope.def?.params.forEach((p, i) => spec!.locals.set(p.name, paramTys[i]!));
      this.specs.set(key, spec);
    }
    return spec;
  }

  private inferSpec(spec: Spec, final: boolean): void {
    spec.exprTy = new Map();
    spec.calls = new Map();
    spec.diagnostics = [];
    spec.callees = new Set();
    const ctx: Ctx = { spec, loopDepth: 0, rets: [], final, scoped: [] };
    const def = spec.scope.def;
    if (def) this.checkDef(ctx, def);
    for (const [name, span] of spec.scope.conflicts) {
      this.error(ctx, "E0301", `'${name}' is bound both as a function and as another value; apc needs one binding per name`, span);
    }
    const body = def ? def.body : this.mod.body;
    this.block(ctx, body);
    if (!def) return;
    const fallsOff = !alwaysExits(body);
    const known = ctx.rets.filter((r) => r.ty !== null && r.ty.kind !== "never") as { ty: Ty; span: Span }[];
    if (fallsOff) known.push({ ty: T.none, span: def.nameSpan });
    const declared = def.returns ? annotationType(def.returns) : null;
    if (known.length === 0) return;
    const first = known[0]!;
    for (const r of known) {
      if (!tyEq(r.ty, first.ty)) {
        const noneEnd = fallsOff && (r.ty.kind === "none" || first.ty.kind === "none");
        if (noneEnd && declared && declared.kind !== "none") {
          this.error(ctx, "E0203", `function '${def.name}' is annotated -> ${showTy(declared)} but can reach its end and return None`, def.nameSpan);
        } else {
          this.error(ctx, "E0205", `function '${def.name}' returns ${showTy(first.ty)} on one path and ${showTy(r.ty)} on another`, r.span, {
            notes: [{ message: `the ${showTy(first.ty)} comes from here`, span: first.span }],
            help: noneEnd ? "return a value on every path" : "convert so every return has the same type (e.g. float(x))",
          });
        }
        return;
      }
    }
    if (spec.ret === null) spec.ret = first.ty;
    else if (!tyEq(spec.ret, first.ty)) this.error(ctx, "E0205", `function '${def.name}' returns ${showTy(spec.ret)} and ${showTy(first.ty)}`, def.nameSpan);
  }

  private checkDef(ctx: Ctx, def: FunctionDef): void {
    if (def.decorators.length) this.error(ctx, "E0301", "decorators are not compiled yet", def.decorators[0]!.span ?? def.nameSpan);
    if (def.isAsync) this.error(ctx, "E0301", "async functions are not compiled", def.nameSpan);
    for (const p of def.params) {
      if (p.form !== "normal") this.error(ctx, "E0301", `${paramFormText(p)} parameters are not compiled yet`, p.span);
      if (p.annotation && !annotationType(p.annotation)) {
        this.error(ctx, "E0204", `unsupported annotation for parameter '${p.name}'`, p.annotation.span);
      }
    }
    if (def.returns && !annotationType(def.returns)) this.error(ctx, "E0204", "unsupported return annotation", def.returns.span);
  }

  error(ctx: Ctx, code: Code, message: string, span: Span, extra: { notes?: { message: string; span?: Span }[]; help?: string } = {}): void {
    ctx.spec.diagnostics.push(diagnostic(code, message, this.mod.file, span, extra));
  }

  // ---- statements -------------------------------------------------------

  private block(ctx: Ctx, body: Stmt[]): void {
    for (const s of body) this.stmt(ctx, s);
  }

  private stmt(ctx: Ctx, s: Stmt): void {
    switch (s.kind) {
      case "expr":
        if (s.value.kind === "str") return; // docstring or bare literal: no effect
        this.expr(ctx, s.value);
        return;
      case "assign": {
        if (s.targets.some((t) => t.kind === "tuple" || t.kind === "list")) {
          // a, b = b, a % b: a literal on the right is evaluated element-wise
          // (no tuple is built); anything else is unpacked at run time.
          const literal = s.targets.length === 1 && (s.value.kind === "tuple" || (s.value.kind === "list" && s.targets[0]!.kind !== "list"));
          const vals = literal ? (s.value as Extract<Expr, { kind: "tuple" }>).elts.map((e) => this.expr(ctx, e)) : this.expr(ctx, s.value);
          for (const t of s.targets) this.assignTarget(ctx, t, vals, s.value);
        } else {
          const ty = this.expr(ctx, s.value);
          for (const t of s.targets) this.assignTarget(ctx, t, ty, s.value);
        }
        return;
      }
      case "augassign": {
        if (s.target.kind !== "name" && s.target.kind !== "subscript") {
          this.unsupported(ctx, "augmented assignment to this target", s.target.span);
          return;
        }
        const cur = this.expr(ctx, s.target);
        const val = this.expr(ctx, s.value);
        if (!cur || !val || cur.kind === "never" || val.kind === "never") return;
        if (s.target.kind === "subscript") {
          const base = ctx.spec.exprTy.get(s.target.value);
          if (base && base.kind !== "list" && base.kind !== "dict") {
            this.error(ctx, "E0201", `'${pyTypeName(base)}' object does not support item assignment`, s.target.span);
            return;
          }
        }
        const res = this.binopType(ctx, s.op, cur, val, s.span);
        if (res && !tyEq(res, cur)) {
          const what = s.target.kind === "name" ? `variable '${s.target.id}'` : "element";
          this.error(ctx, "E0202", `'${s.op}=' turns ${showTy(cur)} ${what} into ${showTy(res)}`, s.span, {
            help: res.kind === "float" && s.target.kind === "name" ? `start '${s.target.id}' as a float (e.g. ${s.target.id} = 0.0)` : undefined,
          });
        }
        return;
      }
      case "annassign":
        if (s.value) this.assignTarget(ctx, s.target, this.expr(ctx, s.value), s.value);
        return;
      case "if":
        this.cond(ctx, s.test);
        this.block(ctx, s.body);
        this.block(ctx, s.orelse);
        return;
      case "while":
        this.cond(ctx, s.test);
        ctx.loopDepth++;
        this.block(ctx, s.body);
        ctx.loopDepth--;
        this.block(ctx, s.orelse);
        return;
      case "for":
        this.forLoop(ctx, s);
        return;
      case "break":
      case "continue":
        if (ctx.loopDepth === 0) this.error(ctx, "E0401", `'${s.kind}' outside loop`, s.span);
        return;
      case "return":
        if (!ctx.spec.scope.def) {
          this.error(ctx, "E0402", "'return' outside function", s.span);
          return;
        }
        ctx.rets.push({ ty: s.value ? this.expr(ctx, s.value) : T.none, span: s.value?.span ?? s.span });
        return;
      case "pass":
      case "global":
        return;
      case "assert":
        this.cond(ctx, s.test);
        if (s.msg) this.expr(ctx, s.msg);
        return;
      case "import":
        for (const a of s.names) {
          if (!NATIVE_MODULES.has(a.name)) this.error(ctx, "E0106", `module '${a.name}' is not compiled natively`, a.span);
        }
        return;
      case "importfrom":
        if (!NATIVE_MODULES.has(s.module)) {
          this.error(ctx, "E0106", `module '${s.module}' is not compiled natively`, s.span);
          return;
        }
        for (const a of s.names) {
          if (!isModuleMember(s.module, a.name)) this.error(ctx, "E0105", `module '${s.module}' has no member '${a.name}' that apc compiles`, a.span);
        }
        return;
      case "funcdef":
        // The body compiles through its specialisations; the def statement
        // itself evaluates non-constant defaults, once.
        for (const p of s.def.params) {
          if (!p.default || foldConst(p.default)) continue;
          const t = this.expr(ctx, p.default);
          if (!t || t.kind === "never") continue;
          const prev = this.defaultTys.get(p);
          if (prev && !tyEq(prev, t)) this.error(ctx, "E0202", `default of '${p.name}' changes type`, p.default.span);
          if (t.kind === "none" || t.kind === "str") this.error(ctx, "E0303", `a ${showTy(t)} default that is not a literal is not compiled yet`, p.default.span);
          this.defaultTys.set(p, t);
          this.globals.set(defaultGlobal(ctx.spec.scope.nested.get(s.def.name) ?? ctx.spec.scope, p), t);
        }
        return;
      case "nonlocal":
        return this.unsupported(ctx, "`nonlocal` (closures)", s.span);
      case "del":
        for (const t of s.targets) {
          if (t.kind !== "subscript") {
            this.unsupported(ctx, "`del` of anything but list items, slices and dict keys", t.span);
            continue;
          }
          const base = this.expr(ctx, t.value);
          if (base && base.kind !== "list" && base.kind !== "dict") this.error(ctx, "E0201", `'${pyTypeName(base)}' object doesn't support item deletion`, t.span);
          else if (t.index.kind === "slice") typeSubscript(this, ctx, t);
          else if (base) {
            const k = this.expr(ctx, t.index);
            if (k && base.kind === "dict" && !joinTy(base.key, k)) this.error(ctx, "E0201", `dict with ${showTy(base.key)} keys used with a ${showTy(k)} key`, t.index.span);
          }
        }
        return;
      case "classdef":
        return this.unsupported(ctx, "classes", s.span);
      case "raise":
        return this.unsupported(ctx, "`raise`", s.span);
      case "try":
        return this.unsupported(ctx, "`try` statements", s.span);
      case "unsupported":
        return this.unsupported(ctx, s.what, s.span);
      default:
        assertNever(s, "statement");
    }
  }

  /** A name that resolves to nothing apc knows: one of Python's builtins apc
   *  does not compile yet, or really undefined. */
  private undefinedName(ctx: Ctx, name: string, span: Span): void {
    if (PYTHON_BUILTINS.has(name)) this.unsupported(ctx, `the builtin '${name}'`, span);
    else this.error(ctx, "E0101", `name '${name}' is not defined`, span);
  }

  unsupported(ctx: Ctx, what: string, span: Span): void {
    this.error(ctx, "E0301", `${what} ${/s$/.test(what) && !what.startsWith("`") ? "are" : "is"} not supported by apc yet`, span);
  }

  // for_stmt: 'for' target 'in' iterable ':' block ['else' ':' block]
  private forLoop(ctx: Ctx, s: Extract<Stmt, { kind: "for" }>): void {
    const elem = iterElemType(this, ctx, s.iter);
    this.assignTarget(ctx, s.target, elem, s.target);
    ctx.loopDepth++;
    this.block(ctx, s.body);
    ctx.loopDepth--;
    this.block(ctx, s.orelse);
  }

  /** Bind `t` to a value of type `ty` (an array: the element types of a
   *  literal tuple on the right-hand side, evaluated element-wise). */
  private assignTarget(ctx: Ctx, t: Expr, ty: Ty | null | (Ty | null)[], value: Expr): void {
    if (t.kind === "name") {
      if (Array.isArray(ty)) {
        this.unsupported(ctx, "this assignment", value.span);
        return;
      }
      this.setVar(ctx, t, ty);
      // `xs = []`: the empty literal takes the variable's (refined) type, so
      // the list is created with the right element type.
      const vt = ctx.spec.exprTy.get(t);
      if (ty && vt && hasUnknown(ty) && value !== t) settleLiteral(ctx, value, vt);
      return;
    }
    if (t.kind === "tuple" || t.kind === "list") {
      const star = t.elts.find((e) => e.kind === "starred");
      if (star) {
        this.unsupported(ctx, "unpacking into a starred target (`*rest`)", star.span);
        return;
      }
      const parts = Array.isArray(ty) ? ty : ty === null ? null : this.unpackTypes(ctx, ty, t.elts.length, value.span);
      if (!parts) return;
      if (parts.length !== t.elts.length) {
        this.error(ctx, "E0201", `cannot unpack ${parts.length} values into ${t.elts.length} targets`, value.span);
        return;
      }
      t.elts.forEach((e, i) => this.assignTarget(ctx, e, parts[i]!, value));
      return;
    }
    if (t.kind === "subscript" && !Array.isArray(ty)) {
      const base = this.expr(ctx, t.value);
      if (!base || !ty) return;
      if (t.index.kind === "slice") {
        typeSubscript(this, ctx, t);
        if (base.kind === "tuple" || base.kind === "vtuple" || base.kind === "str") this.error(ctx, "E0201", `'${pyTypeName(base)}' object does not support item assignment`, t.span);
        else if (base.kind !== "list" || !joinTy(base, ty)) this.error(ctx, "E0201", `cannot assign ${showTy(ty)} to a slice of ${showTy(base)}`, t.span);
        return;
      }
      const idx = this.expr(ctx, t.index);
      if (!idx) return;
      if (base.kind === "list") {
        if (idx.kind !== "int" && idx.kind !== "bool") this.error(ctx, "E0201", `list indices must be integers or slices, not ${pyTypeName(idx)}`, t.index.span);
        const j = joinTy(base.elem, ty);
        if (!j) this.error(ctx, "E0201", `cannot store ${showTy(ty)} in a list of ${showTy(base.elem)}`, t.span);
        else if (!tyEq(j, base.elem)) this.refine(ctx, t.value, T.list(j));
        return;
      }
      if (base.kind === "dict") {
        const k = joinTy(base.key, idx);
        const v = joinTy(base.value, ty);
        if (!k || !v) {
          this.error(ctx, "E0201", `cannot store ${showTy(idx)}: ${showTy(ty)} in a ${showTy(base)}`, t.span);
          return;
        }
        if (!checkHashable(this, ctx, k, t.index.span)) return;
        if (!tyEq(k, base.key) || !tyEq(v, base.value)) this.refine(ctx, t.value, T.dict(k, v));
        return;
      }
      this.error(ctx, "E0201", `'${pyTypeName(base)}' object does not support item assignment`, t.span);
      return;
    }
    this.unsupported(ctx, `assignment to ${t.kind === "attribute" ? "attributes" : "this target"}`, t.span);
  }

  /** Element types when unpacking a value of type `ty` into n targets. */
  private unpackTypes(ctx: Ctx, ty: Ty, n: number, span: Span): Ty[] | null {
    if (ty.kind === "tuple") return [...ty.elems];
    if (ty.kind === "never") return Array.from({ length: n }, () => T.never);
    const el = elemOfIterable(this, ctx, ty, span);
    return el ? Array.from({ length: n }, () => el) : null;
  }

  /** Give a variable (or comprehension name) a more precise container type
   *  than it had (`xs = []` then `xs.append(1.5)`). */
  refine(ctx: Ctx, target: Expr, ty: Ty): void {
    // A container reached through another one: rows[i].append(x),
    // groups.setdefault(k, []).append(x) refine the outer container.
    if (target.kind === "subscript" && target.index.kind !== "slice") {
      const outer = ctx.spec.exprTy.get(target.value);
      if (outer?.kind === "list") this.refine(ctx, target.value, T.list(ty));
      else if (outer?.kind === "dict") this.refine(ctx, target.value, T.dict(outer.key, ty));
      return;
    }
    if (target.kind === "call" && target.func.kind === "attribute" && ["setdefault", "get", "pop"].includes(target.func.attr)) {
      const outer = ctx.spec.exprTy.get(target.func.value);
      if (outer?.kind === "dict") this.refine(ctx, target.func.value, T.dict(outer.key, ty));
      return;
    }
    if (target.kind !== "name") return;
    for (let i = ctx.scoped.length - 1; i >= 0; i--) {
      if (ctx.scoped[i]!.has(target.id)) {
        ctx.scoped[i]!.set(target.id, ty);
        return;
      }
    }
    const r = this.resolve(ctx, target);
    const table = r.kind === "local" ? ctx.spec.locals : r.kind === "global" ? this.globals : null;
    if (!table) return;
    const cur = table.get(target.id);
    const j = cur ? joinTy(cur, ty) : ty;
    if (j) table.set(target.id, j);
  }

  // comprehension: '[' expr ('for' target 'in' expr ('if' expr)*)+ ']' (and {…}, (…))
  private comprehension(ctx: Ctx, e: Extract<Expr, { kind: "comprehension" }>): Ty | null {
    const scope = new Map<string, Ty | null>();
    ctx.scoped.push(scope);
    try {
      for (const g of e.generators) {
        const el = iterElemType(this, ctx, g.iter);
        this.bindScoped(ctx, scope, g.target, el);
        for (const c of g.ifs) this.cond(ctx, c);
      }
      const elt = this.expr(ctx, e.elt);
      if (e.form === "dict") {
        const v = this.expr(ctx, e.value!);
        if (!elt || !v) return null;
        return checkHashable(this, ctx, elt, e.elt.span) ? T.dict(elt, v) : null;
      }
      if (!elt) return null;
      if (e.form === "set") return checkHashable(this, ctx, elt, e.elt.span) ? T.set(elt) : null;
      if (e.form === "generator" && !this.iterated.has(e)) {
        this.unsupported(ctx, "a generator expression kept as a value (apc compiles one where it is iterated: a for loop, sum(), any(), list(), ...)", e.span);
        return null;
      }
      return T.list(elt); // a generator expression iterated on the spot (lowered lazily)
    } finally {
      ctx.scoped.pop();
    }
  }

  /** Bind a comprehension or lambda target in its own scope. */
  bindScoped(ctx: Ctx, scope: Map<string, Ty | null>, target: Expr, ty: Ty | null): void {
    if (target.kind === "name") {
      scope.set(target.id, ty);
      if (ty) ctx.spec.exprTy.set(target, ty);
      return;
    }
    if (target.kind === "tuple" || target.kind === "list") {
      const star = target.elts.find((e) => e.kind === "starred");
      if (star) {
        this.unsupported(ctx, "unpacking into a starred target (`*rest`)", star.span);
        return;
      }
      const parts = ty ? this.unpackTypes(ctx, ty, target.elts.length, target.span) : null;
      if (parts && parts.length !== target.elts.length) this.error(ctx, "E0201", `cannot unpack ${parts.length} values into ${target.elts.length} targets`, target.span);
      target.elts.forEach((t, i) => this.bindScoped(ctx, scope, t, parts?.[i] ?? null));
      return;
    }
    this.unsupported(ctx, "this comprehension target", target.span);
  }

  /** A lambda used as a sort/min/max key: its body typed with the parameter
   *  bound to the element type. */
  lambdaKey(ctx: Ctx, key: Expr, elem: Ty): Ty | null {
    const lam = keyAsLambda(key);
    if (lam.kind !== "lambda" || lam.params.length !== 1 || lam.params[0]!.form !== "normal") {
      this.unsupported(ctx, "keys other than a function name or a one-parameter lambda", lam.span);
      return null;
    }
    const scope = new Map<string, Ty | null>([[lam.params[0]!.name, elem]]);
    ctx.scoped.push(scope);
    try {
      const t = this.expr(ctx, lam.body);
      if (t) ctx.spec.exprTy.set(lam, t);
      return t;
    } finally {
      ctx.scoped.pop();
    }
  }

  private fstringPart(ctx: Ctx, part: FStringPart): void {
    if (part.kind === "text") return;
    const t = this.expr(ctx, part.value);
    if (t && part.spec && part.conversion === null && !["int", "float", "bool", "str"].includes(t.kind)) {
      this.unsupported(ctx, `format specs for ${showTy(t)} values`, part.value.span);
    }
    for (const p of part.spec ?? []) this.fstringPart(ctx, p);
  }

  private setVar(ctx: Ctx, target: Extract<Expr, { kind: "name" }>, ty: Ty | null): void {
    const r = this.resolve(ctx, target);
    if (r.kind !== "local" && r.kind !== "global") {
      this.unsupported(ctx, `rebinding '${target.id}'`, target.span);
      return;
    }
    if (!ty || ty.kind === "never") return;
    if (ty.kind === "none") {
      this.error(ctx, "E0303", `variables holding None are not compiled yet ('${target.id}')`, target.span);
      return;
    }
    const table = r.kind === "local" ? ctx.spec.locals : this.globals;
    const cur = table.get(target.id);
    const joined = cur ? joinTy(cur, ty) : ty;
    if (joined) table.set(target.id, joined);
    else if (cur) {
      this.error(ctx, "E0202", `'${target.id}' holds ${showTy(cur)} and is now assigned ${showTy(ty)}`, target.span, {
        help: cur.kind === "int" && ty.kind === "float" ? `start '${target.id}' as a float (e.g. ${target.id} = 0.0) so it has one type` : undefined,
      });
    }
    ctx.spec.exprTy.set(target, table.get(target.id)!);
  }

  resolve(ctx: Ctx, e: Extract<Expr, { kind: "name" }>) {
    return resolveName(ctx.spec.scope, e.id);
  }

  // ---- expressions ------------------------------------------------------

  /** A test in a condition: `and`/`or` there may mix operand types. */
  cond(ctx: Ctx, e: Expr): void {
    if (e.kind === "boolop") {
      this.cond(ctx, e.left);
      this.cond(ctx, e.right);
      ctx.spec.exprTy.set(e, T.bool);
    } else if (e.kind === "unary" && e.op === "not") {
      this.cond(ctx, e.operand);
      ctx.spec.exprTy.set(e, T.bool);
    } else {
      this.expr(ctx, e);
    }
  }

  expr(ctx: Ctx, e: Expr): Ty | null {
    const t = this.exprInner(ctx, e);
    if (t) ctx.spec.exprTy.set(e, t);
    else if (ctx.final && !ctx.spec.diagnostics.length) {
      this.error(ctx, "E0207", "cannot infer the type of this expression", e.span, {
        help: "a function that only calls itself never returns a value apc can type; check the base case",
      });
    }
    return t;
  }

  /** The parts of a folded constant that are themselves constants apc can
   *  hold get their types too (lowering's peepholes look at parts). */
  private typeFoldedParts(ctx: Ctx, e: Expr): void {
    const parts = e.kind === "unary" ? [e.operand] : e.kind === "binop" ? [e.left, e.right] : [];
    for (const p of parts) {
      const c = foldConst(p);
      if (c && c.kind !== "none") ctx.spec.exprTy.set(p, { kind: c.kind } as Ty);
      this.typeFoldedParts(ctx, p);
    }
  }

  private exprInner(ctx: Ctx, e: Expr): Ty | null {
    // Arithmetic on constants that folds to a 64-bit int is that constant,
    // whatever its parts (`-9223372036854775808`, `2**64 // 4`): lowering
    // emits the folded value.
    if ((e.kind === "unary" || e.kind === "binop") && foldConst(e)?.kind === "int") {
      this.typeFoldedParts(ctx, e);
      return T.int;
    }
    switch (e.kind) {
      case "int":
        if (foldConst(e) === null) {
          this.error(ctx, "E0303", "integer literal does not fit in 64 bits; apc has no big integers yet", e.span);
          return null;
        }
        return T.int;
      case "float":
        return T.float;
      case "bool":
        return T.bool;
      case "none":
        return T.none;
      case "str":
        return T.str;
      case "name":
        return this.nameType(ctx, e);
      case "binop": {
        const l = this.expr(ctx, e.left);
        const r = this.expr(ctx, e.right);
        if (l?.kind === "never" || r?.kind === "never") return T.never;
        if (!l || !r) return null;
        return this.binopType(ctx, e.op, l, r, e.span, e.right);
      }
      case "unary": {
        if (e.op === "not") {
          this.cond(ctx, e.operand);
          return T.bool;
        }
        const t = this.expr(ctx, e.operand);
        if (!t || t.kind === "never") return t;
        if (!isNumeric(t)) {
          this.error(ctx, "E0201", `bad operand type for unary ${e.op}: '${pyTypeName(t)}'`, e.span);
          return null;
        }
        if (e.op === "~" && t.kind === "float") {
          this.error(ctx, "E0201", "bad operand type for unary ~: 'float'", e.span);
          return null;
        }
        return t.kind === "bool" ? T.int : t;
      }
      case "boolop": {
        const l = this.expr(ctx, e.left);
        const r = this.expr(ctx, e.right);
        if (l?.kind === "never") return l; // the right operand is never evaluated
        if (r?.kind === "never") return l;
        if (!l || !r) return null;
        if (!tyEq(l, r)) {
          this.error(ctx, "E0201", `'${e.op}' of ${showTy(l)} and ${showTy(r)} returns one operand or the other, so its type is not fixed`, e.span, {
            help: "use it as a condition only, or give both operands the same type",
          });
          return null;
        }
        return l;
      }
      case "compare":
        return this.compareType(ctx, e);
      case "ifexp": {
        this.cond(ctx, e.test);
        const a = this.expr(ctx, e.body);
        const b = this.expr(ctx, e.orelse);
        if (!a || !b) return a ?? b; // the known branch fixes the type during the fixed point
        if (a.kind === "never") return b;
        if (b.kind === "never") return a;
        if (!tyEq(a, b)) {
          this.error(ctx, "E0201", `conditional expression gives ${showTy(a)} or ${showTy(b)}`, e.span, { help: "give both branches the same type" });
          return null;
        }
        return a;
      }
      case "call":
        return this.callType(ctx, e);
      case "attribute":
        return typeLibraryValue(this, ctx, e);
      case "subscript":
        return typeSubscript(this, ctx, e);
      case "fstring":
        for (const part of e.parts) this.fstringPart(ctx, part);
        return T.str;
      case "list":
      case "set":
        return typeListLiteral(this, ctx, e);
      case "tuple":
        return typeTupleLiteral(this, ctx, e);
      case "dict":
        return typeDictLiteral(this, ctx, e);
      case "comprehension":
        return this.comprehension(ctx, e);
      case "slice":
        this.error(ctx, "E0201", "a slice outside a subscript", e.span);
        return null;
      case "starred":
      case "lambda":
        this.unsupported(ctx, e.kind === "lambda" ? "lambdas outside sort/min/max keys" : "starred expressions", e.span);
        return null;
      case "unsupported":
        this.unsupported(ctx, e.what, e.span);
        return null;
      default:
        return assertNever(e, "expression");
    }
  }

  private nameType(ctx: Ctx, e: Extract<Expr, { kind: "name" }>): Ty | null {
    for (let i = ctx.scoped.length - 1; i >= 0; i--) if (ctx.scoped[i]!.has(e.id)) return ctx.scoped[i]!.get(e.id) ?? null;
    const r = this.resolve(ctx, e);
    switch (r.kind) {
      case "local":
        return ctx.spec.locals.get(e.id) ?? null;
      case "global":
        return this.globals.get(e.id) ?? null;
      case "undefined":
        this.undefinedName(ctx, e.id, e.span);
        return null;
      case "closure":
        this.error(ctx, "E0301", `'${e.id}' is a variable of the enclosing function '${r.owner.qualname}'; closures are not compiled yet`, e.span, {
          help: `pass '${e.id}' as a parameter`,
        });
        return null;
      case "import":
        return typeImportValue(this, ctx, r.binding, e);
      case "builtin":
        if (r.name === "__name__") return T.str;
        this.unsupported(ctx, "functions used as values", e.span);
        return null;
      case "function":
        this.unsupported(ctx, "functions used as values", e.span);
        return null;
      default:
        return assertNever(r, "resolution");
    }
  }

  binopType(ctx: Ctx, op: string, l: Ty, r: Ty, span: Span, right?: Expr): Ty | null {
    if (!isNumeric(l) || !isNumeric(r)) {
      const seq = typeSequenceBinop(this, ctx, op, l, r, span);
      if (seq !== undefined) return seq;
      if (l.kind === "str" && r.kind === "str" && op === "+") this.unsupported(ctx, "string operations", span);
      else this.error(ctx, "E0201", `unsupported operand type(s) for ${op}: '${pyTypeName(l)}' and '${pyTypeName(r)}'`, span);
      return null;
    }
    switch (op) {
      case "+":
      case "-":
      case "*":
      case "//":
      case "%":
        return promote(l, r);
      case "/":
        return T.float;
      case "**": {
        const p = promote(l, r);
        if (p.kind === "float") return T.float;
        // int ** int is a float when the exponent is negative: decide statically.
        const c = right ? foldConst(right) : null;
        if (c && (c.kind === "int" || c.kind === "bool")) return (c.kind === "int" ? c.value < 0n : false) ? T.float : T.int;
        return T.int; // a negative exponent at run time stops with a clear error
      }
      case "<<":
      case ">>":
      case "&":
      case "|":
      case "^":
        if (l.kind === "float" || r.kind === "float") {
          this.error(ctx, "E0201", `unsupported operand type(s) for ${op}: '${pyTypeName(l)}' and '${pyTypeName(r)}'`, span);
          return null;
        }
        return l.kind === "bool" && r.kind === "bool" && op !== "<<" && op !== ">>" ? T.bool : T.int;
      default:
        this.unsupported(ctx, `the '${op}' operator`, span);
        return null;
    }
  }

  private compareType(ctx: Ctx, e: Extract<Expr, { kind: "compare" }>): Ty | null {
    let left = this.expr(ctx, e.left);
    let never = left?.kind === "never";
    e.ops.forEach((op, i) => {
      const rightE = e.comparators[i]!;
      const right = this.expr(ctx, rightE);
      if (right?.kind === "never") never = true;
      if (left && right && !never) {
        const bothNum = isNumeric(left) && isNumeric(right);
        const noneCheck = (op === "is" || op === "is not" || op === "==" || op === "!=") && (left.kind === "none" || right.kind === "none");
        if (op === "in" || op === "not in") this.membershipType(ctx, left, right, rightE);
        else if ((op === "is" || op === "is not") && !noneCheck) this.unsupported(ctx, "`is` between values other than None", rightE.span);
        else if (!bothNum && !noneCheck) this.checkComparable(ctx, op, left, right, e.span);
      }
      left = right;
    });
    return never ? T.never : T.bool;
  }

  /** `left op right` for values that are not both numbers: equal types (up
   *  to unknown element types); tuples of different types element by element
   *  (lowered pairwise, as CPython's tuple comparison); for == and !=, values
   *  of different kinds (never equal). Containers of the same kind with
   *  element types that do not join (`[1] == [1.0]`) are refused: the runtime
   *  compares same-typed elements only. */
  private checkComparable(ctx: Ctx, op: CmpOp, left: Ty, right: Ty, span: Span): void {
    const ordered = op !== "==" && op !== "!=";
    const bad = () => this.error(ctx, "E0201", `'${op}' not supported between instances of '${pyTypeName(left)}' and '${pyTypeName(right)}'`, span);
    // Dict views compare as sets (keys, items) or by identity (values): apc
    // compares two keys views or two items views with == and != only.
    if (mentionsDictView(left) || mentionsDictView(right)) {
      const sameView = left.kind === "dictview" && right.kind === "dictview" && left.view === right.view && left.view !== "values" && joinTy(left, right);
      if (!sameView || ordered) this.unsupported(ctx, `comparing ${showTy(left)} with ${showTy(right)}`, span);
      return;
    }
    if (isNumeric(left) && isNumeric(right)) return;
    const same = joinTy(left, right);
    if (!same && ((left.kind === "tuple" && right.kind === "vtuple") || (left.kind === "vtuple" && right.kind === "tuple"))) {
      // Both are tuples to CPython, but apc's two layouts are not compared with each other.
      this.unsupported(ctx, `comparing a ${showTy(left)} with a ${showTy(right)} (convert the fixed tuple with tuple())`, span);
      return;
    }
    if (!same && left.kind === "tuple" && right.kind === "tuple") {
      const n = Math.min(left.elems.length, right.elems.length);
      for (let i = 0; i < n; i++) this.checkComparable(ctx, op, left.elems[i]!, right.elems[i]!, span);
      return;
    }
    if (!same) {
      if (left.kind === right.kind) this.unsupported(ctx, `comparing a ${showTy(left)} with a ${showTy(right)}`, span);
      else if (ordered) bad();
    } else if (ordered && (same.kind === "dict" || same.kind === "none")) bad();
  }

  /** `x in container`: the element (dict: key) type must fit x's. */
  private membershipType(ctx: Ctx, left: Ty, right: Ty, rightE: Expr): void {
    if (right.kind === "str") {
      if (left.kind !== "str") this.error(ctx, "E0201", `'in <string>' requires string as left operand, not ${pyTypeName(left)}`, rightE.span);
      return;
    }
    const el = right.kind === "dict" ? right.key : elemOfIterable(this, ctx, right, rightE.span);
    if (!el) return;
    if (!joinTy(el, left) && !(isNumeric(el) && isNumeric(left))) {
      this.error(ctx, "E0201", `testing whether a ${showTy(left)} is in a container of ${showTy(el)}`, rightE.span);
    }
  }

  private callType(ctx: Ctx, e: Extract<Expr, { kind: "call" }>): Ty | null {
    if (e.func.kind === "name") {
      const r = this.resolve(ctx, e.func);
      if (r.kind === "function") return this.userCall(ctx, e, r.scope);
      if (r.kind === "undefined") {
        this.undefinedName(ctx, e.func.id, e.func.span);
        return null;
      }
      if (r.kind === "builtin") {
        const t = typeIterableBuiltin(this, ctx, r.name, e);
        if (t !== undefined) {
          ctx.spec.calls.set(e, { kind: "lib", name: r.name });
          return t;
        }
      }
    }
    const lib = libraryNameOf(this, ctx, e.func);
    if (lib) {
      ctx.spec.calls.set(e, { kind: "lib", name: lib });
      return typeLibraryCall(this, ctx, lib, e);
    }
    if (e.func.kind === "attribute") {
      const recv = e.func.value;
      const base = this.expr(ctx, recv);
      if (!base) return null;
      if (base.kind === "never") return T.never;
      ctx.spec.calls.set(e, { kind: "method", name: e.func.attr });
      return typeMethodCall(this, ctx, e, base, e.func.attr, (t) => this.refine(ctx, recv, t));
    }
    if (e.func.kind === "name" && ctx.spec.exprTy.has(e.func)) {
      this.error(ctx, "E0104", `'${e.func.id}' is not callable`, e.func.span);
      return null;
    }
    this.expr(ctx, e.func);
    return null;
  }

  private userCall(ctx: Ctx, e: Extract<Expr, { kind: "call" }>, scope: FnScope): Ty | null {
    const def = scope.def!;
    const args = bindArguments(this, ctx, scope, e);
    if (!args) return null;
    const tys = args.map((a) => (isDefaultRef(a) ? (this.defaultTys.get(a.param) ?? null) : this.expr(ctx, a)));
    if (tys.some((t) => t?.kind === "never")) return T.never;
    if (tys.some((t) => t === null)) return null;

    for (let i = 0; i < tys.length; i++) {
      if (tys[i]!.kind === "none") {
        this.error(ctx, "E0303", `passing None to '${def.name}' is not compiled yet`, (args[i] as Expr).span ?? e.span);
        return null;
      }
    }
    let callTys = tys as Ty[];
    // An empty container (`rsum([])`) takes the element types of a call
    // elsewhere that knows them, rather than a specialisation of its own in
    // which its elements have no type.
    if (callTys.some(hasUnknown) && !callTys.some((t) => t.kind === "unknown")) {
      const precise = [...this.specs.values()].find(
        (s) => s.scope === scope && !s.paramTys.some(hasUnknown) && s.paramTys.every((p, i) => { const j = joinTy(p, callTys[i]!); return j !== null && tyEq(j, p); }),
      );
      if (precise) {
        callTys.forEach((t, i) => {
          if (!hasUnknown(t) || isDefaultRef(args[i]!)) return;
          settleLiteral(ctx, args[i] as Expr, precise.paramTys[i]!);
          this.refine(ctx, args[i] as Expr, precise.paramTys[i]!);
        });
        callTys = [...precise.paramTys];
      }
    }
    const spec = this.getSpec(scope, callTys);
    // A container passed with unknown elements (`xs = []; fill(xs)`) learns
    // them from the callee's use of its parameter; the caller's variable is
    // refined, and the next round calls the precise specialisation.
    tys.forEach((t, i) => {
      if (!hasUnknown(t!)) return;
      const inside = spec.locals.get(def.params[i]!.name);
      if (inside && !hasUnknown(inside) && !isDefaultRef(args[i]!)) this.refine(ctx, args[i] as Expr, inside);
    });
    ctx.spec.calls.set(e, { kind: "user", spec, args });
    ctx.spec.callees.add(spec);
    return spec.ret;
  }
}

export type InferCtx = Ctx;
export { annotationType, alwaysExits, defaultGlobal, isDefaultRef, type DefaultRef } from "./infer-rules.js";
export type { Inferrer };

/** Does a type hold a dict view anywhere (`list[dict_keys[...]]`)? */
function mentionsDictView(t: Ty): boolean {
  return tyContains(t, (x) => x.kind === "dictview");
}
