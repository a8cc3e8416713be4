// Statements: new variables (annotated or not), reassignments and
// augmented assignments, print with sep/end, if/elif/else, for and while
// loops with break/continue/else, container mutations guarded so they
// cannot fail (pop only when non-empty, remove only what is there), tuple
// unpacking, asserts that hold, calls of generated procedures and updates
// of module globals. Loops are short and growth inside them is capped, so
// every program terminates quickly. Returns lines without indentation
// relative to the enclosing block.

import type { GenContext, Variable } from "./context.js";
import { anyExpr, expr, intDivisor } from "./expressions.js";
import { bindTargets, iterable, sortKey } from "./collections.js";
import { BOOL, FLOAT, INT, STR, annotation, isOrdered, listOf, randomVarTy, type Ty } from "./types.js";
import { literal, pyStr, smallInt, strLit } from "./values.js";

/** Inner lines one level deeper. */
export function indent(lines: readonly string[]): string[] {
  return lines.map((l) => `    ${l}`);
}

/** Expression depth for a statement's operands. */
function depth(g: GenContext): number {
  return g.rng.int(1, 3);
}

/** A block of `n` statements (at least a `pass`). */
export function block(g: GenContext, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(...statement(g));
  return out.length ? out : ["pass"];
}

export function statement(g: GenContext): string[] {
  const r = g.rng;
  const nest = g.blockDepth < 2 && !(g.loopDepth >= 2);
  const inLoop = g.loopDepth > 0;
  const lists = g.mutable("list");
  const dicts = g.mutable("dict");
  const sets = g.mutable("set");
  const procs = g.callable({ k: "none" });
  return r.weighted<() => string[]>([
    [8, () => newVariable(g)],
    [4, () => reassign(g)],
    [4, () => augment(g)],
    [7, () => printStmt(g)],
    [nest ? 4 : 0, () => ifStmt(g)],
    [nest ? 4 : 0, () => forStmt(g)],
    [nest ? 2 : 0, () => whileStmt(g)],
    [lists.length ? 5 : 0, () => listMutation(g, r.pick(lists))],
    [dicts.length ? 4 : 0, () => dictMutation(g, r.pick(dicts))],
    [sets.length ? 2 : 0, () => setMutation(g, r.pick(sets))],
    [1, () => unpack(g)],
    [g.ofKind("dict").length ? 2 : 0, () => dictViews(g)],
    [1, () => chainedAssign(g)],
    [nest ? 1 : 0, () => whileTrue(g)],
    [1, () => assertStmt(g)],
    [procs.length ? 2 : 0, () => [callProc(g)]],
    [inLoop ? 2 : 0, () => [`if ${expr(g, BOOL, 1)}:`, indent([r.pick(["break", "continue"])])].flat()],
    [g.globals.length ? 1 : 0, () => { const v = r.pick(g.globals); return [`${v.name} = (${v.name} + ${expr(g, INT, 1)}) % 1000`]; }],
    [g.usesRandom && lists.length ? 1 : 0, () => [`random.shuffle(${r.pick(lists).name})`]],
  ])();
}

function callProc(g: GenContext): string {
  const f = g.rng.pick(g.callable({ k: "none" }));
  return `${f.name}(${f.params.filter((p) => p.default === null || g.rng.chance(0.5)).map((p) => expr(g, p.ty, 1)).join(", ")})`;
}

function newVariable(g: GenContext): string[] {
  const t = randomVarTy(g.rng);
  const value = expr(g, t, depth(g));
  const name = g.fresh(varPrefix(t));
  const annotated = g.rng.chance(0.25);
  g.declare(name, t);
  return [`${name}${annotated ? `: ${annotation(t)}` : ""} = ${value}`];
}

function varPrefix(t: Ty): string {
  return { int: "n", float: "f", bool: "b", str: "s", none: "z", list: "xs", tuple: "t", dict: "d", set: "st" }[t.k];
}

/** Values assigned inside loops are capped: strings and lists sliced, ints
 *  reduced, so repetition cannot grow them without bound. */
