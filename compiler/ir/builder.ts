// Building one IR function in SSA form while lowering walks the AST. Python
// variables become SSA values with the algorithm of Braun et al., "Simple and
// Efficient Construction of Static Single Assignment Form" (CC 2013):
// writeVar/readVar per block, phis created on demand, blocks sealed once all
// their predecessors are known, trivial phis removed. Owns value and block
// numbering, constants (interned per function, placed in the entry block)
// and the CFG's predecessor lists. Does not know Python: lower.ts does.

import type { Block, BlockId, ConstValue, Inst, IrFunction, IrTy, Site, Terminator, ValueId, CmpPred, Opcode } from "./ir.js";
import { isSlotData, isTypeDesc, successors, termOperands } from "./ir.js";
import { showTy } from "../frontend/types.js";

type PlainOp = Exclude<Opcode, "const" | "phi" | "call" | "callrt" | "gload" | "gstore" | "icmp" | "fcmp" | "ifcmp" | "strfindc">;

export class FunctionBuilder {
  readonly fn: IrFunction;
  private nextValue = 0;
  private nextBlock = 0;
  private current: Block;
  private readonly preds = new Map<BlockId, BlockId[]>();
  private readonly sealed = new Set<BlockId>();
  private readonly defs = new Map<string, Map<BlockId, ValueId>>();
  private readonly incomplete = new Map<BlockId, Map<string, Inst & { op: "phi" }>>();
  private readonly varTys = new Map<string, IrTy>();
  private readonly valueTys = new Map<ValueId, IrTy>();
  private readonly consts = new Map<string, ValueId>();
  private readonly replaced = new Map<ValueId, ValueId>();
  private readonly blocks = new Map<BlockId, Block>();
  readonly entry: Block;

  constructor(name: string, pyName: string, params: { name: string; ty: IrTy }[], ret: IrTy, exported: boolean) {
    this.fn = { name, pyName, params: [], ret, blocks: [], exported };
    this.entry = this.newBlock("entry");
    this.current = this.entry;
    this.seal(this.entry);
    for (const p of params) {
      const id = this.freshValue(p.ty);
      this.fn.params.push({ name: p.name, ty: p.ty, id });
    }
  }

  private freshValue(ty: IrTy): ValueId {
    const id = this.nextValue++ as ValueId;
    this.valueTys.set(id, ty);
    return id;
  }

  tyOf(v: ValueId): IrTy {
    return this.valueTys.get(this.resolve(v))!;
  }

  newBlock(label: string): Block {
    const b: Block = { id: this.nextBlock++ as BlockId, label, insts: [], term: null };
    this.fn.blocks.push(b);
    this.blocks.set(b.id, b);
    this.preds.set(b.id, []);
    return b;
  }

  get block(): Block {
    return this.current;
  }

  /** Continue emitting into `b`. */
  setBlock(b: Block): void {
    this.current = b;
  }

  /** Is the current block still open (no terminator yet)? */
  get open(): boolean {
    return this.current.term === null;
  }

  // ---- instructions -------------------------------------------------------

  private push(inst: Inst): ValueId {
    if (this.current.term) {
      // Code after a return/break/raise is dead: give it a block of its own
      // with no predecessors, so the IR stays well formed.
      const dead = this.newBlock("dead");
      this.seal(dead);
      this.current = dead;
    }
    this.current.insts.push(inst);
    return inst.id;
  }

  const(ty: IrTy, value: ConstValue): ValueId {
    const shown = isTypeDesc(value) ? `desc ${showTy(value.desc)}` : isSlotData(value) ? `data ${value.slots.join(",")}` : String(value);
    const key = `${ty}:${typeof value}:${shown}${Object.is(value, -0) ? "-0" : ""}`;
    const hit = this.consts.get(key);
    if (hit !== undefined) return hit;
    const id = this.freshValue(ty);
    this.entry.insts.unshift({ id, op: "const", ty, args: [], site: null, value });
    this.consts.set(key, id);
    return id;
  }

  op(op: PlainOp, ty: IrTy, args: ValueId[], site: Site | null = null): ValueId {
    return this.push({ id: this.freshValue(ty), op, ty, args: args.map((a) => this.resolve(a)), site });
  }

  cmp(op: "icmp" | "fcmp" | "ifcmp", pred: CmpPred, a: ValueId, b: ValueId): ValueId {
    return this.push({ id: this.freshValue("i1"), op, pred, ty: "i1", args: [this.resolve(a), this.resolve(b)], site: null });
  }

  call(callee: string, ty: IrTy, args: ValueId[], site: Site): ValueId {
    return this.push({ id: this.freshValue(ty), op: "call", callee, ty, args: args.map((a) => this.resolve(a)), site });
  }

  callrt(fn: string, ty: IrTy, args: ValueId[], site: Site | null): ValueId {
    return this.push({ id: this.freshValue(ty), op: "callrt", fn, ty, args: args.map((a) => this.resolve(a)), site });
  }

