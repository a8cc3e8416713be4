// The contract between the compiler's type descriptors and the C runtime:
// the kind numbers compiler/backend/llvm.ts writes into each `apc_type` are
// runtime/apc_containers.h's `enum apc_kind`, name for name.

import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { TYPE_KIND, VIEW_KIND } from "../../compiler/backend/llvm.js";

it("every descriptor kind the compiler emits is the runtime's enum value", () => {
  const header = readFileSync(path.join(import.meta.dirname, "..", "..", "runtime", "apc_containers.h"), "utf8");
  const body = /enum apc_kind \{([\s\S]*?)\};/.exec(header)![1]!;
  const c = new Map([...body.matchAll(/APC_K_(\w+)\s*=\s*(\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
  const ts = new Map<string, number>([
    ...Object.entries(TYPE_KIND)
      .filter(([k]) => !["unknown", "never"].includes(k))
      .map(([k, v]) => [k.toUpperCase(), v] as [string, number]),
    ...Object.entries(VIEW_KIND).map(([k, v]) => [`DICT_${k.toUpperCase()}`, v] as [string, number]),
  ]);
  expect(Object.fromEntries(ts)).toEqual(Object.fromEntries(c));
  // Values no static type has: unknown (empty containers) is 0, never is None's.
  expect(TYPE_KIND.unknown).toBe(0);
  expect(TYPE_KIND.never).toBe(c.get("NONE"));
});
