// Expressions of a requested type, as Python source, built so they cannot
// fail when they run: divisors are made non-zero, indexes are reduced
// modulo a length behind a non-empty guard, math functions get arguments in
// their domain, repetition counts are small, random.randint gets lo <= hi.
// Failing on purpose is the job of statements.ts's error endings. Scalars
// live here; containers and iterables in collections.ts, f-strings and
// format specs in formats.ts.

import type { GenContext } from "./context.js";
import { containerExpr, containerOf, genexpr, sortKey } from "./collections.js";
import { fstring, formatCall } from "./formats.js";
import { BOOL, FLOAT, INT, STR, listOf, isOrdered, randomElementTy, type Ty } from "./types.js";
import { floatLit, literal, pyStr, smallInt, strLit } from "./values.js";

type Option = readonly [number, () => string];

/** An expression of type `t`, at most `depth` operators deep. */
export function expr(g: GenContext, t: Ty, depth: number): string {
  if (depth <= 0 || g.rng.chance(0.22)) return leaf(g, t);
  switch (t.k) {
    case "int":
      return intExpr(g, depth - 1);
    case "float":
      return floatExpr(g, depth - 1);
    case "bool":
      return boolExpr(g, depth - 1);
    case "str":
      return strExpr(g, depth - 1);
    case "none":
      return "None";
    default:
      return containerExpr(g, t, depth - 1);
  }
}

/** A variable of the type, or a literal. */
export function leaf(g: GenContext, t: Ty): string {
  const vars = g.ofType(t);
  if (vars.length && g.rng.chance(0.75)) return g.rng.pick(vars).name;
  return literal(g.rng, t);
}

/** A variable of the type if there is one (for expressions that name their
 *  operand twice, like a guarded index), else a literal. */
export function named(g: GenContext, t: Ty): string {
  const vars = g.ofType(t);
  return vars.length && g.rng.chance(0.85) ? g.rng.pick(vars).name : literal(g.rng, t);
}

function choose(g: GenContext, options: readonly Option[]): string {
  return g.rng.weighted(options.filter(([w]) => w > 0))();
}

/** A call of a generated function returning `t`, or null when none does. */
function callOf(g: GenContext, t: Ty, depth: number): string | null {
  const fns = g.callable(t);
  if (!fns.length) return null;
  const f = g.rng.pick(fns);
  const args: string[] = [];
  let keywords = false;
  for (const p of f.params) {
    if (p.default !== null && g.rng.chance(0.4)) {
      keywords = true; // later parameters must be passed by keyword
      continue;
    }
    const value = expr(g, p.ty, Math.min(depth, 1));
    args.push(keywords || (p.default !== null && g.rng.chance(0.3)) ? `${p.name}=${value}` : value);
    if (args[args.length - 1]!.startsWith(`${p.name}=`)) keywords = true;
  }
  return `${f.name}(${args.join(", ")})`;
}

/** A non-zero int divisor. */
export function intDivisor(g: GenContext, depth: number): string {
  return g.rng.weighted<() => string>([
    [3, () => g.rng.pick(["2", "3", "7", "10", "(-3)", "(-7)", "1", "(-1)", "16", "1000"])],
    [2, () => `(${expr(g, INT, depth)} % ${g.rng.int(2, 9)} + 1)`],
    [1, () => `(-(${expr(g, INT, depth)} % ${g.rng.int(2, 9)}) - 1)`],
  ])();
}

/** A non-zero float divisor. */
function floatDivisor(g: GenContext, depth: number): string {
  return g.rng.weighted<() => string>([
    [2, () => g.rng.pick(["2.0", "0.5", "3.0", "(-4.0)", "10.0", "0.1", "7"])],
    [2, () => `(abs(${expr(g, FLOAT, depth)}) + 0.25)`],
    [1, () => intDivisor(g, depth)],
  ])();
}

/** Two operands for arithmetic yielding float: at least one is a float. */
function numbers(g: GenContext, depth: number): [string, string] {
  const f = expr(g, FLOAT, depth);
  const other = g.rng.chance(0.6) ? expr(g, FLOAT, depth) : expr(g, INT, depth);
  return g.rng.chance(0.5) ? [f, other] : [other, f];
}

