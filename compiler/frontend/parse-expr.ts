// Expressions: converts tree-sitter-python expression nodes (and the target
// patterns, annotations and parameter lists built from them) into ast.ts
// `Expr`s. Literal values come from literals.ts. Anything the AST has no node
// for becomes `unsupported` with a description; syntax CPython rejects but
// tree-sitter accepts is reported as E0001 through `ctx.error`.

import type { BinOp, CmpOp, ComprehensionFor, Expr, FStringPart, Keyword, Param, Span } from "./ast.js";
import { ELLIPSIS_WHAT } from "./ast.js";
import { WALRUS_LIKE_FIELD, field, fields, hasToken, named, type CstNode, type ParseCtx } from "./cst.js";
import { decodeStringBody, parseNumber, parseStringPrefix } from "./literals.js";

const BINOPS: Record<string, BinOp> = {
  "+": "+", "-": "-", "*": "*", "/": "/", "//": "//", "%": "%", "**": "**",
  "<<": "<<", ">>": ">>", "&": "&", "|": "|", "^": "^", "@": "@",
};

const CMPOPS: Record<string, CmpOp> = {
  "<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "==", "!=": "!=",
  is: "is", "is not": "is not", in: "in", "not in": "not in",
};

export function binOpOf(token: string): BinOp | null {
  return BINOPS[token] ?? null;
}

function unsupported(what: string, span: Span): Expr {
  return { kind: "unsupported", what, span };
}

/** Identifiers are NFKC-normalised, as CPython does (`ﬁ` is `fi`). */
export function identifierText(ctx: ParseCtx, node: CstNode): string {
  const text = ctx.text(node);
  return /^[\x00-\x7f]*$/.test(text) ? text : text.normalize("NFKC");
}

// expression: comparison_operator | not_operator | boolean_operator | lambda
//           | primary_expression | conditional_expression | named_expression | as_pattern
// primary_expression: await | binary_operator | identifier | string | integer | ...
export function convertExpr(ctx: ParseCtx, n: CstNode): Expr {
  const span = ctx.span(n);
  switch (n.type) {
    case "identifier":
      return { kind: "name", id: identifierText(ctx, n), span };
    case "integer":
    case "float":
      return convertNumber(ctx, n);
    case "true":
      return { kind: "bool", value: true, span };
    case "false":
      return { kind: "bool", value: false, span };
    case "none":
      return { kind: "none", span };
    case "string":
    case "concatenated_string":
      return convertStrings(ctx, n);
    case "binary_operator":
      return convertBinary(ctx, n);
    case "unary_operator": {
      const op = field(n, "operator")!.type as "+" | "-" | "~";
      return { kind: "unary", op, operand: convertExpr(ctx, field(n, "argument")!), span };
    }
    case "not_operator":
      return { kind: "unary", op: "not", operand: convertExpr(ctx, field(n, "argument")!), span };
    case "boolean_operator": {
      const op = field(n, "operator")!.type === "and" ? "and" : "or";
      return { kind: "boolop", op, left: convertExpr(ctx, field(n, "left")!), right: convertExpr(ctx, field(n, "right")!), span };
    }
    case "comparison_operator":
      return convertCompare(ctx, n);
    case "conditional_expression": {
      const [body, test, orelse] = named(n).map((c) => convertExpr(ctx, c));
      if (body === undefined || test === undefined || orelse === undefined) return unsupported("invalid syntax", span);
      return { kind: "ifexp", test, body, orelse, span };
    }
    case "lambda": {
      const params = convertParams(ctx, field(n, "parameters"));
      return { kind: "lambda", params, body: convertExpr(ctx, field(n, "body")!), span };
    }
    case "call":
      return convertCall(ctx, n);
    case "attribute": {
      const attr = field(n, "attribute")!;
      return { kind: "attribute", value: convertExpr(ctx, field(n, "object")!), attr: identifierText(ctx, attr), span, attrSpan: ctx.span(attr) };
    }
    case "subscript":
      return convertSubscript(ctx, n);
    case "slice":
      return convertSlice(ctx, n);
    case "tuple_pattern":
      // tree-sitter reads the parenthesized target `for (x) in ...` as a 1-tuple.
      if (named(n).length === 1 && !hasToken(n, ",")) return convertElement(ctx, named(n)[0]!);
      return { kind: "tuple", elts: named(n).map((c) => convertElement(ctx, c)), span };
    case "tuple":
    case "expression_list":
    case "pattern_list":
      return { kind: "tuple", elts: named(n).map((c) => convertElement(ctx, c)), span };
    case "list":
    case "list_pattern":
      return { kind: "list", elts: named(n).map((c) => convertElement(ctx, c)), span };
    case "set":
      return { kind: "set", elts: named(n).map((c) => convertElement(ctx, c)), span };
    case "dictionary":
      return convertDict(ctx, n);
    case "list_comprehension":
    case "set_comprehension":
    case "dictionary_comprehension":
    case "generator_expression":
      return convertComprehension(ctx, n);
    case "parenthesized_expression": {
      const inner = named(n)[0];
      if (inner === undefined) return unsupported("invalid syntax", span);
      if (inner.type !== "list_splat") return convertExpr(ctx, inner);
      ctx.error("cannot use starred expression here", ctx.span(inner));
      return convertElement(ctx, inner);
    }
    case "list_splat":
    case "list_splat_pattern": {
      const operand = named(n)[0];
      if (hoistedStars.has(n) && operand !== undefined) return convertExpr(ctx, operand);
      ctx.error("can't use starred expression here", span);
      return convertElement(ctx, n);
    }
    case "type":
    case "generic_type":
    case "union_type":
    case "member_type":
    case "splat_type":
    case "constrained_type":
      return convertType(ctx, n);
    case "await":
      return unsupported("`await` expression", span);
    case "yield":
      return unsupported(hasToken(n, "from") ? "`yield from` expression" : "`yield` expression", span);
    case "named_expression":
      return unsupported("assignment expression (`:=`)", span);
    case "ellipsis":
      return unsupported(ELLIPSIS_WHAT, span);
    case "as_pattern":
      return unsupported("`as` pattern", span);
    case "dictionary_splat":
      return unsupported("`**` unpacking", span);
    case "ERROR":
      return unsupported("invalid syntax", span);
    default:
      return unsupported(`\`${n.type}\` expression`, span);
  }
}

