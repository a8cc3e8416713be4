// A function's features: the numbers the policy model predicts from and the
// vector memory's embedding. Owns the vocabulary (FEATURE_NAMES, fixed
// order: stored vectors depend on it, so append, never reorder) and the
// extraction: static counts from apc's own AST of the function (loops and
// their depth, arithmetic by kind, container reads/writes/allocations, calls
// to the project's functions and to builtins, parameter types from the
// compiled signature), plus what a run measured (share of the run, calls,
// seconds per call, signature stability). Does not own training or
// normalising them (agents/policy/).

import type { Expr, FunctionDef, Stmt } from "../compiler/frontend/ast.js";
import { parseModule } from "../compiler/frontend/parse.js";

export const FEATURE_NAMES = [
  "loop_depth_max", // deepest nesting of for/while/comprehension loops
  "loops", // loop statements and comprehension generators
  "float_ops", // arithmetic with a float literal or a float-typed parameter nearby (see floatish)
  "int_ops", // other arithmetic, augmented assignments included
  "compare_ops",
  "calls_internal", // calls to functions defined in the project
  "calls_builtin", // calls to builtins, math, methods
  "container_reads", // subscripts read, `in` tests, iteration over a container
  "container_writes", // subscript stores, append/extend/insert/pop/add/update...
  "container_allocs", // list/dict/set/tuple displays, comprehensions, [x] * n
  "str_ops", // string methods, f-strings, string literals in expressions
  "list_params",
  "dict_params",
  "str_params",
  "float_params",
  "int_params",
  "lines", // source lines of the function
  "share_of_run", // 0..1 of the Python run's time, measured at the boundary
  "calls_per_run",
  "seconds_per_call",
  "type_stability", // 1 = one observed signature; 1/n for n signatures
  "recursion", // 0/1: calls itself
  "returns_container", // 0/1
  // From apc's typed SSA IR of the function (the library-mode compile), 0 when it does not compile:
  "ir_insts", // instructions
  "ir_blocks", // basic blocks
  "ir_float_insts", // f64 arithmetic, comparisons and conversions
  "ir_container_insts", // inline list/tuple/str element access
  "ir_runtime_calls", // calls into the C runtime (allocation, dict/set, str methods...)
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];
export type FeatureVector = Record<FeatureName, number>;

/** Thrown by fromArray when the array does not have one number per feature. */
export class FeatureVectorInvalid extends Error {
  readonly code = "invalid-feature-vector";
  constructor(detail: string) {
    super(`invalid feature vector: ${detail}`);
  }
}

/** The vector's values in FEATURE_NAMES order. */
export function toArray(v: FeatureVector): number[] {
  return FEATURE_NAMES.map((n) => v[n]);
}

/** The inverse of toArray; the array must hold exactly one finite number per feature. */
export function fromArray(values: readonly number[]): FeatureVector {
  if (values.length !== FEATURE_NAMES.length) throw new FeatureVectorInvalid(`expected ${FEATURE_NAMES.length} values, got ${values.length}`);
  const out = {} as FeatureVector;
  FEATURE_NAMES.forEach((n, i) => {
    const x = values[i]!;
    if (!Number.isFinite(x)) throw new FeatureVectorInvalid(`${n} is ${x}`);
    out[n] = x;
  });
  return out;
}

/** What a run measured about the function (all optional: a cold or
 *  unprofiled function has none). */
export interface RunFacts {
  readonly share?: number;
  readonly calls?: number;
  readonly seconds?: number;
  readonly signatures?: number;
}

const MUTATORS = new Set(["append", "extend", "insert", "pop", "remove", "add", "discard", "update", "setdefault", "clear", "sort", "reverse"]);
const STR_METHODS = new Set(["split", "join", "strip", "lstrip", "rstrip", "replace", "find", "index", "count", "startswith", "endswith", "upper", "lower", "isdigit", "isalpha", "isspace", "format", "capitalize"]);

/** Static features of `qualname` in `source` (null when there is no such
 *  module-level function), with `paramTypes` from the compiled signature or
 *  annotations when known, and the run's facts. */
