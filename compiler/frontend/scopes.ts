// Symbol tables: for the module and every function definition, which names
// are local, declared global, nested functions, or imports; and how a name
// used in a scope resolves (local, module variable, function, module import,
// imported function, builtin). Owns Python's scoping rules as apc applies them;
// not types (infer.ts).

import type { Expr, FunctionDef, Module, Stmt, Span } from "./ast.js";

/** What `import` bound a name to. */
export type ImportBinding =
  | { kind: "module"; module: string }
  | { kind: "member"; module: string; member: string };

export interface FnScope {
  readonly def: FunctionDef | null; // null: the module
  readonly parent: FnScope | null;
  readonly qualname: string; // "<module>", "f", "outer.inner"
  /** Assigned names (parameters included), excluding those declared global. */
  readonly locals: Set<string>;
  readonly globals: Set<string>;
  readonly nested: Map<string, FnScope>;
  readonly imports: Map<string, { binding: ImportBinding; span: Span }>;
  /** Names bound in more than one way (a def and an assignment): refused. */
  readonly conflicts: Map<string, Span>;
}

export type Resolved =
  | { kind: "local" }
  | { kind: "global" } // a module-level variable
  | { kind: "function"; scope: FnScope }
  | { kind: "import"; binding: ImportBinding }
  | { kind: "builtin"; name: string }
  | { kind: "closure"; owner: FnScope } // a local of an enclosing function
  | { kind: "undefined" };

export const BUILTINS = new Set([
  "print", "abs", "min", "max", "int", "float", "bool", "round", "range", "len", "__name__",
  "sum", "any", "all", "sorted", "list", "set", "dict", "tuple", "str", "repr", "ascii", "format", "isinstance", "hash", "enumerate", "zip", "reversed",
]);

/** Every name CPython 3.11's builtins module defines (`dir(builtins)`): a
 *  name here that apc does not compile is refused as unsupported, not as
 *  undefined. */
export const PYTHON_BUILTINS = new Set(
  (
    "ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError BrokenPipeError BufferError " +
    "BytesWarning ChildProcessError ConnectionAbortedError ConnectionError ConnectionRefusedError ConnectionResetError " +
    "DeprecationWarning EOFError Ellipsis EncodingWarning EnvironmentError Exception ExceptionGroup FileExistsError " +
    "FileNotFoundError FloatingPointError FutureWarning GeneratorExit IOError ImportError ImportWarning IndentationError IndexError " +
    "InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError ModuleNotFoundError NameError " +
    "NotADirectoryError NotImplemented NotImplementedError OSError OverflowError PendingDeprecationWarning PermissionError " +
    "ProcessLookupError RecursionError ReferenceError ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration StopIteration " +
    "SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError TypeError UnboundLocalError UnicodeDecodeError " +
    "UnicodeEncodeError UnicodeError UnicodeTranslateError UnicodeWarning UserWarning ValueError Warning ZeroDivisionError abs aiter " +
    "all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex copyright credits delattr dict " +
    "dir divmod enumerate eval exec exit filter float format frozenset getattr globals hasattr hash help hex id input int isinstance " +
    "issubclass iter len license list locals map max memoryview min next object oct open ord pow print property quit range repr " +
    "reversed round set setattr slice sorted staticmethod str sum super tuple type vars zip __import__ __build_class__ __debug__ " +
    "__doc__ __file__ __spec__ __loader__ __package__"
  ).split(" "),
);

export function buildScopes(mod: Module): FnScope {
  const root = newScope(null, null, "<module>");
  collect(root, mod.body, true);
  // A name assigned only inside functions through `global` is still a module variable.
  for (const name of moduleVariables(root)) root.locals.add(name);
  return root;
}

function newScope(def: FunctionDef | null, parent: FnScope | null, qualname: string): FnScope {
  return { def, parent, qualname, locals: new Set(), globals: new Set(), nested: new Map(), imports: new Map(), conflicts: new Map() };
}