/** An element of a display, a call argument or an assignment target, where
 *  `*x` is allowed. */
// star_expression: '*' expression | expression
export function convertElement(ctx: ParseCtx, n: CstNode): Expr {
  const star = misplacedStar(n);
  if (star !== null) {
    hoistedStars.add(star);
    const operand = named(star)[0];
    const value = convertExpr(ctx, n);
    return { kind: "starred", value: operand === undefined ? value : startChainAt(ctx, value, operand.start), span: ctx.span(n) };
  }
  if (n.type !== "list_splat" && n.type !== "list_splat_pattern") return convertExpr(ctx, n);
  const inner = named(n)[0];
  const value: Expr = inner === undefined ? unsupported("invalid syntax", ctx.span(n)) : convertExpr(ctx, inner);
  return { kind: "starred", value, span: ctx.span(n) };
}

/** Stars that tree-sitter bound too tightly: it reads `*a.b()` as `(*a).b()`
 *  where Python means `*(a.b())`. Conversion skips them; the caller wraps. */
const hoistedStars = new WeakSet<CstNode>();

/** The star at the bottom of a call/attribute/subscript chain, if any. */
function misplacedStar(n: CstNode): CstNode | null {
  let cur: CstNode | null = n;
  while (cur !== null && (cur.type === "call" || cur.type === "attribute" || cur.type === "subscript")) {
    cur = field(cur, cur.type === "call" ? "function" : cur.type === "attribute" ? "object" : "value");
  }
  return cur !== null && cur !== n && (cur.type === "list_splat" || cur.type === "list_splat_pattern") ? cur : null;
}

/** Moves the start of a call/attribute/subscript chain's spans past a hoisted star. */
function startChainAt(ctx: ParseCtx, e: Expr, start: number): Expr {
  if (e.span.start >= start) return e;
  const span = ctx.spanAt(start, e.span.end);
  switch (e.kind) {
    case "call":
      return { ...e, func: startChainAt(ctx, e.func, start), span };
    case "attribute":
    case "subscript":
      return { ...e, value: startChainAt(ctx, e.value, start), span };
    default:
      return e;
  }
}