function capped(g: GenContext, v: Variable, value: string): string {
  if (!g.loopDepth) return value;
  if (v.ty.k === "str" || v.ty.k === "list") return `(${value})[:${g.rng.int(4, 30)}]`;
  if (v.ty.k === "int" && g.rng.chance(0.7)) return `(${value}) % ${g.rng.pick(["1000", "997", "65536", "(-1000)"])}`;
  return value;
}

function reassign(g: GenContext): string[] {
  const vars = g.mutable();
  if (!vars.length) return newVariable(g);
  const v = g.rng.pick(vars);
  return [`${v.name} = ${capped(g, v, expr(g, v.ty, depth(g)))}`];
}

function augment(g: GenContext): string[] {
  const r = g.rng;
  const vars = g.mutable().filter((v) => ["int", "float", "str", "list", "set"].includes(v.ty.k));
  if (!vars.length) return newVariable(g);
  const v = r.pick(vars);
  const d = depth(g);
  switch (v.ty.k) {
    case "int": {
      const op = r.pick(["+=", "-=", "*=", "//=", "%=", "|=", "^=", "&=", ">>=", "<<="]);
      const rhs = op === "//=" || op === "%=" ? intDivisor(g, d) : op === ">>=" || op === "<<=" ? String(r.int(0, op === "<<=" ? 3 : 40)) : expr(g, INT, d);
      if (g.loopDepth && ["+=", "-=", "*=", "<<=", "|=", "^="].includes(op)) return [`${v.name} ${op} ${rhs}`, `${v.name} %= ${r.pick(["1009", "100000", "(-977)"])}`];
      return [`${v.name} ${op} ${rhs}`];
    }
    case "float": {
      const op = r.pick(["+=", "-=", "*=", "/="]);
      const rhs = op === "/=" ? r.pick(["2.0", "3", "(-0.5)", "7.25"]) : expr(g, r.chance(0.7) ? FLOAT : INT, d);
      return [`${v.name} ${op} ${rhs}`];
    }
    case "str":
      return g.loopDepth ? [`if len(${v.name}) < 60:`, `    ${v.name} += ${expr(g, STR, 1)}`] : [`${v.name} += ${expr(g, STR, d)}`];
    case "list":
      return g.loopDepth ? [`if len(${v.name}) < 40:`, `    ${v.name} += ${expr(g, v.ty, 1)}`] : [`${v.name} += ${expr(g, v.ty, d)}`];
    case "set":
      return [`${v.name} ${r.pick(["|=", "&=", "-=", "^="])} ${expr(g, v.ty, d)}`];
    default:
      return newVariable(g);
  }
}

/** print(...) with one to three values, sometimes with sep= and end=. */
function printStmt(g: GenContext): string[] {
  const r = g.rng;
  const n = r.int(1, 3);
  const args = Array.from({ length: n }, () => anyExpr(g, depth(g)));
  if (r.chance(0.15)) args.push(`sep=${pyStr(r.pick([", ", "", "|", " - ", "\t", "✓"]))}`);
  if (r.chance(0.1)) args.push(`end=${pyStr(r.pick(["", " ", ";\n", "!\n"]))}`);
  return [`print(${args.join(", ")})`];
}

function ifStmt(g: GenContext): string[] {
  const r = g.rng;
  const out = [`if ${expr(g, BOOL, depth(g))}:`, ...indent(g.block(() => block(g, r.int(1, 3))))];
  const elifs = r.weighted([[5, 0], [2, 1], [1, 2]]);
  for (let i = 0; i < elifs; i++) out.push(`elif ${expr(g, BOOL, depth(g))}:`, ...indent(g.block(() => block(g, r.int(1, 2)))));
  if (r.chance(0.5)) out.push("else:", ...indent(g.block(() => block(g, r.int(1, 2)))));
  return out;
}

function forStmt(g: GenContext): string[] {
  const r = g.rng;
  const it = iterable(g, 1);
  const [target, body] = g.block(() => {
    const target = bindTargets(g, it.targets);
    return [target, g.iterating(it.frozen, () => block(g, r.int(1, 4)))] as const;
  });
  const out = [`for ${target} in ${it.code}:`, ...indent(body)];
  if (r.chance(0.2)) out.push("else:", ...indent(g.block(() => block(g, 1))));
  return out;
}

