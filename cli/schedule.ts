// Nightly `apc tune` through the user's crontab: the crontab line for one
// project (schedule, command, log file, and a marker comment naming the
// project), validation of the 5-field schedule, and installing, replacing and
// removing that one line with `crontab -l` / `crontab -` while every other
// line of the crontab is kept byte for byte.
// Owns the crontab text and the `crontab` subprocess. Does not run tune, and
// does not know other schedulers (systemd timers, launchd).

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";

export const MARKER_PREFIX = "# apc-tune:";

export class InvalidSchedule extends Error {
  readonly code = "invalid-schedule";
  constructor(
    readonly expression: string,
    readonly problem: string,
  ) {
    super(
      `invalid schedule ${JSON.stringify(expression)}: ${problem}. ` +
        `A schedule is 5 fields, "minute hour day-of-month month day-of-week", ` +
        `e.g. "0 3 * * *" for 03:00 every night or "30 2 * * 1-5" for 02:30 on weekdays`,
    );
  }
}

export class CrontabMissing extends Error {
  readonly code = "crontab-missing";
  constructor(readonly command: string) {
    super(
      `${command} was not found, so apc cannot schedule nightly tune runs: ` +
        `install cron (Debian/Ubuntu: apt-get install cron; Fedora/RHEL: dnf install cronie), ` +
        `or run apc tune yourself`,
    );
  }
}

export class CrontabFailed extends Error {
  readonly code = "crontab-failed";
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | undefined,
    readonly stderr: string,
  ) {
    super(`crontab ${args.join(" ")} failed${exitCode !== undefined ? ` (exit ${exitCode})` : ""}: ${stderr.trim() || "no message"}`);
  }
}

/** A project path, budget or corpus that cannot be put on a crontab line. */
export class InvalidCronLine extends Error {
  readonly code = "invalid-cron-line";
  constructor(message: string) {
    super(message);
  }
}

// --- schedule validation -------------------------------------------------

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

const FIELDS: readonly FieldSpec[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day-of-week", min: 0, max: 7, names: DAYS },
];

const MACROS: Record<string, string> = {
  "@hourly": "0 * * * *",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@nightly": "0 3 * * *",
  "@weekly": "0 0 * * 0",
  "@monthly": "0 0 1 * *",
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
};

/**
 * Checks a standard 5-field cron schedule and returns it with single spaces.
 * Each field is `*`, a number, a range `a-b`, any of those with a step `/n`,
 * or a comma list of them; month and day-of-week also take one three-letter
 * name (`jan`, `mon`), alone (cron allows no ranges or lists of names).
 */
export function validateSchedule(expr: string): string {
  const trimmed = expr.trim();
  if (trimmed.startsWith("@")) {
    const equivalent = MACROS[trimmed.toLowerCase()];
    throw new InvalidSchedule(expr, equivalent ? `use the 5-field form "${equivalent}" instead of ${trimmed}` : `${trimmed} is not a schedule`);
  }
  const fields = trimmed.split(/[ \t]+/).filter((f) => f !== "");
  if (fields.length !== 5) throw new InvalidSchedule(expr, `it has ${fields.length} field${fields.length === 1 ? "" : "s"}, not 5`);
  fields.forEach((f, i) => checkField(expr, f, FIELDS[i]!));
  return fields.join(" ");
}