function collect(scope: FnScope, body: Stmt[], isModule: boolean): void {
  if (scope.def) for (const p of scope.def.params) scope.locals.add(p.name);
  // `global` applies to the whole function wherever it is written: find them first.
  walkStmts(body, (s) => {
    if (s.kind === "global" && !isModule) for (const n of s.names) scope.globals.add(n);
  });
  walkStmts(body, (s) => {
    switch (s.kind) {
      case "assign":
        for (const t of s.targets) bindTarget(scope, t);
        break;
      case "augassign":
      case "annassign":
        bindTarget(scope, s.target);
        break;
      case "for":
        bindTarget(scope, s.target);
        break;
      case "import":
        for (const a of s.names) {
          const local = a.asname ?? a.name.split(".")[0]!;
          scope.imports.set(local, { binding: { kind: "module", module: a.asname ? a.name : local }, span: a.span });
        }
        break;
      case "importfrom":
        for (const a of s.names) {
          scope.imports.set(a.asname ?? a.name, { binding: { kind: "member", module: s.module, member: a.name }, span: a.span });
        }
        break;
      case "funcdef": {
        const q = isModule ? s.def.name : `${scope.qualname}.${s.def.name}`;
        if (scope.nested.has(s.def.name)) scope.conflicts.set(s.def.name, s.def.nameSpan);
        const child = newScope(s.def, scope, q);
        scope.nested.set(s.def.name, child);
        collect(child, s.def.body, false);
        break;
      }
      default:
        break;
    }
  });
  for (const g of scope.globals) scope.locals.delete(g);
  for (const [name, fn] of scope.nested) {
    if (scope.locals.has(name) || scope.imports.has(name)) scope.conflicts.set(name, fn.def!.nameSpan);
  }
}

function bindTarget(scope: FnScope, t: Expr): void {
  if (t.kind === "name") {
    if (!scope.globals.has(t.id)) scope.locals.add(t.id);
  } else if (t.kind === "tuple" || t.kind === "list") {
    for (const e of t.elts) bindTarget(scope, e);
  } else if (t.kind === "starred") {
    bindTarget(scope, t.value);
  }
}

/** Visit statements of one scope: descends into compound statements but not
 *  into nested function or class bodies. */
export function walkStmts(body: Stmt[], visit: (s: Stmt) => void): void {
  for (const s of body) {
    visit(s);
    switch (s.kind) {
      case "if":
      case "while":
      case "for":
        walkStmts(s.body, visit);
        walkStmts(s.orelse, visit);
        break;
      case "try":
        walkStmts(s.body, visit);
        for (const h of s.handlers) walkStmts(h.body, visit);
        walkStmts(s.orelse, visit);
        walkStmts(s.finalbody, visit);
        break;
      default:
        break;
    }
  }
}

/** Python's LEGB lookup of `name` used inside `scope`. */
export function resolveName(scope: FnScope, name: string): Resolved {
  const isModule = scope.def === null;
  if (!isModule && scope.globals.has(name)) return resolveInModule(root(scope), name);
  if (scope.nested.has(name)) return { kind: "function", scope: scope.nested.get(name)! };
  if (scope.imports.has(name)) return { kind: "import", binding: scope.imports.get(name)!.binding };
  if (scope.locals.has(name)) return isModule ? { kind: "global" } : { kind: "local" };
  for (let s = scope.parent; s && s.def; s = s.parent) {
    if (s.nested.has(name)) return { kind: "function", scope: s.nested.get(name)! };
    if (s.imports.has(name)) return { kind: "import", binding: s.imports.get(name)!.binding };
    if (s.locals.has(name)) return { kind: "closure", owner: s };
  }
  return resolveInModule(root(scope), name);
}

function resolveInModule(mod: FnScope, name: string): Resolved {
  if (mod.nested.has(name)) return { kind: "function", scope: mod.nested.get(name)! };
  if (mod.imports.has(name)) return { kind: "import", binding: mod.imports.get(name)!.binding };
  if (mod.locals.has(name)) return { kind: "global" };
  if (BUILTINS.has(name)) return { kind: "builtin", name };
  return { kind: "undefined" };
}

function root(scope: FnScope): FnScope {
  let s = scope;
  while (s.parent) s = s.parent;
  return s;
}

/** Module-level variables assigned inside functions via `global`, plus the
 *  module's own assignments. */
export function moduleVariables(mod: FnScope): Set<string> {
  const out = new Set(mod.locals);
  const visit = (s: FnScope) => {
    for (const g of s.globals) if (!mod.nested.has(g) && !mod.imports.has(g)) out.add(g);
    for (const c of s.nested.values()) visit(c);
  };
  for (const c of mod.nested.values()) visit(c);
  return out;
}
