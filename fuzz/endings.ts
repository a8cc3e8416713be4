// The last statements of a program: an error that ends it (IndexError,
// KeyError, ZeroDivisionError, ValueError, AssertionError, math domain
// errors, sys.exit) written so no constant folding can see it coming, and
// arithmetic near the 64-bit edges computed here with BigInt and Python's
// rules, so the generator knows whether a result fits (compared exactly)
// or leaves 64 bits on purpose (apc must stop with OverflowError).

import type { GenContext } from "./context.js";
import { expr, named } from "./expressions.js";
import { FLOAT, INT, STR, listOf, type Ty } from "./types.js";
import { pyStr, strLit } from "./values.js";

const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/** Python's value of `a op b` on ints, or null where Python raises. */
export function pyIntOp(a: bigint, op: string, b: bigint): bigint | null {
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "//": {
      if (b === 0n) return null;
      const q = a / b;
      return (a % b !== 0n) && ((a < 0n) !== (b < 0n)) ? q - 1n : q;
    }
    case "%": {
      if (b === 0n) return null;
      const m = a % b;
      return m !== 0n && ((m < 0n) !== (b < 0n)) ? m + b : m;
    }
    case "<<":
      return b < 0n ? null : a << b;
    case ">>":
      return b < 0n ? null : a >> b;
    case "&":
      return a & b;
    case "|":
      return a | b;
    case "^":
      return a ^ b;
    default:
      throw new Error(`no int op ${op}`);
  }
}

const EDGES = [I64_MAX, I64_MIN, 1n << 62n, -(1n << 62n), I64_MAX - 1n, I64_MIN + 1n, 3037000499n, -3037000500n, 1n << 32n, 10n ** 18n];
const OPERANDS = [1n, 2n, 3n, -1n, -2n, 7n, 1000n, -1000n, 1n << 31n, 3037000499n, 0n, 63n, 62n, 1n];

function pyLit(v: bigint): string {
  // -2**63 cannot be written as a literal that stays in 64 bits.
  if (v === I64_MIN) return "(-9223372036854775807 - 1)";
  return v < 0n ? `(${v})` : String(v);
}

/** Lines of arithmetic on edge values. `overflow`: at least one result
 *  leaves 64 bits (the last line printed), else every result fits. */
export function edgeArithmetic(g: GenContext, overflow: boolean): string[] {
  const r = g.rng;
  const out: string[] = [];
  const name = g.fresh("edge");
  const a = r.pick(EDGES);
  out.push(`${name} = ${pyLit(a)}`);
  const values: string[] = [];
  for (let tries = 0; tries < 40 && values.length < 4; tries++) {
    const op = r.pick(["+", "-", "*", "//", "%", ">>", "<<", "&", "|", "^"]);
    const b = op === "<<" || op === ">>" ? BigInt(r.int(0, 64)) : r.pick(OPERANDS);
    const v = pyIntOp(a, op, b);
    if (v === null || v < I64_MIN || v > I64_MAX) continue;
    values.push(`(${name} ${op} ${pyLit(b)})`);
  }
  values.push(r.pick([`-(${name} + 1) if ${name} < 0 else -${name}`, `${name} == ${pyLit(a)}`, `str(${name})`, `f"{${name}:,}"`, `f"{${name}:x}"`, `float(${name})`, `${name} // 3 * 3 + ${name} % 3`, `abs(${name} + 1) if ${name} < 0 else abs(${name})`]));
  out.push(`print(${values.join(", ")})`);
  if (overflow) {
    const grow = r.pick([
      `${name} + ${name}`, `${name} * 3`, `${name} * ${name}`, `-(${name}) - ${name}`, `${name} << 2`, `${name} - (${pyLit(-a)}) * 2`,
      `abs(${pyLit(I64_MIN)} + 0 * ${name})`, `${pyLit(I64_MIN)} // (-1 + 0 * ${name})`, `2 ** (63 + 0 * ${name})`, `sum([${name}, ${name}, ${name}])`,
      `${name} ** 2`, `-(${pyLit(I64_MIN)} + 0 * ${name})`,
    ]);
    out.push(`print("edge", ${grow})`, `print("after")`);
  }
  return out;
}

/** A name bound to `value`, so the error below is not a constant. */
function bind(g: GenContext, t: Ty, value: string, lines: string[]): string {
  const n = g.fresh("e");
  lines.push(`${n} = ${value}`);
  g.declare(n, t);
  return n;
}

