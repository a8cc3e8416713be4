// Literal decoding with CPython's rules: the value of a number token
// (int, float, imaginary) and of a string body (prefix, escapes, `{{`/`}}` in
// f-strings, newline normalisation). Pure text in, value or error out; it
// knows nothing of tree-sitter or of the AST, and does not report
// diagnostics itself (parse-expr.ts turns errors into E0001).

export type NumberLiteral =
  | { kind: "int"; value: bigint }
  | { kind: "float"; value: number }
  | { kind: "imaginary" }
  | { kind: "error"; message: string };

const DIGITS = "[0-9](?:_?[0-9])*";
const POINT_FLOAT = `(?:${DIGITS})?\\.${DIGITS}|${DIGITS}\\.`;
const EXPONENT = `[eE][+-]?${DIGITS}`;
const FLOAT_BODY = `(?:${POINT_FLOAT})(?:${EXPONENT})?|${DIGITS}${EXPONENT}`;

const DEC_INT = /^(?:[1-9](?:_?[0-9])*|0(?:_?0)*)$/;
const LEADING_ZEROS = /^0(?:_?[0-9])+$/;
const HEX_INT = /^0[xX](?:_?[0-9a-fA-F])+$/;
const OCT_INT = /^0[oO](?:_?[0-7])+$/;
const BIN_INT = /^0[bB](?:_?[01])+$/;
const FLOAT = new RegExp(`^(?:${FLOAT_BODY})$`);
const IMAGINARY = new RegExp(`^(?:${FLOAT_BODY}|${DIGITS})[jJ]$`);

/** The value of an `integer` or `float` token, as CPython's tokenizer reads it. */
export function parseNumber(text: string): NumberLiteral {
  const last = text[text.length - 1];
  if (last === "j" || last === "J") {
    return IMAGINARY.test(text) ? { kind: "imaginary" } : { kind: "error", message: "invalid imaginary literal" };
  }
  const radix = /^0[xXoObB]/.test(text) ? text[1]!.toLowerCase() : null;
  if (radix !== null) {
    const [pattern, name] =
      radix === "x" ? [HEX_INT, "hexadecimal"] : radix === "o" ? [OCT_INT, "octal"] : [BIN_INT, "binary"];
    if (!pattern.test(text)) return { kind: "error", message: `invalid ${name} literal` };
    return { kind: "int", value: BigInt(text.replace(/_/g, "").toLowerCase()) };
  }
  if (DEC_INT.test(text)) return { kind: "int", value: BigInt(text.replace(/_/g, "")) };
  if (LEADING_ZEROS.test(text)) {
    return {
      kind: "error",
      message: "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
    };
  }
  if (FLOAT.test(text)) return { kind: "float", value: Number(text.replace(/_/g, "")) };
  return { kind: "error", message: "invalid decimal literal" };
}

export interface StringPrefix {
  readonly raw: boolean;
  readonly bytes: boolean;
  readonly fstring: boolean;
  /** PEP 750 template strings (`t"..."`, Python 3.14). */
  readonly tstring: boolean;
}

const VALID_PREFIXES = new Set(["", "r", "u", "b", "br", "rb", "f", "fr", "rf", "t", "tr", "rt"]);

/** Splits a `string_start` token (`rb'`, `f"""`) into its prefix flags;
 *  null when CPython rejects the prefix (`ur"..."`, `bf"..."`). */
export function parseStringPrefix(start: string): StringPrefix | null {
  const prefix = start.replace(/['"]+$/, "").toLowerCase();
  if (!VALID_PREFIXES.has(prefix)) return null;
  return {
    raw: prefix.includes("r"),
    bytes: prefix.includes("b"),
    fstring: prefix.includes("f"),
    tstring: prefix.includes("t"),
  };
}

export type DecodedString =
  | { ok: true; value: string }
  /** `offset`/`length` locate the offending escape inside the body. */
  | { ok: false; unsupported: boolean; message: string; offset: number; length: number };

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

const OCTAL_DIGIT = /[0-7]/;
const HEX_DIGITS = /^[0-9a-fA-F]+$/;

/** Decodes the text between the quotes of one string literal (or one literal
 *  segment of an f-string) exactly as CPython does: newlines normalised to
 *  `\n`, escapes decoded unless raw, `{{`/`}}` collapsed in f-strings, unknown
 *  escapes such as `\q` kept verbatim. `\N{name}` is reported unsupported:
 *  decoding it needs the Unicode name database. */
export function decodeStringBody(body: string, opts: { raw: boolean; fstring: boolean }): DecodedString {
  let out = "";
  let i = 0;
  while (i < body.length) {
    const ch = body[i]!;
    if (ch === "\r") {
      out += "\n";
      i += body[i + 1] === "\n" ? 2 : 1;
      continue;
    }
    if (opts.fstring && (ch === "{" || ch === "}") && body[i + 1] === ch) {
      out += ch;
      i += 2;
      continue;
    }
    if (ch !== "\\" || i + 1 >= body.length) {
      out += ch;
      i += 1;
      continue;
    }
    const next = body[i + 1]!;
    if (opts.raw) {
      // A raw string keeps the backslash; what follows is read as usual
      // (so `\{{` in an rf-string is a backslash and one brace).
      out += ch;
      i += 1;
      continue;
    }
    if (next === "\n" || next === "\r") {
      i += next === "\r" && body[i + 2] === "\n" ? 3 : 2;
      continue;
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i += 2;
      continue;
    }
    if (OCTAL_DIGIT.test(next)) {
      let j = i + 1;
      while (j < body.length && j < i + 4 && OCTAL_DIGIT.test(body[j]!)) j++;
      out += String.fromCodePoint(parseInt(body.slice(i + 1, j), 8));
      i = j;
      continue;
    }
    if (next === "x" || next === "u" || next === "U") {
      const width = next === "x" ? 2 : next === "u" ? 4 : 8;
      const digits = body.slice(i + 2, i + 2 + width);
      let ok = 0;
      while (ok < digits.length && HEX_DIGITS.test(digits[ok]!)) ok++;
      if (ok < width) {
        const escape = next === "x" ? "\\xXX" : next === "u" ? "\\uXXXX" : "\\UXXXXXXXX";
        return unicodeError(`truncated ${escape} escape`, i, 2 + ok);
      }
      const code = parseInt(digits, 16);
      if (code > 0x10ffff) return unicodeError("illegal Unicode character", i, 2 + width);
      out += String.fromCodePoint(code);
      i += 2 + width;
      continue;
    }
    if (next === "N") {
      const close = body[i + 2] === "{" ? body.indexOf("}", i + 3) : -1;
      if (close < 0 || close === i + 3) return unicodeError("malformed \\N character escape", i, 2);
      return { ok: false, unsupported: true, message: "`\\N{...}` escape in a string literal", offset: i, length: close + 1 - i };
    }
    out += ch;
    i += 1;
  }
  return { ok: true, value: out };
}

/** CPython's wording for escape errors, e.g. "(unicode error) 'unicodeescape'
 *  codec can't decode bytes in position 0-2: truncated \xXX escape". */
function unicodeError(reason: string, offset: number, length: number): DecodedString {
  const message = `(unicode error) 'unicodeescape' codec can't decode bytes in position ${offset}-${offset + length - 1}: ${reason}`;
  return { ok: false, unsupported: false, message, offset, length };
}
