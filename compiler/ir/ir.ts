// apc's typed SSA IR: modules of functions of basic blocks; each block holds
// instructions and ends in one terminator. Values are numbered, typed and
// defined once. Owns: node shapes, the opcode table (the single source of
// truth for each op's operand and result types, side effects and printed
// name), and small constructors. The printer, validator and LLVM backend all
// read OPS; nobody repeats it.

import type { Span } from "../frontend/ast.js";
import type { Ty } from "../frontend/types.js";

export type ValueId = number & { readonly __brand: "ValueId" };
export type BlockId = number & { readonly __brand: "BlockId" };

/** IR value types. `str` is a pointer to a runtime string; `ptr` to any
 *  other heap object (list, tuple, dict, set) or a type descriptor. */
export type IrTy = "i64" | "f64" | "i1" | "str" | "ptr" | "void";

/** Where a raise points: the Python function and the source span. */
export interface Site {
  readonly func: string;
  readonly span: Span;
}

type TySig = IrTy | "same"; // "same": the type of the first operand

export interface OpInfo {
  /** Operand types in order; `variadic` ops list none. */
  readonly operands: readonly IrTy[] | "variadic";
  /** Result type; "same" follows the first operand. */
  readonly result: TySig | "given";
  /** May stop the program (an error, sys.exit): needs a site, not pure. */
  readonly raises: boolean;
  /** Has effects beyond its result (I/O, globals). */
  readonly effects: boolean;
}

const pure = (operands: readonly IrTy[], result: TySig | "given"): OpInfo => ({ operands, result, raises: false, effects: false });
const checked = (operands: readonly IrTy[], result: TySig): OpInfo => ({ operands, result, raises: true, effects: false });

/** Every opcode. Int arithmetic is checked: overflow raises OverflowError
 *  (apc ints are 64-bit; never wrap), division by zero ZeroDivisionError. */
export const OPS = {
  // int (i64)
  iadd: checked(["i64", "i64"], "i64"),
  isub: checked(["i64", "i64"], "i64"),
  imul: checked(["i64", "i64"], "i64"),
  ifloordiv: checked(["i64", "i64"], "i64"),
  imod: checked(["i64", "i64"], "i64"),
  ipow: checked(["i64", "i64"], "i64"),
  /** C's truncated remainder: only for `x % c == 0` tests, where it agrees
   *  with Python's floored one and optimises better. */
  isrem: checked(["i64", "i64"], "i64"),
  ineg: checked(["i64"], "i64"),
  iabs: checked(["i64"], "i64"),
  ishl: checked(["i64", "i64"], "i64"),
  ishr: checked(["i64", "i64"], "i64"),
  iand: pure(["i64", "i64"], "i64"),
  ior: pure(["i64", "i64"], "i64"),
  ixor: pure(["i64", "i64"], "i64"),
  // bool (i1)
  bnot: pure(["i1"], "i1"),
  band: pure(["i1", "i1"], "i1"),
  bor: pure(["i1", "i1"], "i1"),
  bxor: pure(["i1", "i1"], "i1"),
  // float (f64)
  fadd: pure(["f64", "f64"], "f64"),
  fsub: pure(["f64", "f64"], "f64"),
  fmul: pure(["f64", "f64"], "f64"),
  fdiv: checked(["f64", "f64"], "f64"),
  /** int / int: a float, "division by zero" when the divisor is 0. */
  itruediv: checked(["i64", "i64"], "f64"),
  ffloordiv: checked(["f64", "f64"], "f64"),
  fmod: checked(["f64", "f64"], "f64"),
  fpow: checked(["f64", "f64"], "f64"),
  fneg: pure(["f64"], "f64"),
  fabs: pure(["f64"], "f64"),
  ffloor: pure(["f64"], "f64"),
  fceil: pure(["f64"], "f64"),
  ftrunc: pure(["f64"], "f64"),
  /** sqrt; a negative operand raises ValueError("math domain error"). */
  fsqrt: checked(["f64"], "f64"),
  // comparisons: `pred` is one of lt le gt ge eq ne
  icmp: pure(["i64", "i64"], "i1"),
  fcmp: pure(["f64", "f64"], "i1"),
  /** int vs float compared exactly, as CPython does (not by converting). */
  ifcmp: pure(["i64", "f64"], "i1"),
  // conversions
  itof: pure(["i64"], "f64"),
  btoi: pure(["i1"], "i64"),
  /** float -> int truncation; NaN/inf/out of range raise. */
  ftoi: checked(["f64"], "i64"),
  /** `args[0] ? args[1] : args[2]` */
  select: { operands: "variadic", result: "given", raises: false, effects: false },
  // for-range support: the trip count of range(start, stop, step) (step 0
  // raises ValueError), and wrapping arithmetic for the induction variable.
  irangelen: checked(["i64", "i64", "i64"], "i64"),
  iaddwrap: pure(["i64", "i64"], "i64"),
  /** A fact the optimiser may rely on (llvm.assume); never false when reached. */
  assume: { operands: ["i1"], result: "void", raises: false, effects: true },
  // containers: values travel in 8-byte slots (runtime/apc_containers.h)
  /** Any value to its slot bits (float bit pattern, bool 0/1, pointer). */
  toslot: { operands: "variadic", result: "i64", raises: false, effects: false },
  /** Slot bits back to a value of the instruction's type. */
  fromslot: pure(["i64"], "given"),
  /** list length (inline load). */
  listlen: { operands: ["ptr"], result: "i64", raises: false, effects: true },
  /** list[i] with Python's negative indices; IndexError when out of range. */
  listget: { operands: ["ptr", "i64"], result: "i64", raises: true, effects: true },
  listset: { operands: ["ptr", "i64", "i64"], result: "void", raises: true, effects: true },
  /** The same on a list[bool], whose elements are single bytes (packed). */
  listgetb: { operands: ["ptr", "i64"], result: "i64", raises: true, effects: true },
  listsetb: { operands: ["ptr", "i64", "i64"], result: "void", raises: true, effects: true },
  /** Character `args[1]` (in range) of an ASCII string, as its one-character
   *  string from the runtime's table (no call). */
  strascii: pure(["str", "i64"], "str"),
  /** The code (0..127) of a string that is exactly one ASCII character,
   *  else -1 (inline: a length and a byte). */
  strasciicode: pure(["str"], "i64"),
  /** Where the character with code `args[0]` (0..127, taken mod 128) first
   *  occurs in the constant string `haystack`, in code points, or -1: a load
   *  from a 128-entry table built at compile time. */
  strfindc: pure(["i64"], "i64"),
  /** tuple field `args[1]` (an index already in range; tuples are immutable). */
  tupleget: { operands: ["ptr", "i64"], result: "i64", raises: false, effects: false },
  tupleset: { operands: ["ptr", "i64", "i64"], result: "void", raises: false, effects: true },
  // values
  const: pure([], "given"),
  phi: pure([], "given"),
  /** Call a compiled function by symbol. */
  call: { operands: "variadic", result: "given", raises: true, effects: true },
  /** Call a runtime function by name (runtime/apc_rt.h). */
  callrt: { operands: "variadic", result: "given", raises: true, effects: true },
  /** Module variable access; `gload` raises NameError if never assigned. */
  gload: { operands: [], result: "given", raises: true, effects: true },
  gstore: { operands: "variadic", result: "void", raises: false, effects: true },
} as const satisfies Record<string, OpInfo>;

