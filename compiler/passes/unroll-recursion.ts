// passes/unroll-recursion: give LLVM's inliner a way into self-recursive
// functions. LLVM never inlines a function into itself, while gcc -O2 does
// (that is most of its lead on doubly recursive code such as fib). For each
// function that calls itself directly, this pass makes `copies` clones in a
// ring (f -> f.r1 -> f.r2 -> f): the clones are ordinary internal functions,
// so the inliner can fold one level into the next, and every call still
// counts one frame of depth, so RecursionError happens exactly where CPython
// raises it.
// requires: nothing; invalidates: nothing (adds functions, rewrites callees).

import type { IrFunction, IrModule } from "../ir/ir.js";

export function run(m: IrModule, copies = 3): void {
  const added: IrFunction[] = [];
  for (const f of m.functions) {
    if (!callsItself(f) || f.blocks.reduce((n, b) => n + b.insts.length, 0) > 200) continue;
    const ring = [f.name, ...Array.from({ length: copies }, (_, i) => `${f.name}.r${i + 1}`)];
    const clones = ring.slice(1).map((name) => clone(f, name, false));
    [f, ...clones].forEach((g, i) => retarget(g, f.name, ring[(i + 1) % ring.length]!));
    added.push(...clones);
  }
  m.functions.push(...added);
}

function callsItself(f: IrFunction): boolean {
  return f.blocks.some((b) => b.insts.some((i) => i.op === "call" && i.callee === f.name));
}

function clone(f: IrFunction, name: string, exported: boolean): IrFunction {
  return {
    ...f,
    name,
    exported,
    params: f.params.map((p) => ({ ...p })),
    blocks: f.blocks.map((b) => ({
      ...b,
      insts: b.insts.map((i) => ({ ...i, args: [...i.args], ...(i.op === "phi" ? { incoming: [...i.incoming] } : {}) })),
      term: b.term ? { ...b.term } : null,
    })),
  };
}

function retarget(f: IrFunction, from: string, to: string): void {
  for (const b of f.blocks) {
    b.insts = b.insts.map((i) => (i.op === "call" && i.callee === from ? { ...i, callee: to } : i));
  }
}
