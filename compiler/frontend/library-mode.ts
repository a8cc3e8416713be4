// Library mode (hybrid): a module's functions compiled for CPython to call.
// The module's own code never runs natively there, so a compiled function may
// only depend on what cannot change under it: its arguments, other compiled
// functions, the native library, and module constants (a name bound once, at
// module level, to a literal). This file finds those constants and refuses,
// per function, what would behave differently when called from Python:
// reading other module variables, writing to stdout past Python's buffers,
// and process state Python owns (sys.argv, sys.exit, the `random` generator).

import type { Expr, Module, Stmt } from "./ast.js";
import { foldConst, type ConstVal } from "./fold.js";
import { diagnostic, type Code } from "../diagnostics.js";
import { resolveName, walkStmts, type FnScope } from "./scopes.js";
import type { Program, Spec } from "./infer.js";

/** Module names bound exactly once, by `NAME = <literal>` at module level,
 *  and never declared `global` in a function. */
export function moduleConstants(mod: Module, root: FnScope): Map<string, ConstVal> {
  const bindings = new Map<string, number>();
  const candidates = new Map<string, ConstVal>();
  const bind = (t: Expr) => {
    if (t.kind === "name") bindings.set(t.id, (bindings.get(t.id) ?? 0) + 1);
    else if (t.kind === "tuple" || t.kind === "list") t.elts.forEach(bind);
    else if (t.kind === "starred") bind(t.value);
  };
  walkStmts(mod.body, (s: Stmt) => {
    switch (s.kind) {
      case "assign":
        s.targets.forEach(bind);
        if (s.targets.length === 1 && s.targets[0]!.kind === "name") {
          const c = foldConst(s.value);
          if (c) candidates.set(s.targets[0]!.id, c);
        }
        break;
      case "annassign":
      case "augassign":
      case "for":
        bind(s.target);
        break;
      default:
        break;
    }
  });
  const rebound = new Set<string>();
  const visit = (s: FnScope) => {
    for (const g of s.globals) rebound.add(g);
    for (const c of s.nested.values()) visit(c);
  };
  visit(root);
  const out = new Map<string, ConstVal>();
  for (const [name, c] of candidates) {
    if (bindings.get(name) === 1 && !rebound.has(name) && !root.nested.has(name) && !root.imports.has(name)) out.set(name, c);
  }
  return out;
}

/** Library calls and values whose effect belongs to the Python process. */
const PROCESS_STATE: Record<string, { code: Code; why: string }> = {
  print: { code: "E0502", why: "print() from native code would bypass sys.stdout and reorder output" },
  "sys.exit": { code: "E0503", why: "sys.exit() belongs to the Python program" },
  "sys.argv": { code: "E0503", why: "sys.argv belongs to the Python program" },
};

/** Adds a library-mode refusal to every spec that reads a module variable
 *  other than a constant, or touches stdout or process state. */
export function checkLibraryMode(prog: Program, constants: Map<string, ConstVal>): void {
  for (const spec of prog.specs) {
    if (!spec.scope.def) continue;
    const seen = new Set<string>();
    const refuse = (code: Code, message: string, span: Expr["span"], help?: string) => {
      if (seen.has(message)) return;
      seen.add(message);
      spec.diagnostics.push(diagnostic(code, message, prog.module.file, span, help ? { help } : {}));
    };
    for (const g of spec.scope.globals) refuse("E0501", `assigns module variable '${g}' (declared global)`, spec.scope.def.span);
    for (const e of spec.exprTy.keys()) checkExpr(spec, e, constants, refuse);
    for (const [e, target] of spec.calls) {
      if (target.kind !== "lib") continue;
      const name = target.name;
      const rule = PROCESS_STATE[name] ?? (name.startsWith("random.") ? { code: "E0503" as Code, why: `${name}() would draw from a generator apart from Python's random module` } : null);
      if (rule) refuse(rule.code, rule.why, e.span);
    }
  }
}

