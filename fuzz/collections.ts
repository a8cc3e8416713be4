// Expressions of container types (list, tuple, dict, set), the iterables
// that loops and comprehensions run over (ranges, containers, strings,
// dict views, enumerate, zip, reversed, sorted), and comprehensions and
// generator expressions. Iterables stay short (a range of at most a dozen,
// containers of a few elements) so nested loops stay bounded.

import type { GenContext } from "./context.js";
import { expr, leaf, named, separator, sliceBounds } from "./expressions.js";
import { BOOL, FLOAT, INT, STR, isOrdered, listOf, randomElementTy, randomSetElTy, sameTy, setOf, tupleOf, type Ty } from "./types.js";
import { literal, strLit } from "./values.js";

type Option = readonly [number, () => string];

function choose(g: GenContext, options: readonly Option[]): string {
  return g.rng.weighted(options.filter(([w]) => w > 0))();
}

/** What a loop or comprehension iterates over: the source, the types it
 *  binds (two when the target unpacks a pair), and the container variable
 *  that must keep its size while the loop runs. */
export interface Iterable {
  readonly code: string;
  readonly targets: readonly Ty[];
  readonly frozen: string | null;
}

/** Declare fresh names for an iterable's targets: `v3` or `k4, v5`. */
export function bindTargets(g: GenContext, targets: readonly Ty[]): string {
  return targets.map((t) => g.declare(g.fresh(t.k === "int" ? "i" : t.k === "str" ? "ch" : "v"), t, true).name).join(", ");
}

/** A short range: at most about a dozen iterations. */
export function shortRange(g: GenContext): string {
  const r = g.rng;
  return r.weighted<() => string>([
    [4, () => `range(${r.int(0, 8)})`],
    [2, () => { const a = r.int(-5, 5); return `range(${a}, ${a + r.int(0, 10)})`; }],
    [1, () => { const a = r.int(-10, 10); const s = r.pick([2, 3, -1, -2, -3]); return `range(${a}, ${a + s * r.int(0, 6)}, ${s})`; }],
    [1, () => `range(${expr(g, INT, 1)} % ${r.int(2, 9)})`],
  ])();
}

export function iterable(g: GenContext, d: number, elTy?: Ty): Iterable {
  const r = g.rng;
  const lists = g.ofKind("list").filter((v) => !elTy || sameTy((v.ty as { el: Ty }).el, elTy));
  const strs = g.ofKind("str");
  const dicts = g.ofKind("dict").filter((v) => !elTy || sameTy((v.ty as { key: Ty }).key, elTy));
  const sets = g.ofKind("set").filter((v) => !elTy || sameTy((v.ty as { el: Ty }).el, elTy));
  const want = (t: Ty) => !elTy || sameTy(t, elTy);
  const options: [number, () => Iterable][] = [];
  if (want(INT)) {
    options.push([5, () => ({ code: shortRange(g), targets: [INT], frozen: null })]);
    options.push([1, () => ({ code: `reversed(${shortRange(g)})`, targets: [INT], frozen: null })]);
  }
  if (lists.length) {
    options.push([6, () => { const v = r.pick(lists); return { code: v.name, targets: [(v.ty as { el: Ty }).el], frozen: v.name }; }]);
    options.push([1, () => { const v = r.pick(lists); return { code: `reversed(${v.name})`, targets: [(v.ty as { el: Ty }).el], frozen: v.name }; }]);
    options.push([1, () => { const v = r.pick(lists); return { code: `${v.name}[${sliceBounds(g, 0)}]`, targets: [(v.ty as { el: Ty }).el], frozen: null }; }]);
  }
  const el = elTy ?? randomElementTy(r);
  options.push([3, () => ({ code: containerExpr(g, listOf(el), Math.min(d, 1)), targets: [el], frozen: null })]);
  if (isOrdered(el)) options.push([1, () => ({ code: `sorted(${named(g, listOf(el))})`, targets: [el], frozen: null })]);
  if (want(STR)) options.push([3, () => ({ code: strs.length && r.chance(0.6) ? r.pick(strs).name : strLit(r), targets: [STR], frozen: null })]);
  if (dicts.length) {
    options.push([3, () => { const v = r.pick(dicts); return { code: r.chance(0.5) ? v.name : `${v.name}.keys()`, targets: [(v.ty as { key: Ty }).key], frozen: v.name }; }]);
  }
  if (sets.length) options.push([2, () => { const v = r.pick(sets); return { code: v.name, targets: [(v.ty as { el: Ty }).el], frozen: v.name }; }]);
  if (!elTy) {
    const allDicts = g.ofKind("dict");
    if (allDicts.length) {
      options.push([3, () => { const v = r.pick(allDicts); const t = v.ty as { key: Ty; val: Ty }; return { code: `${v.name}.items()`, targets: [t.key, t.val], frozen: v.name }; }]);
      options.push([1, () => { const v = r.pick(allDicts); const t = v.ty as { key: Ty; val: Ty }; return { code: `${v.name}.values()`, targets: [t.val], frozen: v.name }; }]);
    }
    const allLists = g.ofKind("list");
    if (allLists.length) {
      options.push([2, () => {
        const v = r.pick(allLists);
        const start = r.weighted<string>([[3, ""], [1, `, ${r.int(-3, 10)}`], [1, `, start=${r.int(-3, 10)}`]]);
        return { code: `enumerate(${v.name}${start})`, targets: [INT, (v.ty as { el: Ty }).el], frozen: v.name };
      }]);
      options.push([2, () => {
        const a = r.pick(allLists);
        const b = r.chance(0.5) ? r.pick(allLists) : null;
        const bTy = b ? (b.ty as { el: Ty }).el : STR;
        return { code: `zip(${a.name}, ${b ? b.name : strLit(r)})`, targets: [(a.ty as { el: Ty }).el, bTy], frozen: a.name };
      }]);
      const pairLists = allLists.filter((v) => (v.ty as { el: Ty }).el.k === "tuple");
      if (pairLists.length) options.push([2, () => { const v = r.pick(pairLists); return { code: v.name, targets: ((v.ty as { el: Ty }).el as { els: readonly Ty[] }).els, frozen: v.name }; }]);
    }
  }
  return r.weighted(options)();
}