/** Guarded element access: `(xs[i % len(xs)] if xs else default)`. */
function guardedIndex(g: GenContext, seqTy: Ty, elDefault: string, depth: number): string {
  const seq = named(g, seqTy);
  const i = expr(g, INT, depth);
  return `(${seq}[${i} % len(${seq})] if ${seq} else ${elDefault})`;
}

/** An expression of a randomly chosen type, for printing and str(). */
export function anyExpr(g: GenContext, depth: number): string {
  const vars = g.variables();
  if (vars.length && g.rng.chance(0.45)) {
    const v = g.rng.pick(vars);
    return g.rng.chance(0.6) ? v.name : expr(g, v.ty, depth);
  }
  return expr(g, g.rng.pick([INT, INT, FLOAT, FLOAT, STR, STR, BOOL, listOf(randomElementTy(g.rng)), { k: "set", el: g.rng.pick([INT, STR]) }, { k: "dict", key: STR, val: INT }]), depth);
}

function intExpr(g: GenContext, d: number): string {
  const e = (t: Ty = INT) => expr(g, t, d);
  const r = g.rng;
  const strs = () => named(g, STR);
  const intLists = g.ofType(listOf(INT));
  const intDicts = g.variables().filter((v) => v.ty.k === "dict" && v.ty.val.k === "int");
  const tuples = g.variables().filter((v) => v.ty.k === "tuple" && v.ty.els.some((x) => x.k === "int"));
  const containers = g.variables().filter((v) => ["list", "dict", "set", "str", "tuple"].includes(v.ty.k));
  return choose(g, [
    [10, () => `(${e()} ${r.pick(["+", "-", "*", "+", "-"])} ${e()})`],
    [4, () => `(${e()} ${r.pick(["//", "%"])} ${intDivisor(g, d)})`],
    [2, () => `(-${e()})`],
    [1, () => `(~${e()})`],
    [2, () => `abs(${e()})`],
    [2, () => `((${e()} % ${r.int(3, 40)}) - ${r.int(0, 20)}) ** ${r.int(0, 4)}`],
    [1, () => `(${e()} ** ${r.int(0, 2)})`],
    [2, () => `((${e()} % 4096) << ${r.int(0, 30)})`],
    [2, () => `(${e()} >> ${r.int(0, 70)})`],
    [2, () => `(${e()} ${r.pick(["&", "|", "^"])} ${e()})`],
    [3, () => `len(${containers.length && r.chance(0.7) ? r.pick(containers).name : containerOf(g, d)})`],
    [2, () => `int(${e(FLOAT)} % ${r.pick(["1000.0", "97.5", "(-50.0)"])})`],
    [1, () => `int(${e(FLOAT)})`],
    [1, () => `int(${pyStr(r.pick(["42", "-17", " 8 ", "+5", "0", "007", "1_000", "-0"]))})`],
    [1, () => `int(str(${e()}))`],
    [1, () => `int(${e(BOOL)})`],
    [2, () => `round(${e(FLOAT)} % 1e6)`],
    [1, () => `round(${e(FLOAT)})`],
    [2, () => `math.${r.pick(["floor", "ceil", "trunc"])}(${e(FLOAT)} % ${r.pick(["1e6", "500.0", "(-77.5)"])})`],
    [1, () => `math.isqrt(abs(${e()}))`],
    [1, () => `math.gcd(${e()}, ${e()})`],
    [3, () => `${r.pick(["min", "max"])}(${Array.from({ length: r.int(2, 3) }, () => e()).join(", ")})`],
    [2, () => `sum(${r.chance(0.5) && intLists.length ? r.pick(intLists).name : containerExpr(g, listOf(INT), d)})`],
    [2, () => `sum(${genexpr(g, INT, d)})`],
    [2, () => `${strs()}.${r.pick(["find", "count"])}(${strLit(r)})`],
    [1, () => { const s = strs(); const t = strLit(r); return `(${s}.index(${t}) if ${t} in ${s} else -1)`; }],
    [intLists.length ? 2 : 0, () => `${r.pick(intLists).name}.count(${e()})`],
    [intLists.length ? 2 : 0, () => guardedIndex(g, listOf(INT), smallInt(r), d)],
    [intLists.length ? 1 : 0, () => { const xs = r.pick(intLists).name; const v = e(); return `(${xs}.index(${v}) if ${v} in ${xs} else -1)`; }],
    [intDicts.length ? 2 : 0, () => { const dv = r.pick(intDicts); return `${dv.name}.get(${expr(g, (dv.ty as { key: Ty }).key, d)}, ${smallInt(r)})`; }],
    [tuples.length ? 2 : 0, () => { const tv = r.pick(tuples); const els = (tv.ty as { els: readonly Ty[] }).els; const i = els.findIndex((x) => x.k === "int"); return `${tv.name}[${r.chance(0.5) ? i : i - els.length}]`; }],
    [2, () => `(${e()} if ${e(BOOL)} else ${e()})`],
    [1, () => `(${e(BOOL)} + ${e()})`],
    [1, () => `(${e()} ${r.pick(["and", "or"])} ${e()})`],
    [intLists.length ? 2 : 0, () => { const xs = r.pick(intLists).name; return `(${r.pick(["max", "min"])}(${xs}, key=${sortKey(g, INT)}) if ${xs} else 0)`; }],
    [4, () => callOf(g, INT, d) ?? e()],
    [g.usesRandom ? 2 : 0, () => { const lo = r.int(-10, 10); return `random.randint(${lo}, ${lo + r.int(0, 20)})`; }],
    [g.usesRandom ? 1 : 0, () => `random.randrange(${r.int(1, 10)}, ${r.int(11, 60)}, ${r.int(1, 4)})`],
    [g.usesRandom ? 1 : 0, () => `random.getrandbits(${r.int(1, 40)})`],
    [1, () => `hash(${e()})`],
  ]);
}

