// The Python AST apc works on: every node the parser can produce, with its
// source span. Owns the node shapes only; parsing lives in parse.ts, meaning
// (scopes, types) in check.ts and infer.ts. Nodes apc does not compile yet are
// kept as `unsupported` with a description, so refusal happens per function in
// the semantic phase instead of crashing the parser.

/** A source range. Lines and columns are 1-based (as rustc and CPython print
 *  them); `start`/`end` are 0-based UTF-16 offsets into the source text. */
export interface Span {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly col: number;
  readonly endLine: number;
  readonly endCol: number;
}

export type BinOp = "+" | "-" | "*" | "/" | "//" | "%" | "**" | "<<" | ">>" | "&" | "|" | "^" | "@";
export type UnaryOp = "-" | "+" | "not" | "~";
export type CmpOp = "<" | "<=" | ">" | ">=" | "==" | "!=" | "is" | "is not" | "in" | "not in";
export type BoolOp = "and" | "or";

export interface Keyword {
  readonly name: string;
  readonly value: Expr;
  readonly span: Span;
}

export type Expr =
  | { kind: "int"; value: bigint; span: Span }
  | { kind: "float"; value: number; span: Span }
  | { kind: "bool"; value: boolean; span: Span }
  | { kind: "none"; span: Span }
  /** A plain string literal (implicitly concatenated parts already joined,
   *  escapes decoded). f-strings are `fstring`. */
  | { kind: "str"; value: string; span: Span }
  /** f"..." : literal text and formatted values in order. */
  | { kind: "fstring"; parts: FStringPart[]; span: Span }
  | { kind: "name"; id: string; span: Span }
  | { kind: "binop"; op: BinOp; left: Expr; right: Expr; span: Span; opSpan: Span }
  | { kind: "unary"; op: UnaryOp; operand: Expr; span: Span }
  | { kind: "boolop"; op: BoolOp; left: Expr; right: Expr; span: Span }
  /** `a < b <= c`: ops.length === comparators.length. */
  | { kind: "compare"; left: Expr; ops: CmpOp[]; comparators: Expr[]; span: Span }
  | { kind: "ifexp"; test: Expr; body: Expr; orelse: Expr; span: Span }
  /** `f(a, *b, k=v)`: positional args in order; starred positional args are
   *  `starred` nodes inside `args`; `**kw` is `unsupported` in `args`. */
  | { kind: "call"; func: Expr; args: Expr[]; keywords: Keyword[]; span: Span }
  | { kind: "attribute"; value: Expr; attr: string; span: Span; attrSpan: Span }
  | { kind: "subscript"; value: Expr; index: Expr; span: Span }
  /** `a:b:c` inside a subscript; missing parts are null. */
  | { kind: "slice"; lower: Expr | null; upper: Expr | null; step: Expr | null; span: Span }
  | { kind: "tuple"; elts: Expr[]; span: Span }
  | { kind: "list"; elts: Expr[]; span: Span }
  | { kind: "dict"; keys: Expr[]; values: Expr[]; span: Span }
  | { kind: "set"; elts: Expr[]; span: Span }
  | { kind: "starred"; value: Expr; span: Span }
  /** list/set/dict comprehensions and generator expressions. For dict,
   *  `elt` is the key and `value` the value. */
  | { kind: "comprehension"; form: "list" | "set" | "dict" | "generator"; elt: Expr; value: Expr | null; generators: ComprehensionFor[]; span: Span }
  | { kind: "lambda"; params: Param[]; body: Expr; span: Span }
  /** Anything else the grammar allows (await, yield, walrus, ...). */
  | { kind: "unsupported"; what: string; span: Span };

/** What the parser calls `...`, which apc compiles only inside `tuple[T, ...]`
 *  annotations (an "unsupported" expression elsewhere). */
export const ELLIPSIS_WHAT = "`...` (Ellipsis)";

export interface ComprehensionFor {
  readonly target: Expr;
  readonly iter: Expr;
  readonly ifs: Expr[];
  readonly span: Span;
}

export type FStringPart =
  | { kind: "text"; value: string }
  /** `{value!conversion:spec}`; `spec` may itself hold replacement fields. */
  | { kind: "field"; value: Expr; conversion: "r" | "s" | "a" | null; spec: FStringPart[] | null; span: Span };