/** A counted while loop: the counter moves first, so `continue` cannot
 *  skip it. */
function whileStmt(g: GenContext): string[] {
  const r = g.rng;
  const w = g.fresh("w");
  const limit = r.int(1, 9);
  const cond = r.chance(0.3) ? ` and ${expr(g, BOOL, 1)}` : "";
  g.declare(w, INT, true);
  const body = g.block(() => g.iterating(null, () => block(g, r.int(1, 3))));
  const out = [`${w} = 0`, `while ${w} < ${limit}${cond}:`, `    ${w} += 1`, ...indent(body)];
  if (r.chance(0.2)) out.push("else:", ...indent(g.block(() => block(g, 1))));
  return out;
}

function listMutation(g: GenContext, v: Variable): string[] {
  const r = g.rng;
  const el = (v.ty as { el: Ty }).el;
  const x = v.name;
  const e = () => expr(g, el, 1);
  const grow = (line: string) => (g.loopDepth ? [`if len(${x}) < 40:`, `    ${line}`] : [line]);
  return r.weighted<() => string[]>([
    [5, () => grow(`${x}.append(${e()})`)],
    [2, () => grow(`${x}.insert(${expr(g, INT, 1)}, ${e()})`)],
    [2, () => grow(`${x}.extend(${expr(g, v.ty, 1)})`)],
    [3, () => [`if ${x}:`, `    ${r.chance(0.5) ? `${x}.pop()` : `print(${x}.pop(${r.chance(0.5) ? 0 : `${expr(g, INT, 1)} % len(${x})`}))`}`]],
    [2, () => { const val = e(); return [`if ${val} in ${x}:`, `    ${x}.remove(${val})`]; }],
    [isOrdered(el) ? 3 : 0, () => [`${x}.sort(${r.weighted([[3, ""], [1, "reverse=True"], [2, `key=${sortKey(g, el)}`]])})`]],
    [1, () => [`${x}.reverse()`]],
    [2, () => [`if ${x}:`, `    ${x}[${expr(g, INT, 1)} % len(${x})] = ${e()}`]],
    [1, () => [`if ${x}:`, `    del ${x}[${expr(g, INT, 1)} % len(${x})]`]],
    [1, () => [`${x}[${r.int(-3, 3)}:${r.int(-3, 5)}] = ${expr(g, v.ty, 1)}`].flatMap((l) => grow(l))],
    [1, () => [`del ${x}[${r.int(0, 3)}:${r.int(0, 6)}${r.chance(0.3) ? `:${r.pick([1, 2, -1])}` : ""}]`]],
    [g.loopDepth ? 0 : 1, () => [`${x}.clear()`]],
  ])();
}

function dictMutation(g: GenContext, v: Variable): string[] {
  const r = g.rng;
  const t = v.ty as { key: Ty; val: Ty };
  const x = v.name;
  const k = () => expr(g, t.key, 1);
  const val = () => expr(g, t.val, 1);
  return r.weighted<() => string[]>([
    [6, () => [`${x}[${k()}] = ${val()}`]],
    [2, () => { const key = k(); return [`if ${key} in ${x}:`, `    del ${x}[${key}]`]; }],
    [t.val.k === "int" || t.val.k === "float" || t.val.k === "str" ? 2 : 0, () => { const key = k(); return [`if ${key} in ${x}:`, `    ${x}[${key}] += ${val()}`]; }],
    [2, () => [`print(${x}.pop(${k()}, ${val()}))`]],
    [2, () => [`print(${x}.setdefault(${k()}, ${val()}))`]],
    [t.val.k === "list" ? 2 : 0, () => [`${x}.setdefault(${k()}, []).append(${expr(g, (t.val as { el: Ty }).el, 1)})`]],
    [1, () => [`${x}.update(${expr(g, v.ty, 1)})`]],
    [1, () => [`if ${x}:`, `    print(${x}.popitem())`]],
    [g.loopDepth ? 0 : 1, () => [`${x}.clear()`]],
    [t.val.k === "int" ? 2 : 0, () => { const key = k(); return [`${x}[${key}] = ${x}.get(${key}, 0) + ${expr(g, INT, 1)}`]; }],
  ])();
}

