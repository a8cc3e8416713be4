// Constant folding over the AST: the value of an expression made only of
// literals and arithmetic, computed with Python's semantics. Returns null for
// anything it cannot prove (names, calls, errors such as 1/0, ints past 64
// bits), so callers fall back to emitting code. Used by inference (the sign of
// an exponent decides the type of `int ** int`), by default values, and by
// lowering (emit the folded constant).

import type { Expr } from "./ast.js";

export type ConstVal =
  | { kind: "int"; value: bigint }
  | { kind: "float"; value: number }
  | { kind: "bool"; value: boolean }
  | { kind: "none" }
  | { kind: "str"; value: string };

export const I64_MIN = -(1n << 63n);
export const I64_MAX = (1n << 63n) - 1n;

function fitsI64(v: bigint): boolean {
  return v >= I64_MIN && v <= I64_MAX;
}

/** Intermediate ints may leave 64 bits (`-2 ** 63`, `2**64 // 4`) as they
 *  do in CPython, as long as the folded result fits; past this many bits the
 *  folder gives up rather than compute huge numbers. */
const WIDE_BITS = 4096n;

function int(value: bigint): ConstVal | null {
  const limit = 1n << WIDE_BITS;
  return value > -limit && value < limit ? { kind: "int", value } : null;
}

function asNumber(c: ConstVal): number | null {
  if (c.kind === "int") return Number(c.value);
  if (c.kind === "float") return c.value;
  if (c.kind === "bool") return c.value ? 1 : 0;
  return null;
}

function asBigInt(c: ConstVal): bigint | null {
  if (c.kind === "int") return c.value;
  if (c.kind === "bool") return c.value ? 1n : 0n;
  return null;
}

/** Python's floor division and modulo on ints (toward negative infinity). */
export function floorDivMod(a: bigint, b: bigint): [bigint, bigint] {
  let q = a / b;
  let r = a % b;
  if (r !== 0n && (r < 0n) !== (b < 0n)) {
    q -= 1n;
    r += b;
  }
  return [q, r];
}

/** The value of `e` when it is a constant apc can hold (ints within 64 bits). */
export function foldConst(e: Expr): ConstVal | null {
  const v = foldWide(e);
  return v && v.kind === "int" && !fitsI64(v.value) ? null : v;
}

function foldWide(e: Expr): ConstVal | null {
  switch (e.kind) {
    case "int":
      return int(e.value);
    case "float":
      return { kind: "float", value: e.value };
    case "bool":
      return { kind: "bool", value: e.value };
    case "none":
      return { kind: "none" };
    case "str":
      return { kind: "str", value: e.value };
    case "name":
      // A compiled program is always the main module.
      return e.id === "__name__" ? { kind: "str", value: "__main__" } : null;
    case "compare": {
      // `__name__ == "__main__"` and other comparisons of constant strings.
      if (e.ops.length !== 1 || (e.ops[0] !== "==" && e.ops[0] !== "!=")) return null;
      const a = foldWide(e.left);
      const b = foldWide(e.comparators[0]!);
      if (a?.kind !== "str" || b?.kind !== "str") return null;
      return { kind: "bool", value: (a.value === b.value) === (e.ops[0] === "==") };
    }
    case "unary": {
      const v = foldWide(e.operand);
      if (!v) return null;
      if (e.op === "not") {
        const t = truthy(v);
        return t === null ? null : { kind: "bool", value: !t };
      }
      if (v.kind === "float") return e.op === "-" ? { kind: "float", value: -v.value } : e.op === "+" ? v : null;
      const i = asBigInt(v);
      if (i === null) return null;
      if (e.op === "-") return int(-i);
      if (e.op === "+") return int(i);
      if (e.op === "~") return int(-i - 1n);
      return null;
    }
    case "binop": {
      const a = foldWide(e.left);
      const b = foldWide(e.right);
      if (!a || !b) return null;
      return foldBinop(e.op, a, b);
    }
    default:
      return null;
  }
}

function truthy(v: ConstVal): boolean | null {
  switch (v.kind) {
    case "int":
      return v.value !== 0n;
    case "float":
      return v.value !== 0;
    case "bool":
      return v.value;
    case "none":
      return false;
    case "str":
      return v.value.length > 0;
  }
}

function foldBinop(op: string, a: ConstVal, b: ConstVal): ConstVal | null {
  const ai = asBigInt(a);
  const bi = asBigInt(b);
  if (ai !== null && bi !== null) {
    switch (op) {
      case "+":
        return int(ai + bi);
      case "-":
        return int(ai - bi);
      case "*":
        return int(ai * bi);
      case "//":
        return bi === 0n ? null : int(floorDivMod(ai, bi)[0]);
      case "%":
        return bi === 0n ? null : int(floorDivMod(ai, bi)[1]);
      case "**":
        if (bi < 0n) return null;
        if (ai === 0n || ai === 1n || ai === -1n) return int(ai ** (bi > 2n ? 2n + (bi % 2n) : bi));
        if (BigInt(ai.toString(2).length) * bi > WIDE_BITS + 64n) return null;
        return int(ai ** bi);
      case "/": {
        // Exact only when both fit a double's mantissa.
        if (bi === 0n || ai > 1n << 53n || ai < -(1n << 53n) || bi > 1n << 53n || bi < -(1n << 53n)) return null;
        return { kind: "float", value: Number(ai) / Number(bi) };
      }
      default:
        return null;
    }
  }
  const x = asNumber(a);
  const y = asNumber(b);
  if (x === null || y === null) return null;
  // Mixed int/float: exact only when the int converts exactly.
  if ((ai !== null && Math.abs(x) > 2 ** 53) || (bi !== null && Math.abs(y) > 2 ** 53)) return null;
  switch (op) {
    case "+":
      return { kind: "float", value: x + y };
    case "-":
      return { kind: "float", value: x - y };
    case "*":
      return { kind: "float", value: x * y };
    case "/":
      return y === 0 ? null : { kind: "float", value: x / y };
    default:
      return null; // //, %, ** on floats: leave to the runtime's exact code
  }
}
