// showTy and parseTy are inverses: the profiler writes types with showTy's
// spelling and hybrid mode reads them back with parseTy.

import { describe, expect, it } from "vitest";
import { mangleTys, parseTy, showTy } from "../../compiler/frontend/types.js";

describe("type text", () => {
  const texts = [
    "int",
    "None",
    "list[float]",
    "tuple[int, str]",
    "tuple[int, ...]",
    "tuple[tuple[int, ...], ...]",
    "dict[tuple[str, ...], list[tuple[bool, ...]]]",
    "set[tuple[int, ...]]",
  ];
  for (const text of texts) {
    it(`round-trips ${text}`, () => {
      const t = parseTy(text);
      expect(t).not.toBeNull();
      expect(showTy(t!)).toBe(text);
    });
  }

  it("reads tuple[T, ...] without spaces and refuses other uses of ...", () => {
    expect(showTy(parseTy("tuple[int,...]")!)).toBe("tuple[int, ...]");
    expect(parseTy("tuple[...]")).toBeNull();
    expect(parseTy("tuple[int, str, ...]")).toBeNull();
    expect(parseTy("list[int, ...]")).toBeNull();
  });

  it("mangles a variable-length tuple apart from a fixed one", () => {
    expect(mangleTys([parseTy("tuple[int, ...]")!])).toBe("Vi");
    expect(mangleTys([parseTy("tuple[int]")!])).toBe("T1i");
  });
});