function setMutation(g: GenContext, v: Variable): string[] {
  const r = g.rng;
  const el = (v.ty as { el: Ty }).el;
  const x = v.name;
  return r.weighted<() => string[]>([
    [4, () => [`${x}.add(${expr(g, el, 1)})`]],
    [2, () => [`${x}.discard(${expr(g, el, 1)})`]],
    [1, () => { const e = expr(g, el, 1); return [`if ${e} in ${x}:`, `    ${x}.remove(${e})`]; }],
  ])();
}

/** `a, b = (x, y)`, `a, b = b, a` and unpacking a pair. */
function unpack(g: GenContext): string[] {
  const r = g.rng;
  const ints = g.mutable("int");
  if (ints.length >= 2 && r.chance(0.4)) {
    const [a, b] = [r.pick(ints), r.pick(ints)];
    return [`${a.name}, ${b.name} = ${b.name}, ${a.name}`];
  }
  const tuples = g.ofKind("tuple");
  if (tuples.length && r.chance(0.6)) {
    const t = r.pick(tuples);
    const els = (t.ty as { els: readonly Ty[] }).els;
    const names = els.map((e) => g.declare(g.fresh(varPrefix(e)), e).name);
    return [`${names.join(", ")} = ${t.name}`];
  }
  const ta = r.pick([INT, STR, FLOAT]);
  const tb = r.pick([INT, STR, BOOL]);
  const [ea, eb] = [expr(g, ta, 1), expr(g, tb, 1)];
  const a = g.declare(g.fresh(varPrefix(ta)), ta).name;
  const b = g.declare(g.fresh(varPrefix(tb)), tb).name;
  return [`${a}, ${b} = ${ea}, ${eb}`];
}

/** Dict views printed, measured, searched, and kept while the dict
 *  changes (views are live). */
function dictViews(g: GenContext): string[] {
  const r = g.rng;
  const d = r.pick(g.ofKind("dict"));
  const t = d.ty as { key: Ty; val: Ty };
  const view = r.pick(["keys", "values", "items"]);
  return r.weighted<() => string[]>([
    [3, () => [`print(${d.name}.${view}())`]],
    [1, () => [`print(len(${d.name}.${view}()), ${expr(g, t.key, 1)} in ${d.name}.keys(), list(${d.name}.${view}()))`]],
    [1, () => {
      if (!g.mutable("dict").some((v) => v.name === d.name)) return [`print(${d.name}.${view}())`];
      const v = g.fresh("view");
      return [`${v} = ${d.name}.${view}()`, `${d.name}[${expr(g, t.key, 1)}] = ${expr(g, t.val, 1)}`, `print(${v}, len(${v}))`];
    }],
  ])();
}

/** `a = b = value`. */
function chainedAssign(g: GenContext): string[] {
  const t = g.rng.pick([INT, STR, FLOAT]);
  const value = expr(g, t, 2);
  const a = g.declare(g.fresh(varPrefix(t)), t).name;
  const b = g.declare(g.fresh(varPrefix(t)), t).name;
  return [`${a} = ${b} = ${value}`];
}

/** `while True:` left by break once a counter runs out. */
function whileTrue(g: GenContext): string[] {
  const w = g.fresh("w");
  const limit = g.rng.int(1, 6);
  g.declare(w, INT, true);
  const body = g.block(() => g.iterating(null, () => block(g, g.rng.int(1, 3))));
  return [`${w} = 0`, "while True:", `    ${w} += 1`, `    if ${w} > ${limit}:`, "        break", ...indent(body)];
}

/** Asserts that hold, with and without a message. */
function assertStmt(g: GenContext): string[] {
  const r = g.rng;
  const t = r.pick([INT, STR, listOf(INT)]);
  const e = expr(g, t, 1);
  const cond = r.pick([`len(str(${e})) >= 0`, `${e} == ${e}`, `not (${e} != ${e})`]);
  return [`assert ${cond}${r.chance(0.5) ? `, ${strLit(r)}` : ""}`];
}

/** A parameter's default value: a literal. */
export function defaultValue(g: GenContext, t: Ty): string {
  return t.k === "int" ? smallInt(g.rng, 0, 9) : literal(g.rng, t);
}