function checkField(expr: string, field: string, spec: FieldSpec): void {
  if (spec.names?.includes(field.toLowerCase())) return;
  for (const item of field.split(",")) {
    if (item === "") throw new InvalidSchedule(expr, `the ${spec.name} field "${field}" has an empty list item`);
    const m = /^(\*|\d+(?:-\d+)?)(?:\/(\d+))?$/.exec(item);
    if (!m) {
      const hint = spec.names && /[a-z]/i.test(item) ? ` (a ${spec.name} name such as "${spec.names[1]}" must stand alone, without ranges or lists)` : "";
      throw new InvalidSchedule(expr, `the ${spec.name} field has "${item}", which is not *, a number, a range or a step${hint}`);
    }
    const [, base, step] = m;
    if (step !== undefined && Number(step) < 1) throw new InvalidSchedule(expr, `the ${spec.name} step in "${item}" must be at least 1`);
    if (base === "*") continue;
    const [lo, hi = lo] = base!.split("-").map(Number) as [number, number?];
    for (const n of [lo, hi]) {
      if (n < spec.min || n > spec.max) throw new InvalidSchedule(expr, `${spec.name} ${n} is out of range ${spec.min}-${spec.max}`);
    }
    if (hi < lo) throw new InvalidSchedule(expr, `the ${spec.name} range ${base} runs backwards`);
  }
}

// --- the crontab line ------------------------------------------------------

export interface CronLineOptions {
  readonly schedule: string;
  /** The project folder (made absolute). */
  readonly project: string;
  readonly budgetMinutes: number;
  readonly corpus: string;
  /** The command that runs apc, inserted as shell text; default {@link defaultApcCommand}. */
  readonly apcCommand?: string;
}

/** Quotes a word for sh: bare when it is plainly safe, else in single quotes. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** cron turns an unescaped `%` in the command into a newline (and stdin): escape them. */
function cronEscape(text: string): string {
  return text.replace(/%/g, "\\%");
}

/** The marker comment that ends the crontab line of `project` (an absolute path). */
export function scheduleMarker(project: string): string {
  return MARKER_PREFIX + cronEscape(path.resolve(project));
}

/**
 * One crontab line: the schedule, then
 * `cd <project> && mkdir -p .apc/logs && <apc> tune --budget N --corpus C >> <project>/.apc/logs/tune-cron.log 2>&1`,
 * then `# apc-tune:<absolute project path>`. Paths are shell-quoted and every
 * `%` is escaped, since cron would turn it into a newline. (The `mkdir -p`:
 * a redirect into a missing folder fails before apc could create it.)
 */
export function cronLine(options: CronLineOptions): string {
  const schedule = validateSchedule(options.schedule);
  const project = path.resolve(options.project);
  for (const [what, value] of [["project path", project], ["corpus", options.corpus], ["apc command", options.apcCommand ?? ""]] as const) {
    if (/[\n\r\0]/.test(value)) throw new InvalidCronLine(`the ${what} ${JSON.stringify(value)} contains a line break or NUL, which a crontab line cannot hold`);
  }
  if (!Number.isInteger(options.budgetMinutes) || options.budgetMinutes < 1) {
    throw new InvalidCronLine(`the tune budget must be a whole number of minutes, at least 1 (got ${options.budgetMinutes})`);
  }
  if (options.corpus.trim() === "") throw new InvalidCronLine("the corpus to tune on is empty");
  const apc = options.apcCommand ?? defaultApcCommand();
  const log = path.join(project, ".apc", "logs", "tune-cron.log");
  const command =
    `cd ${shellQuote(project)} && mkdir -p .apc/logs && ${apc} tune --budget ${options.budgetMinutes} --corpus ${shellQuote(options.corpus)}` +
    ` >> ${shellQuote(log)} 2>&1`;
  return `${schedule} ${cronEscape(command)} ${scheduleMarker(project)}`;
}

/**
 * `<node> <repo>/bin/apc.js`, with the absolute path of the node running now:
 * cron's PATH is only /usr/bin:/bin, where a user's node often is not.
 */
export function defaultApcCommand(): string {
  return `${shellQuote(process.execPath)} ${shellQuote(path.join(apcRepoRoot(), "bin", "apc.js"))}`;
}

/** The apc repository this module belongs to (from dist/cli/ or, in tests, cli/). */
export function apcRepoRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here, i = 0; i < 4; i++, dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "bin", "apc.js")) && isApcPackage(path.join(dir, "package.json"))) return dir;
  }
  // dist/cli/schedule.js: the repository root is two levels up.
  return path.resolve(here, "..", "..");
}

