// The static types apc infers for Python values, and the rules that combine
// them (numeric promotion, truthiness). Owns type shapes and their printing;
// not where types are inferred (infer.ts) or lowered (ir/).

export type Ty =
  | { readonly kind: "int" }
  | { readonly kind: "float" }
  | { readonly kind: "bool" }
  | { readonly kind: "none" }
  | { readonly kind: "str" }
  /** The type of a call that never returns (a function that always
   *  recurses or exits): code after it is unreachable. */
  | { readonly kind: "never" };

export type TyKind = Ty["kind"];

export const T = {
  int: { kind: "int" } as Ty,
  float: { kind: "float" } as Ty,
  bool: { kind: "bool" } as Ty,
  none: { kind: "none" } as Ty,
  str: { kind: "str" } as Ty,
  never: { kind: "never" } as Ty,
} as const;

export function tyEq(a: Ty, b: Ty): boolean {
  return a.kind === b.kind;
}

/** The name CPython uses in messages (`'int'`, `'NoneType'`). */
export function pyTypeName(t: Ty): string {
  return t.kind === "none" ? "NoneType" : t.kind;
}

/** How apc prints a type in signatures and reports (`int`, `None`). */
export function showTy(t: Ty): string {
  return t.kind === "none" ? "None" : t.kind === "never" ? "NoReturn" : t.kind;
}

export function isNumeric(t: Ty): boolean {
  return t.kind === "int" || t.kind === "float" || t.kind === "bool";
}

/** The type of `a op b` for + - * // % when both are numeric: bools act as
 *  ints, any float makes the result float. */
export function promote(a: Ty, b: Ty): Ty {
  return a.kind === "float" || b.kind === "float" ? T.float : T.int;
}

/** Short mangling for specialisation names: `int,float` -> `if`. */
export function mangleTys(ts: readonly Ty[]): string {
  return ts.map((t) => ({ int: "i", float: "f", bool: "b", none: "n", str: "s", never: "x" })[t.kind]).join("");
}

/** Parse an annotation expression's name into a type (null: not one we know). */
export function tyFromAnnotationName(name: string): Ty | null {
  switch (name) {
    case "int":
      return T.int;
    case "float":
      return T.float;
    case "bool":
      return T.bool;
    case "str":
      return T.str;
    case "None":
      return T.none;
    default:
      return null;
  }
}
