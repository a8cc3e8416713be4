// The small rules inference applies outside the Inferrer's walk: binding
// call arguments to parameters (CPython's TypeError texts), annotations as
// types, whether a body can fall off its end, hidden globals for non-constant
// defaults, and de-duplicating diagnostics of several specialisations.

import type { Expr, Param, Stmt } from "./ast.js";
import { ELLIPSIS_WHAT } from "./ast.js";
import type { Diagnostic } from "../diagnostics.js";
import type { FnScope, ImportBinding } from "./scopes.js";
import type { InferCtx, Inferrer } from "./infer.js";
import { foldConst } from "./fold.js";
import { typeLibraryValue } from "./infer-library.js";
import { T, tyFromAnnotationName, type Ty } from "./types.js";

/** A parameter default that is not a constant: CPython evaluates it once,
 *  when the `def` runs; apc keeps that value in a hidden module variable. */
export interface DefaultRef {
  readonly kind: "default";
  readonly param: Param;
  readonly global: string;
}

export function isDefaultRef(a: Expr | DefaultRef): a is DefaultRef {
  return a.kind === "default";
}

export function defaultGlobal(scope: FnScope, p: Param): string {
  return `${scope.qualname}.__defaults__.${p.name}`;
}


/** Map call arguments onto parameters: positional first, then keywords, then
 *  defaults. Reports E0102/E0103 as CPython's TypeError would. */
export function bindArguments(inf: Inferrer, ctx: InferCtx, scope: FnScope, e: Extract<Expr, { kind: "call" }>): (Expr | DefaultRef)[] | null {
  const def = scope.def!;
  const params = def.params;
  const out: (Expr | DefaultRef | null)[] = params.map(() => null);
  if (e.args.some((a) => a.kind === "starred" || a.kind === "unsupported")) {
    inf.error(ctx, "E0301", "*args and **kwargs at call sites are not compiled yet", e.span);
    return null;
  }
  if (e.args.length > params.length) {
    inf.error(ctx, "E0102", `${def.name}() takes ${params.length} positional argument${params.length === 1 ? "" : "s"} but ${e.args.length} ${e.args.length === 1 ? "was" : "were"} given`, e.span);
    return null;
  }
  e.args.forEach((a, i) => (out[i] = a));
  for (const k of e.keywords) {
    const i = params.findIndex((p) => p.name === k.name);
    if (i < 0) {
      inf.error(ctx, "E0103", `${def.name}() got an unexpected keyword argument '${k.name}'`, k.span);
      return null;
    }
    if (out[i]) {
      inf.error(ctx, "E0102", `${def.name}() got multiple values for argument '${k.name}'`, k.span);
      return null;
    }
    out[i] = k.value;
  }
  const missing: string[] = [];
  params.forEach((p, i) => {
    if (!out[i]) {
      if (p.default) out[i] = foldConst(p.default) ? p.default : { kind: "default", param: p, global: defaultGlobal(scope, p) };
      else missing.push(`'${p.name}'`);
    }
  });
  if (missing.length) {
    const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(", ")} and ${missing[missing.length - 1]}`;
    inf.error(ctx, "E0102", `${def.name}() missing ${missing.length} required positional argument${missing.length === 1 ? "" : "s"}: ${list}`, e.span);
    return null;
  }
  return out as (Expr | DefaultRef)[];
}

export function typeImportValue(inf: Inferrer, ctx: InferCtx, b: ImportBinding, e: Expr): Ty | null {
  if (b.kind === "module") {
    inf.unsupported(ctx, "modules used as values", e.span);
    return null;
  }
  return typeLibraryValue(inf, ctx, e);
}

export function paramFormText(p: Param): string {
  return { varargs: "*args", kwargs: "**kwargs", kwonly: "keyword-only", posonly: "positional-only", normal: "" }[p.form];
}

const isEllipsis = (e: Expr) => e.kind === "unsupported" && e.what === ELLIPSIS_WHAT;

export function annotationType(a: Expr): Ty | null {
  if (a.kind === "name") {
    if (a.id === "list" || a.id === "List") return T.list(T.unknown);
    if (a.id === "dict" || a.id === "Dict") return T.dict(T.unknown, T.unknown);
    if (a.id === "set" || a.id === "Set") return T.set(T.unknown);
    return tyFromAnnotationName(a.id);
  }
  if (a.kind === "subscript" && a.value.kind === "name") {
    // tuple[T, ...]: a tuple of any length
    if ((a.value.id === "tuple" || a.value.id === "Tuple") && a.index.kind === "tuple" && a.index.elts.length === 2 && isEllipsis(a.index.elts[1]!)) {
      const elem = annotationType(a.index.elts[0]!);
      return elem && T.vtuple(elem);
    }
    const args = (a.index.kind === "tuple" ? a.index.elts : [a.index]).map(annotationType);
    if (args.some((t) => t === null)) return null;
    const ts = args as Ty[];
    switch (a.value.id) {
      case "list":
      case "List":
        return ts.length === 1 ? T.list(ts[0]!) : null;
      case "set":
      case "Set":
        return ts.length === 1 ? T.set(ts[0]!) : null;
      case "dict":
      case "Dict":
        return ts.length === 2 ? T.dict(ts[0]!, ts[1]!) : null;
      case "tuple":
      case "Tuple":
        return T.tuple(ts);
      default:
        return null;
    }
  }
  if (a.kind === "none") return T.none;
  if (a.kind === "str") return tyFromAnnotationName(a.value);
  return null;
}

/** Does control never reach the end of `body`? (return, raise, sys.exit
 *  aside: `while True` without break, if/else where both branches exit.) */
export function alwaysExits(body: Stmt[]): boolean {
  for (const s of body) {
    if (s.kind === "return" || s.kind === "raise") return true;
    if (s.kind === "if" && alwaysExits(s.body) && alwaysExits(s.orelse)) return true;
    if (s.kind === "while") {
      const c = foldConst(s.test);
      const infinite = c !== null && (c.kind === "bool" ? c.value : c.kind === "int" ? c.value !== 0n : false);
      if (infinite && !containsBreak(s.body)) return true;
    }
  }
  return false;
}

function containsBreak(body: Stmt[]): boolean {
  for (const s of body) {
    if (s.kind === "break") return true;
    if (s.kind === "if" && (containsBreak(s.body) || containsBreak(s.orelse))) return true;
    // breaks inside nested loops belong to those loops
  }
  return false;
}

export function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.code}:${d.span.start}:${d.span.end}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
