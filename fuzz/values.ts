// Literal values of each type as Python source: ints (mostly small, some
// near the 64-bit edges through edgeInt), floats chosen for their repr
// (halves, tenths, tiny, huge, negative zero), strings over an alphabet
// with unicode, and container displays. Literals never fail and never
// create an int outside 64 bits; expressions.ts combines them.

import type { Prng } from "./prng.js";
import type { Ty } from "./types.js";

/** Characters strings are made of: ASCII letters and separators, accents,
 *  Greek, CJK, an emoji, a tab. */
const ALPHABET = [..."abcdeiouxyzABXZ  ,,--__..0123459", "é", "ü", "ß", "Σ", "ω", "✓", "中", "😀", "\t", "'", '"'];

const WORDS = ["alpha", "beta", "Gamma", "delta", "x", "yy", "zzz", "été", "naïve", "Σigma", "中文", "a b", "1", "42", "-7", "3.5", "", " pad ", "a,b,c", "x-y-z", "ÅNGSTRÖM", "straße", "✓ok"];

const FLOATS = ["0.0", "-0.0", "0.5", "1.5", "2.5", "-2.5", "0.1", "0.2", "0.3", "1.0", "-1.0", "3.14159", "2.718281828", "1e-07", "1e16", "1.5e16", "123.456", "-0.001", "100.0", "1e22", "7.0", "0.125", "9.99", "-33.25", "1e-05", "6.02e23", "1234567.891"];

/** Python source for a JS string: double-quoted, escapes for the quote,
 *  backslash and control characters; other characters as they are. */
export function pyStr(s: string): string {
  let out = '"';
  for (const ch of s) {
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else out += ch;
  }
  return out + '"';
}

/** A small int literal (negative ones parenthesised). */
export function smallInt(rng: Prng, lo = -20, hi = 40): string {
  const v = rng.weighted<number>([
    [6, rng.int(lo, hi)],
    [2, rng.int(0, 9)],
    [1, rng.int(-1000, 1000)],
    [1, rng.int(100, 99999)],
  ]);
  return v < 0 ? `(${v})` : String(v);
}

/** Ints near the 64-bit edges whose value still fits (some spelled as
 *  CPython folds them: `2**63 - 1` builds 2**63 only at compile time). */
export const EDGE_INTS = [
  "9223372036854775807",
  "(-9223372036854775807)",
  "(-9223372036854775807 - 1)",
  "4611686018427387904",
  "(-4611686018427387904)",
  "(2**62)",
  "(2**62 - 1 + 2**62)",
  "(-(2**62) - 2**62)",
  "(2**63 - 1)",
  "(2**53 + 1)",
  "(10**18)",
  "(-(10**18))",
  "4294967296",
  "(-2147483649)",
];

export function edgeInt(rng: Prng): string {
  return rng.pick(EDGE_INTS);
}

export function floatLit(rng: Prng): string {
  if (rng.chance(0.4)) {
    const v = (rng.int(-100000, 100000) / rng.pick([10, 100, 1000, 7, 3])).toString();
    const lit = v.includes(".") || v.includes("e") ? v : `${v}.0`;
    return lit.startsWith("-") ? `(${lit})` : lit;
  }
  const f = rng.pick(FLOATS);
  return f.startsWith("-") ? `(${f})` : f;
}

export function strValue(rng: Prng): string {
  if (rng.chance(0.45)) return rng.pick(WORDS);
  const n = rng.int(0, 7);
  let s = "";
  for (let i = 0; i < n; i++) s += rng.pick(ALPHABET);
  return s;
}

export function strLit(rng: Prng): string {
  return pyStr(strValue(rng));
}

/** A literal of the type: scalars, or a display of a few literal elements
 *  (non-empty, so indexing and min/max have something to work on). */
export function literal(rng: Prng, t: Ty, depth = 0): string {
  switch (t.k) {
    case "int":
      return smallInt(rng);
    case "float":
      return floatLit(rng);
    case "bool":
      return rng.pick(["True", "False"]);
    case "str":
      return strLit(rng);
    case "none":
      return "None";
    case "list": {
      const n = rng.int(1, depth > 0 ? 3 : 6);
      return `[${Array.from({ length: n }, () => literal(rng, t.el, depth + 1)).join(", ")}]`;
    }
    case "set": {
      const n = rng.int(1, 5);
      return `{${Array.from({ length: n }, () => literal(rng, t.el, depth + 1)).join(", ")}}`;
    }
    case "tuple":
      return `(${t.els.map((e) => literal(rng, e, depth + 1)).join(", ")}${t.els.length === 1 ? "," : ""})`;
    case "dict": {
      const n = rng.int(1, 4);
      return `{${Array.from({ length: n }, () => `${literal(rng, t.key, depth + 1)}: ${literal(rng, t.val, depth + 1)}`).join(", ")}}`;
    }
  }
}