export type Opcode = keyof typeof OPS;
export type CmpPred = "lt" | "le" | "gt" | "ge" | "eq" | "ne";

/** A runtime type descriptor (`apc_type`) for a static type. */
export interface TypeDesc {
  readonly desc: Ty;
}

/** Read-only data: 64-bit slots laid out in a constant array (the values of
 *  a long literal list of numbers), a `ptr` to the first. */
export interface SlotData {
  readonly slots: readonly bigint[];
}

export type ConstValue = bigint | number | boolean | string | TypeDesc | SlotData;

export function isTypeDesc(c: ConstValue): c is TypeDesc {
  return typeof c === "object" && c !== null && "desc" in c;
}

export function isSlotData(c: ConstValue): c is SlotData {
  return typeof c === "object" && c !== null && "slots" in c;
}

interface InstBase {
  readonly id: ValueId;
  ty: IrTy;
  args: ValueId[];
  /** The Python source this came from (every raising op has one). */
  readonly site: Site | null;
}

export type Inst =
  | (InstBase & { op: Exclude<Opcode, "const" | "phi" | "call" | "callrt" | "gload" | "gstore" | "icmp" | "fcmp" | "ifcmp" | "strfindc"> })
  | (InstBase & { op: "icmp" | "fcmp" | "ifcmp"; pred: CmpPred })
  | (InstBase & { op: "const"; value: ConstValue })
  /** `incoming[i]` is the block the value `args[i]` arrives from. */
  | (InstBase & { op: "phi"; incoming: BlockId[] })
  | (InstBase & { op: "call"; callee: string })
  | (InstBase & { op: "callrt"; fn: string })
  | (InstBase & { op: "gload" | "gstore"; global: string })
  | (InstBase & { op: "strfindc"; haystack: string });

export type Terminator =
  | { kind: "jump"; target: BlockId }
  | { kind: "branch"; cond: ValueId; then: BlockId; else: BlockId }
  | { kind: "ret"; value: ValueId | null }
  /** Stop with a Python exception: `TypeName: message`. The message is a
   *  constant or a str value. */
  | { kind: "raise"; exc: string; message: string | null; messageValue: ValueId | null; site: Site }
  /** After a call that never returns (sys.exit). */
  | { kind: "unreachable" };

export interface Block {
  readonly id: BlockId;
  /** A readable label for printing: "entry", "while.body", ... */
  readonly label: string;
  insts: Inst[];
  term: Terminator | null;
}

export interface IrFunction {
  readonly name: string; // symbol
  readonly pyName: string; // for tracebacks: "fact" or "<module>"
  readonly params: { name: string; ty: IrTy; id: ValueId }[];
  readonly ret: IrTy;
  blocks: Block[];
  /** Exported with a C ABI (--shared, or the module main). */
  readonly exported: boolean;
}

export interface IrGlobal {
  readonly name: string;
  readonly ty: IrTy;
}

export interface IrModule {
  readonly sourceFile: string;
  functions: IrFunction[];
  globals: IrGlobal[];
}

export function resultType(inst: Inst, operandTy: (v: ValueId) => IrTy | undefined): IrTy | null {
  const r = OPS[inst.op].result;
  if (r === "given") return inst.ty;
  if (r === "same") return operandTy(inst.args[0]!) ?? null;
  return r;
}

export function successors(t: Terminator): BlockId[] {
  switch (t.kind) {
    case "jump":
      return [t.target];
    case "branch":
      return [t.then, t.else];
    case "ret":
    case "raise":
    case "unreachable":
      return [];
  }
}

export function termOperands(t: Terminator): ValueId[] {
  switch (t.kind) {
    case "branch":
      return [t.cond];
    case "ret":
      return t.value === null ? [] : [t.value];
    case "raise":
      return t.messageValue === null ? [] : [t.messageValue];
    default:
      return [];
  }
}
