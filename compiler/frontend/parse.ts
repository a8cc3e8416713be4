// The parser's entry point: Python source text to the ast.ts `Module` plus
// E0001 syntax-error diagnostics. tree-sitter-python builds the concrete tree
// (cst.ts), parse-stmt.ts and parse-expr.ts convert it. A file with syntax
// errors still yields the statements that parsed; the first ERROR or MISSING
// node becomes one diagnostic, worded like CPython's where that is cheap
// (unterminated strings, unclosed brackets, a missing ':').
// Scopes, names and types are not checked here.

import type { Module, Span } from "./ast.js";
import { MAX_CST_DEPTH, parseCst, ParseCtx, type CstErrors, type CstNode } from "./cst.js";
import { convertStatements } from "./parse-stmt.js";
import { diagnostic, type Diagnostic } from "../diagnostics.js";

export interface ParseResult {
  module: Module;
  diagnostics: Diagnostic[];
}

// file_input: statement* ENDMARKER
export function parseModule(source: string, file: string): ParseResult {
  const ctx = new ParseCtx(source, file);
  const { root, errors } = parseCst(source);
  ctx.treeHasErrors = errors.firstError !== null || errors.unterminatedString !== null;
  reportTreeError(ctx, errors);
  // Past a nesting limit the copied tree is cut short: nothing to convert.
  const limited = errors.tooDeep !== null || errors.tooManyParens !== null || errors.tooManyIndents !== null;
  const body = limited ? [] : convertStatements(ctx, root.children, { inFunction: false }, 0);
  const diagnostics = [...ctx.diagnostics].sort((a, b) => a.span.start - b.span.start);
  return { module: { file, source, body }, diagnostics };
}

/** The deepest tree CPython 3.11 compiles (`x = ` and 2,998 unary minus
 *  signs; one more is a RecursionError "during compilation"). */
const CPYTHON_MAX_DEPTH = 3001;

/** Statement keywords after which CPython expects a ':' on the same line. */
const COLON_HEADERS = new Set(["if", "elif", "else", "while", "for", "def", "class", "try", "except", "finally", "with", "async"]);

/** One diagnostic for tree-sitter's error recovery. Tokenizer-level problems
 *  come first, as in CPython: an unterminated string, then brackets; after
 *  that the first ERROR or MISSING node. */
function reportTreeError(ctx: ParseCtx, errors: CstErrors): void {
  const { firstError, unterminatedString, bracket, tooManyParens, tooManyIndents, tooDeep } = errors;
  // CPython's tokenizer stops at these before any parse error.
  if (tooManyParens !== null) return ctx.error("too many nested parentheses", ctx.span(tooManyParens));
  if (tooManyIndents !== null) return ctx.error("too many levels of indentation", ctx.spanAt(tooManyIndents.start, tooManyIndents.start));
  if (tooDeep !== null) {
    // CPython refuses past ~3,000 nested nodes (its AST is one level
    // shallower than this tree at the top); apc stops copying at 1,500.
    const message =
      tooDeep.depth > CPYTHON_MAX_DEPTH ? "maximum recursion depth exceeded during compilation" : `this code nests ${tooDeep.depth} syntax levels deep; apc compiles up to ${MAX_CST_DEPTH}`;
    ctx.diagnostics.push(diagnostic(tooDeep.depth > CPYTHON_MAX_DEPTH ? "E0001" : "E0301", message, ctx.file, ctx.spanAt(tooDeep.node.start, tooDeep.node.start), { help: "split the expression into several statements" }));
    return;
  }
  if (firstError === null && unterminatedString === null) return;
  if (unterminatedString !== null) {
    const quote = ctx.text(unterminatedString).replace(/^[a-zA-Z]*/, "");
    const triple = quote.length === 3;
    const last = Math.max(0, ctx.source.length - 1);
    const line = triple ? ctx.spanAt(last, last).line : ctx.span(unterminatedString).line;
    const kind = triple ? "unterminated triple-quoted string literal" : "unterminated string literal";
    ctx.error(`${kind} (detected at line ${line})`, ctx.span(unterminatedString));
    return;
  }
  if (bracket !== null && (bracket.problem !== "unclosed" || unclosedWins(ctx, bracket.token, firstError))) {
    const tok = ctx.text(bracket.token);
    const message =
      bracket.problem === "unclosed"
        ? `'${tok}' was never closed`
        : bracket.problem === "unmatched"
          ? `unmatched '${tok}'`
          : `closing parenthesis '${tok}' does not match opening parenthesis '${ctx.text(bracket.opener!)}'`;
    ctx.error(message, ctx.span(bracket.token));
    return;
  }
  const node = firstError!;
  if (node.missing) {
    const expected = node.named ? "invalid syntax" : `expected '${node.type}'`;
    ctx.error(expected, ctx.spanAt(node.start, node.end));
    return;
  }
  const colon = missingColon(ctx, node);
  if (colon !== null) {
    ctx.error("expected ':'", ctx.spanAt(colon, colon));
    return;
  }
  ctx.error("invalid syntax", errorSpan(ctx, node));
}

/** CPython reports an unclosed bracket instead of the parse error when the
 *  error lies on a later line than the bracket or at the end of the file. */
function unclosedWins(ctx: ParseCtx, opener: CstNode, error: CstNode | null): boolean {
  if (error === null) return true;
  const atEof = ctx.source.slice(error.end).trim() === "";
  return atEof || ctx.spanAt(error.end, error.end).line > ctx.span(opener).line;
}

/** For an ERROR that starts with a compound-statement keyword and has no ':'
 *  on its first line, the offset where the ':' belongs. */
function missingColon(ctx: ParseCtx, error: CstNode): number | null {
  const first = error.children[0];
  if (first === undefined || first.named || !COLON_HEADERS.has(first.type)) return null;
  const lineEnd = ctx.source.indexOf("\n", first.end);
  const header = error.children.filter((c) => lineEnd < 0 || c.start < lineEnd);
  if (header.some((c) => c.type === ":")) return null;
  return header[header.length - 1]?.end ?? first.end;
}

/** Where to point for an ERROR node. A short run of tokens (`return = 1`)
 *  is itself the offending part; a longer one is a statement tree-sitter
 *  could not finish (`x = 1 +`), and CPython points just past its end. */
function errorSpan(ctx: ParseCtx, error: CstNode): Span {
  const leaves = error.children.every((c) => c.children.length === 0);
  if (leaves && error.children.length <= 2) return ctx.span(error);
  return ctx.spanAt(error.end, error.end);
}
