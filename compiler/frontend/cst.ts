// The concrete syntax tree: runs tree-sitter-python (one parser per process,
// created on first use) and copies its tree into plain `CstNode` objects, so
// conversion walks ordinary JS data instead of crossing into the native
// binding per property. Also owns `ParseCtx`, what every conversion function
// needs: the source, spans from CST nodes, and the E0001 diagnostics list.
// It does not know the AST; parse-stmt.ts and parse-expr.ts do.

import Parser from "tree-sitter";
import Python from "tree-sitter-python";
import type { Span } from "./ast.js";
import { diagnostic, type Diagnostic } from "../diagnostics.js";

/** One node of tree-sitter's tree. `start`/`end` are UTF-16 offsets into the
 *  source: node-tree-sitter feeds JS strings to tree-sitter as UTF-16 and
 *  reports offsets in code units, so no byte conversion is needed. */
export interface CstNode {
  readonly type: string;
  readonly named: boolean;
  /** Inserted by error recovery (a zero-width `)` or `:`). */
  readonly missing: boolean;
  /** The grammar field this node fills in its parent (`left`, `body`, ...). */
  readonly field: string | null;
  readonly start: number;
  readonly end: number;
  readonly children: CstNode[];
}

/** What the copy of the tree noticed about syntax errors on the way. */
export interface CstErrors {
  /** The first ERROR or MISSING node in document order. */
  readonly firstError: CstNode | null;
  /** The first string opened by a `string_start` that never closes. */
  readonly unterminatedString: CstNode | null;
  /** The first bracket problem: an unmatched or mismatched closer, or else
   *  the innermost opener still open at the end of the file. */
  readonly bracket: { token: CstNode; problem: "unclosed" | "unmatched" | "mismatched"; opener: CstNode | null } | null;
  /** CPython's tokenizer limits: the opener that nests brackets past 200
   *  deep, the block indented past 99 levels. */
  readonly tooManyParens: CstNode | null;
  readonly tooManyIndents: CstNode | null;
  /** The tree nests deeper than the copy goes (MAX_CST_DEPTH): the node where
   *  it stopped, and the depth of the whole tree (counted without copying). */
  readonly tooDeep: { node: CstNode; depth: number } | null;
}

/** How deep the copy goes, and every phase after it recurses: well inside
 *  what Node's default stack takes (apc compiles 2,000 nested unary
 *  operators), and below CPython's own limit (about 3,000 nested syntax
 *  nodes, a RecursionError "during compilation"). */
export const MAX_CST_DEPTH = 1500;
const MAX_PAREN_LEVEL = 200; // CPython's tokenizer MAXLEVEL
const MAX_INDENT = 100; // CPython's tokenizer MAXINDENT

let parser: Parser | null = null;

function pythonParser(): Parser {
  if (parser === null) {
    parser = new Parser();
    parser.setLanguage(Python as Parser.Language);
  }
  return parser;
}

/** Comments and `\` line continuations carry no meaning for the AST. */
const DROPPED = new Set(["comment", "line_continuation"]);
const OPENERS: Record<string, string> = { "(": ")", "[": "]", "{": "}" };
const CLOSERS = new Set([")", "]", "}"]);

/** Parses `source`; with `shift`, `source` is a piece of a larger text that
 *  starts at offset `shift` there, and offsets are reported in that text. */
/** An f-string field `{name:=...}` whose `:=` starts a format spec. */
export const WALRUS_LIKE_FIELD = /^\{\s*([A-Za-z_][A-Za-z_0-9]*)\s*:=[^{}]*\}$/;

