// One interface for every tier a strategy can choose for a function:
// `python` (leave it), `numba` (@njit, when Numba is installed for the
// project's interpreter and accepts the function with its signature),
// `apc-O1`, `apc-O3`, `apc-custom` (a given `opt` pipeline). Each returns
// the artifact, the compile time and any refusal, so tiers compare on equal
// terms (the agents call this; apc optimize uses the apc tiers through the
// same compile()).

import { execa } from "execa";
import { readFileSync } from "node:fs";
import path from "node:path";
import { compile } from "../compiler/driver.js";
import { parseTy, type Ty } from "../compiler/frontend/types.js";

export const TIERS = ["python", "numba", "apc-O1", "apc-O3", "apc-custom"] as const;
export type TierName = (typeof TIERS)[number];

export interface TierRequest {
  /** The module's file (absolute), and the function's qualified name. */
  readonly file: string;
  readonly qualname: string;
  readonly tier: TierName;
  /** apc-custom: the `opt -passes=` pipeline. */
  readonly passes?: string;
  /** Argument types when annotations do not give them (["list[float]", "int"]). */
  readonly argTypes?: readonly string[];
  /** apc tiers: where the object goes; symbols start with this prefix. */
  readonly output?: string;
  readonly symbolPrefix?: string;
  /** numba: the interpreter to try it under. */
  readonly python?: string;
}

export interface TierResult {
  readonly tier: TierName;
  readonly ok: boolean;
  /** apc: the object file; numba: the signature it compiled; python: null. */
  readonly artifact: string | null;
  /** apc: the exported symbols (one per specialisation). */
  readonly symbols: string[];
  readonly compileSeconds: number;
  readonly refusal: { code: string; message: string; line: number; col: number } | null;
}

export async function compileTier(req: TierRequest): Promise<TierResult> {
  const started = performance.now();
  const done = (r: Omit<TierResult, "tier" | "compileSeconds">): TierResult => ({ tier: req.tier, compileSeconds: (performance.now() - started) / 1000, ...r });
  const refuse = (code: string, message: string, line = 1, col = 1) => done({ ok: false, artifact: null, symbols: [], refusal: { code, message, line, col } });
  switch (req.tier) {
    case "python":
      return done({ ok: true, artifact: null, symbols: [], refusal: null });
    case "numba":
      return compileNumba(req, refuse, done);
    case "apc-O1":
    case "apc-O3":
    case "apc-custom": {
      if (req.tier === "apc-custom" && !req.passes) return refuse("no-pipeline", "apc-custom needs an opt pipeline (passes)");
      const source = readFileSync(req.file, "utf8");
      const hints = req.argTypes ? { [req.qualname]: [[...req.argTypes]] } : undefined;
      const r = await compile(source, {
        file: req.file,
        emit: "obj",
        output: req.output ?? req.file.replace(/\.py$/, `.${req.tier}.o`),
        optLevel: req.tier === "apc-O1" ? 1 : 3,
        passes: req.tier === "apc-custom" ? req.passes : undefined,
        signatureHints: hints,
        library: { symbolPrefix: req.symbolPrefix ?? "apc_t_" },
      });
      const mine = r.functions.filter((f) => f.name === req.qualname);
      const compiled = mine.filter((f) => f.status === "compiled");
      if (!compiled.length) {
        const why = mine.find((f) => f.reason)?.reason ?? { code: "not-found", message: `no function ${req.qualname} in ${path.basename(req.file)}`, line: 1, col: 1 };
        return refuse(why.code, why.message, why.line, why.col);
      }
      return done({ ok: true, artifact: r.artifacts.object ?? null, symbols: compiled.map((f) => f.symbol!), refusal: null });
    }
  }
}

/** An apc type as Numba sees it (mapped to numba.types in the probe), or
 *  null when there is no faithful mapping. */
export type NumbaTy = string | { list: NumbaTy } | { tuple: NumbaTy[] };

export function numbaType(t: Ty): NumbaTy | null {
  switch (t.kind) {
    case "int":
      return "int64";
    case "float":
      return "float64";
    case "bool":
      return "boolean";
    case "str":
      return "unicode_type";
    case "list": {
      const e = numbaType(t.elem);
      return e ? { list: e } : null;
    }
    case "tuple": {
      const es = t.elems.map(numbaType);
      return es.every((e) => e !== null) ? { tuple: es as NumbaTy[] } : null;
    }
    default:
      return null;
  }
}

