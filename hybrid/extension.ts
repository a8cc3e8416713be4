// The project's CPython extension module (`apc._apc_native`): generated C
// for the entry table (one entry per compiled specialisation: its runtime
// type descriptors, which parameters it may mutate, and a trampoline that
// calls the typed native symbol), compiled with the boundary
// (native/*.c) against the headers of the project's own
// interpreter, and linked with the objects apc compiled in library mode and
// the runtime. Owns nothing about which functions to compile (plan.ts).

import { execa } from "execa";
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseTy, type Ty } from "../compiler/frontend/types.js";
import { ensureRuntime, runtimeSourceDir } from "../compiler/backend/runtime-lib.js";
import { findToolchain } from "../compiler/backend/toolchain.js";

/** One compiled specialisation the extension exposes. */
export interface NativeEntry {
  /** "path/relative/to/root.py:qualname": how `@apc.native` finds it. */
  readonly key: string;
  readonly symbol: string;
  readonly params: readonly { name: string; type: string; mutated: boolean }[];
  readonly returns: string;
}

export interface PythonInfo {
  readonly executable: string;
  readonly include: string;
  readonly extSuffix: string;
  readonly version: string;
}

export class PythonHeadersMissing extends Error {
  constructor(python: string, include: string) {
    super(`${python} has no C headers (${include}/Python.h is missing): install them with \`apt-get install python3-dev\``);
  }
}

/** The interpreter's include folder, extension suffix and version. */
export async function pythonInfo(python = "python3"): Promise<PythonInfo> {
  const code = "import sys, sysconfig, json; print(json.dumps([sys.executable, sysconfig.get_paths()['include'], sysconfig.get_config_var('EXT_SUFFIX'), sys.version.split()[0]]))";
  const { stdout } = await execa(python, ["-c", code]);
  const [executable, include, extSuffix, version] = JSON.parse(stdout) as string[];
  if (!existsSync(path.join(include!, "Python.h"))) throw new PythonHeadersMissing(python, include!);
  return { executable: executable!, include: include!, extSuffix: extSuffix!, version: version! };
}

const BOUNDARY_DIR = path.join(path.dirname(runtimeSourceDir()), "hybrid", "native");
const PACKAGE_DIR = path.join(path.dirname(runtimeSourceDir()), "hybrid", "python", "apc");

/** Installs the `apc` package into `<buildDir>/apc/` (and the verify hook),
 *  with `tiers.json` naming the functions that run under Numba. */
export function installPackage(buildDir: string, numba: readonly string[] = []): string {
  const pkg = path.join(buildDir, "apc");
  mkdirSync(pkg, { recursive: true });
  for (const f of readdirSync(PACKAGE_DIR).filter((n) => n.endsWith(".py"))) copyFileSync(path.join(PACKAGE_DIR, f), path.join(pkg, f));
  writeFileSync(path.join(pkg, "tiers.json"), `${JSON.stringify(Object.fromEntries(numba.map((k) => [k, "numba"])), null, 1)}\n`);
  const hook = path.join(buildDir, "verify-hook");
  mkdirSync(hook, { recursive: true });
  copyFileSync(path.join(PACKAGE_DIR, "..", "verify-hook", "sitecustomize.py"), path.join(hook, "sitecustomize.py"));
  return pkg;
}

/** Builds `<buildDir>/apc/` (the Python package with the extension inside)
 *  from library-mode objects. Returns the extension's path. */
export async function buildExtension(opts: {
  buildDir: string;
  objects: readonly string[];
  entries: readonly NativeEntry[];
  python: PythonInfo;
  numba?: readonly string[];
}): Promise<string> {
  const pkg = installPackage(opts.buildDir, opts.numba);
  const moduleC = path.join(opts.buildDir, "apc_entries.c");
  writeFileSync(moduleC, entryTableC(opts.entries));
  const tc = await findToolchain();
  const rt = await ensureRuntime(tc.cc);
  const out = path.join(pkg, `_apc_native${opts.python.extSuffix}`);
  await execa(tc.cc, [
    "-O2",
    "-std=gnu11",
    "-fPIC",
    "-shared",
    "-fvisibility=hidden",
    `-I${opts.python.include}`,
    `-I${runtimeSourceDir()}`,
    `-I${BOUNDARY_DIR}`,
    ...["apc_boundary.c", "boundary_convert.c", "native_list.c"].map((f) => path.join(BOUNDARY_DIR, f)),
    moduleC,
    ...opts.objects,
    rt.archive,
    "-lm",
    "-o",
    out,
  ]);
  return out;
}

// ---- the generated C ----------------------------------------------------------

