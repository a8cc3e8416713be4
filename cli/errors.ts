// The command line's failures as one line each. Owns the error classes the
// CLI itself raises (a bad -o, an unreadable input, a full disk, an LLM that
// does not answer), recognising the expected failures other layers raise
// (apc's error classes carry a lower-case `code`; Node's file errors an
// upper-case errno code; a tool's "No space left on device"), and how a
// command ends on one: `apc: error[CODE]: message`, exit 2 for a usage error
// (a missing input, a bad -o), 1 for any other expected failure. Anything
// else is an internal error: its stack is kept, headed "internal error", exit
// 70. Does not own the messages of other layers' errors.

import { accessSync, constants, statSync } from "node:fs";
import path from "node:path";

/** An expected failure the CLI raises itself. */
export abstract class CliFailure extends Error {
  abstract readonly code: string;
  /** 2 for a usage error, 1 otherwise. */
  abstract readonly exitCode: 1 | 2;
}

/** The input file cannot be read (missing, a folder, not permitted). */
export class InputUnreadable extends CliFailure {
  readonly code = "input-unreadable";
  readonly exitCode = 2;
  constructor(readonly file: string, detail: string) {
    super(`cannot read ${file}: ${detail}`);
  }
}

/** `-o PATH` cannot be written: its folder is missing, it is a folder, or it is not writable. */
export class OutputUnwritable extends CliFailure {
  readonly code = "output-unwritable";
  readonly exitCode = 2;
  constructor(readonly output: string, detail: string) {
    super(`cannot write -o ${output}: ${detail}`);
  }
}

/** A write failed for lack of space (ENOSPC, EDQUOT, or a tool saying so). */
export class DiskFull extends CliFailure {
  readonly code = "disk-full";
  readonly exitCode = 1;
  constructor(detail: string) {
    super(`no space left on the device: ${detail}; free some space (or point TMPDIR elsewhere) and run again`);
  }
}

/** A file operation failed for a reason outside apc (permissions, a read-only file system, a folder where a file belongs). */
export class FileSystemFailure extends CliFailure {
  readonly code = "file-system";
  readonly exitCode = 1;
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: "no such file or folder",
  EISDIR: "it is a folder",
  ENOTDIR: "a part of the path is not a folder",
  EACCES: "permission denied",
  EPERM: "not permitted",
  EROFS: "a read-only file system",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "the name is too long",
};

/** Throws InputUnreadable, saying why, unless `file` is a readable file. */
export function checkReadable(file: string): void {
  let st;
  try {
    st = statSync(file);
    accessSync(file, constants.R_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "";
    throw new InputUnreadable(file, ERRNO_TEXT[code] ?? (err as Error).message);
  }
  if (st.isDirectory()) throw new InputUnreadable(file, "it is a folder, not a Python file");
}

/** Checks, before any work, that `-o output` can be created: its folder exists and it is not itself a folder. */
export function checkOutput(output: string): void {
  const dir = path.dirname(path.resolve(output));
  const target = statSync(output, { throwIfNoEntry: false });
  if (target?.isDirectory()) throw new OutputUnwritable(output, "it is a folder (give a file name, e.g. -o " + path.join(output, "prog") + ")");
  const parent = statSync(dir, { throwIfNoEntry: false });
  if (parent === undefined) throw new OutputUnwritable(output, `the folder ${dir} does not exist (create it first)`);
  if (!parent.isDirectory()) throw new OutputUnwritable(output, `${dir} is not a folder`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new OutputUnwritable(output, `the folder ${dir} is not writable`);
  }
}

const NO_SPACE = /No space left on device|Disk quota exceeded/i;

/** The one line and exit code for an expected failure, or null for an internal error. */
export function describeFailure(err: unknown): { line: string; exitCode: 1 | 2 } | null {
  if (err instanceof CliFailure) return { line: `error[${err.code}]: ${err.message}`, exitCode: err.exitCode };
  if (!(err instanceof Error)) return null;
  const code = (err as { code?: unknown }).code;
  // apc's own error classes: a fixed lower-case code (config-invalid, entry-not-found, ...).
  if (typeof code === "string" && (/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/.test(code) || /^[A-Z][a-z][A-Za-z0-9]*$/.test(code))) {
    return { line: `error[${code}]: ${err.message}`, exitCode: 1 };
  }
  // Node's file errors: an errno code and usually the path.
  if (typeof code === "string" && /^E[A-Z]+$/.test(code) && (err as NodeJS.ErrnoException).syscall !== undefined) {
    const e = err as NodeJS.ErrnoException & { dest?: string };
    const what = e.path ? `${e.syscall} ${e.path}${e.dest ? ` -> ${e.dest}` : ""}` : `a ${e.syscall} call`;
    if (code === "ENOSPC" || code === "EDQUOT") return describeFailure(new DiskFull(what));
    const text = ERRNO_TEXT[code];
    if (text) return describeFailure(new FileSystemFailure(`${what}: ${text} (${code})`));
    return null;
  }
  // A tool (cc, ld, llc, opt) that failed because the disk is full.
  const stderr = (err as { stderr?: unknown }).stderr;
  if (typeof stderr === "string" && NO_SPACE.test(stderr)) {
    const line = stderr.split("\n").find((l) => NO_SPACE.test(l))!.trim();
    return describeFailure(new DiskFull(line));
  }
  return null;
}

/** Ends the command on `err`: one line for an expected failure, the stack headed "internal error" otherwise. */
export function exitOnFailure(prefix: string, err: unknown): never {
  const known = describeFailure(err);
  if (known) {
    process.stderr.write(`${prefix}: ${known.line}\n`);
    process.exit(known.exitCode);
  }
  process.stderr.write(`${prefix}: internal error (a bug in apc; please report it with this output):\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(70);
}

/** apc's own stdout: a closed pipe (`apc emit ir f.py | head`) ends apc quietly, a full disk with one line. */
export function guardStdout(): void {
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(141); // as a native tool killed by SIGPIPE
    exitOnFailure("apc", err.code === "ENOSPC" ? new DiskFull("writing the output") : err);
  });
}
