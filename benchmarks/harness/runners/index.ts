// The runner registry: one Runner per peer id, constructed with the run's options.

import type { BenchOptions } from "../options.js";
import type { RunnerId } from "../results.js";
import { ApcRunner } from "./apc.js";
import { CRunner } from "./c.js";
import { CPythonRunner } from "./cpython.js";
import { CythonRunner } from "./cython.js";
import { NumbaRunner } from "./numba.js";
import { PyPyRunner } from "./pypy.js";
import type { Runner } from "./runner.js";

export function createRunner(id: RunnerId, options: Pick<BenchOptions, "python">): Runner {
  switch (id) {
    case "cpython":
      return new CPythonRunner(options.python);
    case "pypy":
      return new PyPyRunner();
    case "numba":
      return new NumbaRunner(options.python);
    case "cython":
      return new CythonRunner(options.python);
    case "c":
      return new CRunner();
    case "apc":
      return new ApcRunner();
  }
}