// integer: decinteger | hexinteger | octinteger | bininteger (with '_' separators)
// float: pointfloat | exponentfloat;  imagnumber: (float | digitpart) ('j' | 'J')
function convertNumber(ctx: ParseCtx, n: CstNode): Expr {
  const span = ctx.span(n);
  const text = ctx.text(n);
  const lit = parseNumber(text);
  switch (lit.kind) {
    case "int":
      return { kind: "int", value: lit.value, span };
    case "float":
      return { kind: "float", value: lit.value, span };
    case "imaginary":
      return unsupported(`imaginary literal \`${text}\``, span);
    case "error":
      ctx.error(lit.message, span);
      return unsupported("invalid number literal", span);
  }
}

/** Python's binding strength of binary operators (higher binds tighter). */
const PRECEDENCE: Record<BinOp, number> = {
  "|": 1, "^": 2, "&": 3, "<<": 4, ">>": 4, "+": 5, "-": 5,
  "*": 6, "@": 6, "/": 6, "//": 6, "%": 6, "**": 7,
};

// binary_operator: primary_expression op primary_expression
// tree-sitter-python ranks `^` above `&` (Python: `a ^ b & c` is `a ^ (b & c)`),
// so a run of unparenthesized binary operators is flattened and regrouped by
// precedence climbing with Python's table; `**` groups to the right.
function convertBinary(ctx: ParseCtx, n: CstNode): Expr {
  const operands: CstNode[] = [];
  const opNodes: CstNode[] = [];
  const flatten = (c: CstNode): void => {
    const [left, op, right] = [field(c, "left"), field(c, "operator"), field(c, "right")];
    if (c.type !== "binary_operator" || left === null || op === null || right === null) {
      operands.push(c);
      return;
    }
    flatten(left);
    opNodes.push(op);
    flatten(right);
  };
  flatten(n);
  const ops = opNodes.map((o) => BINOPS[o.type]);
  const bad = ops.findIndex((op) => op === undefined);
  if (bad >= 0) return unsupported(`\`${opNodes[bad]!.type}\` operator`, ctx.span(n));
  let next = 0;
  const climb = (minPrec: number): { expr: Expr; last: CstNode } => {
    const first = operands[next]!;
    let expr = convertExpr(ctx, first);
    let last = first;
    next++;
    while (next - 1 < ops.length) {
      const op = ops[next - 1]!;
      const opNode = opNodes[next - 1]!;
      if (PRECEDENCE[op] < minPrec) break;
      const right = climb(op === "**" ? PRECEDENCE[op] : PRECEDENCE[op] + 1);
      expr = { kind: "binop", op, left: expr, right: right.expr, span: ctx.spanOf(first, right.last), opSpan: ctx.span(opNode) };
      last = right.last;
    }
    return { expr, last };
  };
  return climb(0).expr;
}

// comparison_operator: primary_expression (comp_op primary_expression)+
function convertCompare(ctx: ParseCtx, n: CstNode): Expr {
  const operands: Expr[] = [];
  const ops: CmpOp[] = [];
  for (const c of n.children) {
    if (c.field === "operators") {
      const op = CMPOPS[c.type];
      if (op === undefined) ctx.error("invalid syntax", ctx.span(c));
      ops.push(op ?? "!=");
    } else if (c.named) {
      operands.push(convertExpr(ctx, c));
    }
  }
  const [left, ...comparators] = operands;
  if (left === undefined || comparators.length !== ops.length) return unsupported("invalid syntax", ctx.span(n));
  return { kind: "compare", left, ops, comparators, span: ctx.span(n) };
}