function isApcPackage(file: string): boolean {
  try {
    return (JSON.parse(readFileSync(file, "utf8")) as { name?: unknown }).name === "apc";
  } catch {
    return false;
  }
}

// --- the user's crontab ----------------------------------------------------

export interface CrontabOptions {
  /** The crontab program; default "crontab" on PATH. */
  readonly command?: string;
}

/** The user's crontab text; "" when they have none yet. */
export async function readCrontab(options: CrontabOptions = {}): Promise<string> {
  const r = await runCrontab(options, ["-l"]);
  if (r.exitCode === 0) return r.stdout;
  if (/no crontab for/i.test(r.stderr)) return "";
  throw new CrontabFailed(["-l"], r.exitCode, r.stderr);
}

/** Replaces the user's whole crontab with `text`. */
export async function writeCrontab(text: string, options: CrontabOptions = {}): Promise<void> {
  const r = await runCrontab(options, ["-"], text);
  if (r.exitCode !== 0) throw new CrontabFailed(["-"], r.exitCode, r.stderr);
}

/**
 * Installs `line` (from {@link cronLine}): an existing line with the same
 * marker is replaced where it stands, otherwise the line is appended.
 */
export async function installSchedule(line: string, options: CrontabOptions = {}): Promise<{ readonly replaced: boolean }> {
  const marker = markerOf(line);
  if (marker === null) throw new InvalidCronLine(`not an apc tune crontab line (no ${MARKER_PREFIX} marker): ${line}`);
  if (/[\n\r]/.test(line)) throw new InvalidCronLine("a crontab line cannot contain a line break");
  const lines = splitLines(await readCrontab(options));
  const at = lines.findIndex((l) => markerOf(l) === marker);
  const kept = lines.filter((l) => markerOf(l) !== marker);
  if (at === -1) kept.push(line);
  else kept.splice(lines.slice(0, at).filter((l) => markerOf(l) !== marker).length, 0, line);
  await writeCrontab(joinLines(kept), options);
  return { replaced: at !== -1 };
}

/** Removes the apc tune line of `project` (only that line); says whether there was one. */
export async function removeSchedule(project: string, options: CrontabOptions = {}): Promise<{ readonly removed: boolean }> {
  const marker = scheduleMarker(project);
  const lines = splitLines(await readCrontab(options));
  const kept = lines.filter((l) => markerOf(l) !== marker);
  if (kept.length === lines.length) return { removed: false };
  await writeCrontab(joinLines(kept), options);
  return { removed: true };
}

/** The installed schedule line of `project`, or null. */
export async function findSchedule(project: string, options: CrontabOptions = {}): Promise<string | null> {
  const marker = scheduleMarker(project);
  return splitLines(await readCrontab(options)).find((l) => markerOf(l) === marker) ?? null;
}

/** The marker at the end of a line (`# apc-tune:<path>`), or null. */
function markerOf(line: string): string | null {
  const i = line.lastIndexOf(` ${MARKER_PREFIX}`);
  return i === -1 ? null : line.slice(i + 1);
}

/** Lines without their "\n" (a "\r" stays part of its line, untouched). */
function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** cron ignores a last line without a newline: every line ends with one. */
function joinLines(lines: readonly string[]): string {
  return lines.map((l) => `${l}\n`).join("");
}

async function runCrontab(options: CrontabOptions, args: string[], input?: string): Promise<{ exitCode: number | undefined; stdout: string; stderr: string }> {
  const command = options.command ?? "crontab";
  const r = await execa(command, args, { reject: false, stripFinalNewline: false, ...(input !== undefined ? { input } : { stdin: "ignore" as const }) });
  if ((r as { code?: string }).code === "ENOENT") throw new CrontabMissing(command);
  if (r.failed && r.exitCode === undefined) throw new CrontabFailed(args, undefined, r.message ?? "");
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}