/** Lines ending the program with an error CPython and apc report alike. */
export function errorEnding(g: GenContext): string[] {
  const r = g.rng;
  const lines: string[] = [];
  const xs = () => bind(g, listOf(INT), named(g, listOf(INT)), lines);
  const s = () => bind(g, STR, expr(g, STR, 1), lines);
  const zero = () => bind(g, INT, `len(${strLit(r)}) * 0`, lines);
  const fzero = () => bind(g, FLOAT, `${expr(g, FLOAT, 0)} * 0.0`, lines);
  const choice = r.weighted<() => void>([
    [3, () => { const v = xs(); lines.push(`print(${v}[len(${v}) + ${r.int(0, 3)}])`); }],
    [1, () => { const v = xs(); lines.push(`print(${v}[-len(${v}) - ${r.int(1, 3)}])`); }],
    [2, () => { const v = s(); lines.push(`print(${v}[len(${v}) + ${r.int(0, 2)}])`); }],
    [1, () => { const v = xs(); lines.push(`${v}[len(${v})] = 0`); }],
    [2, () => {
      const dicts = g.ofKind("dict");
      const d = dicts.length ? r.pick(dicts) : null;
      const key = d ? ((d.ty as { key: Ty }).key.k === "str" ? pyStr("<absent✓>") : (d.ty as { key: Ty }).key.k === "int" ? "123456789" : "(123457, -1)") : "'nope'";
      lines.push(`print(${d ? d.name : bind(g, { k: "dict", key: STR, val: INT }, "{'a': 1}", lines)}[${key}])`);
    }],
    [3, () => { const z = zero(); lines.push(`print(${expr(g, INT, 1)} ${r.pick(["//", "%"])} ${z})`); }],
    [1, () => { const z = zero(); lines.push(`print(${expr(g, INT, 1)} / ${z})`); }],
    [2, () => { const z = fzero(); lines.push(`print(${expr(g, FLOAT, 1)} ${r.pick(["/", "//", "%"])} ${z})`); }],
    [3, () => { const v = s(); lines.push(`print(int(${v} + ${pyStr(r.pick(["x", "1.5", " ", "½", "", "0x1"]))}))`); }],
    [1, () => { const v = s(); lines.push(`print(float(${v} + ${pyStr(r.pick(["abc", "1.2.3", "e"]))}))`); }],
    [2, () => { const v = bind(g, INT, expr(g, INT, 1), lines); lines.push(`assert ${v} != ${v}${r.chance(0.6) ? `, ${r.chance(0.5) ? strLit(r) : `f"bad {${v}}"`}` : ""}`); }],
    [1, () => { const v = xs(); lines.push(`${v}.remove(123456789)`); }],
    [1, () => { const v = xs(); lines.push(`print(${v}.index(123456789))`); }],
    [1, () => { const v = s(); lines.push(`print(${v}.index(${pyStr("<absent>")}))`); }],
    [1, () => { const v = xs(); lines.push(`print(${r.pick(["min", "max"])}([x for x in ${v} if len(${v}) < 0]))`); }],
    [1, () => { const v = xs(); lines.push(`${v}.clear()`, `${v}.pop()`); }],
    [1, () => { const v = bind(g, FLOAT, expr(g, FLOAT, 1), lines); lines.push(`print(math.${r.pick(["sqrt", "log"])}(-1.0 - abs(${v})))`); }],
    [1, () => { const z = zero(); lines.push(`print(list(range(1, 5, ${z})))`); }],
    [1, () => { const v = xs(); lines.push(`a_, b_ = ${v} + [1, 2, 3]`); }],
    [1, () => { lines.push(`sys.exit(${r.int(0, 5)})`); }],
    [1, () => { const v = bind(g, { k: "set", el: INT }, `set(${named(g, listOf(INT))})`, lines); lines.push(`${v}.remove(123456789)`); }],
  ]);
  choice();
  return lines;
}

/** Float corners printed: overflow to inf, negative zero, nan, the
 *  smallest subnormal, huge values and their arithmetic. */
export function floatCorners(g: GenContext): string[] {
  const r = g.rng;
  const f = g.fresh("fc");
  const base = r.pick(["1e308", "1.7976931348623157e308", "5e-324", "-0.0", "2.2250738585072014e-308", "1e16", "9007199254740993.0", "0.1"]);
  return [
    `${f} = ${base}`,
    `print(${f}, ${f} * 10, -${f}, ${f} / 3, ${f} * ${f}, ${f} - ${f}, repr(${f} * -1.0), ${f} == ${f} * 1.0)`,
    `print(float("inf") - float("inf"), -0.0 == 0.0, str(-0.0), round(${f}, 3), ${f} > 1e300, math.isinf(${f} * 1e10))`,
  ];
}