// call: primary_expression (argument_list | generator_expression)
// argument_list: '(' [(expression | '*' expression | '**' expression | NAME '=' expression) (',' ...)* [',']] ')'
function convertCall(ctx: ParseCtx, n: CstNode): Expr {
  const func = convertExpr(ctx, field(n, "function")!);
  const argNode = field(n, "arguments")!;
  const span = ctx.span(n);
  if (argNode.type === "generator_expression") {
    const clauses = argNode.children.filter((c) => c.type === "for_in_clause");
    const lastClause = clauses[clauses.length - 1];
    if (lastClause !== undefined && fields(lastClause, "right").length > 1) {
      // tree-sitter reads `f(x for x in a, b)` as iterating over `a, b`.
      const body = field(argNode, "body") ?? argNode;
      ctx.error("Generator expression must be parenthesized", ctx.spanAt(body.start, lastClause.end));
      return { kind: "call", func, args: [unsupported("invalid syntax", ctx.span(argNode))], keywords: [], span };
    }
    return { kind: "call", func, args: [convertComprehension(ctx, argNode)], keywords: [], span };
  }
  const args: Expr[] = [];
  const keywords: Keyword[] = [];
  let seenKeyword = false;
  let seenKwUnpack = false;
  for (const a of named(argNode)) {
    const aspan = ctx.span(a);
    if (a.type === "keyword_argument") {
      const nameNode = field(a, "name")!;
      const name = identifierText(ctx, nameNode);
      if (keywords.some((k) => k.name === name)) ctx.error(`keyword argument repeated: ${name}`, aspan);
      keywords.push({ name, value: convertExpr(ctx, field(a, "value")!), span: aspan });
      seenKeyword = true;
    } else if (a.type === "dictionary_splat") {
      args.push(unsupported("`**` argument unpacking", aspan));
      seenKwUnpack = true;
    } else {
      const arg = convertElement(ctx, a);
      if (arg.kind === "starred") {
        if (seenKwUnpack) ctx.error("iterable argument unpacking follows keyword argument unpacking", aspan);
      } else if (seenKwUnpack) {
        ctx.error("positional argument follows keyword argument unpacking", aspan);
      } else if (seenKeyword) {
        ctx.error("positional argument follows keyword argument", aspan);
      }
      args.push(arg);
    }
  }
  return { kind: "call", func, args, keywords, span };
}

// subscript: primary_expression '[' (expression | slice) (',' (expression | slice))* [','] ']'
function convertSubscript(ctx: ParseCtx, n: CstNode): Expr {
  const value = convertExpr(ctx, field(n, "value")!);
  const items = fields(n, "subscript");
  const span = ctx.span(n);
  if (items.length === 0) return unsupported("invalid syntax", span);
  const trailingComma = n.children.some((c) => c.type === "," && c.start > items[items.length - 1]!.start);
  let index: Expr = convertElement(ctx, items[0]!);
  if (items.length === 1 && !trailingComma && index.kind === "starred") {
    // `a[*b]` indexes with a 1-tuple (PEP 646).
    index = { kind: "tuple", elts: [index], span: index.span };
  } else if (items.length > 1 || trailingComma) {
    const last = trailingComma ? n.children.filter((c) => c.type === ",").at(-1)! : items[items.length - 1]!;
    index = { kind: "tuple", elts: items.map((c) => convertElement(ctx, c)), span: ctx.spanOf(items[0]!, last) };
  }
  return { kind: "subscript", value, index, span };
}

// slice: [expression] ':' [expression] [':' [expression]]
function convertSlice(ctx: ParseCtx, n: CstNode): Expr {
  const parts: (Expr | null)[] = [null, null, null];
  let slot = 0;
  for (const c of n.children) {
    if (c.type === ":") slot++;
    else if (c.named && slot < 3) parts[slot] = convertExpr(ctx, c);
  }
  return { kind: "slice", lower: parts[0]!, upper: parts[1]!, step: parts[2]!, span: ctx.span(n) };
}

// dictionary: '{' [(expression ':' expression | '**' expression) (',' ...)* [',']] '}'
function convertDict(ctx: ParseCtx, n: CstNode): Expr {
  const span = ctx.span(n);
  const keys: Expr[] = [];
  const values: Expr[] = [];
  for (const c of named(n)) {
    if (c.type !== "pair") return unsupported("`**` unpacking in a dict display", span);
    keys.push(convertExpr(ctx, field(c, "key")!));
    values.push(convertExpr(ctx, field(c, "value")!));
  }
  return { kind: "dict", keys, values, span };
}