function checkExpr(spec: Spec, e: Expr, constants: Map<string, ConstVal>, refuse: (code: Code, message: string, span: Expr["span"], help?: string) => void): void {
  if (e.kind === "name") {
    const r = resolveName(spec.scope, e.id);
    if (r.kind === "global" && !constants.has(e.id)) {
      refuse("E0501", `reads module variable '${e.id}', which Python code can rebind or mutate`, e.span);
    } else if (r.kind === "import" && r.binding.kind === "member" && `${r.binding.module}.${r.binding.member}` === "sys.argv") {
      refuse("E0503", PROCESS_STATE["sys.argv"]!.why, e.span);
    }
  } else if (e.kind === "attribute" && e.value.kind === "name" && e.attr === "argv") {
    const r = resolveName(spec.scope, e.value.id);
    if (r.kind === "import" && r.binding.kind === "module" && r.binding.module === "sys") refuse("E0503", PROCESS_STATE["sys.argv"]!.why, e.span);
  }
}

// ---- which parameters a function may mutate ---------------------------------
// Hybrid mode converts a Python list/dict/set argument to a native copy; when
// the compiled code may change that copy, the boundary writes it back into
// the caller's object. Writing back costs as much as converting, so a
// parameter is marked read-only only when every use of it provably reads:
// subscripts down to an immutable element, slices (copies), comparisons and
// `in`, len/sum/min/max/sorted/..., iteration, read-only methods, and
// arguments of user functions that themselves only read. Anything else
// (an alias, a store, a mutating method, a closure) counts as a mutation.

type Ty = Spec["paramTys"][number];
/** A parent node and the field holding the child; `kind` is undefined for
 *  the parts of a node (a comprehension's `for` clause, a keyword). */
type Ancestor = { node: { kind?: string }; key: string };
type Use = { name: Expr; ancestors: Ancestor[] };

const IMMUTABLE = new Set(["int", "float", "bool", "none", "str"]);

function immutable(t: Ty): boolean {
  return IMMUTABLE.has(t.kind) || (t.kind === "tuple" && t.elems.every(immutable)) || (t.kind === "vtuple" && immutable(t.elem));
}

/** The values iterating, indexing or reading methods of `t` hand out are immutable. */
function elementsImmutable(t: Ty): boolean {
  switch (t.kind) {
    case "list":
    case "set":
    case "vtuple":
      return immutable(t.elem);
    case "dict":
      return immutable(t.key) && immutable(t.value);
    case "tuple":
      return t.elems.every(immutable);
    default:
      return immutable(t);
  }
}

/** Library calls that only read their arguments; the second group returns
 *  or yields the argument's elements (aliases when they are containers). */
const READ_ONLY_LIB = new Set(["len", "isinstance", "str", "repr", "any", "all", "sum", "abs", "print", "float", "int", "bool", "round"]);
const ELEMENT_LIB = new Set(["min", "max", "sorted", "list", "tuple", "set", "dict", "enumerate", "zip", "reversed", "iter"]);
const READ_METHODS = new Set(["index", "count", "issubset", "issuperset", "isdisjoint", "startswith", "endswith", "find"]);
const ELEMENT_METHODS = new Set(["copy", "get", "keys", "values", "items", "union", "intersection", "difference", "symmetric_difference", "join"]);

/** Per parameter of `spec`: may calling it change the object passed? */
export function mutatedParams(spec: Spec, memo: Map<Spec, boolean[]> = new Map()): boolean[] {
  const def = spec.scope.def;
  if (!def) return [];
  const known = memo.get(spec);
  if (known) return known;
  const result = spec.paramTys.map((t) => !immutable(t)); // while in progress (recursion): assume the worst
  memo.set(spec, result);
  def.params.forEach((p, i) => {
    result[i] = !immutable(spec.paramTys[i]!) && !nameReadsOnly(spec, p.name, memo, new Set());
  });
  return result;
}

/** Every use of the local `name` in the function only reads. */
function nameReadsOnly(spec: Spec, name: string, memo: Map<Spec, boolean[]>, following: Set<string>): boolean {
  if (following.has(name)) return true; // already being checked further up
  following.add(name);
  const uses = new Map<string, Use[]>([[name, []]]);
  collectUses(spec.scope.def!.body, [], uses);
  return uses.get(name)!.every((u) => readsOnly(spec, u, memo, following));
}

