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