// list_comprehension: '[' expression comp_for ']'      set_comprehension: '{' expression comp_for '}'
// dictionary_comprehension: '{' pair comp_for '}'      generator_expression: '(' expression comp_for ')'
// comp_for: for_in_clause (for_in_clause | if_clause)*
// for_in_clause: ['async'] 'for' targets 'in' expression;  if_clause: 'if' expression
function convertComprehension(ctx: ParseCtx, n: CstNode): Expr {
  const span = ctx.span(n);
  const form = ({ list_comprehension: "list", set_comprehension: "set", dictionary_comprehension: "dict" } as const)[
    n.type as "list_comprehension" | "set_comprehension" | "dictionary_comprehension"
  ] ?? "generator";
  const body = field(n, "body");
  if (body === null) return unsupported("invalid syntax", span);
  const generators: { node: CstNode; last: CstNode; target: Expr; iter: Expr; ifs: Expr[] }[] = [];
  for (const c of n.children) {
    if (c.type === "for_in_clause") {
      if (hasToken(c, "async")) return unsupported("asynchronous comprehension (`async for`)", span);
      const rights = fields(c, "right").filter((r) => r.named);
      if (rights.length !== 1) ctx.error("invalid syntax", ctx.span(c));
      const target = convertTarget(ctx, field(c, "left")!);
      const iter = rights[0] === undefined ? unsupported("invalid syntax", ctx.span(c)) : convertExpr(ctx, rights[0]);
      generators.push({ node: c, last: c, target, iter, ifs: [] });
    } else if (c.type === "if_clause") {
      const g = generators[generators.length - 1];
      const test = named(c)[0];
      if (g === undefined || test === undefined) continue;
      g.ifs.push(convertExpr(ctx, test));
      g.last = c;
    }
  }
  const fors: ComprehensionFor[] = generators.map((g) => ({ target: g.target, iter: g.iter, ifs: g.ifs, span: ctx.spanOf(g.node, g.last) }));
  if (form === "dict") {
    const key = convertExpr(ctx, field(body, "key")!);
    const value = convertExpr(ctx, field(body, "value")!);
    return { kind: "comprehension", form, elt: key, value, generators: fors, span };
  }
  return { kind: "comprehension", form, elt: convertExpr(ctx, body), value: null, generators: fors, span };
}

/** An assignment, `for` or comprehension target; reports what CPython's
 *  parser rejects about stars (`*a = x`, `a, *b, *c = x`). */
// target_list: target (',' target)* [',']
export function convertTarget(ctx: ParseCtx, n: CstNode): Expr {
  const target = convertElement(ctx, n);
  if (target.kind === "starred") {
    ctx.error("starred assignment target must be in a list or tuple", target.span);
  } else if ((target.kind === "tuple" || target.kind === "list") && target.elts.filter((e) => e.kind === "starred").length > 1) {
    ctx.error("multiple starred expressions in assignment", target.span);
  }
  return target;
}