/** Every `name` load among the watched names, with its ancestors (nearest first). */
function collectUses(node: unknown, ancestors: Ancestor[], uses: Map<string, Use[]>): void {
  if (Array.isArray(node)) {
    for (const n of node) collectUses(n, ancestors, uses);
    return;
  }
  if (!node || typeof node !== "object") return;
  const obj = node as Record<string, unknown> & { kind?: string; id?: string };
  if (obj.kind === "name" && uses.has(obj.id!)) {
    // A binding (`for row in`, `row = `, a comprehension's target) is not a use.
    const parent = ancestors[0];
    const binds = parent && (parent.key === "target" || (parent.key === "targets" && parent.node.kind === "assign")) && parent.node.kind !== "augassign";
    if (!binds) uses.get(obj.id!)!.push({ name: obj as unknown as Expr, ancestors });
    return;
  }
  for (const [key, child] of Object.entries(obj)) {
    if (key === "span" || key.endsWith("Span") || !child || typeof child !== "object") continue;
    collectUses(child, [{ node: obj, key }, ...ancestors], uses);
  }
}

function readsOnly(spec: Spec, use: Use, memo: Map<Spec, boolean[]>, following: Set<string>): boolean {
  const chain = use.ancestors;
  let current: Expr = use.name; // the expression standing for (part of) the parameter
  for (const { node, key } of chain) {
    const valueTy = spec.exprTy.get(current);
    const n = node as Expr | Stmt;
    switch (n.kind) {
      case "subscript": {
        if (key !== "value") return true; // used as an index: a read
        if (isStoreTarget(n, chain)) return false;
        if (n.index.kind === "slice") return true; // a copy
        const t = spec.exprTy.get(n);
        if (!t || immutable(t)) return true;
        current = n; // an alias of an inner container: keep following it
        continue;
      }
      case "compare":
        return true;
      case "for":
        if (key !== "iter" || !valueTy) return false;
        if (elementsImmutable(valueTy)) return true;
        // `for row in grid`: row is an alias of each element; follow its uses.
        return n.target.kind === "name" && nameReadsOnly(spec, n.target.id, memo, following);
      case "assign":
        // `row = grid[i]`: an alias under another name; follow its uses.
        return key === "value" && n.targets.length === 1 && n.targets[0]!.kind === "name" && nameReadsOnly(spec, n.targets[0]!.id, memo, following);
      case undefined: // a comprehension's `for` clause
        return key === "iter" && valueTy !== undefined && elementsImmutable(valueTy);
      case "call": {
        if (key !== "args") return false;
        const target = spec.calls.get(n);
        if (!target) return false;
        if (target.kind === "lib") {
          if (READ_ONLY_LIB.has(target.name)) return true;
          return ELEMENT_LIB.has(target.name) && valueTy !== undefined && elementsImmutable(valueTy);
        }
        if (target.kind === "user") {
          const i = target.args.indexOf(current);
          return i >= 0 && !mutatedParams(target.spec, memo)[i];
        }
        return false;
      }
      case "attribute": {
        // receiver.method(...): only as the callee of a call
        if (key !== "value") return false;
        if (READ_METHODS.has(n.attr)) return true;
        return ELEMENT_METHODS.has(n.attr) && valueTy !== undefined && elementsImmutable(valueTy);
      }
      default:
        return false; // an alias, a store, a call we cannot see into: assume it mutates
    }
  }
  return false;
}

/** `x[i] = ...`, `x[i] += ...`, `del x[i]`, `for x[i] in ...`. */
function isStoreTarget(sub: Expr, chain: Ancestor[]): boolean {
  const i = chain.findIndex((a) => a.node === sub);
  const parent = chain[i + 1];
  if (!parent) return false;
  const p = parent.node as Stmt;
  if (p.kind === "assign" && parent.key === "targets") return true;
  if ((p.kind === "augassign" || p.kind === "annassign" || p.kind === "for") && parent.key === "target") return true;
  if (p.kind === "del") return true;
  return false;
}