  gload(global: string, ty: IrTy, site: Site): ValueId {
    return this.push({ id: this.freshValue(ty), op: "gload", global, ty, args: [], site });
  }

  /** Index of ASCII character `code` in the constant string `haystack` (a table load). */
  strfindc(haystack: string, code: ValueId): ValueId {
    return this.push({ id: this.freshValue("i64"), op: "strfindc", haystack, ty: "i64", args: [this.resolve(code)], site: null });
  }

  gstore(global: string, value: ValueId): void {
    this.push({ id: this.freshValue("void"), op: "gstore", global, ty: "void", args: [this.resolve(value)], site: null });
  }

  // ---- terminators --------------------------------------------------------

  terminate(t: Terminator): void {
    if (this.current.term) return; // already left (e.g. `return` then dead code)
    if (t.kind === "branch") t = { ...t, cond: this.resolve(t.cond) };
    if (t.kind === "ret" && t.value !== null) t = { ...t, value: this.resolve(t.value) };
    this.current.term = t;
    for (const s of successors(t)) this.preds.get(s)!.push(this.current.id);
  }

  jump(target: Block): void {
    this.terminate({ kind: "jump", target: target.id });
  }

  branch(cond: ValueId, then: Block, els: Block): void {
    this.terminate({ kind: "branch", cond, then: then.id, else: els.id });
  }

  // ---- variables (Braun et al.) ------------------------------------------

  declareVar(name: string, ty: IrTy): void {
    this.varTys.set(name, ty);
  }

  hasVar(name: string): boolean {
    return this.varTys.has(name);
  }

  writeVar(name: string, value: ValueId, block: Block = this.current): void {
    let m = this.defs.get(name);
    if (!m) this.defs.set(name, (m = new Map()));
    m.set(block.id, this.resolve(value));
  }

  readVar(name: string, block: Block = this.current): ValueId {
    const local = this.defs.get(name)?.get(block.id);
    if (local !== undefined) return this.resolve(local);
    return this.readVarRecursive(name, block);
  }

  private readVarRecursive(name: string, block: Block): ValueId {
    const ty = this.varTys.get(name)!;
    let val: ValueId;
    const preds = this.preds.get(block.id)!;
    if (!this.sealed.has(block.id)) {
      const phi = this.newPhi(block, ty);
      let m = this.incomplete.get(block.id);
      if (!m) this.incomplete.set(block.id, (m = new Map()));
      m.set(name, phi);
      val = phi.id;
    } else if (preds.length === 0) {
      // Read before any write on some path: a placeholder the caller guards
      // with the variable's definedness flag.
      val = this.const(ty, zeroOf(ty));
    } else if (preds.length === 1) {
      val = this.readVar(name, this.blocks.get(preds[0]!)!);
    } else {
      const phi = this.newPhi(block, ty);
      this.writeVar(name, phi.id, block);
      val = this.addPhiOperands(name, phi, block);
    }
    this.writeVar(name, val, block);
    return val;
  }

  private newPhi(block: Block, ty: IrTy): Inst & { op: "phi" } {
    const phi: Inst & { op: "phi" } = { id: this.freshValue(ty), op: "phi", ty, args: [], incoming: [], site: null };
    block.insts.unshift(phi);
    return phi;
  }

  private addPhiOperands(name: string, phi: Inst & { op: "phi" }, block: Block): ValueId {
    for (const p of this.preds.get(block.id)!) {
      phi.args.push(this.readVar(name, this.blocks.get(p)!));
      phi.incoming.push(p);
    }
    return this.tryRemoveTrivialPhi(phi, block);
  }

  private tryRemoveTrivialPhi(phi: Inst & { op: "phi" }, block: Block): ValueId {
    let same: ValueId | null = null;
    for (const raw of phi.args) {
      const op = this.resolve(raw);
      if (op === same || op === phi.id) continue;
      if (same !== null) return phi.id; // merges at least two values: not trivial
      same = op;
    }
    if (same === null) same = this.const(phi.ty, zeroOf(phi.ty)); // unreachable or undefined
    this.replaced.set(phi.id, same);
    block.insts = block.insts.filter((i) => i !== phi);
    return same;
  }

  /** All predecessors of `block` are now known. */
  seal(block: Block): void {
    if (this.sealed.has(block.id)) return;
    const pending = this.incomplete.get(block.id);
    this.sealed.add(block.id);
    if (pending) {
      for (const [name, phi] of pending) this.addPhiOperands(name, phi, block);
      this.incomplete.delete(block.id);
    }
  }

  resolve(v: ValueId): ValueId {
    let cur = v;
    for (let next = this.replaced.get(cur); next !== undefined; next = this.replaced.get(cur)) cur = next;
    return cur;
  }

