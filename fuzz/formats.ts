// f-strings, str.format and format() with format specs chosen per type
// (alignment, fill, sign, width, grouping, precision, presentation types),
// conversions (!r !s !a) and the `=` debug form. Fields hold expressions
// without quotes or backslashes, which f-strings of Python 3.11 forbid.

import type { GenContext } from "./context.js";
import { anyExpr, expr } from "./expressions.js";
import { BOOL, FLOAT, INT, STR, type Ty } from "./types.js";
import { pyStr, strValue } from "./values.js";

const INT_SPECS = ["", ">6", "<6", "^7", "06", "+", ",", "_", "x", "X", "#x", "o", "b", "08b", "#010b", "e", ".2f", ".1%", "*>8", "=+8", " ", "-^9", "d", "n", ",d", "+,"];
const FLOAT_SPECS = ["", ".3f", ">10.3f", "<8.1f", "^12.2e", ".2e", "e", "g", ".3g", "%", ".1%", ",.2f", "+.2f", "010.3f", " .2f", "G", "E", ".0f", "_.1f", ".10g", "#.3g", "*<9.2f", "=+10.1f", ".1", ".5"];
const STR_SPECS = ["", ">8", "<6", "^9", "*^9", ".3", ">6.2", "s", "_<5", "-^11"];
const BOOL_SPECS = ["", ">6", "<7", "d", "^7"];

function specFor(g: GenContext, t: Ty): string {
  const r = g.rng;
  switch (t.k) {
    case "int":
      return r.pick(INT_SPECS);
    case "float":
      return r.pick(FLOAT_SPECS);
    case "str":
      return r.pick(STR_SPECS);
    case "bool":
      return r.pick(BOOL_SPECS);
    default:
      return "";
  }
}

/** An expression fit for an f-string field: no quotes, no backslashes. */
function fieldExpr(g: GenContext, t: Ty, d: number): string {
  for (let tries = 0; tries < 4; tries++) {
    const e = expr(g, t, d);
    if (!/["'\\]/.test(e)) return e.startsWith("{") ? ` ${e}` : e;
  }
  const vars = g.ofType(t);
  if (vars.length) return g.rng.pick(vars).name;
  return t.k === "float" ? "0.75" : t.k === "bool" ? "True" : t.k === "str" ? "str(7)" : "13";
}

function literalText(g: GenContext): string {
  return strValue(g.rng).replace(/[{}]/g, (c) => c + c);
}

/** f"...{x:>8.3f}...{n:,}...". */
export function fstring(g: GenContext, d: number): string {
  const r = g.rng;
  let body = r.chance(0.5) ? literalText(g) : "";
  const fields = r.int(1, 3);
  for (let i = 0; i < fields; i++) {
    const t = r.pick<Ty>([INT, INT, FLOAT, FLOAT, STR, BOOL]);
    const e = fieldExpr(g, t, d);
    const form = r.weighted<() => string>([
      [6, () => { const s = specFor(g, t); return s ? `{${e}:${s}}` : `{${e}}`; }],
      [1, () => `{${e}!r}`],
      [1, () => `{${e}=}`],
      [1, () => `{${e}!s:>${r.int(1, 12)}}`],
      [1, () => (t.k === "float" ? `{${e}:{${r.int(4, 12)}}.{${r.int(0, 4)}}f}` : `{${e}:>{${r.int(1, 9)}}}`)],
    ])();
    body += form + (r.chance(0.6) ? literalText(g) : "");
  }
  // Text is escaped for a double-quoted literal; fields have no quotes.
  return `f${pyStr(body)}`;
}

/** "{:>8}".format(x), "{} {}".format(a, b) and format(x, spec). */
export function formatCall(g: GenContext, d: number): string {
  const r = g.rng;
  const t = r.pick<Ty>([INT, FLOAT, STR, BOOL, INT, FLOAT]);
  return r.weighted<() => string>([
    [3, () => `${pyStr(`[{:${specFor(g, t)}}]`)}.format(${expr(g, t, d)})`],
    [2, () => `${pyStr("{} | {}")}.format(${anyExpr(g, d)}, ${anyExpr(g, d)})`],
    [1, () => `${pyStr("{1}-{0}-{1}")}.format(${anyExpr(g, d)}, ${anyExpr(g, d)})`],
    [1, () => `${pyStr("{name}={value:" + specFor(g, t) + "}")}.format(name=${pyStr(r.pick(["x", "total", "ü"]))}, value=${expr(g, t, d)})`],
    [3, () => `format(${expr(g, t, d)}, ${pyStr(specFor(g, t))})`],
    [1, () => `format(${expr(g, BOOL, d)})`],
  ])();
}