// type: expression | generic_type | union_type | member_type | splat_type | constrained_type
// generic_type: identifier '[' type (',' type)* ']';  union_type: type '|' type;  member_type: type '.' identifier
function convertType(ctx: ParseCtx, n: CstNode): Expr {
  const span = ctx.span(n);
  const parts = named(n);
  switch (n.type) {
    case "type":
      return parts[0] === undefined ? unsupported("invalid syntax", span) : convertExpr(ctx, parts[0]);
    case "generic_type": {
      const [base, params] = parts;
      if (base === undefined || params === undefined) return unsupported("invalid syntax", span);
      const types = named(params);
      if (types.length === 0) return unsupported("invalid syntax", span);
      const comma = params.children.filter((c) => c.type === ",").at(-1);
      const trailingComma = comma !== undefined && comma.start > types[types.length - 1]!.start;
      const elts = types.map((t) => convertTypeElement(ctx, t));
      const index: Expr =
        types.length === 1 && !trailingComma && elts[0]!.kind !== "starred"
          ? elts[0]!
          : { kind: "tuple", elts, span: ctx.spanOf(types[0]!, trailingComma ? comma : types[types.length - 1]!) };
      return { kind: "subscript", value: convertExpr(ctx, base), index, span };
    }
    case "union_type": {
      // tree-sitter groups `A[x] | B | C` as `A[x] | (B | C)`; `|` is left-associative.
      const operands: CstNode[] = [];
      const bars: CstNode[] = [];
      const flatten = (t: CstNode): void => {
        const inner = t.type === "type" ? named(t)[0] : t;
        if (inner?.type === "union_type" || (inner?.type === "binary_operator" && field(inner, "operator")?.type === "|")) {
          for (const c of inner.children) {
            if (c.type === "|") bars.push(c);
            else if (c.named) flatten(c);
          }
        } else {
          operands.push(t);
        }
      };
      flatten(n);
      let result = convertExpr(ctx, operands[0]!);
      for (let i = 1; i < operands.length; i++) {
        const right = convertExpr(ctx, operands[i]!);
        result = { kind: "binop", op: "|", left: result, right, span: ctx.spanOf(operands[0]!, operands[i]!), opSpan: ctx.span(bars[i - 1]!) };
      }
      return result;
    }
    case "member_type": {
      const attr = parts[1]!;
      return { kind: "attribute", value: convertExpr(ctx, parts[0]!), attr: identifierText(ctx, attr), span, attrSpan: ctx.span(attr) };
    }
    default:
      return unsupported(`\`${ctx.text(n)}\` in a type`, span);
  }
}

// param_annotation: ':' expression | ':' '*' expression   (the star only on `*args`, PEP 646)
function convertAnnotation(ctx: ParseCtx, annotation: CstNode, form: Param["form"]): Expr {
  return form === "varargs" ? convertTypeElement(ctx, annotation) : convertExpr(ctx, annotation);
}

/** A type that may be unpacked with `*` (PEP 646): tree-sitter has `*Ts` as a
 *  splat_type and `*tuple[int]` as a misplaced star. */
// star_type: '*' expression | type
function convertTypeElement(ctx: ParseCtx, t: CstNode): Expr {
  const inner = t.type === "type" ? named(t)[0] : t;
  if (inner === undefined) return convertExpr(ctx, t);
  const splatName = inner.type === "splat_type" && hasToken(inner, "*") ? named(inner)[0] : undefined;
  if (splatName !== undefined) return { kind: "starred", value: convertExpr(ctx, splatName), span: ctx.span(inner) };
  return convertElement(ctx, inner);
}

// parameters: '(' [parameter (',' parameter)* [',']] ')';  lambda_parameters: parameter (',' parameter)* [',']
// parameter: NAME [':' type] ['=' expression] | '*' [NAME [':' type]] | '**' NAME [':' type] | '/'
export function convertParams(ctx: ParseCtx, n: CstNode | null): Param[] {
  if (n === null) return [];
  const params: Param[] = [];
  let starSeen = false;
  let slashSeen = false;
  let kwargsSeen = false;
  let defaultSeen = false;
  let bareStar: { node: CstNode; index: number } | null = null;
  const add = (node: CstNode, nameNode: CstNode | undefined, form: Param["form"], annotation: CstNode | null, dflt: CstNode | null): void => {
    const span = ctx.span(node);
    if (nameNode?.type !== "identifier") {
      ctx.error("invalid syntax", span);
      return;
    }
    const name = identifierText(ctx, nameNode);
    if (kwargsSeen) ctx.error("arguments cannot follow var-keyword argument", span);
    if (params.some((p) => p.name === name)) ctx.error(`duplicate argument '${name}' in function definition`, span);
    if (form === "normal" && starSeen) form = "kwonly";
    if (form === "normal" && dflt !== null) defaultSeen = true;
    else if (form === "normal" && defaultSeen) ctx.error("parameter without a default follows parameter with a default", span);
    const annotationExpr = annotation === null ? null : convertAnnotation(ctx, annotation, form);
    params.push({ name, annotation: annotationExpr, default: dflt === null ? null : convertExpr(ctx, dflt), form, span });
  };
  const star = (c: CstNode): void => {
    if (starSeen) ctx.error("* argument may appear only once", ctx.span(c));
    starSeen = true;
  };
  for (const c of named(n)) {
    switch (c.type) {
      case "identifier":
        add(c, c, "normal", null, null);
        break;
      case "default_parameter":
      case "typed_default_parameter":
        add(c, field(c, "name") ?? undefined, "normal", field(c, "type"), field(c, "value"));
        break;
      case "typed_parameter": {
        const inner = named(c)[0];
        if (inner?.type === "list_splat_pattern") star(c);
        const form = inner?.type === "list_splat_pattern" ? "varargs" : inner?.type === "dictionary_splat_pattern" ? "kwargs" : "normal";
        add(c, form === "normal" ? inner : inner && named(inner)[0], form, field(c, "type"), null);
        kwargsSeen ||= form === "kwargs";
        break;
      }
      case "list_splat_pattern":
        star(c);
        add(c, named(c)[0], "varargs", null, null);
        break;
      case "dictionary_splat_pattern":
        add(c, named(c)[0], "kwargs", null, null);
        kwargsSeen = true;
        break;
      case "keyword_separator":
        star(c);
        bareStar = { node: c, index: params.length };
        break;
      case "positional_separator":
        if (slashSeen) ctx.error("/ may appear only once", ctx.span(c));
        else if (starSeen) ctx.error("/ must be ahead of *", ctx.span(c));
        else if (params.length === 0) ctx.error("at least one argument must precede /", ctx.span(c));
        slashSeen = true;
        for (let i = 0; i < params.length; i++) if (params[i]!.form === "normal") params[i] = { ...params[i]!, form: "posonly" };
        break;
      default:
        ctx.error("invalid syntax", ctx.span(c));
    }
  }
  if (bareStar !== null && !params.slice(bareStar.index).some((p) => p.form === "kwonly")) {
    ctx.error("named arguments must follow bare *", ctx.span(bareStar.node));
  }
  return params;
}

