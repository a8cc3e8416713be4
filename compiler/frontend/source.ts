// Reading a .py file's bytes as CPython 3.11 does (PEP 263 and PEP 3120):
// UTF-8 unless a `coding:` comment on line 1 or 2 says otherwise, a UTF-8
// BOM dropped, and the files CPython refuses refused with its message
// (bytes that are not UTF-8 with no declaration, NUL bytes, an unknown
// encoding). Owns decoding only; the parser gets the text.

import { diagnostic, type Diagnostic } from "../diagnostics.js";
import type { Span } from "./ast.js";

export interface DecodedSource {
  /** The text: exact when `problem` is null; otherwise with each byte that
   *  would not decode shown as U+FFFD, for rendering the diagnostic. */
  readonly text: string;
  readonly problem: Diagnostic | null;
}

// coding_spec: '^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)' on line 1 or 2
const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/** Encodings apc reads, under the names CPython accepts for them. */
function normalizeEncoding(name: string): "utf-8" | "latin-1" | "ascii" | "cp1252" | null {
  const n = name.toLowerCase().replace(/_/g, "-");
  if (/^utf-?8(-sig)?$/.test(n)) return "utf-8";
  if (["latin-1", "latin1", "iso-8859-1", "iso8859-1", "8859", "cp819", "l1", "iso-latin-1"].includes(n) || n.startsWith("iso-8859-1-")) return "latin-1";
  if (["ascii", "us-ascii", "646"].includes(n)) return "ascii";
  if (["cp1252", "windows-1252"].includes(n)) return "cp1252";
  return null;
}

function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function lineSpan(line: number): Span {
  return { start: 0, end: 0, line, col: 1, endLine: line, endCol: 1 };
}

/** The declared encoding: PEP 263's comment on line 1, or on line 2 when
 *  line 1 is a comment or blank. */
function declaredEncoding(bytes: Uint8Array): { name: string; line: number } | null {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString("latin1").split(/\r?\n|\r/);
  for (let i = 0; i < 2 && i < head.length; i++) {
    const m = CODING.exec(head[i]!);
    if (m) return { name: m[1]!, line: i + 1 };
    if (!/^[ \t\f]*(#.*)?$/.test(head[i]!)) break;
  }
  return null;
}

export function decodePythonSource(bytes: Uint8Array, file: string): DecodedSource {
  const lossy = () => new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "");
  const fail = (message: string, line: number): DecodedSource => ({ text: lossy(), problem: diagnostic("E0001", message, file, lineSpan(line)) });
  const nul = bytes.indexOf(0);
  if (nul >= 0) return fail("source code cannot contain null bytes", lineOf(bytes, nul));
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  const declared = declaredEncoding(body);
  const encoding = declared ? normalizeEncoding(declared.name) : "utf-8";
  if (declared && !encoding) return fail(`encoding problem: ${declared.name} (apc reads utf-8, latin-1, ascii and cp1252 sources)`, declared.line);
  if (hasBom && encoding !== "utf-8") return fail(`encoding problem: ${declared!.name} with BOM`, declared!.line);
  switch (encoding) {
    case "latin-1":
      return { text: Buffer.from(body).toString("latin1"), problem: null };
    case "cp1252":
      return { text: new TextDecoder("windows-1252").decode(body), problem: null };
    case "ascii": {
      const bad = body.findIndex((b) => b > 0x7f);
      if (bad >= 0) return fail(`(unicode error) 'ascii' codec can't decode byte 0x${body[bad]!.toString(16)} in position ${bad}: ordinal not in range(128)`, lineOf(body, bad));
      return { text: Buffer.from(body).toString("latin1"), problem: null };
    }
    default:
      try {
        return { text: new TextDecoder("utf-8", { fatal: true }).decode(body), problem: null };
      } catch {
        const bad = firstInvalidUtf8(body);
        const where = `in file ${file} on line ${lineOf(body, bad)}`;
        const byte = `\\x${body[bad]!.toString(16).padStart(2, "0")}`;
        if (declared) return fail(`(unicode error) 'utf-8' codec can't decode byte 0x${byte.slice(2)} in position ${bad}: invalid start byte`, lineOf(body, bad));
        return fail(`Non-UTF-8 code starting with '${byte}' ${where}, but no encoding declared; see https://peps.python.org/pep-0263/ for details`, lineOf(body, bad));
      }
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8
 *  sequence (what CPython's tokenizer reports). */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (n === 0) return i;
    if (n > 1) {
      const slice = b.subarray(i, i + n);
      if (slice.length < n) return i;
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(slice);
      } catch {
        return i;
      }
    }
    i += n;
  }
  return 0;
}
