// The static types apc infers for Python values, and the rules that combine
// them (numeric promotion, refinement of empty containers). Owns type shapes,
// equality, joining and printing; not where types are inferred (infer.ts) or
// lowered (ir/).

export type Ty =
  | { readonly kind: "int" }
  | { readonly kind: "float" }
  | { readonly kind: "bool" }
  | { readonly kind: "none" }
  | { readonly kind: "str" }
  /** The type of a call that never returns (a function that always
   *  recurses or exits): code after it is unreachable. */
  | { readonly kind: "never" }
  | { readonly kind: "list"; readonly elem: Ty }
  | { readonly kind: "tuple"; readonly elems: readonly Ty[] }
  /** `tuple[T, ...]`: a tuple whose length is known only at run time
   *  (`tuple(xs)`); laid out as a list that is never mutated. */
  | { readonly kind: "vtuple"; readonly elem: Ty }
  | { readonly kind: "dict"; readonly key: Ty; readonly value: Ty }
  | { readonly kind: "set"; readonly elem: Ty }
  /** `d.keys()`, `d.values()`, `d.items()`: a live view of a dict, held as
   *  the dict itself (so it sees later changes, as CPython's views do). */
  | { readonly kind: "dictview"; readonly view: DictView; readonly key: Ty; readonly value: Ty }
  /** The element type of an empty container literal before use tells it
   *  (`xs = []` then `xs.append(1.5)`). */
  | { readonly kind: "unknown" };

export type TyKind = Ty["kind"];
export type DictView = "keys" | "values" | "items";

export const T = {
  int: { kind: "int" } as Ty,
  float: { kind: "float" } as Ty,
  bool: { kind: "bool" } as Ty,
  none: { kind: "none" } as Ty,
  str: { kind: "str" } as Ty,
  never: { kind: "never" } as Ty,
  unknown: { kind: "unknown" } as Ty,
  list: (elem: Ty): Ty => ({ kind: "list", elem }),
  tuple: (elems: readonly Ty[]): Ty => ({ kind: "tuple", elems }),
  vtuple: (elem: Ty): Ty => ({ kind: "vtuple", elem }),
  dict: (key: Ty, value: Ty): Ty => ({ kind: "dict", key, value }),
  set: (elem: Ty): Ty => ({ kind: "set", elem }),
  dictview: (view: DictView, key: Ty, value: Ty): Ty => ({ kind: "dictview", view, key, value }),
} as const;

/** What iterating a dict view gives. */
export function dictViewElem(t: Extract<Ty, { kind: "dictview" }>): Ty {
  return t.view === "keys" ? t.key : t.view === "values" ? t.value : T.tuple([t.key, t.value]);
}

export function tyEq(a: Ty, b: Ty): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "list":
    case "set":
    case "vtuple":
      return tyEq(a.elem, (b as typeof a).elem);
    case "dict":
      return tyEq(a.key, (b as typeof a).key) && tyEq(a.value, (b as typeof a).value);
    case "dictview": {
      const o = b as typeof a;
      return a.view === o.view && tyEq(a.key, o.key) && tyEq(a.value, o.value);
    }
    case "tuple": {
      const o = b as typeof a;
      return a.elems.length === o.elems.length && a.elems.every((t, i) => tyEq(t, o.elems[i]!));
    }
    default:
      return true;
  }
}

/** Does `t`, or a type inside it (elements, keys, values, fields), satisfy `pred`? */
export function tyContains(t: Ty, pred: (t: Ty) => boolean): boolean {
  if (pred(t)) return true;
  switch (t.kind) {
    case "list":
    case "set":
    case "vtuple":
      return tyContains(t.elem, pred);
    case "dict":
    case "dictview":
      return tyContains(t.key, pred) || tyContains(t.value, pred);
    case "tuple":
      return t.elems.some((e) => tyContains(e, pred));
    default:
      return false;
  }
}

/** Does the type still contain an unknown element type? */
export function hasUnknown(t: Ty): boolean {
  return tyContains(t, (x) => x.kind === "unknown");
}

/** Combine two types of the same value: equal types, or an empty container
 *  whose element type the other one knows. null when incompatible. */
export function joinTy(a: Ty, b: Ty): Ty | null {
  if (a.kind === "unknown") return b;
  if (b.kind === "unknown") return a;
  if (a.kind !== b.kind) return null;
  switch (a.kind) {
    case "list":
    case "set":
    case "vtuple": {
      const e = joinTy(a.elem, (b as typeof a).elem);
      return e ? { kind: a.kind, elem: e } : null;
    }
    case "dict": {
      const o = b as typeof a;
      const k = joinTy(a.key, o.key);
      const v = joinTy(a.value, o.value);
      return k && v ? T.dict(k, v) : null;
    }
    case "dictview": {
      const o = b as typeof a;
      const k = joinTy(a.key, o.key);
      const v = joinTy(a.value, o.value);
      return a.view === o.view && k && v ? T.dictview(a.view, k, v) : null;
    }
    case "tuple": {
      const o = b as typeof a;
      if (a.elems.length !== o.elems.length) return null;
      const es = a.elems.map((t, i) => joinTy(t, o.elems[i]!));
      return es.every((t): t is Ty => t !== null) ? T.tuple(es) : null;
    }
    default:
      return a;
  }
}

