// Statements: converts tree-sitter-python statement nodes and blocks into
// ast.ts `Stmt`s (expressions are parse-expr.ts's job). Compound statements
// apc has no node for (with, match, async for, ...) become `unsupported`;
// statement-level rules CPython enforces but tree-sitter does not (indented
// blocks, indentation, annotated and augmented targets, `except:` order, ...)
// are reported as E0001.

import type { Alias, ExceptHandler, Expr, FunctionDef, Span, Stmt } from "./ast.js";
import { field, fields, hasToken, named, parseCst, type CstNode, type ParseCtx } from "./cst.js";
import { binOpOf, convertElement, convertExpr, convertParams, convertTarget, identifierText } from "./parse-expr.js";

/** Where a statement sits: some statements are only legal inside a function. */
interface Scope {
  readonly inFunction: boolean;
}

function unsupported(what: string, span: Span): Stmt {
  return { kind: "unsupported", what, span };
}

// file: statement*      block: INDENT statement+ DEDENT | simple_stmts
export function convertStatements(ctx: ParseCtx, nodes: CstNode[], scope: Scope, indent: number | null): Stmt[] {
  const out: Stmt[] = [];
  let expected = indent;
  for (const n of nodes) {
    if (!n.named || n.type === "ERROR") continue;
    const col = lineIndent(ctx, n.start);
    if (col !== null && expected === null) expected = col;
    else if (col !== null && col !== expected && !ctx.treeHasErrors) {
      // A line less indented than the one before it, matching no enclosing block, is a bad dedent.
      const dedent = col < expected! || col < previousLineIndent(ctx, n.start);
      const message = dedent ? "unindent does not match any outer indentation level" : "unexpected indent";
      ctx.error(message, ctx.spanAt(n.start, n.end));
    }
    const stmt = convertRecovering(ctx, n, scope);
    if (stmt !== null) out.push(stmt);
  }
  return out;
}

/** Error recovery can leave nodes without a child the grammar requires;
 *  in a tree with errors (already reported) such a statement is dropped to
 *  `unsupported` instead of failing the whole parse. */
function convertRecovering(ctx: ParseCtx, n: CstNode, scope: Scope): Stmt | null {
  if (!ctx.treeHasErrors) return convertStmt(ctx, n, scope);
  try {
    return convertStmt(ctx, n, scope);
  } catch {
    return unsupported("invalid syntax", ctx.span(n));
  }
}

/** The column of `offset` when only whitespace precedes it on its line. */
function lineIndent(ctx: ParseCtx, offset: number): number | null {
  const prefix = ctx.source.slice(ctx.source.lastIndexOf("\n", offset - 1) + 1, offset);
  return /^[ \t\f]*$/.test(prefix) ? indentWidth(prefix) : null;
}

/** Indentation as CPython's tokenizer counts it: a form feed resets it. */
function indentWidth(whitespace: string): number {
  return whitespace.length - (whitespace.lastIndexOf("\f") + 1);
}

