// The in-process vector memory against the shared VectorMemory behaviour, plus
// what only it decides: its dimension must be a positive integer.

import { describe, expect, it } from "vitest";
import { InMemoryVectorMemory, VectorMemoryError } from "../../memory/vector-memory.js";
import { describeVectorMemory } from "./vector-memory-behaviour.js";

describeVectorMemory("in memory", (dimension) => new InMemoryVectorMemory({ dimension }));

describe("InMemoryVectorMemory", () => {
  it("refuses a dimension that is not a positive integer", () => {
    for (const dimension of [0, -3, 2.5, Number.NaN]) {
      let err: unknown;
      try {
        new InMemoryVectorMemory({ dimension });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(VectorMemoryError);
      expect((err as VectorMemoryError).code).toBe("invalid-config");
    }
  });
});
