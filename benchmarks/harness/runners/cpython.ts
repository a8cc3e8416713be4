// The CPython runner: the reference interpreter (--python, default `python3`)
// runs the program as a script. No build step. Its output is the reference every
// other runner is compared with.

import { PeerMissing } from "../errors.js";
import { probePython, type PythonHost } from "../python-host.js";
import type { BenchProgram } from "../suites.js";
import type { PreparedRun, Runner } from "./runner.js";

export class CPythonRunner implements Runner {
  readonly id = "cpython";
  private host: PythonHost | null = null;

  constructor(private readonly python: string) {}

  async probe(): Promise<string[]> {
    this.host = await probePython(this.python);
    if (!this.host) throw new PeerMissing(`cannot run ${this.python}`, "apt-get install python3");
    return [`${this.host.executable} (CPython ${this.host.version})`];
  }

  async prepare(program: BenchProgram): Promise<PreparedRun> {
    return { command: { exe: this.host!.executable, args: [program.source, ...program.args] }, buildSeconds: null, notes: [] };
  }
}
