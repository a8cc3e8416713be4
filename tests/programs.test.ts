// The main correctness net: every tests/programs/**/*.py is run by CPython
// for the expected stdout and exit status, compiled by apc, run natively,
// and compared (tests/program-corpus.ts; its headers give arguments and the
// differences apc has by design).

import path from "node:path";
import { describe, it } from "vitest";
import { expectMatchesCPython, programs, PROGRAMS } from "./program-corpus.js";

describe.concurrent("programs match CPython", () => {
  for (const file of programs(PROGRAMS)) it(path.relative(PROGRAMS, file), () => expectMatchesCPython(file));
});
