// The static types the generator writes programs in, mirroring the subset
// apc compiles: each variable keeps one type for its whole life (apc refuses
// a variable whose type changes), containers are homogeneous, tuples are
// fixed. Owns the type terms, their annotations and the random choice of a
// type; values and expressions of a type live in values.ts/expressions.ts.

import type { Prng } from "./prng.js";

export type Ty =
  | { readonly k: "int" }
  | { readonly k: "float" }
  | { readonly k: "bool" }
  | { readonly k: "str" }
  | { readonly k: "none" }
  | { readonly k: "list"; readonly el: Ty }
  | { readonly k: "tuple"; readonly els: readonly Ty[] }
  | { readonly k: "dict"; readonly key: Ty; readonly val: Ty }
  | { readonly k: "set"; readonly el: Ty };

export const INT: Ty = { k: "int" };
export const FLOAT: Ty = { k: "float" };
export const BOOL: Ty = { k: "bool" };
export const STR: Ty = { k: "str" };
export const NONE: Ty = { k: "none" };
export const listOf = (el: Ty): Ty => ({ k: "list", el });
export const setOf = (el: Ty): Ty => ({ k: "set", el });
export const dictOf = (key: Ty, val: Ty): Ty => ({ k: "dict", key, val });
export const tupleOf = (...els: Ty[]): Ty => ({ k: "tuple", els });

/** The annotation CPython and apc both read: `dict[str, list[int]]`. */
export function annotation(t: Ty): string {
  switch (t.k) {
    case "int":
    case "float":
    case "bool":
    case "str":
      return t.k;
    case "none":
      return "None";
    case "list":
      return `list[${annotation(t.el)}]`;
    case "set":
      return `set[${annotation(t.el)}]`;
    case "dict":
      return `dict[${annotation(t.key)}, ${annotation(t.val)}]`;
    case "tuple":
      return `tuple[${t.els.map(annotation).join(", ")}]`;
  }
}

export function sameTy(a: Ty, b: Ty): boolean {
  return annotation(a) === annotation(b);
}

export const isNumeric = (t: Ty): boolean => t.k === "int" || t.k === "float" || t.k === "bool";

/** Values of the type have a total order (`<`, sorted, min, max). */
export function isOrdered(t: Ty): boolean {
  switch (t.k) {
    case "int":
    case "float":
    case "bool":
    case "str":
      return true;
    case "list":
      return isOrdered(t.el);
    case "tuple":
      return t.els.every(isOrdered);
    default:
      return false;
  }
}

/** Values of the type can be set elements and dict keys. */
export function isHashable(t: Ty): boolean {
  if (t.k === "tuple") return t.els.every(isHashable);
  return t.k === "int" || t.k === "float" || t.k === "bool" || t.k === "str";
}

/** Element types of lists: scalars mostly, some pairs and nested lists. */
export function randomElementTy(rng: Prng): Ty {
  return rng.weighted<Ty>([
    [5, INT],
    [2, FLOAT],
    [4, STR],
    [1, BOOL],
    [1, tupleOf(INT, STR)],
    [1, listOf(INT)],
  ]);
}

export function randomKeyTy(rng: Prng): Ty {
  return rng.weighted<Ty>([
    [4, STR],
    [4, INT],
    [1, tupleOf(INT, INT)],
  ]);
}

export function randomSetElTy(rng: Prng): Ty {
  return rng.weighted<Ty>([
    [5, INT],
    [3, STR],
    [1, FLOAT],
    [1, tupleOf(INT, INT)],
  ]);
}

/** A type for a new variable. */
export function randomVarTy(rng: Prng): Ty {
  return rng.weighted<Ty>([
    [8, INT],
    [4, FLOAT],
    [5, STR],
    [2, BOOL],
    [6, listOf(randomElementTy(rng))],
    [3, dictOf(randomKeyTy(rng), rng.pick([INT, STR, FLOAT, listOf(INT)]))],
    [2, setOf(randomSetElTy(rng))],
    [2, tupleOf(...Array.from({ length: rng.int(2, 3) }, () => rng.pick([INT, FLOAT, STR, BOOL])))],
  ]);
}

/** A parameter or return type of a generated function. */
export function randomParamTy(rng: Prng): Ty {
  return rng.weighted<Ty>([
    [6, INT],
    [3, FLOAT],
    [3, STR],
    [1, BOOL],
    [3, listOf(rng.pick([INT, STR, FLOAT]))],
    [1, dictOf(STR, INT)],
    [1, setOf(INT)],
  ]);
}