// Compiles one function with Numba in a fresh interpreter. Only the module's
// imports, definitions and constant assignments run (parsed with ast): the
// probe must not run the program itself, which may print, write files or
// take minutes.
const NUMBA_PROBE = String.raw`
import ast, json, os, sys, time, types as pytypes
file, qualname, argtypes = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
try:
    import numba
    from numba import types
except ImportError as e:
    print(json.dumps({"ok": False, "code": "numba-missing", "message": f"Numba is not installed for {sys.executable} ({e})"}))
    sys.exit(0)

def ty(t):
    if isinstance(t, str):
        return getattr(types, t)
    if "list" in t:
        return types.List(ty(t["list"]), reflected=True)
    return types.Tuple(tuple(ty(e) for e in t["tuple"]))

CONSTANT = (ast.Constant, ast.Name, ast.Load, ast.Attribute, ast.BinOp, ast.UnaryOp, ast.operator, ast.unaryop, ast.Tuple, ast.List, ast.Set, ast.Dict)

def constant(e):
    return e is not None and all(isinstance(n, CONSTANT) for n in ast.walk(e))

def kept(s):
    if isinstance(s, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef)):
        return True
    if isinstance(s, ast.Assign):
        return constant(s.value)
    return isinstance(s, ast.AnnAssign) and constant(s.value) and constant(s.annotation)

with open(file) as f:
    tree = ast.parse(f.read(), file)
tree.body = [s for s in tree.body if kept(s)]
sys.path.insert(0, os.path.dirname(file))
module = pytypes.ModuleType("_apc_numba_probe")
module.__file__ = file
try:
    exec(compile(tree, file, "exec"), module.__dict__)
    fn = getattr(module, qualname)
except Exception as e:
    print(json.dumps({"ok": False, "code": "numba-refused", "message": f"the module's definitions did not load: {type(e).__name__}: {e}"}))
    sys.exit(0)
sig = tuple(ty(t) for t in argtypes)
t0 = time.perf_counter()
try:
    numba.njit(sig)(fn)
except Exception as e:
    first = str(e).strip().splitlines()
    hint = " (the probe runs only the module's imports, definitions and constant assignments)" if "Untyped global name" in str(e) else ""
    print(json.dumps({"ok": False, "code": "numba-refused", "message": f"{type(e).__name__}: {first[0] if first else ''}{hint}"}))
    sys.exit(0)
print(json.dumps({"ok": True, "seconds": time.perf_counter() - t0, "signature": str(sig)}))
`;

async function compileNumba(
  req: TierRequest,
  refuse: (code: string, message: string) => TierResult,
  done: (r: Omit<TierResult, "tier" | "compileSeconds">) => TierResult,
): Promise<TierResult> {
  const argTypes = req.argTypes ?? (await annotatedTypes(req));
  if (!argTypes) return refuse("no-types", "no argument types for Numba's eager compile: annotate the function or pass argTypes");
  const mapped = argTypes.map((a) => {
    const t = parseTy(a);
    return t ? numbaType(t) : null;
  });
  const missing = argTypes.find((_, i) => mapped[i] === null);
  if (missing !== undefined) return refuse("numba-type", `no Numba type for ${missing}`);
  const r = await execa(req.python ?? "python3", ["-c", NUMBA_PROBE, req.file, req.qualname, JSON.stringify(mapped)], { reject: false, cwd: path.dirname(req.file), timeout: 300_000 });
  const last = r.stdout.trim().split("\n").pop() ?? "";
  let out: { ok: boolean; code?: string; message?: string; signature?: string };
  try {
    out = JSON.parse(last);
  } catch {
    return refuse("numba-crashed", `the Numba probe failed: ${(r.stderr || r.stdout).trim().split("\n").pop() ?? `exit ${r.exitCode}`}`);
  }
  if (!out.ok) return refuse(out.code ?? "numba-refused", out.message ?? "refused");
  return done({ ok: true, artifact: out.signature ?? null, symbols: [], refusal: null });
}

/** The parameter types the compiler sees for the function (annotations). */
async function annotatedTypes(req: TierRequest): Promise<string[] | null> {
  const r = await compile(readFileSync(req.file, "utf8"), { file: req.file, emit: "ir", library: { symbolPrefix: "apc_probe_" } });
  const f = r.functions.find((x) => x.name === req.qualname && x.params);
  return f ? f.params!.map((p) => p.type) : null;
}