export function extractFeatures(source: string, file: string, qualname: string, paramTypes: readonly string[] | null, facts: RunFacts = {}): FeatureVector | null {
  const { module } = parseModule(source, file);
  const defs = new Map<string, FunctionDef>();
  for (const s of module.body) if (s.kind === "funcdef") defs.set(s.def.name, s.def);
  const def = defs.get(qualname);
  if (!def) return null;
  const f = Object.fromEntries(FEATURE_NAMES.map((n) => [n, 0])) as Record<FeatureName, number>;
  const floatNames = new Set<string>();
  const types = paramTypes ?? def.params.map((p) => (p.annotation ? annotationText(source, p.annotation) : ""));
  def.params.forEach((p, i) => {
    const t = types[i] ?? "";
    if (t.startsWith("list") || t.startsWith("tuple")) f.list_params++;
    else if (t.startsWith("dict") || t.startsWith("set")) f.dict_params++;
    else if (t === "str") f.str_params++;
    else if (t === "float") (f.float_params++, floatNames.add(p.name));
    else if (t === "int" || t === "bool") f.int_params++;
  });
  if (def.returns) {
    const r = annotationText(source, def.returns);
    f.returns_container = /^(list|dict|set|tuple)/.test(r) ? 1 : 0;
  }

  const floatish = (e: Expr): boolean => e.kind === "float" || (e.kind === "name" && floatNames.has(e.id)) || (e.kind === "binop" && (e.op === "/" || floatish(e.left) || floatish(e.right)));
  const expr = (e: Expr | null, depth: number): void => {
    if (!e) return;
    switch (e.kind) {
      case "binop":
        if (floatish(e)) f.float_ops++;
        else f.int_ops++;
        if (e.op === "*" && (e.left.kind === "list" || e.right.kind === "list")) f.container_allocs++;
        expr(e.left, depth);
        expr(e.right, depth);
        return;
      case "unary":
        return expr(e.operand, depth);
      case "boolop":
        expr(e.left, depth);
        return expr(e.right, depth);
      case "compare":
        f.compare_ops += e.ops.length;
        if (e.ops.some((o) => o === "in" || o === "not in")) f.container_reads++;
        expr(e.left, depth);
        return e.comparators.forEach((c) => expr(c, depth));
      case "ifexp":
        expr(e.test, depth);
        expr(e.body, depth);
        return expr(e.orelse, depth);
      case "call": {
        if (e.func.kind === "name" && defs.has(e.func.id)) {
          f.calls_internal++;
          if (e.func.id === qualname) f.recursion = 1;
        } else if (e.func.kind === "attribute") {
          if (MUTATORS.has(e.func.attr)) f.container_writes++;
          else if (STR_METHODS.has(e.func.attr)) f.str_ops++;
          else f.calls_builtin++;
          expr(e.func.value, depth);
        } else f.calls_builtin++;
        e.args.forEach((a) => expr(a, depth));
        return e.keywords.forEach((k) => expr(k.value, depth));
      }
      case "attribute":
        return expr(e.value, depth);
      case "subscript":
        f.container_reads++;
        expr(e.value, depth);
        return expr(e.index, depth);
      case "slice":
        expr(e.lower, depth);
        expr(e.upper, depth);
        return expr(e.step, depth);
      case "tuple":
      case "list":
      case "set":
        if (e.kind !== "tuple" || e.elts.length) f.container_allocs++;
        return e.elts.forEach((x) => expr(x, depth));
      case "dict":
        f.container_allocs++;
        e.keys.forEach((k) => expr(k, depth));
        return e.values.forEach((v) => expr(v, depth));
      case "starred":
        return expr(e.value, depth);
      case "comprehension": {
        f.container_allocs++;
        let d = depth;
        for (const g of e.generators) {
          d++;
          f.loops++;
          f.loop_depth_max = Math.max(f.loop_depth_max, d);
          f.container_reads++;
          expr(g.iter, d);
          g.ifs.forEach((c) => expr(c, d));
        }
        expr(e.elt, d);
        return expr(e.value, d);
      }
      case "fstring":
        f.str_ops++;
        return;
      case "str":
        f.str_ops++;
        return;
      case "lambda":
        return expr(e.body, depth);
      case "int":
      case "float":
      case "bool":
      case "none":
      case "name":
      case "unsupported":
        return;
    }
  };
  const stores = (t: Expr, depth: number) => {
    if (t.kind === "subscript") {
      f.container_writes++;
      expr(t.value, depth);
      expr(t.index, depth);
    } else if (t.kind === "tuple" || t.kind === "list") t.elts.forEach((x) => stores(x, depth));
  };
  const stmts = (body: readonly Stmt[], depth: number): void => {
    for (const s of body) {
      switch (s.kind) {
        case "expr":
          expr(s.value, depth);
          break;
        case "assign":
          s.targets.forEach((t) => stores(t, depth));
          expr(s.value, depth);
          break;
        case "augassign":
          if (floatish(s.value) || (s.target.kind === "name" && floatNames.has(s.target.id))) f.float_ops++;
          else f.int_ops++;
          stores(s.target, depth);
          if (s.target.kind === "subscript") f.container_reads++;
          expr(s.value, depth);
          break;
        case "annassign":
          if (s.annotation && /float/.test(annotationText(source, s.annotation)) && s.target.kind === "name") floatNames.add(s.target.id);
          expr(s.value, depth);
          break;
        case "if":
          expr(s.test, depth);
          stmts(s.body, depth);
          stmts(s.orelse, depth);
          break;
        case "while":
        case "for": {
          f.loops++;
          f.loop_depth_max = Math.max(f.loop_depth_max, depth + 1);
          if (s.kind === "for") {
            const it = s.iter;
            if (!(it.kind === "call" && it.func.kind === "name" && it.func.id === "range")) f.container_reads++;
            expr(it, depth + 1);
          } else expr(s.test, depth + 1);
          stmts(s.body, depth + 1);
          stmts(s.orelse, depth);
          break;
        }
        case "return":
          expr(s.value, depth);
          break;
        case "assert":
          expr(s.test, depth);
          break;
        case "del":
          f.container_writes += s.targets.length;
          break;
        case "try":
          stmts(s.body, depth);
          s.handlers.forEach((h) => stmts(h.body, depth));
          stmts(s.orelse, depth);
          stmts(s.finalbody, depth);
          break;
        case "funcdef":
          stmts(s.def.body, depth);
          break;
        default:
          break;
      }
    }
  };
  stmts(def.body, 0);
  f.lines = def.span.endLine - def.span.line + 1;
  f.share_of_run = facts.share ?? 0;
  f.calls_per_run = facts.calls ?? 0;
  f.seconds_per_call = facts.calls && facts.seconds ? facts.seconds / facts.calls : 0;
  f.type_stability = facts.signatures ? 1 / facts.signatures : 1;
  return f;
}