export interface Param {
  readonly name: string;
  readonly annotation: Expr | null;
  readonly default: Expr | null;
  /** `normal` covers positional-or-keyword; `*args`, `**kw`, keyword-only
   *  and positional-only markers are kept so the checker can refuse them. */
  readonly form: "normal" | "varargs" | "kwargs" | "kwonly" | "posonly";
  readonly span: Span;
}

export interface Alias {
  readonly name: string; // dotted for `import a.b`
  readonly asname: string | null;
  readonly span: Span;
}

export type Stmt =
  | { kind: "expr"; value: Expr; span: Span }
  /** `a = b = value`: several targets, one value. */
  | { kind: "assign"; targets: Expr[]; value: Expr; span: Span }
  | { kind: "augassign"; target: Expr; op: BinOp; value: Expr; span: Span; opSpan: Span }
  | { kind: "annassign"; target: Expr; annotation: Expr; value: Expr | null; span: Span }
  | { kind: "if"; test: Expr; body: Stmt[]; orelse: Stmt[]; span: Span }
  | { kind: "while"; test: Expr; body: Stmt[]; orelse: Stmt[]; span: Span }
  | { kind: "for"; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[]; span: Span }
  | { kind: "break"; span: Span }
  | { kind: "continue"; span: Span }
  | { kind: "return"; value: Expr | null; span: Span }
  | { kind: "pass"; span: Span }
  | { kind: "assert"; test: Expr; msg: Expr | null; span: Span }
  | { kind: "global"; names: string[]; span: Span }
  | { kind: "nonlocal"; names: string[]; span: Span }
  | { kind: "del"; targets: Expr[]; span: Span }
  | { kind: "import"; names: Alias[]; span: Span }
  | { kind: "importfrom"; module: string; names: Alias[]; level: number; span: Span }
  | { kind: "funcdef"; def: FunctionDef; span: Span }
  | { kind: "classdef"; name: string; bases: Expr[]; body: Stmt[]; decorators: Expr[]; span: Span; nameSpan: Span }
  | { kind: "raise"; exc: Expr | null; cause: Expr | null; span: Span }
  | { kind: "try"; body: Stmt[]; handlers: ExceptHandler[]; orelse: Stmt[]; finalbody: Stmt[]; span: Span }
  /** with/match/async/... */
  | { kind: "unsupported"; what: string; span: Span };

export interface ExceptHandler {
  readonly type: Expr | null;
  readonly name: string | null;
  readonly body: Stmt[];
  readonly span: Span;
}

export interface FunctionDef {
  readonly name: string;
  readonly params: Param[];
  readonly returns: Expr | null;
  readonly body: Stmt[];
  readonly decorators: Expr[];
  readonly isAsync: boolean;
  readonly span: Span;
  /** The span of the name after `def`, where diagnostics about the function point. */
  readonly nameSpan: Span;
}

export interface Module {
  readonly file: string;
  readonly source: string;
  readonly body: Stmt[];
}

export function assertNever(x: never, what = "value"): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify((x as { kind?: string })?.kind ?? x)}`);
}

const namedKeys = new WeakMap<Expr, Expr>();

/** A sort/min/max key given by name (`key=len`, `key=first`) is compiled as
 *  `key=lambda x: name(x)`. The same lambda node comes back for the same key
 *  so inference and lowering see one set of nodes. Other keys are returned
 *  unchanged. */
export function keyAsLambda(key: Expr): Expr {
  if (key.kind !== "name") return key;
  let lam = namedKeys.get(key);
  if (!lam) {
    const span = key.span;
    const param: Param = { name: "$key", annotation: null, default: null, form: "normal", span };
    const arg: Expr = { kind: "name", id: "$key", span };
    lam = { kind: "lambda", params: [param], body: { kind: "call", func: key, args: [arg], keywords: [], span }, span };
    namedKeys.set(key, lam);
  }
  return lam;
}

/** enumerate()'s start: the second argument or `start=`. */
export function enumerateStart(call: Extract<Expr, { kind: "call" }>): Expr | null {
  return call.args[1] ?? call.keywords.find((k) => k.name === "start")?.value ?? null;
}
