// The PyPy runner: `pypy3` runs the program as a script; its JIT warm-up is part
// of the run. No build step.

import { PeerMissing } from "../errors.js";
import { INSTALL_PEERS } from "../paths.js";
import { runTool } from "../timed-run.js";
import type { BenchProgram } from "../suites.js";
import type { PreparedRun, Runner } from "./runner.js";

export class PyPyRunner implements Runner {
  readonly id = "pypy";

  constructor(private readonly exe = "pypy3") {}

  async probe(): Promise<string[]> {
    const version = await pypyVersion(this.exe);
    if (!version) throw new PeerMissing(`${this.exe} not found`, INSTALL_PEERS);
    return [`${this.exe}: ${version}`];
  }

  async prepare(program: BenchProgram): Promise<PreparedRun> {
    return { command: { exe: this.exe, args: [program.source, ...program.args] }, buildSeconds: null, notes: [] };
  }
}

/** "PyPy 7.3.11 (Python 3.9.16)", or null when the interpreter cannot be run. */
export async function pypyVersion(exe = "pypy3"): Promise<string | null> {
  const r = await runTool(exe, ["--version"], { timeoutSeconds: 60 });
  if (!r.ok) return null;
  const text = `${r.stdout}${r.stderr}`;
  const pypy = /PyPy ([\d.]+)/.exec(text)?.[1];
  const python = /Python ([\d.]+)/.exec(text)?.[1];
  return pypy ? `PyPy ${pypy}${python ? ` (Python ${python})` : ""}` : text.trim().split("\n")[0]!;
}