function floatExpr(g: GenContext, d: number): string {
  const e = (t: Ty = FLOAT) => expr(g, t, d);
  const r = g.rng;
  const floatLists = g.ofType(listOf(FLOAT));
  const floatDicts = g.variables().filter((v) => v.ty.k === "dict" && v.ty.val.k === "float");
  return choose(g, [
    [10, () => { const [a, b] = numbers(g, d); return `(${a} ${r.pick(["+", "-", "*"])} ${b})`; }],
    [4, () => `(${numbers(g, d)[0]} / ${floatDivisor(g, d)})`],
    [2, () => `(${e()} ${r.pick(["//", "%"])} ${floatDivisor(g, d)})`],
    [2, () => `(${e(INT)} / ${intDivisor(g, d)})`],
    [2, () => `(-${e()})`],
    [2, () => `abs(${e()})`],
    [2, () => `((abs(${e()}) + 0.5) ** ${r.pick(["2", "0.5", "3", "-1", "1.5", "(-0.5)"])})`],
    [2, () => `float(${e(INT)})`],
    [1, () => `float(${pyStr(r.pick(["1.25", "-0.0", "1e3", " 2.5 ", "inf", "-inf", "1_000.5", "3"]))})`],
    [3, () => `math.${r.pick(["sin", "cos", "atan", "fabs"])}(${e()})`],
    [2, () => `math.sqrt(abs(${e()}))`],
    [2, () => `math.${r.pick(["log", "log2", "log10"])}(abs(${e()}) + 1.0)`],
    [1, () => `math.log(abs(${e()}) + 1.0, ${r.pick(["2", "10", "3.5"])})`],
    [1, () => `math.exp(${e()} % 20.0)`],
    [1, () => `math.${r.pick(["asin", "acos"])}(math.sin(${e()}))`],
    [2, () => `math.${r.pick(["hypot", "atan2"])}(${e()}, ${e()})`],
    [1, () => `math.pow(abs(${e()}), ${r.pick(["2.0", "0.5", "3"])})`],
    [1, () => `math.${r.pick(["pi", "e", "tau"])}`],
    [3, () => `round(${e()}, ${r.int(-1, 5)})`],
    [2, () => `${r.pick(["min", "max"])}(${e()}, ${e()})`],
    [2, () => `sum(${r.chance(0.5) && floatLists.length ? r.pick(floatLists).name : containerExpr(g, listOf(FLOAT), d)})`],
    [1, () => `sum(${genexpr(g, FLOAT, d)})`],
    [floatLists.length ? 2 : 0, () => guardedIndex(g, listOf(FLOAT), floatLit(r), d)],
    [floatDicts.length ? 2 : 0, () => { const dv = r.pick(floatDicts); return `${dv.name}.get(${expr(g, (dv.ty as { key: Ty }).key, d)}, ${floatLit(r)})`; }],
    [2, () => `(${e()} if ${e(BOOL)} else ${e()})`],
    [4, () => callOf(g, FLOAT, d) ?? e()],
    [g.usesRandom ? 2 : 0, () => `random.random()`],
    [g.usesRandom ? 1 : 0, () => `random.uniform(${floatLit(r)}, ${floatLit(r)})`],
    [g.usesRandom ? 1 : 0, () => `round(random.gauss(0.0, 1.0), 9)`],
  ]);
}

