// Which program `apc profile PATH` runs. Owns the entry rules and the reason
// shown to the user; does not own running it (run-helper.ts).
//
//   PATH is a script            -> that script; the project is its folder
//   PATH is a folder, -m MODULE -> `python -m MODULE` run in the folder
//   PATH is a folder, --entry F -> F (relative to the folder)
//   PATH is a folder            -> main.py, else __main__.py, else the only
//                                  *.py file directly in the folder
// The program runs with the project folder as its working directory.

import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { EntryNotFound } from "./errors.js";

export type ProgramTarget = { readonly kind: "script"; readonly file: string } | { readonly kind: "module"; readonly module: string };

export interface EntryChoice {
  /** Absolute path of the project folder (where .apc/ lives and the program runs). */
  readonly project: string;
  readonly target: ProgramTarget;
  /** What was chosen and why, for the user: "main.py (the project's main.py)". */
  readonly reason: string;
  /** The entry as stored with the run: a path relative to the project, or "-m MODULE". */
  readonly label: string;
}

export interface EntryOptions {
  readonly entry?: string;
  readonly module?: string;
}

const DEFAULT_ENTRIES = ["main.py", "__main__.py"];

export function chooseEntry(pathArg: string, opts: EntryOptions = {}): EntryChoice {
  const abs = path.resolve(pathArg);
  if (!existsSync(abs)) throw new EntryNotFound(pathArg, "no such file or folder");
  if (opts.entry !== undefined && opts.module !== undefined) throw new EntryNotFound(pathArg, "--entry and -m are alternatives; give one");
  if (statSync(abs).isFile()) {
    if (opts.module !== undefined) throw new EntryNotFound(pathArg, "-m MODULE needs a project folder, not a script");
    if (opts.entry !== undefined) throw new EntryNotFound(pathArg, "--entry FILE needs a project folder, not a script");
    const project = path.dirname(abs);
    return script(project, abs, "the script given");
  }
  const project = abs;
  if (opts.module !== undefined) {
    if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(opts.module)) throw new EntryNotFound(pathArg, `'${opts.module}' is not a module name`);
    return { project, target: { kind: "module", module: opts.module }, reason: `module ${opts.module} (-m)`, label: `-m ${opts.module}` };
  }
  if (opts.entry !== undefined) {
    const file = path.resolve(project, opts.entry);
    if (!existsSync(file) || !statSync(file).isFile()) throw new EntryNotFound(pathArg, `--entry ${opts.entry} is not a file`);
    return script(project, file, "--entry");
  }
  for (const name of DEFAULT_ENTRIES) {
    const file = path.join(project, name);
    if (existsSync(file) && statSync(file).isFile()) return script(project, file, `the project's ${name}`);
  }
  const scripts = readdirSync(project)
    .filter((n) => n.endsWith(".py") && statSync(path.join(project, n)).isFile())
    .sort();
  if (scripts.length === 1) return script(project, path.join(project, scripts[0]!), "the only script in the folder");
  const detail =
    scripts.length === 0
      ? "no main.py, __main__.py or other .py file directly in it"
      : `no main.py or __main__.py, and ${scripts.length} scripts (${scripts.slice(0, 5).join(", ")}${scripts.length > 5 ? ", ..." : ""}); choose one with --entry FILE or -m MODULE`;
  throw new EntryNotFound(pathArg, detail);
}

function script(project: string, file: string, why: string): EntryChoice {
  const rel = path.relative(project, file) || path.basename(file);
  const label = rel.startsWith("..") ? file : rel;
  return { project, target: { kind: "script", file }, reason: `${label} (${why})`, label };
}