/** An iterable of `elTy` values written as a builtin's argument: a
 *  generator expression, a comprehension or a container. */
export function genexpr(g: GenContext, elTy: Ty, d: number): string {
  return g.block(() => {
    const it = iterable(g, d);
    const target = bindTargets(g, it.targets);
    const value = expr(g, elTy, d);
    const cond = g.rng.chance(0.3) ? ` if ${expr(g, BOOL, 0)}` : "";
    const gen = `${value} for ${target} in ${it.code}${cond}`;
    return g.rng.chance(0.8) ? gen : `[${gen}]`;
  });
}

/** `[value for target in iterable if cond]` and its set and dict forms. */
function comprehension(g: GenContext, t: Ty, d: number): string {
  return g.block(() => {
    const it = iterable(g, d);
    const target = bindTargets(g, it.targets);
    const cond = g.rng.chance(0.35) ? ` if ${expr(g, BOOL, 0)}` : "";
    const inner = t.k !== "dict" && g.rng.chance(0.12) ? shortRange(g) : null;
    const nested = inner ? ` for ${bindTargets(g, [INT])} in ${inner}` : "";
    switch (t.k) {
      case "list":
        return `[${expr(g, t.el, d)} for ${target} in ${it.code}${nested}${cond}]`;
      case "set":
        return `{${expr(g, t.el, d)} for ${target} in ${it.code}${nested}${cond}}`;
      case "dict":
        return `{${expr(g, t.key, d)}: ${expr(g, t.val, d)} for ${target} in ${it.code}${cond}}`;
      default:
        throw new Error(`no comprehension builds ${t.k}`);
    }
  });
}

/** A sort key for elements of `el`: a lambda over the element alone (apc
 *  compiles lambdas as sort keys; they must not capture locals). */
export function sortKey(g: GenContext, el: Ty): string {
  return g.isolated(() => {
    const v = g.declare(g.fresh("k"), el, true).name;
    const keyTy = g.rng.pick([INT, STR, tupleOf(INT, STR), FLOAT]);
    const body = el.k === "int" && g.rng.chance(0.5) ? g.rng.pick([`-${v}`, `(${v} % 3, ${v})`, `abs(${v})`, `(${v} % 5, -${v})`]) : el.k === "str" && g.rng.chance(0.5) ? g.rng.pick([`len(${v})`, `(len(${v}), ${v})`, `${v}.lower()`, `${v}[::-1]`]) : expr(g, keyTy, 1);
    return `lambda ${v}: ${body}`;
  });
}

export function containerExpr(g: GenContext, t: Ty, d: number): string {
  switch (t.k) {
    case "list":
      return listExpr(g, t, d);
    case "set":
      return setExpr(g, t, d);
    case "dict":
      return dictExpr(g, t, d);
    case "tuple":
      return choose(g, [
        [3, () => leaf(g, t)],
        [4, () => `(${t.els.map((x) => expr(g, x, d)).join(", ")}${t.els.length === 1 ? "," : ""})`],
        [1, () => `(${expr(g, t, d)} if ${expr(g, BOOL, d)} else ${expr(g, t, d)})`],
      ]);
    default:
      return expr(g, t, d);
  }
}

