// The Cython runner: the program, unchanged (pure Python mode, language level 3),
// is compiled by Cython to C and by gcc -O2 to an extension module against the
// interpreter's own headers, then run with `python -c "import MODULE" ARGS` (the
// module's top level calls main, and sys.argv[1:] are the ARGS). Build time is
// Cython plus gcc.

import { copyFileSync } from "node:fs";
import path from "node:path";
import { BuildFailed, PeerMissing } from "../errors.js";
import { INSTALL_PEERS } from "../paths.js";
import { findHost, type PythonHost } from "../python-host.js";
import { runTool } from "../timed-run.js";
import type { BenchProgram } from "../suites.js";
import { tail, type PreparedRun, type Runner } from "./runner.js";

export const CYTHON_CFLAGS = ["-O2", "-fPIC", "-shared", "-fwrapv", "-fno-strict-aliasing"];

export class CythonRunner implements Runner {
  readonly id = "cython";
  private host: PythonHost | null = null;

  constructor(
    private readonly referencePython: string,
    private readonly cc = process.env.CC ?? "gcc",
  ) {}

  async probe(): Promise<string[]> {
    this.host = await findHost(this.referencePython, (h) => h.cython !== null && h.include !== null);
    if (!this.host) throw new PeerMissing("Cython and the Python headers are not found for python3 or /usr/bin/python3", INSTALL_PEERS);
    return [`Cython ${this.host.cython} under ${this.host.executable} (CPython ${this.host.version}), ${this.cc} ${CYTHON_CFLAGS.join(" ")}`];
  }

  async prepare(program: BenchProgram, dir: string): Promise<PreparedRun> {
    const host = this.host!;
    // A module name no program or stdlib module can clash with.
    const mod = `apcbench_${program.name.replace(/\W/g, "_")}`;
    const py = path.join(dir, `${mod}.py`);
    const c = path.join(dir, `${mod}.c`);
    copyFileSync(program.source, py);
    const cy = await runTool(host.executable, ["-m", "cython", "-3", py, "-o", c], { cwd: dir });
    if (!cy.ok) throw new BuildFailed(`cython failed (${cy.error})\n${tail(cy.stderr || cy.stdout)}`);
    const so = path.join(dir, `${mod}${host.extSuffix}`);
    const gcc = await runTool(this.cc, [...CYTHON_CFLAGS, `-I${host.include}`, c, "-o", so, "-lm"], { cwd: dir });
    if (!gcc.ok) throw new BuildFailed(`${this.cc} failed on Cython's output (${gcc.error})\n${tail(gcc.stderr)}`);
    return {
      command: { exe: host.executable, args: ["-c", `import ${mod}`, ...program.args], cwd: dir },
      buildSeconds: cy.seconds + gcc.seconds,
      notes: [`python ${host.executable}`],
    };
  }
}
