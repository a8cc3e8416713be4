// passes/int-ranges: the interval each int value of a function lies in, and
// so which checked int ops can never overflow. Inputs: the parameters' range
// (all of i64, or W signed bits in a `narrow=W` copy), constants, list
// lengths, and the `assume` facts lowering states for range() loop variables
// (start <= i < stop; lowering reads a loop variable only inside its loop's
// body, where that holds). A forward fixpoint over the SSA: phis join their
// incoming values, a value still growing after a few rounds is widened to all
// of i64 (a loop counter with no bound), and each assume then narrows the
// phi it speaks of. Exact bigint arithmetic on the bounds, so "fits in i64"
// is decided without wrapping.
// An analysis: changes nothing; the LLVM backend reads it.

import type { Inst, IrFunction, ValueId } from "../ir/ir.js";

export interface Interval {
  readonly lo: bigint;
  readonly hi: bigint;
}

const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;
const FULL: Interval = { lo: I64_MIN, hi: I64_MAX };
/** A list cannot hold more elements than there are bytes of address space. */
const MAX_LEN = 1n << 60n;
/** Rounds before a still-growing value is widened to all of i64. */
const WIDEN_AFTER = 3;

const fits = (lo: bigint, hi: bigint): Interval | null => (lo >= I64_MIN && hi <= I64_MAX ? { lo, hi } : null);
const span = (xs: bigint[]): Interval | null => fits(xs.reduce((a, b) => (b < a ? b : a)), xs.reduce((a, b) => (b > a ? b : a)));
const join = (a: Interval, b: Interval): Interval => ({ lo: a.lo < b.lo ? a.lo : b.lo, hi: a.hi > b.hi ? a.hi : b.hi });
const same = (a: Interval | undefined, b: Interval | undefined) => a?.lo === b?.lo && a?.hi === b?.hi;
/** The values of `bits`-bit signed ints. */
export const signedRange = (bits: number): Interval => ({ lo: -(1n << BigInt(bits - 1)), hi: (1n << BigInt(bits - 1)) - 1n });
export const within = (r: Interval, bounds: Interval) => r.lo >= bounds.lo && r.hi <= bounds.hi;
/** `x op y` for the ops that can overflow, in exact arithmetic: null when
 *  the result can leave i64. */
function exact(op: Inst["op"], x: Interval, y: Interval): Interval | null {
  switch (op) {
    case "iadd":
    case "iaddwrap":
      return fits(x.lo + y.lo, x.hi + y.hi);
    case "isub":
      return fits(x.lo - y.hi, x.hi - y.lo);
    case "imul":
      return span([x.lo * y.lo, x.lo * y.hi, x.hi * y.lo, x.hi * y.hi]);
    case "ineg":
      return fits(-x.hi, -x.lo);
    default:
      throw new Error(`internal: exact() of ${op}`);
  }
}
const floorDiv = (a: bigint, b: bigint) => {
  const q = a / b;
  return (a % b !== 0n) && ((a < 0n) !== (b < 0n)) ? q - 1n : q;
};

export interface IntRanges {
  /** The interval of an i64 value (all of i64 when nothing is known). */
  of(v: ValueId): Interval;
  /** A checked op (iadd, isub, imul, ineg, iabs, ifloordiv's INT_MIN / -1)
   *  whose overflow check can never fire. */
  cannotOverflow(inst: Inst): boolean;
}

/** `paramBits`: each int parameter fits in this many signed bits (null: any
 *  i64). */