/** The name CPython uses in messages (`'int'`, `'NoneType'`). */
export function pyTypeName(t: Ty): string {
  return t.kind === "none" ? "NoneType" : t.kind === "vtuple" ? "tuple" : t.kind === "dictview" ? `dict_${t.view}` : t.kind;
}

/** How apc prints a type in signatures and reports (`list[float]`, `None`). */
export function showTy(t: Ty): string {
  switch (t.kind) {
    case "none":
      return "None";
    case "never":
      return "NoReturn";
    case "unknown":
      return "?";
    case "list":
    case "set":
      return `${t.kind}[${showTy(t.elem)}]`;
    case "dict":
      return `dict[${showTy(t.key)}, ${showTy(t.value)}]`;
    case "dictview":
      return `dict_${t.view}[${showTy(t.key)}, ${showTy(t.value)}]`;
    case "tuple":
      return `tuple[${t.elems.map(showTy).join(", ")}]`;
    case "vtuple":
      return `tuple[${showTy(t.elem)}, ...]`;
    default:
      return t.kind;
  }
}

export function isNumeric(t: Ty): boolean {
  return t.kind === "int" || t.kind === "float" || t.kind === "bool";
}

/** Values held by pointer (heap objects and strings). */
export function isReference(t: Ty): boolean {
  return t.kind === "str" || t.kind === "list" || t.kind === "tuple" || t.kind === "vtuple" || t.kind === "dict" || t.kind === "set" || t.kind === "dictview";
}

/** The type of `a op b` for + - * // % when both are numeric: bools act as
 *  ints, any float makes the result float. */
export function promote(a: Ty, b: Ty): Ty {
  return a.kind === "float" || b.kind === "float" ? T.float : T.int;
}

/** Short, symbol-safe mangling for specialisation names:
 *  (int, list[float]) -> "iLf". */
export function mangleTys(ts: readonly Ty[]): string {
  return ts.map(mangle).join("");
}

function mangle(t: Ty): string {
  switch (t.kind) {
    case "int":
      return "i";
    case "float":
      return "f";
    case "bool":
      return "b";
    case "none":
      return "n";
    case "str":
      return "s";
    case "never":
      return "x";
    case "unknown":
      return "u";
    case "list":
      return `L${mangle(t.elem)}`;
    case "set":
      return `S${mangle(t.elem)}`;
    case "dict":
      return `D${mangle(t.key)}${mangle(t.value)}`;
    case "dictview":
      return `W${t.view[0]}${mangle(t.key)}${mangle(t.value)}`;
    case "tuple":
      return `T${t.elems.length}${t.elems.map(mangle).join("")}`;
    case "vtuple":
      return `V${mangle(t.elem)}`;
  }
}

/** Parse a type as the profiler writes it (`int`, `list[float]`,
 *  `dict[str, list[int]]`, `tuple[int, str]`, `tuple[int, ...]`, `None`); null when apc has no
 *  such type. */
export function parseTy(text: string): Ty | null {
  let pos = 0;
  const s = text.replace(/\s+/g, "");
  const ident = () => {
    const m = /^[A-Za-z_][A-Za-z_0-9]*/.exec(s.slice(pos));
    if (!m) return null;
    pos += m[0].length;
    return m[0];
  };
  const parse = (): Ty | null => {
    const name = ident();
    if (!name) return null;
    if (s[pos] !== "[") return name === "list" ? T.list(T.unknown) : name === "dict" ? T.dict(T.unknown, T.unknown) : name === "set" ? T.set(T.unknown) : name === "NoneType" ? T.none : tyFromAnnotationName(name);
    pos++;
    const args: Ty[] = [];
    for (;;) {
      if (name === "tuple" && args.length === 1 && s.startsWith("...]", pos)) {
        pos += 4;
        return T.vtuple(args[0]!);
      }
      const a = parse();
      if (!a) return null;
      args.push(a);
      if (s[pos] === ",") pos++;
      else if (s[pos] === "]") {
        pos++;
        break;
      } else return null;
    }
    switch (name) {
      case "list":
        return args.length === 1 ? T.list(args[0]!) : null;
      case "set":
        return args.length === 1 ? T.set(args[0]!) : null;
      case "dict":
        return args.length === 2 ? T.dict(args[0]!, args[1]!) : null;
      case "tuple":
        return T.tuple(args);
      default:
        return null;
    }
  };
  const t = parse();
  return t && pos === s.length ? t : null;
}

/** Parse an annotation's name into a type (null: not one we know). */
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
