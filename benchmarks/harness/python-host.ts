// Finding the Python interpreters the Python-hosted runners use. CPython's column
// uses the reference interpreter (--python, default `python3`). Numba and Cython
// need an interpreter that has the package (and, for Cython, the C headers); the
// reference one is preferred, else Debian's /usr/bin/python3, where
// `npm run bench:peers` installs them. Each interpreter is probed once.

import { runTool } from "./timed-run.js";

export interface PythonHost {
  /** As given (a name on PATH or a path). */
  readonly exe: string;
  /** sys.executable, resolved. */
  readonly executable: string;
  /** "3.11.7". */
  readonly version: string;
  readonly numba: string | null;
  readonly cython: string | null;
  /** The folder holding Python.h, or null when the headers are not installed. */
  readonly include: string | null;
  /** ".cpython-311-x86_64-linux-gnu.so". */
  readonly extSuffix: string;
}

export const SYSTEM_PYTHON = "/usr/bin/python3";

const PROBE = `
import json, os, sys, sysconfig
def version(name):
    try:
        return __import__(name).__version__
    except Exception:
        return None
inc = sysconfig.get_paths().get("include") or ""
print(json.dumps({
    "executable": sys.executable,
    "version": "%d.%d.%d" % sys.version_info[:3],
    "numba": version("numba"),
    "cython": version("Cython"),
    "include": inc if os.path.exists(os.path.join(inc, "Python.h")) else None,
    "extSuffix": sysconfig.get_config_var("EXT_SUFFIX") or ".so",
}))
`;

const probed = new Map<string, Promise<PythonHost | null>>();

/** Probe an interpreter; null when it cannot be run. */
export function probePython(exe: string): Promise<PythonHost | null> {
  let p = probed.get(exe);
  if (!p) {
    p = (async () => {
      const r = await runTool(exe, ["-c", PROBE], { timeoutSeconds: 120 });
      if (!r.ok) return null;
      try {
        const data = JSON.parse(r.stdout.trim().split("\n").pop() ?? "") as Omit<PythonHost, "exe">;
        return { exe, ...data };
      } catch {
        return null;
      }
    })();
    probed.set(exe, p);
  }
  return p;
}

/** The first of the reference interpreter and the system one that satisfies `has`. */
export async function findHost(reference: string, has: (h: PythonHost) => boolean): Promise<PythonHost | null> {
  const seen = new Set<string>();
  for (const exe of [reference, SYSTEM_PYTHON, "python3"]) {
    const host = await probePython(exe);
    if (!host || seen.has(host.executable)) continue;
    seen.add(host.executable);
    if (has(host)) return host;
  }
  return null;
}
