// Which strings CPython 3.11 has already interned when it compiles a script:
// those of the interpreter at startup (cpython-interned.json, written from
// the reference CPython by scripts/cpython-interned.py) and the program's
// own identifiers (the parser interns every name). One detail of CPython's
// compiler depends on it: a frozenset constant is rebuilt, and may change
// its iteration order, when interning replaces one of its strings
// (intern_string_constants in Objects/codeobject.c). Owns that knowledge;
// not the rebuilding (ir/lower-containers.ts).

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Module } from "./ast.js";

let startup: ReadonlySet<string> | null = null;

function startupInterned(): ReadonlySet<string> {
  if (startup) return startup;
  // This file lives in compiler/frontend/ (or dist/compiler/frontend/).
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5 && !startup; i++) {
    const file = path.join(dir, "compiler", "frontend", "cpython-interned.json");
    if (existsSync(file)) startup = new Set((JSON.parse(readFileSync(file, "utf8")) as { strings: string[] }).strings);
    dir = path.dirname(dir);
  }
  if (!startup) throw new Error("compiler/frontend/cpython-interned.json not found next to the compiler");
  return startup;
}

const identifiers = new WeakMap<Module, ReadonlySet<string>>();

/** Every identifier the module's source names: variables, functions,
 *  parameters, attributes, keyword arguments, imports, globals. */
function moduleIdentifiers(mod: Module): ReadonlySet<string> {
  let ids = identifiers.get(mod);
  if (ids) return ids;
  const out = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!node || typeof node !== "object") return;
    const o = node as Record<string, unknown>;
    if (o.kind === "str") return; // a string literal is not a name
    if (o.kind === "name" && typeof o.id === "string") out.add(o.id);
    if (o.kind === "attribute" && typeof o.attr === "string") out.add(o.attr);
    for (const key of ["name", "asname", "module"]) if (typeof o[key] === "string") for (const part of (o[key] as string).split(".")) out.add(part);
    if (Array.isArray(o.names)) for (const n of o.names) if (typeof n === "string") out.add(n);
    for (const [key, v] of Object.entries(o)) if (key !== "span" && v && typeof v === "object") visit(v);
  };
  visit(mod.body);
  identifiers.set(mod, (ids = out));
  return ids;
}

/** Would CPython's interning replace this string constant of `mod` by an
 *  equal string interned before (all_name_chars)? A one-character constant
 *  is the shared one-character string, which the parser's names are too,
 *  so only the startup list tells (`_` and `o` are replaced, `Z` is not). */
export function internReplaces(s: string, mod: Module): boolean {
  if (!/^[A-Za-z0-9_]*$/.test(s)) return false;
  return startupInterned().has(s) || (s.length > 1 && moduleIdentifiers(mod).has(s));
}