  /** The constant a value is, if it is one. */
  constValue(v: ValueId): ConstValue | undefined {
    const id = this.resolve(v);
    for (const i of this.entry.insts) if (i.id === id && i.op === "const") return i.value;
    return undefined;
  }

  /** Merge a block into its predecessor when that predecessor only jumps to
   *  it and it has no other predecessor (leftovers of folded checks). */
  private mergeJumpChains(): void {
    const predCount = new Map<BlockId, number>();
    for (const b of this.fn.blocks) if (b.term) for (const s of successors(b.term)) predCount.set(s, (predCount.get(s) ?? 0) + 1);
    const byId = new Map(this.fn.blocks.map((b) => [b.id, b]));
    const removed = new Set<BlockId>();
    for (const a of this.fn.blocks) {
      if (removed.has(a.id)) continue;
      for (;;) {
        const t = a.term;
        if (t?.kind !== "jump" || t.target === a.id || predCount.get(t.target) !== 1 || t.target === this.entry.id) break;
        const next = byId.get(t.target)!;
        if (next.insts.some((i) => i.op === "phi")) break;
        a.insts.push(...next.insts);
        a.term = next.term;
        removed.add(next.id);
        // Phis in next's successors now receive from a.
        if (a.term) {
          for (const s of successors(a.term)) {
            for (const i of byId.get(s)!.insts) if (i.op === "phi") i.incoming = i.incoming.map((p) => (p === next.id ? a.id : p));
          }
        }
      }
    }
    this.fn.blocks = this.fn.blocks.filter((b) => !removed.has(b.id));
  }

  /** Finish: seal everything, turn branches on constants into jumps, drop
   *  unreachable blocks and the phi operands that came from them, remove
   *  phis that became trivial, and rewrite operands through removed phis. */
  finish(): IrFunction {
    for (const b of this.fn.blocks) this.seal(b);
    for (const b of this.fn.blocks) {
      const t = b.term;
      if (t?.kind !== "branch") continue;
      const c = this.constValue(t.cond);
      if (typeof c === "boolean") b.term = { kind: "jump", target: c ? t.then : t.else };
      else if (t.then === t.else) b.term = { kind: "jump", target: t.then };
    }
    const reachable = new Set<BlockId>();
    const work: BlockId[] = [this.entry.id];
    while (work.length) {
      const id = work.pop()!;
      if (reachable.has(id)) continue;
      reachable.add(id);
      const t = this.blocks.get(id)!.term;
      if (t) work.push(...successors(t));
    }
    this.fn.blocks = this.fn.blocks.filter((b) => reachable.has(b.id));
    for (const b of this.fn.blocks) {
      for (const i of b.insts) {
        if (i.op !== "phi") continue;
        // Keep one operand per remaining CFG edge into this block.
        const edges = new Map<BlockId, number>();
        for (const p of this.fn.blocks) {
          const n = p.term ? successors(p.term).filter((s) => s === b.id).length : 0;
          if (n) edges.set(p.id, n);
        }
        const args: ValueId[] = [];
        const incoming: BlockId[] = [];
        i.incoming.forEach((p, k) => {
          const left = edges.get(p) ?? 0;
          if (left > 0) {
            edges.set(p, left - 1);
            args.push(i.args[k]!);
            incoming.push(p);
          }
        });
        i.args = args;
        i.incoming = incoming;
      }
    }
    let changed = true;
    while (changed) {
      changed = false;
      for (const b of this.fn.blocks) {
        for (const i of [...b.insts]) {
          if (i.op !== "phi") continue;
          i.args = i.args.map((a) => this.resolve(a));
          const before = b.insts.length;
          this.tryRemoveTrivialPhi(i, b);
          if (b.insts.length !== before) changed = true;
        }
      }
    }
    for (const b of this.fn.blocks) {
      for (const i of b.insts) i.args = i.args.map((a) => this.resolve(a));
      const t = b.term;
      if (t?.kind === "branch") b.term = { ...t, cond: this.resolve(t.cond) };
      else if (t?.kind === "ret" && t.value !== null) b.term = { ...t, value: this.resolve(t.value) };
      else if (t?.kind === "raise" && t.messageValue !== null) b.term = { ...t, messageValue: this.resolve(t.messageValue) };
    }
    this.mergeJumpChains();
    // Constants no longer used are dropped (a printed function shows what it uses).
    const used = new Set<ValueId>();
    for (const b of this.fn.blocks) {
      for (const i of b.insts) for (const a of i.args) used.add(a);
      if (b.term) for (const a of termOperands(b.term)) used.add(a);
    }
    this.entry.insts = this.entry.insts.filter((i) => i.op !== "const" || used.has(i.id));
    return this.fn;
  }
}

export function zeroOf(ty: IrTy): ConstValue {
  switch (ty) {
    case "i64":
      return 0n;
    case "f64":
      return 0;
    case "i1":
      return false;
    case "str":
      return "";
    case "ptr":
      return { desc: { kind: "none" } };
    case "void":
      return false;
  }
}