const KIND: Record<string, string> = {
  int: "APC_K_INT",
  float: "APC_K_FLOAT",
  bool: "APC_K_BOOL",
  none: "APC_K_NONE",
  str: "APC_K_STR",
  list: "APC_K_LIST",
  tuple: "APC_K_TUPLE",
  vtuple: "APC_K_VTUPLE",
  dict: "APC_K_DICT",
  set: "APC_K_SET",
};

/** C type of a value of `t` at the native symbol's ABI. */
function cType(t: Ty, ret: boolean): string {
  switch (t.kind) {
    case "int":
      return "int64_t";
    case "float":
      return "double";
    case "bool":
      return ret ? "unsigned char" : "_Bool";
    case "none":
      return "void";
    default:
      return "void *";
  }
}

/** A slot holding a value of `t` -> the C argument expression. */
function fromSlot(t: Ty, slot: string): string {
  switch (t.kind) {
    case "int":
      return slot;
    case "float":
      return `slot_f(${slot})`;
    case "bool":
      return `(${slot} != 0)`;
    default:
      return `(void *)(intptr_t)${slot}`;
  }
}

function toSlot(t: Ty, value: string): string {
  switch (t.kind) {
    case "int":
      return value;
    case "float":
      return `f_slot(${value})`;
    case "bool":
      return `(apc_slot)(${value} & 1)`;
    default:
      return `(apc_slot)(intptr_t)${value}`;
  }
}

const cString = (s: string) => JSON.stringify(s); // JSON escapes are valid C for these names

export function entryTableC(entries: readonly NativeEntry[]): string {
  const types = new Map<string, string>(); // showTy text -> C name
  const typeDefs: string[] = [];
  const desc = (t: Ty): string => {
    const key = JSON.stringify(t);
    const known = types.get(key);
    if (known) return known;
    const args = t.kind === "list" || t.kind === "set" || t.kind === "vtuple" ? [t.elem] : t.kind === "dict" ? [t.key, t.value] : t.kind === "tuple" ? t.elems : [];
    const argNames = args.map(desc);
    const name = `type_${types.size}`;
    types.set(key, name);
    if (argNames.length) typeDefs.push(`static const apc_type *const ${name}_args[] = {${argNames.map((a) => `&${a}`).join(", ")}};`);
    typeDefs.push(`static const apc_type ${name} = {${KIND[t.kind] ?? "0"}, ${argNames.length}, ${argNames.length ? `${name}_args` : "NULL"}};`);
    return name;
  };
  const parse = (text: string): Ty => {
    const t = parseTy(text);
    if (!t) throw new Error(`internal: cannot parse type ${text}`);
    return t;
  };

  const protos: string[] = [];
  const bodies: string[] = [];
  const rows: string[] = [];
  entries.forEach((e, i) => {
    const ps = e.params.map((p) => parse(p.type));
    const ret = parse(e.returns);
    protos.push(`extern ${cType(ret, true)} ${e.symbol}(${ps.map((p) => cType(p, false)).join(", ") || "void"});`);
    const call = `${e.symbol}(${ps.map((p, k) => fromSlot(p, `a[${k}]`)).join(", ")})`;
    bodies.push(
      `static void call_${i}(const apc_slot *a, apc_slot *r) {\n  (void)a;\n  ${ret.kind === "none" ? `(void)r;\n  ${call};` : `*r = ${toSlot(ret, call)};`}\n}`,
    );
    const pdescs = ps.map((p) => `&${desc(p)}`);
    bodies.push(`static const apc_type *const params_${i}[] = {${pdescs.join(", ") || "NULL"}};`);
    bodies.push(`static const char *const names_${i}[] = {${e.params.map((p) => cString(p.name)).join(", ") || "NULL"}};`);
    bodies.push(`static const unsigned char mutates_${i}[] = {${e.params.map((p) => (p.mutated ? 1 : 0)).join(", ") || "0"}};`);
    const retDesc = ret.kind === "none" ? "NULL" : `&${desc(ret)}`;
    rows.push(`  {${cString(e.key)}, ${cString(e.key.split(":").pop()!)}, ${ps.length}, names_${i}, params_${i}, ${retDesc}, mutates_${i}, call_${i}},`);
  });
  return [
    "/* Generated by apc (hybrid/extension.ts): the entry table of this project's native functions. */",
    '#include "apc_boundary.h"',
    "#include <string.h>",
    "",
    "static inline double slot_f(apc_slot v) { double d; memcpy(&d, &v, sizeof d); return d; }",
    "static inline apc_slot f_slot(double d) { apc_slot v; memcpy(&v, &d, sizeof v); return v; }",
    "",
    ...typeDefs,
    "",
    ...protos,
    "",
    ...bodies,
    "",
    "const apcb_entry apcb_entries[] = {",
    ...rows,
    "  {NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL},",
    "};",
    `const int apcb_nentries = ${entries.length};`,
    "",
  ].join("\n");
}