/** The indentation of the nearest non-blank, non-comment line before `offset`'s line. */
function previousLineIndent(ctx: ParseCtx, offset: number): number {
  const lines = ctx.source.slice(0, ctx.source.lastIndexOf("\n", offset - 1) + 1).split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.replace(/\r$/, "");
    if (!/^[ \t\f]*(#.*)?$/.test(line)) return indentWidth(/^[ \t\f]*/.exec(line)![0]);
  }
  return 0;
}

/** The body of a compound statement; CPython requires at least one statement. */
function convertBody(ctx: ParseCtx, block: CstNode | null, header: CstNode, what: string, scope: Scope): Stmt[] {
  const stmts = block === null ? [] : named(block).filter((c) => c.type !== "ERROR");
  if (stmts.length === 0) {
    if (ctx.treeHasErrors) return [];
    const at = block?.end ?? header.end;
    const rest = ctx.source.slice(at).search(/\S/);
    const pos = rest < 0 ? at : at + rest;
    const line = ctx.spanAt(header.start, header.start).line;
    ctx.error(`expected an indented block after ${what} on line ${line}`, ctx.spanAt(pos, Math.min(pos + 1, ctx.source.length)));
    return [];
  }
  return convertStatements(ctx, stmts, scope, null);
}

/** The `else:` body of an if/for/while/try, or `[]`. */
function convertElse(ctx: ParseCtx, clause: CstNode | null, scope: Scope): Stmt[] {
  return clause === null ? [] : convertBody(ctx, field(clause, "body"), clause, "'else' statement", scope);
}

// statement: compound_stmt | simple_stmts
export function convertStmt(ctx: ParseCtx, n: CstNode, scope: Scope): Stmt | null {
  const span = ctx.span(n);
  switch (n.type) {
    case "expression_statement":
      return convertExpressionStatement(ctx, n);
    case "return_statement": {
      const value = named(n)[0];
      return { kind: "return", value: value === undefined ? null : convertExpr(ctx, value), span };
    }
    case "pass_statement":
      return { kind: "pass", span };
    case "break_statement":
      return { kind: "break", span };
    case "continue_statement":
      return { kind: "continue", span };
    case "delete_statement":
      return convertDelete(ctx, n);
    case "raise_statement":
      return convertRaise(ctx, n);
    case "global_statement":
    case "nonlocal_statement": {
      const names = named(n).map((c) => identifierText(ctx, c));
      if (n.type === "global_statement") return { kind: "global", names, span };
      if (!scope.inFunction) ctx.error("nonlocal declaration not allowed at module level", span);
      return { kind: "nonlocal", names, span };
    }
    case "assert_statement": {
      const [test, msg, ...rest] = named(n);
      if (rest.length > 0) ctx.error("invalid syntax", ctx.span(rest[0]!));
      if (test === undefined) return unsupported("invalid syntax", span);
      return { kind: "assert", test: convertExpr(ctx, test), msg: msg === undefined ? null : convertExpr(ctx, msg), span };
    }
    case "import_statement":
      return { kind: "import", names: fields(n, "name").map((c) => convertAlias(ctx, c)), span };
    case "import_from_statement":
    case "future_import_statement":
      return convertImportFrom(ctx, n, scope);
    case "if_statement":
      return convertIf(ctx, n, scope);
    case "for_statement": {
      if (hasToken(n, "async")) return unsupported("`async for` statement", span);
      const target = convertTarget(ctx, field(n, "left")!);
      const iter = convertExpr(ctx, field(n, "right")!);
      const body = convertBody(ctx, field(n, "body"), n, "'for' statement", scope);
      return { kind: "for", target, iter, body, orelse: convertElse(ctx, field(n, "alternative"), scope), span };
    }
    case "while_statement": {
      const test = convertExpr(ctx, field(n, "condition")!);
      const body = convertBody(ctx, field(n, "body"), n, "'while' statement", scope);
      return { kind: "while", test, body, orelse: convertElse(ctx, field(n, "alternative"), scope), span };
    }
    case "try_statement":
      return convertTry(ctx, n, scope);
    case "function_definition":
      return convertFunction(ctx, n, [], scope);
    case "class_definition":
      return convertClass(ctx, n, [], scope);
    case "decorated_definition":
      return convertDecorated(ctx, n, scope);
    case "with_statement":
      return unsupported(hasToken(n, "async") ? "`async with` statement" : "`with` statement", span);
    case "match_statement":
      return unsupported("`match` statement", span);
    case "type_alias_statement":
      return convertTypeAlias(ctx, n, scope);
    case "print_statement":
    case "exec_statement": {
      const name = n.type === "print_statement" ? "print" : "exec";
      ctx.error(`Missing parentheses in call to '${name}'. Did you mean ${name}(...)?`, span);
      return unsupported(`Python 2 \`${name}\` statement`, span);
    }
    case "ERROR":
      return null;
    default:
      return unsupported(`\`${n.type}\` statement`, span);
  }
}

// type_alias: 'type' NAME ['[' type_params ']'] '=' expression
function convertTypeAlias(ctx: ParseCtx, n: CstNode, scope: Scope): Stmt | null {
  const left = field(n, "left");
  const name = left === null ? undefined : named(left)[0];
  if (name?.type === "identifier" || name?.type === "generic_type") return unsupported("`type` alias statement", ctx.span(n));
  // tree-sitter also reads `type(x).attr = v` and `type[0] = v` as aliases. Parse
  // the statement again with `type` spelled as a plain name of the same length;
  // identifiers take their text from the real source, so the name stays `type`.
  const text = "TYPE" + ctx.source.slice(n.start + 4, n.end);
  const stmt = parseCst(text, n.start).root.children.find((c) => c.named);
  return stmt === undefined || stmt.type === "type_alias_statement" ? unsupported("invalid syntax", ctx.span(n)) : convertStmt(ctx, stmt, scope);
}

// expression_statement: star_expressions | assignment | augassign | yield_expr
function convertExpressionStatement(ctx: ParseCtx, n: CstNode): Stmt {
  const span = ctx.span(n);
  const parts = named(n);
  const first = parts[0];
  if (first === undefined) return unsupported("invalid syntax", span);
  if (parts.length === 1 && first.type === "assignment") return convertAssignment(ctx, first);
  if (parts.length === 1 && first.type === "augmented_assignment") return convertAugAssign(ctx, first);
  if (parts.length === 1 && !hasToken(n, ",")) return { kind: "expr", value: convertExpr(ctx, first), span };
  return { kind: "expr", value: { kind: "tuple", elts: parts.map((c) => convertElement(ctx, c)), span }, span };
}

// assignment: (star_targets '=')+ (yield_expr | star_expressions)
//           | single_target ':' expression ['=' (yield_expr | star_expressions)]
function convertAssignment(ctx: ParseCtx, n: CstNode): Stmt {
  const span = ctx.span(n);
  const targets: Expr[] = [];
  let cur = n;
  for (;;) {
    const left = field(cur, "left")!;
    const type = field(cur, "type");
    const right = field(cur, "right");
    if (type !== null) {
      if (targets.length > 0) {
        ctx.error("invalid syntax", ctx.span(type));
        return unsupported("invalid syntax", span);
      }
      const target = convertExpr(ctx, left);
      if (target.kind === "tuple" || target.kind === "list") {
        ctx.error(`only single target (not ${target.kind}) can be annotated`, target.span);
      } else if (target.kind === "starred") {
        ctx.error("invalid syntax", target.span);
      }
      if (right?.type === "assignment" || right?.type === "augmented_assignment") {
        ctx.error("invalid syntax", ctx.span(right));
        return unsupported("invalid syntax", span);
      }
      const value = right === null ? null : convertExpr(ctx, right);
      return { kind: "annassign", target, annotation: convertExpr(ctx, type), value, span };
    }
    targets.push(convertTarget(ctx, left));
    if (right === null) return unsupported("invalid syntax", span);
    if (right.type === "assignment") {
      cur = right;
      continue;
    }
    if (right.type === "augmented_assignment") {
      ctx.error("invalid syntax", ctx.span(field(right, "operator") ?? right));
      return unsupported("invalid syntax", span);
    }
    return { kind: "assign", targets, value: convertExpr(ctx, right), span };
  }
}

// augassign: single_target ('+=' | '-=' | ...) (yield_expr | star_expressions)
function convertAugAssign(ctx: ParseCtx, n: CstNode): Stmt {
  const span = ctx.span(n);
  const opNode = field(n, "operator")!;
  const op = binOpOf(opNode.type.slice(0, -1));
  const target = convertExpr(ctx, field(n, "left")!);
  if (target.kind === "tuple" || target.kind === "list" || target.kind === "starred") {
    ctx.error(`'${target.kind}' is an illegal expression for augmented assignment`, target.span);
  }
  const right = field(n, "right")!;
  if (op === null || right.type === "assignment" || right.type === "augmented_assignment") {
    ctx.error("invalid syntax", ctx.span(right));
    return unsupported("invalid syntax", span);
  }
  return { kind: "augassign", target, op, value: convertExpr(ctx, right), span, opSpan: ctx.span(opNode) };
}

const DELETABLE = new Set(["name", "attribute", "subscript", "tuple", "list", "unsupported"]);

// del_stmt: 'del' del_targets
function convertDelete(ctx: ParseCtx, n: CstNode): Stmt {
  const operand = named(n)[0];
  const nodes = operand === undefined ? [] : operand.type === "expression_list" ? named(operand) : [operand];
  const targets = nodes.map((c) => convertExpr(ctx, c));
  const check = (e: Expr): void => {
    if (e.kind === "tuple" || e.kind === "list") e.elts.forEach(check);
    else if (!DELETABLE.has(e.kind)) {
      const what = e.kind === "call" ? "function call" : ["int", "float", "str", "bool", "none"].includes(e.kind) ? "literal" : "expression";
      ctx.error(`cannot delete ${what}`, e.span);
    }
  };
  targets.forEach(check);
  return { kind: "del", targets, span: ctx.span(n) };
}

// raise_stmt: 'raise' [expression ['from' expression]]
function convertRaise(ctx: ParseCtx, n: CstNode): Stmt {
  const causeNode = field(n, "cause");
  const excNode = named(n).find((c) => c !== causeNode);
  if (excNode?.type === "expression_list") ctx.error("invalid syntax", ctx.span(excNode));
  const exc = excNode === undefined ? null : convertExpr(ctx, excNode);
  return { kind: "raise", exc, cause: causeNode === null ? null : convertExpr(ctx, causeNode), span: ctx.span(n) };
}

// dotted_as_name: dotted_name ['as' NAME]
function convertAlias(ctx: ParseCtx, n: CstNode): Alias {
  const nameNode = n.type === "aliased_import" ? field(n, "name")! : n;
  const alias = n.type === "aliased_import" ? field(n, "alias") : null;
  return { name: dottedName(ctx, nameNode), asname: alias === null ? null : identifierText(ctx, alias), span: ctx.span(n) };
}

// dotted_name: NAME ('.' NAME)*
function dottedName(ctx: ParseCtx, n: CstNode): string {
  return named(n).map((c) => identifierText(ctx, c)).join(".");
}

// import_from: 'from' ('.' | '...')* dotted_name 'import' import_from_targets
//            | 'from' ('.' | '...')+ 'import' import_from_targets
// import_from_targets: '(' import_from_as_names [','] ')' | import_from_as_names | '*'
function convertImportFrom(ctx: ParseCtx, n: CstNode, scope: Scope): Stmt {
  const span = ctx.span(n);
  let module = "__future__";
  let level = 0;
  const moduleNode = field(n, "module_name");
  if (moduleNode?.type === "relative_import") {
    const prefix = named(moduleNode).find((c) => c.type === "import_prefix");
    level = prefix === undefined ? 0 : prefix.children.filter((c) => c.type === ".").length;
    const dotted = named(moduleNode).find((c) => c.type === "dotted_name");
    module = dotted === undefined ? "" : dottedName(ctx, dotted);
  } else if (moduleNode !== null) {
    module = dottedName(ctx, moduleNode);
  }
  const wildcard = named(n).find((c) => c.type === "wildcard_import");
  if (wildcard !== undefined) {
    if (scope.inFunction) ctx.error("import * only allowed at module level", span);
    return { kind: "importfrom", module, names: [{ name: "*", asname: null, span: ctx.span(wildcard) }], level, span };
  }
  const names = fields(n, "name").map((c) => convertAlias(ctx, c));
  return { kind: "importfrom", module, names, level, span };
}

// if_stmt: 'if' expression ':' block ('elif' expression ':' block)* ['else' ':' block]
function convertIf(ctx: ParseCtx, n: CstNode, scope: Scope): Stmt {
  const alternatives = fields(n, "alternative");
  const elifs = alternatives.filter((c) => c.type === "elif_clause");
  let orelse = convertElse(ctx, alternatives.find((c) => c.type === "else_clause") ?? null, scope);
  const test = convertExpr(ctx, field(n, "condition")!);
  const body = convertBody(ctx, field(n, "consequence"), n, "'if' statement", scope);
  const elifStmts = elifs.map((e) => ({
    node: e,
    test: convertExpr(ctx, field(e, "condition")!),
    body: convertBody(ctx, field(e, "consequence"), e, "'elif' statement", scope),
  }));
  for (const e of elifStmts.reverse()) {
    // An `elif` is an `if` inside the previous branch's `else`, spanning to the end of the chain.
    orelse = [{ kind: "if", test: e.test, body: e.body, orelse, span: ctx.spanAt(e.node.start, n.end) }];
  }
  return { kind: "if", test, body, orelse, span: ctx.span(n) };
}

// try_stmt: 'try' ':' block (except_block+ ['else' ':' block] ['finally' ':' block] | 'finally' ':' block)
// except_block: 'except' [expression ['as' NAME]] ':' block
function convertTry(ctx: ParseCtx, n: CstNode, scope: Scope): Stmt {
  const span = ctx.span(n);
  const body = convertBody(ctx, field(n, "body"), n, "'try' statement", scope);
  const handlers: ExceptHandler[] = [];
  const clauses = named(n).filter((c) => c.type === "except_clause");
  for (const [i, c] of clauses.entries()) {
    if (hasToken(c, "*")) return unsupported("`except*` clause", span);
    const values = fields(c, "value");
    let typeNode: CstNode | null = values[0] ?? null;
    let nameNode = field(c, "alias");
    if (typeNode?.type === "as_pattern") {
      nameNode = field(typeNode, "alias");
      typeNode = named(typeNode)[0] ?? null;
    }
    let type: Expr | null = typeNode === null ? null : convertExpr(ctx, typeNode);
    if (values.length > 1) {
      ctx.error("multiple exception types must be parenthesized", ctx.spanOf(values[0]!, values[values.length - 1]!));
      type = { kind: "tuple", elts: values.map((v) => convertExpr(ctx, v)), span: ctx.spanOf(values[0]!, values[values.length - 1]!) };
    }
    const nameId = nameNode === null ? null : named(nameNode)[0] ?? nameNode;
    if (nameId !== null && nameId.type !== "identifier") ctx.error("invalid syntax", ctx.span(nameId));
    if (type === null && i < clauses.length - 1) ctx.error("default 'except:' must be last", ctx.span(c));
    const block = named(c).find((b) => b.type === "block") ?? null;
    handlers.push({
      type,
      name: nameId === null ? null : identifierText(ctx, nameId),
      body: convertBody(ctx, block, c, "'except' statement", scope),
      span: ctx.span(c),
    });
  }
  const orelse = convertElse(ctx, named(n).find((c) => c.type === "else_clause") ?? null, scope);
  const finallyClause = named(n).find((c) => c.type === "finally_clause") ?? null;
  const finalbody =
    finallyClause === null
      ? []
      : convertBody(ctx, named(finallyClause).find((b) => b.type === "block") ?? null, finallyClause, "'finally' statement", scope);
  if (handlers.length === 0 && finallyClause === null) {
    ctx.error("expected 'except' or 'finally' block", ctx.spanAt(n.end, n.end));
  }
  return { kind: "try", body, handlers, orelse, finalbody, span };
}

// function_def: decorator* ['async'] 'def' NAME ['[' type_params ']'] '(' [params] ')' ['->' expression] ':' block
function convertFunction(ctx: ParseCtx, n: CstNode, decorators: Expr[], scope: Scope): Stmt {
  const span = ctx.span(n);
  if (field(n, "type_parameters") !== null) return unsupported("type parameter list on a function (PEP 695)", span);
  const nameNode = field(n, "name")!;
  const returns = field(n, "return_type");
  const def: FunctionDef = {
    name: identifierText(ctx, nameNode),
    params: convertParams(ctx, field(n, "parameters")),
    returns: returns === null ? null : convertExpr(ctx, returns),
    body: convertBody(ctx, field(n, "body"), n, "function definition", { ...scope, inFunction: true }),
    decorators,
    isAsync: hasToken(n, "async"),
    span,
    nameSpan: ctx.span(nameNode),
  };
  return { kind: "funcdef", def, span };
}

// class_def: decorator* 'class' NAME ['[' type_params ']'] ['(' [arguments] ')'] ':' block
function convertClass(ctx: ParseCtx, n: CstNode, decorators: Expr[], scope: Scope): Stmt {
  const span = ctx.span(n);
  if (field(n, "type_parameters") !== null) return unsupported("type parameter list on a class (PEP 695)", span);
  const nameNode = field(n, "name")!;
  const superclasses = field(n, "superclasses");
  const args = superclasses === null ? [] : named(superclasses);
  if (args.some((a) => a.type === "keyword_argument" || a.type === "dictionary_splat")) {
    return unsupported("class keyword arguments (`metaclass=...`)", span);
  }
  const bases = args.map((a) => convertElement(ctx, a));
  const body = convertBody(ctx, field(n, "body"), n, "class definition", scope);
  return { kind: "classdef", name: identifierText(ctx, nameNode), bases, body, decorators, span, nameSpan: ctx.span(nameNode) };
}

// decorated_definition: ('@' named_expression NEWLINE)+ (function_def | class_def)
function convertDecorated(ctx: ParseCtx, n: CstNode, scope: Scope): Stmt {
  const decorators = named(n)
    .filter((c) => c.type === "decorator")
    .map((d) => {
      const e = named(d)[0];
      return e === undefined ? ({ kind: "unsupported", what: "invalid syntax", span: ctx.span(d) } as const) : convertExpr(ctx, e);
    });
  const def = field(n, "definition");
  if (def?.type === "function_definition") return convertFunction(ctx, def, decorators, scope);
  if (def?.type === "class_definition") return convertClass(ctx, def, decorators, scope);
  return unsupported("invalid syntax", ctx.span(n));
}
