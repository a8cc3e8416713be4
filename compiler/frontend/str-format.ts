// `"...".format(...)` on a constant format string: parsed at compile time
// into text and fields (CPython's Objects/stringlib/unicode_format.h
// MarkupIterator), so a call lowers to the same code as an f-string. Owns
// the parse and its error messages; typing is in infer-containers.ts,
// lowering in ir/lower-containers.ts.

import type { Expr, FStringPart, Keyword, Span } from "./ast.js";
import { foldConst } from "./fold.js";

/** A field refers to a positional argument (number) or a keyword (string). */
export type FormatPiece =
  | { kind: "text"; value: string }
  | { kind: "field"; ref: number | string; conversion: "r" | "s" | "a" | null; spec: FormatPiece[] | null };

export type FormatParse = { ok: true; pieces: FormatPiece[] } | { ok: false; message: string; unsupported?: boolean };

class FormatError extends Error {
  constructor(
    message: string,
    readonly unsupported = false,
  ) {
    super(message);
  }
}

export function parseFormatString(text: string): FormatParse {
  const numbering = { auto: 0, mode: "none" as "none" | "auto" | "manual" };
  try {
    return { ok: true, pieces: parseMarkup(text, numbering, 2) };
  } catch (err) {
    if (err instanceof FormatError) return { ok: false, message: err.message, unsupported: err.unsupported };
    throw err;
  }
}

function parseMarkup(text: string, numbering: { auto: number; mode: "none" | "auto" | "manual" }, depth: number): FormatPiece[] {
  if (depth <= 0) throw new FormatError("Max string recursion exceeded");
  const out: FormatPiece[] = [];
  let literal = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "}") {
      if (text[i + 1] !== "}") throw new FormatError("Single '}' encountered in format string");
      literal += "}";
      i += 2;
      continue;
    }
    if (c !== "{") {
      literal += c;
      i++;
      continue;
    }
    if (text[i + 1] === "{") {
      literal += "{";
      i += 2;
      continue;
    }
    // A field: up to the matching '}', counting nested braces.
    let nest = 1;
    let j = i + 1;
    for (; j < text.length && nest > 0; j++) {
      if (text[j] === "{") nest++;
      else if (text[j] === "}") nest--;
    }
    if (nest > 0) throw new FormatError(i + 1 === text.length ? "Single '{' encountered in format string" : "expected '}' before end of string");
    if (literal) out.push({ kind: "text", value: literal });
    literal = "";
    out.push(parseField(text.slice(i + 1, j - 1), numbering, depth));
    i = j;
  }
  if (literal) out.push({ kind: "text", value: literal });
  return out;
}

function parseField(body: string, numbering: { auto: number; mode: "none" | "auto" | "manual" }, depth: number): FormatPiece {
  // field_name ["!" conversion] [":" format_spec]; brackets may hold ':' or '!'.
  let k = 0;
  while (k < body.length && body[k] !== ":" && body[k] !== "!") {
    if (body[k] === "[") while (k < body.length && body[k] !== "]") k++;
    k++;
  }
  const name = body.slice(0, k);
  let conversion: "r" | "s" | "a" | null = null;
  if (body[k] === "!") {
    if (k + 1 >= body.length) throw new FormatError("unmatched '{' in format spec");
    const c = body[k + 1]!;
    if (k + 2 < body.length && body[k + 2] !== ":") throw new FormatError("expected ':' after conversion specifier");
    if (c !== "r" && c !== "s" && c !== "a") throw new FormatError(`Unknown conversion specifier ${c}`);
    conversion = c;
    k += 2;
  }
  const spec = body[k] === ":" ? body.slice(k + 1) : null;
  let ref: number | string;
  if (/[.[]/.test(name)) throw new FormatError("attribute and index access in a format field", true);
  if (name === "") {
    if (numbering.mode === "manual") throw new FormatError("cannot switch from manual field specification to automatic field numbering");
    numbering.mode = "auto";
    ref = numbering.auto++;
  } else if (/^[0-9]+$/.test(name)) {
    if (numbering.mode === "auto") throw new FormatError("cannot switch from automatic field numbering to manual field specification");
    numbering.mode = "manual";
    ref = Number(name);
  } else ref = name;
  // Like CPython, a spec is expanded (and counts against the depth) only when it holds a '{'.
  const pieces = spec === null ? null : spec.includes("{") ? parseMarkup(spec, numbering, depth - 1) : spec ? [{ kind: "text" as const, value: spec }] : [];
  return { kind: "field", ref, conversion, spec: pieces };
}

/** The pieces as f-string parts whose values are the call's argument
 *  expressions (lowering evaluates each argument once, in call order). */
export function formatCallParts(pieces: FormatPiece[], args: Expr[], keywords: Keyword[], span: Span): { ok: true; parts: FStringPart[] } | { ok: false; message: string } {
  const convert = (ps: FormatPiece[]): FStringPart[] =>
    ps.map((p): FStringPart => {
      if (p.kind === "text") return p;
      const value = typeof p.ref === "number" ? args[p.ref] : keywords.find((k) => k.name === p.ref)?.value;
      if (!value) throw new FormatError(typeof p.ref === "number" ? `IndexError: Replacement index ${p.ref} out of range for positional args tuple` : `KeyError: '${p.ref}'`);
      return { kind: "field", value, conversion: p.conversion, spec: p.spec && convert(p.spec), span };
    });
  try {
    return { ok: true, parts: convert(pieces) };
  } catch (err) {
    if (err instanceof FormatError) return { ok: false, message: err.message };
    throw err;
  }
}

/** `recv.format(...)`: the call as f-string parts, or why it cannot be compiled
 *  (`unsupported`) or always fails (a message in CPython's words). */
export function strFormatCall(recv: Expr, args: Expr[], keywords: Keyword[], span: Span): { ok: true; parts: FStringPart[] } | { ok: false; message: string; unsupported?: boolean } {
  const c = foldConst(recv);
  if (!c || c.kind !== "str") return { ok: false, message: "str.format() on a format string that is not a constant", unsupported: true };
  if (args.some((a) => a.kind === "starred")) return { ok: false, message: "*args in str.format()", unsupported: true };
  const parsed = parseFormatString(c.value);
  if (!parsed.ok) return parsed.unsupported ? { ok: false, message: parsed.message, unsupported: true } : { ok: false, message: `ValueError: ${parsed.message}` };
  return formatCallParts(parsed.pieces, args, keywords, span);
}
