// The programs that compute with ints, built with int specialisation
// (`narrow=`, backend/pipeline.ts): each function with int parameters has a
// copy entered when its int arguments fit, where passes/int-ranges removes the
// overflow checks it proves cannot fire. At 8 bits most arguments of these
// programs fall on both sides of the width, so both copies run; at 31 bits
// (the optimizer's candidate) nearly all take the copy. Either way the output
// must be CPython's, errors included.

import path from "node:path";
import { describe, it } from "vitest";
import { expectMatchesCPython, programs, PROGRAMS } from "./program-corpus.js";

const DIRS = ["arith", "functions", "control", "errors", "containers", "math"];

describe.concurrent("programs match CPython with int specialisation", () => {
  for (const bits of [8, 31]) {
    for (const file of DIRS.flatMap((d) => programs(path.join(PROGRAMS, d)))) {
      it(`narrow=${bits}: ${path.relative(PROGRAMS, file)}`, () => expectMatchesCPython(file, { passes: `default<O2>;narrow=${bits}` }));
    }
  }
});
