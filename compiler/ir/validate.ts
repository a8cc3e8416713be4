// The IR validator. Collects every problem instead of stopping at the first
// (as Cranelift's verifier does); the driver runs it after lowering and
// tests run it after every pass. Rules checked:
//   1. every block ends in exactly one terminator; targets exist;
//   2. every value is defined once (parameters included);
//   3. operand and result types follow OPS; callrt matches RUNTIME_FNS;
//      call matches the callee's signature; globals exist with their type;
//      `ret` matches the function's return type; branch conditions are i1;
//      strfindc carries its constant string;
//   4. a phi has one operand per predecessor, from exactly those blocks,
//      and phis come first in their block;
//   5. every use is dominated by its definition (a phi operand by the end of
//      its incoming block).

import type { BlockId, Inst, IrFunction, IrModule, IrTy, Terminator, ValueId } from "./ir.js";
import { OPS, isSlotData, isTypeDesc, successors, termOperands } from "./ir.js";
import { RUNTIME_FNS } from "./runtime-fns.js";

export interface IrProblem {
  readonly func: string;
  readonly entity: string; // "%12", "block for.cond.3"
  readonly message: string;
}

export function validateModule(m: IrModule): IrProblem[] {
  const sigs = new Map(m.functions.map((f) => [f.name, f]));
  const globals = new Map(m.globals.map((g) => [g.name, g.ty]));
  return m.functions.flatMap((f) => validateFunction(f, sigs, globals));
}

export function validateFunction(f: IrFunction, sigs: Map<string, IrFunction>, globals: Map<string, IrTy>): IrProblem[] {
  const problems: IrProblem[] = [];
  const report = (entity: string, message: string) => problems.push({ func: f.name, entity, message });
  const blockIds = new Set(f.blocks.map((b) => b.id));
  const types = new Map<ValueId, IrTy>();
  const defBlock = new Map<ValueId, BlockId>();
  const defIndex = new Map<ValueId, number>();
  const define = (id: ValueId, ty: IrTy, block: BlockId, index: number) => {
    if (types.has(id)) report(`%${id}`, "defined more than once");
    types.set(id, ty);
    defBlock.set(id, block);
    defIndex.set(id, index);
  };
  if (!f.blocks.length) {
    report("function", "has no blocks");
    return problems;
  }
  const entry = f.blocks[0]!.id;
  for (const p of f.params) define(p.id, p.ty, entry, -1);
  for (const b of f.blocks) b.insts.forEach((i, k) => define(i.id, i.ty, b.id, k));

  // Rule 1 and predecessor lists.
  const preds = new Map<BlockId, BlockId[]>(f.blocks.map((b) => [b.id, []]));
  for (const b of f.blocks) {
    if (!b.term) {
      report(`block ${b.label}.${b.id}`, "has no terminator");
      continue;
    }
    for (const s of successors(b.term)) {
      if (!blockIds.has(s)) report(`block ${b.label}.${b.id}`, `jumps to missing block ${s}`);
      else preds.get(s)!.push(b.id);
    }
  }
  if (preds.get(entry)!.length) report("block entry", "the entry block must have no predecessors");

  const dom = dominators(f, preds);
  const dominates = (a: BlockId, b: BlockId): boolean => {
    for (let x: BlockId | undefined = b; x !== undefined; x = x === entry ? undefined : dom.get(x)) if (x === a) return true;
    return false;
  };
  const checkUse = (use: ValueId, block: BlockId, index: number, entity: string) => {
    const db = defBlock.get(use);
    if (db === undefined) return report(entity, `uses undefined value %${use}`);
    if (!dom.has(block) && block !== entry) return; // unreachable block: no dominance facts
    if (db === block ? defIndex.get(use)! >= index : !dominates(db, block)) report(entity, `use of %${use} is not dominated by its definition`);
  };

  for (const b of f.blocks) {
    let seenNonPhi = false;
    b.insts.forEach((inst, k) => {
      const entity = `%${inst.id} (${inst.op})`;
      if (inst.op === "phi") {
        if (seenNonPhi) report(entity, "phi after a non-phi instruction");
        const ps = preds.get(b.id)!;
        if (inst.incoming.length !== ps.length || !ps.every((p) => inst.incoming.includes(p))) {
          report(entity, `phi incoming blocks [${inst.incoming.join(", ")}] differ from predecessors [${ps.join(", ")}]`);
        }
        inst.args.forEach((a, n) => {
          if (types.get(a) !== inst.ty) report(entity, `phi operand %${a} is ${types.get(a)}, expected ${inst.ty}`);
          const from = inst.incoming[n];
          if (from !== undefined && blockIds.has(from)) {
            const fb = f.blocks.find((x) => x.id === from)!;
            checkUse(a, from, fb.insts.length + 1, entity);
          }
        });
        return;
      }
      seenNonPhi = true;
      for (const a of inst.args) checkUse(a, b.id, k, entity);
      checkTypes(inst, types, sigs, globals, (m) => report(entity, m));
    });
    if (b.term) {
      for (const a of termOperands(b.term)) checkUse(a, b.id, b.insts.length, `terminator of ${b.label}.${b.id}`);
      checkTerm(f, b.term, types, (m) => report(`terminator of ${b.label}.${b.id}`, m));
    }
  }
  return problems;
}