export function intRanges(f: IrFunction, paramBits: number | null): IntRanges {
  const known = new Map<ValueId, Interval>();
  const param = paramBits === null ? FULL : signedRange(paramBits);
  for (const p of f.params) if (p.ty === "i64") known.set(p.id, param);
  const insts = f.blocks.flatMap((b) => b.insts);
  // What each assume says about a value: value >= lo, value <= hi.
  const facts = new Map<ValueId, { lo?: ValueId; hiExclusive?: ValueId }>();
  const defs = new Map<ValueId, Inst>(insts.map((i) => [i.id, i]));
  for (const a of insts) {
    if (a.op !== "assume") continue;
    const c = defs.get(a.args[0]!);
    if (c?.op !== "icmp") continue;
    const fact = facts.get(c.args[0]!) ?? {};
    if (c.pred === "ge") fact.lo = c.args[1]!;
    else if (c.pred === "lt") fact.hiExclusive = c.args[1]!;
    facts.set(c.args[0]!, fact);
  }
  const get = (v: ValueId) => known.get(v);
  const transfer = (i: Inst): Interval | undefined => {
    if (i.ty !== "i64") return undefined;
    const [x, y, z] = i.args.map(get);
    switch (i.op) {
      case "const":
        return typeof i.value === "bigint" ? { lo: i.value, hi: i.value } : FULL;
      case "phi": {
        const ins = i.args.map(get).filter((r): r is Interval => r !== undefined);
        return ins.length ? ins.reduce(join) : undefined;
      }
      case "iadd":
      case "iaddwrap":
      case "isub":
      case "imul":
        return x && y ? (exact(i.op, x, y) ?? FULL) : undefined;
      case "ineg":
        return x ? (exact(i.op, x, x) ?? FULL) : undefined;
      case "iabs":
        return x ? (x.lo >= 0n ? x : x.hi <= 0n ? (fits(-x.hi, -x.lo) ?? FULL) : (fits(0n, -x.lo > x.hi ? -x.lo : x.hi) ?? FULL)) : undefined;
      case "ifloordiv":
        if (!x || !y) return undefined;
        if (y.lo > 0n || y.hi < 0n) return span([x.lo, x.hi].flatMap((a) => [y.lo, y.hi].map((b) => floorDiv(a, b)))) ?? FULL;
        return FULL;
      case "imod":
        if (!y) return undefined;
        return y.lo > 0n ? { lo: 0n, hi: y.hi - 1n } : y.hi < 0n ? { lo: y.lo + 1n, hi: 0n } : FULL;
      case "isrem":
        if (!y) return undefined;
        return y.lo > 0n ? { lo: 1n - y.hi, hi: y.hi - 1n } : FULL;
      case "iand":
        if (!x || !y) return undefined;
        if (x.lo >= 0n && y.lo >= 0n) return { lo: 0n, hi: x.hi < y.hi ? x.hi : y.hi };
        if (x.lo >= 0n) return { lo: 0n, hi: x.hi };
        if (y.lo >= 0n) return { lo: 0n, hi: y.hi };
        return FULL;
      case "ior":
      case "ixor":
        if (!x || !y) return undefined;
        return x.lo >= 0n && y.lo >= 0n ? { lo: 0n, hi: (1n << BigInt((x.hi > y.hi ? x.hi : y.hi).toString(2).length)) - 1n } : FULL;
      case "ishr":
        if (!x || !y) return undefined;
        return x.lo >= 0n && y.lo >= 0n ? { lo: 0n, hi: x.hi } : FULL;
      case "btoi":
        return { lo: 0n, hi: 1n };
      case "listlen":
        return { lo: 0n, hi: MAX_LEN };
      case "select":
        return y && z ? join(y, z) : undefined;
      default:
        return FULL;
    }
  };
  const narrowed = (v: ValueId, r: Interval): Interval => {
    const fact = facts.get(v);
    if (!fact) return r;
    let { lo, hi } = r;
    const l = fact.lo !== undefined ? get(fact.lo) : undefined;
    const h = fact.hiExclusive !== undefined ? get(fact.hiExclusive) : undefined;
    if (l && l.lo > lo) lo = l.lo;
    if (h && h.hi - 1n < hi) hi = h.hi - 1n;
    return lo <= hi ? { lo, hi } : r;
  };
  for (let round = 0; round < 50; round++) {
    let changed = false;
    for (const i of insts) {
      let r = transfer(i);
      if (!r) continue;
      const before = known.get(i.id);
      if (before && round >= WIDEN_AFTER && !same(join(before, r), before)) r = FULL;
      else if (before) r = join(before, r);
      r = narrowed(i.id, r);
      if (!same(r, before)) {
        known.set(i.id, r);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const of = (v: ValueId) => known.get(v) ?? FULL;
  return {
    of,
    cannotOverflow(inst) {
      const [x, y] = inst.args.map(of) as [Interval, Interval];
      switch (inst.op) {
        case "iadd":
        case "isub":
        case "imul":
          return exact(inst.op, x, y) !== null;
        case "ineg":
        case "iabs":
          return x.lo > I64_MIN;
        case "ifloordiv":
          return x.lo > I64_MIN || y.lo > -1n || y.hi < -1n;
        default:
          return false;
      }
    },
  };
}