/** Two expressions of one ordered type, for a comparison. */
function comparable(g: GenContext, d: number): [string, string] {
  const t = g.rng.weighted<Ty>([
    [5, INT],
    [3, FLOAT],
    [3, STR],
    [1, listOf(INT)],
    [1, BOOL],
  ]);
  if (t.k === "float" && g.rng.chance(0.5)) return [expr(g, FLOAT, d), expr(g, INT, d)];
  return [expr(g, t, d), expr(g, t, d)];
}

function boolExpr(g: GenContext, d: number): string {
  const e = (t: Ty = BOOL) => expr(g, t, d);
  const r = g.rng;
  const containers = g.variables().filter((v) => ["list", "dict", "set"].includes(v.ty.k));
  return choose(g, [
    [8, () => { const [a, b] = comparable(g, d); return `(${a} ${r.pick(["<", "<=", ">", ">=", "==", "!="])} ${b})`; }],
    [2, () => `(${e(INT)} ${r.pick(["<", "<="])} ${e(INT)} ${r.pick(["<", "<=", "!="])} ${e(INT)})`],
    [2, () => { const t = containers.length ? r.pick(containers).ty : listOf(INT); return `(${expr(g, t, d)} ${r.pick(["==", "!="])} ${expr(g, t, d)})`; }],
    [containers.length ? 4 : 0, () => {
      const c = r.pick(containers);
      const el = c.ty.k === "dict" ? c.ty.key : (c.ty as { el: Ty }).el;
      return `(${expr(g, el, d)} ${r.pick(["in", "not in"])} ${c.name})`;
    }],
    [2, () => `(${strLit(r)} ${r.pick(["in", "not in"])} ${e(STR)})`],
    [3, () => `(not ${e()})`],
    [3, () => `(${e()} ${r.pick(["and", "or"])} ${e()})`],
    [2, () => `${r.pick(["any", "all"])}(${genexpr(g, BOOL, d)})`],
    [2, () => `${named(g, STR)}.${r.pick(["startswith", "endswith"])}(${strLit(r)})`],
    [1, () => `${e(STR)}.${r.pick(["isdigit", "isalpha", "isspace"])}()`],
    [2, () => `bool(${anyExpr(g, d)})`],
    [1, () => `math.${r.pick(["isfinite", "isnan", "isinf"])}(${e(FLOAT)})`],
    [1, () => `isinstance(${anyExpr(g, d)}, ${r.pick(["int", "float", "str", "list", "bool"])})`],
    [1, () => { const t = containerSetTy(g); return `(${expr(g, t, d)} ${r.pick(["<=", "<", ">=", ">"])} ${expr(g, t, d)})`; }],
    [3, () => callOf(g, BOOL, d) ?? e()],
  ]);
}