// string: string_start (string_content | interpolation)* string_end
// concatenated_string: string string+
function convertStrings(ctx: ParseCtx, n: CstNode): Expr {
  const span = ctx.span(n);
  const pieces = n.type === "string" ? [n] : named(n).filter((c) => c.type === "string");
  const parts: FStringPart[] = [];
  let bytes = 0;
  let isF = false;
  for (const piece of pieces) {
    const startTok = piece.children[0];
    const endTok = piece.children[piece.children.length - 1];
    if (startTok?.type !== "string_start" || endTok?.type !== "string_end") return unsupported("invalid syntax", span);
    const prefix = parseStringPrefix(ctx.text(startTok));
    if (prefix === null) {
      ctx.error("invalid syntax", ctx.span(startTok));
      return unsupported("invalid string prefix", span);
    }
    if (prefix.tstring) return unsupported("template string literal (`t\"...\"`)", span);
    if (prefix.bytes) bytes++;
    isF ||= prefix.fstring;
    // The closing quote is the node's last 1 or 3 characters: tree-sitter's
    // `string_end` token can also hold part of the body (`r'\\'`).
    const quote = ctx.text(startTok).replace(/^[a-zA-Z]*/, "").length;
    const bodyEnd = piece.end - quote;
    const failure = prefix.fstring
      ? fstringParts(ctx, piece, startTok, bodyEnd, prefix.raw, parts)
      : literalText(ctx, startTok.end, bodyEnd, prefix.raw, false, parts);
    if (failure !== null) return { ...failure, span };
  }
  if (bytes > 0 && bytes < pieces.length) {
    ctx.error("cannot mix bytes and nonbytes literals", span);
    return unsupported("invalid syntax", span);
  }
  if (bytes > 0) return unsupported("bytes literal", span);
  if (isF) return { kind: "fstring", parts: mergeText(parts), span };
  return { kind: "str", value: parts.map((p) => (p.kind === "text" ? p.value : "")).join(""), span };
}

/** Decodes source[start, end) as literal text and appends it to `out`; on a
 *  bad or unsupported escape returns the `unsupported` node to use instead. */
function literalText(ctx: ParseCtx, start: number, end: number, raw: boolean, fstring: boolean, out: FStringPart[]): Expr | null {
  if (start >= end) return null;
  const decoded = decodeStringBody(ctx.source.slice(start, end), { raw, fstring });
  if (decoded.ok) {
    out.push({ kind: "text", value: decoded.value });
    return null;
  }
  const where = ctx.spanAt(start + decoded.offset, start + decoded.offset + decoded.length);
  if (!decoded.unsupported) ctx.error(decoded.message, where);
  return unsupported(decoded.unsupported ? decoded.message : "invalid string literal", where);
}