export function parseCst(source: string, shift = 0): { root: CstNode; errors: CstErrors } {
  const tree = pythonParser().parse(source);
  const cursor = tree.walk();
  let firstError: CstNode | null = null;
  let unterminatedString: CstNode | null = null;
  let bracket: CstErrors["bracket"] = null;
  let tooManyParens: CstNode | null = null;
  let tooManyIndents: CstNode | null = null;
  let tooDeep: CstErrors["tooDeep"] = null;
  const open: CstNode[] = [];
  let indents = 0;

  let specFields = 0; // depth inside `{name:=...}` f-string fields
  const shrunk = new Set<CstNode>();
  const visit = (field: string | null, parentType: string | null, depth = 0, parentLine = 0): CstNode => {
    const node: { -readonly [K in keyof CstNode]: CstNode[K] } = {
      type: cursor.nodeType,
      named: cursor.nodeIsNamed,
      missing: cursor.nodeIsMissing,
      field,
      start: cursor.startIndex + shift,
      end: cursor.endIndex + shift,
      children: [],
    };
    // `{x:=^8}` in an f-string is x with the spec `=^8` (a walrus would need
    // parentheses there); tree-sitter tries a walrus and fails, which is not
    // an error. parse-expr.ts's replacementField reads such fields from the text.
    const walrusSpec = node.type === "interpolation" && WALRUS_LIKE_FIELD.test(source.slice(node.start - shift, node.end - shift));
    if (walrusSpec) specFields++;
    if (firstError === null && specFields === 0 && (node.type === "ERROR" || node.missing)) firstError = node;
    // A block on a line of its own is one more indentation level.
    const line = cursor.startPosition.row;
    const indented = node.type === "block" && line > parentLine;
    if (indented && ++indents >= MAX_INDENT && tooManyIndents === null) tooManyIndents = node;
    if (depth >= MAX_CST_DEPTH) {
      const total = depth + subtreeDepth(cursor);
      if (tooDeep === null || total > tooDeep.depth) tooDeep = { node: tooDeep?.node ?? node, depth: total };
    } else if (cursor.gotoFirstChild()) {
      let trailingDropped = false;
      do {
        trailingDropped = DROPPED.has(cursor.nodeType);
        if (!trailingDropped) node.children.push(visit(cursor.currentFieldName ?? null, node.type, depth + 1, line));
      } while (cursor.gotoNextSibling());
      cursor.gotoParent();
      // A block swallows the comments after its last statement; end where the code ends, as CPython does.
      const last = node.children[node.children.length - 1];
      if (last !== undefined && (trailingDropped || shrunk.has(last)) && last.end < node.end) {
        node.end = last.end;
        shrunk.add(node);
      }
    } else if (!node.named && !node.missing) {
      trackBracket(node);
    }
    if (indented) indents--;
    if (walrusSpec) specFields--;
    if (node.type === "string_start" && parentType !== "string" && unterminatedString === null) {
      unterminatedString = node;
    }
    if (node.type === "string" && unterminatedString === null && node.children.at(-1)?.missing) {
      unterminatedString = node.children[0] ?? node;
    }
    return node;
  };

  const trackBracket = (token: CstNode): void => {
    if (OPENERS[token.type] !== undefined) {
      open.push(token);
      if (open.length > MAX_PAREN_LEVEL && tooManyParens === null) tooManyParens = token;
    } else if (CLOSERS.has(token.type)) {
      const opener = open.pop() ?? null;
      if (bracket !== null) return;
      if (opener === null) bracket = { token, problem: "unmatched", opener: null };
      else if (OPENERS[opener.type] !== token.type) bracket = { token, problem: "mismatched", opener };
    }
  };

  const root = visit(null, null);
  if (bracket === null && open.length > 0) {
    bracket = { token: open[open.length - 1]!, problem: "unclosed", opener: null };
  }
  return { root, errors: { firstError, unterminatedString, bracket, tooManyParens, tooManyIndents, tooDeep } };
}

/** How many levels lie below the cursor's node, walked without recursion
 *  (the cursor ends where it started). */
function subtreeDepth(cursor: Parser.TreeCursor): number {
  let depth = 0;
  let max = 0;
  for (;;) {
    if (cursor.gotoFirstChild()) {
      max = Math.max(max, ++depth);
      continue;
    }
    while (depth > 0 && !cursor.gotoNextSibling()) {
      cursor.gotoParent();
      depth--;
    }
    if (depth === 0) return max;
  }
}

/** The first child filling grammar field `name`. */
export function field(node: CstNode, name: string): CstNode | null {
  return node.children.find((c) => c.field === name) ?? null;
}

/** Every child filling grammar field `name` (`subscript`, `alternative`). */
export function fields(node: CstNode, name: string): CstNode[] {
  return node.children.filter((c) => c.field === name);
}

/** Named children: the sub-expressions and sub-statements, without tokens. */
export function named(node: CstNode): CstNode[] {
  return node.children.filter((c) => c.named);
}

/** Whether `node` has the anonymous token `token` (`async`, `,`, `*`) as a direct child. */
export function hasToken(node: CstNode, token: string): boolean {
  return node.children.some((c) => !c.named && c.type === token && !c.missing);
}

export class ParseCtx {
  readonly diagnostics: Diagnostic[] = [];
  /** Set when tree-sitter had to recover from errors: layout checks
   *  (indentation, empty blocks) are then unreliable and skipped. */
  treeHasErrors = false;
  private lineStarts: number[] | null = null;

  constructor(
    readonly source: string,
    readonly file: string,
  ) {}

  text(node: CstNode): string {
    return this.source.slice(node.start, node.end);
  }

  span(node: CstNode): Span {
    return this.spanAt(node.start, node.end);
  }

  /** From the start of `first` to the end of `last`. */
  spanOf(first: CstNode, last: CstNode): Span {
    return this.spanAt(first.start, last.end);
  }

  spanAt(start: number, end: number): Span {
    const [line, col] = this.position(start);
    const [endLine, endCol] = this.position(end);
    return { start, end, line, col, endLine, endCol };
  }

  /** An E0001 syntax error. */
  error(message: string, span: Span): void {
    this.diagnostics.push(diagnostic("E0001", message, this.file, span));
  }

  /** 1-based line and column (in UTF-16 units) of a source offset. */
  private position(offset: number): [number, number] {
    const starts = (this.lineStarts ??= lineStartsOf(this.source));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return [lo + 1, offset - starts[lo]! + 1];
  }
}

function lineStartsOf(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf("\n"); i >= 0; i = source.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}