function containerSetTy(g: GenContext): Ty {
  const sets = g.ofKind("set");
  return sets.length ? g.rng.pick(sets).ty : { k: "set", el: INT };
}

function strExpr(g: GenContext, d: number): string {
  const e = (t: Ty = STR) => expr(g, t, d);
  const r = g.rng;
  const strLists = g.ofType(listOf(STR));
  const strDicts = g.variables().filter((v) => v.ty.k === "dict" && v.ty.val.k === "str");
  const orderedLists = g.variables().filter((v) => v.ty.k === "list" && isOrdered(v.ty.el));
  return choose(g, [
    [6, () => `(${e()} + ${e()})`],
    [2, () => `(${e()} * ${r.chance(0.5) ? r.int(0, 3) : `(${expr(g, INT, d)} % 4)`})`],
    [4, () => `${named(g, STR)}[${sliceBounds(g, d)}]`],
    [2, () => { const s = named(g, STR); return `(${s}[${expr(g, INT, d)} % len(${s})] if ${s} else ${strLit(r)})`; }],
    [5, () => `${e()}.${r.pick(["upper", "lower", "capitalize", "strip", "lstrip", "rstrip"])}()`],
    [1, () => `${e()}.${r.pick(["strip", "lstrip", "rstrip"])}(${strLit(r)})`],
    [3, () => `${e()}.replace(${strLit(r)}, ${strLit(r)})`],
    [4, () => `str(${anyExpr(g, d)})`],
    [2, () => `repr(${anyExpr(g, d)})`],
    [1, () => `ascii(${e()})`],
    [5, () => fstring(g, d)],
    [3, () => formatCall(g, d)],
    [3, () => `${strLit(r)}.join(${strLists.length && r.chance(0.5) ? r.pick(strLists).name : containerExpr(g, listOf(STR), d)})`],
    [3, () => `${strLit(r)}.join(${genexpr(g, STR, d)})`],
    [1, () => `"".join(sorted(${e()}))`],
    [2, () => `(${e()}.split(${r.chance(0.5) ? "" : separator(g)}) + [${strLit(r)}])[${r.int(0, 2)} % 2]`],
    [strLists.length ? 2 : 0, () => guardedIndex(g, listOf(STR), strLit(r), d)],
    [strDicts.length ? 1 : 0, () => { const dv = r.pick(strDicts); return `${dv.name}.get(${expr(g, (dv.ty as { key: Ty }).key, d)}, ${strLit(r)})`; }],
    [orderedLists.length ? 1 : 0, () => `str(sorted(${r.pick(orderedLists).name}))`],
    [2, () => `${r.pick(["min", "max"])}(${e()}, ${e()})`],
    [2, () => `(${e()} if ${e(BOOL)} else ${e()})`],
    [1, () => `(${e()} or ${strLit(r)})`],
    [strLists.length ? 1 : 0, () => { const xs = r.pick(strLists).name; return `(${r.pick(["max", "min"])}(${xs}, key=${sortKey(g, STR)}) if ${xs} else "")`; }],
    [1, () => `${r.pick(["max", "min"])}(${e()}, ${e()}, ${e()})`],
    [4, () => callOf(g, STR, d) ?? e()],
    [g.usesRandom ? 1 : 0, () => `random.choice(${pyStr(r.pick(["abc", "xyz✓", "héllo"]))})`],
  ]);
}

/** `a:b:c` with any of the three left out; a step is never 0. */
export function sliceBounds(g: GenContext, d: number): string {
  const r = g.rng;
  const bound = () => (r.chance(0.4) ? "" : r.chance(0.6) ? smallInt(r, -8, 10) : expr(g, INT, Math.min(d, 1)));
  const step = r.weighted<string>([
    [5, ""],
    [2, String(r.int(1, 3))],
    [2, `-${r.int(1, 3)}`],
  ]);
  return `${bound()}:${bound()}${step ? `:${step}` : r.chance(0.2) ? ":" : ""}`;
}


/** A non-empty separator for split(). */
export function separator(g: GenContext): string {
  return pyStr(g.rng.pick([",", " ", "-", "a", "é", ", ", "ab", "\t"]));
}