function checkTypes(inst: Inst, types: Map<ValueId, IrTy>, sigs: Map<string, IrFunction>, globals: Map<string, IrTy>, report: (m: string) => void): void {
  const argTys = inst.args.map((a) => types.get(a));
  const expect = (want: readonly IrTy[], what: string) => {
    if (want.length !== argTys.length) return report(`${what} takes ${want.length} operands, got ${argTys.length}`);
    want.forEach((t, n) => {
      if (argTys[n] !== t) report(`${what} operand ${n + 1} is ${argTys[n]}, expected ${t}`);
    });
  };
  const info = OPS[inst.op];
  if (info.raises && !inst.site && inst.op !== "callrt") report(`${inst.op} can raise but has no source site`);
  if (inst.op === "strfindc" && typeof inst.haystack !== "string") report("strfindc has no constant string");
  switch (inst.op) {
    case "const": {
      const ok =
        (inst.ty === "i64" && typeof inst.value === "bigint") ||
        (inst.ty === "f64" && typeof inst.value === "number") ||
        (inst.ty === "i1" && typeof inst.value === "boolean") ||
        (inst.ty === "str" && typeof inst.value === "string") ||
        (inst.ty === "ptr" && (isTypeDesc(inst.value) || isSlotData(inst.value)));
      if (!ok) report(`constant ${String(inst.value)} does not have type ${inst.ty}`);
      return;
    }
    case "call": {
      const callee = sigs.get(inst.callee);
      if (!callee) return report(`calls unknown function @${inst.callee}`);
      expect(callee.params.map((p) => p.ty), `call @${inst.callee}`);
      if (callee.ret !== inst.ty) report(`call result is ${inst.ty}, @${inst.callee} returns ${callee.ret}`);
      return;
    }
    case "callrt": {
      const fn = RUNTIME_FNS[inst.fn as keyof typeof RUNTIME_FNS];
      if (!fn) return report(`calls unknown runtime function ${inst.fn}`);
      expect(fn.params, inst.fn);
      if (fn.ret !== inst.ty) report(`${inst.fn} returns ${fn.ret}, not ${inst.ty}`);
      if (fn.site && !inst.site) report(`${inst.fn} needs a source site`);
      return;
    }
    case "gload":
    case "gstore": {
      const g = globals.get(inst.global);
      if (!g) return report(`unknown global @${inst.global}`);
      if (inst.op === "gload" && g !== inst.ty) report(`gload of ${g} global as ${inst.ty}`);
      if (inst.op === "gstore") expect([g], "gstore");
      return;
    }
    case "select": {
      if (argTys.length !== 3 || argTys[0] !== "i1" || argTys[1] !== inst.ty || argTys[2] !== inst.ty) {
        report(`select needs (i1, ${inst.ty}, ${inst.ty}), got (${argTys.join(", ")})`);
      }
      return;
    }
    default: {
      if (info.operands !== "variadic") expect(info.operands, inst.op);
      const r = info.result as string;
      if (r !== "given" && r !== "same" && r !== inst.ty) report(`${inst.op} yields ${r}, not ${inst.ty}`);
    }
  }
}

function checkTerm(f: IrFunction, t: Terminator, types: Map<ValueId, IrTy>, report: (m: string) => void): void {
  if (t.kind === "branch" && types.get(t.cond) !== "i1") report(`branch condition is ${types.get(t.cond)}, expected i1`);
  if (t.kind === "ret") {
    if (t.value === null && f.ret !== "void") report(`bare ret in a function returning ${f.ret}`);
    if (t.value !== null && types.get(t.value) !== f.ret) report(`returns ${types.get(t.value)}, function returns ${f.ret}`);
  }
  if (t.kind === "raise" && t.messageValue !== null && types.get(t.messageValue) !== "str") report("raise message must be a str");
}

/** Immediate dominators (Cooper, Harvey and Kennedy's iterative algorithm).
 *  Unreachable blocks are absent from the map. */
export function dominators(f: IrFunction, preds: Map<BlockId, BlockId[]>): Map<BlockId, BlockId> {
  const entry = f.blocks[0]!.id;
  const order: BlockId[] = [];
  const seen = new Set<BlockId>();
  const byId = new Map(f.blocks.map((b) => [b.id, b]));
  const dfs = (id: BlockId) => {
    seen.add(id);
    const t = byId.get(id)!.term;
    if (t) for (const s of successors(t)) if (!seen.has(s) && byId.has(s)) dfs(s);
    order.push(id);
  };
  dfs(entry);
  const rpo = order.reverse();
  const index = new Map(rpo.map((b, i) => [b, i]));
  const idom = new Map<BlockId, BlockId>([[entry, entry]]);
  const intersect = (a: BlockId, b: BlockId) => {
    while (a !== b) {
      while (index.get(a)! > index.get(b)!) a = idom.get(a)!;
      while (index.get(b)! > index.get(a)!) b = idom.get(b)!;
    }
    return a;
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (const b of rpo.slice(1)) {
      let nd: BlockId | undefined;
      for (const p of preds.get(b) ?? []) {
        if (!idom.has(p)) continue;
        nd = nd === undefined ? p : intersect(p, nd);
      }
      if (nd !== undefined && idom.get(b) !== nd) {
        idom.set(b, nd);
        changed = true;
      }
    }
  }
  return idom;
}
