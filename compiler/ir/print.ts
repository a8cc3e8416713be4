// The IR's stable text form, what `apc emit ir` shows and golden tests
// compare. Owns formatting only.
//
//   func @py_fact__i(%0: i64) -> i64 {
//   entry:
//     %1 = const i64 1
//     %4 = imul i64 %2, %3          ; fact.py:4:9
//     branch %6, for.body.2, for.else.4
//   }

import type { Block, ConstValue, Inst, IrFunction, IrModule, Terminator, ValueId, BlockId } from "./ir.js";
import { isSlotData, isTypeDesc } from "./ir.js";
import { showTy } from "../frontend/types.js";

export function printModule(m: IrModule): string {
  const out: string[] = [`; module ${m.sourceFile}`];
  for (const g of m.globals) out.push(`global @${g.name}: ${g.ty}`);
  if (m.globals.length) out.push("");
  for (const f of m.functions) out.push(printFunction(f), "");
  return out.join("\n");
}

export function printFunction(f: IrFunction): string {
  const names = new Map<BlockId, string>(f.blocks.map((b, i) => [b.id, i === 0 ? "entry" : `${b.label}.${b.id}`]));
  const label = (id: BlockId) => names.get(id) ?? `?bb${id}`;
  const params = f.params.map((p) => `${v(p.id)}: ${p.ty}`).join(", ");
  const lines = [`func @${f.name}(${params}) -> ${f.ret}${f.exported ? " export" : ""} {  ; ${f.pyName}`];
  for (const b of f.blocks) {
    lines.push(`${label(b.id)}:`);
    for (const i of b.insts) lines.push(`  ${printInst(i, label)}`);
    lines.push(`  ${b.term ? printTerm(b.term, label) : "<no terminator>"}`);
  }
  lines.push("}");
  return lines.join("\n");
}

function v(id: ValueId): string {
  return `%${id}`;
}

function printInst(i: Inst, label: (b: BlockId) => string): string {
  const lhs = i.ty === "void" ? "" : `${v(i.id)} = `;
  const where = i.site ? `  ; line ${i.site.span.line}:${i.site.span.col}` : "";
  const args = i.args.map(v).join(", ");
  switch (i.op) {
    case "const":
      return `${lhs}const ${i.ty} ${formatConst(i.value)}`;
    case "phi":
      return `${lhs}phi ${i.ty} ${i.args.map((a, k) => `[${v(a)}, ${label(i.incoming[k]!)}]`).join(", ")}`;
    case "icmp":
    case "fcmp":
    case "ifcmp":
      return `${lhs}${i.op} ${i.pred} ${args}`;
    case "call":
      return `${lhs}call ${i.ty} @${i.callee}(${args})${where}`;
    case "callrt":
      return `${lhs}callrt ${i.ty} ${i.fn}(${args})${where}`;
    case "gload":
      return `${lhs}gload ${i.ty} @${i.global}${where}`;
    case "gstore":
      return `gstore @${i.global}, ${args}`;
    case "strfindc":
      return `${lhs}strfindc ${i.ty} ${JSON.stringify(i.haystack)}, ${args}`;
    default:
      return `${lhs}${i.op} ${i.ty} ${args}${where}`;
  }
}

export function formatConst(c: ConstValue): string {
  if (isTypeDesc(c)) return `type ${showTy(c.desc)}`;
  if (isSlotData(c)) return `data [${c.slots.length} x i64]`;
  if (typeof c === "string") return JSON.stringify(c);
  if (typeof c === "number") return Object.is(c, -0) ? "-0.0" : Number.isInteger(c) ? c.toFixed(1) : String(c);
  return String(c);
}

function printTerm(t: Terminator, label: (b: BlockId) => string): string {
  switch (t.kind) {
    case "jump":
      return `jump ${label(t.target)}`;
    case "branch":
      return `branch ${v(t.cond)}, ${label(t.then)}, ${label(t.else)}`;
    case "ret":
      return t.value === null ? "ret" : `ret ${v(t.value)}`;
    case "raise": {
      const msg = t.messageValue !== null ? `, ${v(t.messageValue)}` : t.message !== null ? `, ${JSON.stringify(t.message)}` : "";
      return `raise ${t.exc}${msg}  ; line ${t.site.span.line}:${t.site.span.col}`;
    }
    case "unreachable":
      return "unreachable";
  }
}

export function blockName(f: IrFunction, b: Block): string {
  return f.blocks[0] === b ? "entry" : `${b.label}.${b.id}`;
}