const FLOAT_OPS = /^(fadd|fsub|fmul|fdiv|fneg|fmod|ffloordiv|fpow|fsqrt|fcmp|itof|ftoi|ifcmp)$/;
const CONTAINER_OPS = /^(listlen|listget|listset|listgetb|listsetb|strascii|strasciicode|strfindc|tupleget|tupleset)$/;

export type IrFeatures = Pick<FeatureVector, "ir_insts" | "ir_blocks" | "ir_float_insts" | "ir_container_insts" | "ir_runtime_calls">;

/** IR counts per qualified name from `apc emit ir` text (`func @sym(...) {  ;
 *  qualname`); several specialisations of one function keep the largest. */
export function irFeatures(ir: string): Map<string, IrFeatures> {
  const out = new Map<string, IrFeatures>();
  let cur: { name: string; f: IrFeatures } | null = null;
  for (const line of ir.split("\n")) {
    const head = /^func @\S+\(.*\{\s*;\s*(\S+)/.exec(line);
    if (head) {
      cur = { name: head[1]!, f: { ir_insts: 0, ir_blocks: 0, ir_float_insts: 0, ir_container_insts: 0, ir_runtime_calls: 0 } };
      continue;
    }
    if (!cur) continue;
    if (line === "}") {
      const prev = out.get(cur.name);
      if (!prev || prev.ir_insts < cur.f.ir_insts) out.set(cur.name, cur.f);
      cur = null;
    } else if (/^[A-Za-z0-9_.]+:$/.test(line)) cur.f.ir_blocks++;
    else if (line.startsWith("  ")) {
      const op = /^\s+(?:%\d+ = )?([a-z0-9_]+)/.exec(line)?.[1] ?? "";
      if (op === "const" || op === "phi") continue;
      cur.f.ir_insts++;
      if (FLOAT_OPS.test(op)) cur.f.ir_float_insts++;
      else if (CONTAINER_OPS.test(op)) cur.f.ir_container_insts++;
      else if (op === "callrt") cur.f.ir_runtime_calls++;
    }
  }
  return out;
}

function annotationText(source: string, e: Expr): string {
  return source.slice(e.span.start, e.span.end).replace(/\s+/g, "");
}