// f-string: string_start (text | interpolation)* string_end
function fstringParts(ctx: ParseCtx, piece: CstNode, startTok: CstNode, bodyEnd: number, raw: boolean, out: FStringPart[]): Expr | null {
  let cursor = startTok.end;
  for (const c of piece.children) {
    if (c.type !== "interpolation") continue;
    const failure = literalText(ctx, cursor, c.start, raw, true, out) ?? replacementField(ctx, c, raw, out);
    if (failure !== null) return failure;
    cursor = c.end;
  }
  return literalText(ctx, cursor, bodyEnd, raw, true, out);
}

// interpolation: '{' f_expression ['='] ['!' NAME] [':' format_spec] '}'
// format_spec: (text | interpolation)*
function replacementField(ctx: ParseCtx, n: CstNode, raw: boolean, out: FStringPart[]): Expr | null {
  const exprNode = field(n, "expression");
  const convNode = field(n, "type_conversion");
  const specNode = field(n, "format_specifier");
  const close = n.children[n.children.length - 1]!;
  // `{x:=8}` is x with the spec `=8` (a walrus needs parentheses in an
  // f-string), but tree-sitter reads it as a named expression, or fails.
  const walrus = WALRUS_LIKE_FIELD.exec(ctx.source.slice(n.start, n.end));
  if (walrus !== null && close.type === "}") {
    const nameAt = ctx.source.indexOf(walrus[1]!, n.start);
    const colon = ctx.source.indexOf(":", nameAt);
    const spec: FStringPart[] = [];
    const failure = literalText(ctx, colon + 1, close.start, raw, true, spec);
    if (failure !== null) return failure;
    const value: Expr = { kind: "name", id: walrus[1]!, span: ctx.spanAt(nameAt, nameAt + walrus[1]!.length) };
    out.push({ kind: "field", value, conversion: null, spec: mergeText(spec), span: ctx.span(n) });
    return null;
  }
  if (exprNode === null) return unsupported("invalid syntax", ctx.span(n));
  const value = convertExpr(ctx, exprNode);
  let conversion: "r" | "s" | "a" | null = null;
  if (convNode !== null) {
    const letter = ctx.text(convNode).slice(1);
    if (letter === "r" || letter === "s" || letter === "a") conversion = letter;
    else ctx.error(`f-string: invalid conversion character '${letter}': expected 's', 'r', or 'a'`, ctx.span(convNode));
  }
  let spec: FStringPart[] | null = null;
  if (specNode !== null) {
    spec = [];
    let cursor = specNode.children[0]?.end ?? specNode.start;
    for (const c of specNode.children) {
      if (c.type !== "format_expression") continue;
      const failure = literalText(ctx, cursor, c.start, raw, true, spec) ?? replacementField(ctx, c, raw, spec);
      if (failure !== null) return failure;
      cursor = c.end;
    }
    const failure = literalText(ctx, cursor, specNode.end, raw, true, spec);
    if (failure !== null) return failure;
    spec = mergeText(spec);
  }
  if (hasToken(n, "=")) {
    // `{x = }` prints its own source text, then repr(x) unless told otherwise.
    const open = n.children[0]!;
    const debugEnd = (convNode ?? specNode ?? close).start;
    out.push({ kind: "text", value: ctx.source.slice(open.end, debugEnd) });
    if (conversion === null && spec === null) conversion = "r";
  }
  out.push({ kind: "field", value, conversion, spec, span: ctx.span(n) });
  return null;
}

function mergeText(parts: FStringPart[]): FStringPart[] {
  const merged: FStringPart[] = [];
  for (const p of parts) {
    const prev = merged[merged.length - 1];
    if (p.kind === "text" && prev?.kind === "text") merged[merged.length - 1] = { kind: "text", value: prev.value + p.value };
    else if (p.kind !== "text" || p.value !== "") merged.push(p);
  }
  return merged;
}