/** Some container or string, for len(). */
export function containerOf(g: GenContext, d: number): string {
  return containerExpr(g, g.rng.pick([listOf(INT), listOf(STR), setOf(randomSetElTy(g.rng)), { k: "dict", key: STR, val: INT } as Ty]), d);
}

function listExpr(g: GenContext, t: Extract<Ty, { k: "list" }>, d: number): string {
  const r = g.rng;
  const el = t.el;
  const e = () => expr(g, t, d);
  const dictsWithKeys = g.variables().filter((v) => v.ty.k === "dict" && sameTy(v.ty.key, el));
  const dictsWithVals = g.variables().filter((v) => v.ty.k === "dict" && sameTy(v.ty.val, el));
  const dictsWithItems = g.variables().filter((v) => v.ty.k === "dict" && el.k === "tuple" && el.els.length === 2 && sameTy(v.ty.key, el.els[0]!) && sameTy(v.ty.val, el.els[1]!));
  const setsOf = g.variables().filter((v) => v.ty.k === "set" && sameTy(v.ty.el, el));
  return choose(g, [
    [4, () => `[${Array.from({ length: r.int(1, 4) }, () => expr(g, el, d)).join(", ")}]`],
    [1, () => literal(r, t)],
    [3, () => `(${e()} + ${e()})`],
    [3, () => `${named(g, t)}[${sliceBounds(g, d)}]`],
    [isOrdered(el) ? 3 : 0, () => `sorted(${e()}${r.chance(0.3) ? ", reverse=True" : ""})`],
    [isOrdered(el) ? 1 : 0, () => `sorted(${named(g, t)}, key=${sortKey(g, el)}${r.chance(0.2) ? ", reverse=True" : ""})`],
    [1, () => `list(reversed(${e()}))`],
    [5, () => comprehension(g, t, d)],
    [el.k === "int" ? 3 : 0, () => `list(${shortRange(g)})`],
    [el.k === "str" ? 3 : 0, () => `${expr(g, STR, d)}.split(${r.chance(0.5) ? "" : separator(g)})`],
    [el.k === "str" ? 1 : 0, () => `list(${expr(g, STR, d)})`],
    [dictsWithKeys.length ? 2 : 0, () => `list(${r.pick(dictsWithKeys).name}${r.chance(0.5) ? ".keys()" : ""})`],
    [dictsWithVals.length ? 2 : 0, () => `list(${r.pick(dictsWithVals).name}.values())`],
    [dictsWithItems.length ? 2 : 0, () => `list(${r.pick(dictsWithItems).name}.items())`],
    [setsOf.length ? 1 : 0, () => `${isOrdered(el) && r.chance(0.6) ? "sorted" : "list"}(${r.pick(setsOf).name})`],
    [1, () => `(${e()} * ${r.int(0, 3)})`],
    [1, () => `${named(g, t)}.copy()`],
    [1, () => `(${e()} if ${expr(g, BOOL, d)} else ${e()})`],
    [el.k === "str" ? 1 : 0, () => `[str(x) for x in ${named(g, listOf(INT))}]`],
    [el.k === "float" ? 1 : 0, () => `[float(x) for x in ${named(g, listOf(INT))}]`],
  ]);
}

function setExpr(g: GenContext, t: Extract<Ty, { k: "set" }>, d: number): string {
  const r = g.rng;
  const e = () => expr(g, t, d);
  return choose(g, [
    [3, () => `{${Array.from({ length: r.int(1, 4) }, () => expr(g, t.el, d)).join(", ")}}`],
    [3, () => `set(${expr(g, listOf(t.el), d)})`],
    [4, () => `(${e()} ${r.pick(["|", "&", "-", "^"])} ${e()})`],
    [3, () => comprehension(g, t, d)],
    [t.el.k === "str" ? 1 : 0, () => `set(${expr(g, STR, d)})`],
    [1, () => `${named(g, t)}.copy()`],
  ]);
}

function dictExpr(g: GenContext, t: Extract<Ty, { k: "dict" }>, d: number): string {
  const r = g.rng;
  return choose(g, [
    [4, () => `{${Array.from({ length: r.int(1, 4) }, () => `${expr(g, t.key, d)}: ${expr(g, t.val, d)}`).join(", ")}}`],
    [4, () => comprehension(g, t, d)],
    [2, () => `dict(zip(${expr(g, listOf(t.key), d)}, ${expr(g, listOf(t.val), d)}))`],
    [1, () => `dict(${named(g, t)})`],
    [1, () => `${named(g, t)}.copy()`],
    [1, () => `{${expr(g, t.key, d)}: ${expr(g, t.val, d)}}`],
  ]);
}


