// Scheduling nightly tune runs: the crontab line (format, quoting, and that a
// shell really runs it as meant), schedule validation, the one-line error
// when crontab is missing, and a real round trip through this machine's
// crontab, which is saved first and restored exactly afterwards (also when a
// test fails). The round trip runs where cron is installed (CI installs it);
// README's requirements do not include cron, so elsewhere it is skipped with
// a note.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CrontabMissing,
  InvalidCronLine,
  InvalidSchedule,
  apcRepoRoot,
  cronLine,
  defaultApcCommand,
  installSchedule,
  readCrontab,
  removeSchedule,
  shellQuote,
  validateSchedule,
} from "../../cli/schedule.js";

const ROOT = path.join(import.meta.dirname, "..", "..");
const base = mkdtempSync(path.join(tmpdir(), "apc-schedule-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** Whether this machine has a crontab program to run (cron is optional: only `apc tune --schedule` needs it). */
const HAS_CRONTAB = (spawnSync("crontab", ["-l"], { stdio: "ignore" }).error as NodeJS.ErrnoException | undefined)?.code !== "ENOENT";
if (!HAS_CRONTAB) console.log("schedule.test.ts: no crontab on this machine (install cron, e.g. apt-get install cron): skipping the round trip through the real crontab");

/** What cron hands to /bin/sh: the line after its 5 fields, up to the first unescaped %, with \% made %. */
function cronCommand(line: string): string {
  const command = line.replace(/^(\S+\s+){5}/, "");
  expect(command).not.toMatch(/(^|[^\\])%/);
  return command.replace(/\\%/g, "%");
}

function errorOf(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error("expected an error");
}

describe("cronLine", () => {
  it("is the schedule, cd + tune with the log redirect, and the marker", () => {
    const line = cronLine({ schedule: "0  3 * * *", project: "/home/ana/proj", budgetMinutes: 45, corpus: "benchmarks", apcCommand: "apc" });
    expect(line).toBe(
      "0 3 * * * cd /home/ana/proj && mkdir -p .apc/logs && apc tune --budget 45 --corpus benchmarks" +
        " >> /home/ana/proj/.apc/logs/tune-cron.log 2>&1 # apc-tune:/home/ana/proj",
    );
  });

  it("makes the project path absolute", () => {
    const line = cronLine({ schedule: "0 3 * * *", project: "rel/dir", budgetMinutes: 5, corpus: "c", apcCommand: "apc" });
    expect(line.endsWith(`# apc-tune:${path.resolve("rel/dir")}`)).toBe(true);
  });

  it("shell-quotes paths and escapes % for cron", () => {
    const line = cronLine({ schedule: "0 3 * * *", project: "/tmp/it's 100% mine", budgetMinutes: 5, corpus: "my corpus", apcCommand: "apc" });
    expect(line).toBe(
      `0 3 * * * cd '/tmp/it'\\''s 100\\% mine' && mkdir -p .apc/logs && apc tune --budget 5 --corpus 'my corpus'` +
        ` >> '/tmp/it'\\''s 100\\% mine/.apc/logs/tune-cron.log' 2>&1 # apc-tune:/tmp/it's 100\\% mine`,
    );
    expect(shellQuote("plain/path-1.2")).toBe("plain/path-1.2");
    expect(shellQuote("")).toBe("''");
    expect(shellQuote("$HOME `x`")).toBe("'$HOME `x`'");
  });

  it("runs in a real shell as cron would: cd into the project, the arguments intact, output in the log", async () => {
    const project = path.join(base, "it's a 50% \"project\" $HOME");
    const line = cronLine({ schedule: "0 3 * * *", project, budgetMinutes: 30, corpus: "corpus with spaces", apcCommand: "printf '[%s]\\n' \"$PWD\"" });
    await execa("mkdir", ["-p", project]);
    const r = await execa("/bin/sh", ["-c", cronCommand(line)], { reject: false });
    expect(r.exitCode).toBe(0);
    const log = readFileSync(path.join(project, ".apc", "logs", "tune-cron.log"), "utf8");
    expect(log).toBe(`[${project}]\n[tune]\n[--budget]\n[30]\n[--corpus]\n[corpus with spaces]\n`);
  });

  it("defaults to the node running now and this repository's bin/apc.js", () => {
    expect(apcRepoRoot()).toBe(ROOT);
    expect(defaultApcCommand()).toBe(`${shellQuote(process.execPath)} ${shellQuote(path.join(ROOT, "bin", "apc.js"))}`);
    const line = cronLine({ schedule: "0 3 * * *", project: "/p", budgetMinutes: 5, corpus: "c" });
    expect(line).toContain(`&& ${defaultApcCommand()} tune --budget 5`);
  });

  it("refuses what a crontab line cannot hold", () => {
    const ok = { schedule: "0 3 * * *", project: "/p", budgetMinutes: 5, corpus: "c", apcCommand: "apc" };
    expect(errorOf(() => cronLine({ ...ok, project: "/p\nq" }))).toBeInstanceOf(InvalidCronLine);
    expect((errorOf(() => cronLine({ ...ok, budgetMinutes: 0 })) as InvalidCronLine).code).toBe("invalid-cron-line");
    expect(() => cronLine({ ...ok, budgetMinutes: 2.5 })).toThrow(/whole number of minutes/);
    expect(() => cronLine({ ...ok, corpus: " " })).toThrow(InvalidCronLine);
    expect(() => cronLine({ ...ok, schedule: "0 3 * *" })).toThrow(InvalidSchedule);
  });
});

describe("validateSchedule", () => {
  it.each([
    ["0 3 * * *", "0 3 * * *"],
    ["  30\t2 * * 1-5 ", "30 2 * * 1-5"],
    ["*/15 0-6/2 1,15,31 * 0", "*/15 0-6/2 1,15,31 * 0"],
    ["5 4 * jan sun", "5 4 * jan sun"],
    ["5 4 * DEC 7", "5 4 * DEC 7"],
    ["0 22 * 3-10/2 mon", "0 22 * 3-10/2 mon"],
    ["59 23 31 12 6", "59 23 31 12 6"],
  ])("accepts %j", (expr, normal) => {
    expect(validateSchedule(expr)).toBe(normal);
  });

  it.each([
    ["", /has 0 fields, not 5/],
    ["0 3 * *", /has 4 fields, not 5/],
    ["0 3 * * * *", /has 6 fields, not 5/],
    ["60 3 * * *", /minute 60 is out of range 0-59/],
    ["0 24 * * *", /hour 24 is out of range 0-23/],
    ["0 3 0 * *", /day-of-month 0 is out of range 1-31/],
    ["0 3 * 13 *", /month 13 is out of range 1-12/],
    ["0 3 * * 8", /day-of-week 8 is out of range 0-7/],
    ["0 5-2 * * *", /hour range 5-2 runs backwards/],
    ["*/0 3 * * *", /minute step in "\*\/0" must be at least 1/],
    ["0 3 * * mon-fri", /must stand alone/],
    ["0 3 1,,2 * *", /empty list item/],
    ["a 3 * * *", /minute field has "a"/],
    ["0 3 * * -1", /day-of-week field has "-1"/],
    ["@daily", /use the 5-field form "0 0 \* \* \*"/],
  ])("refuses %j", (expr, why) => {
    const err = errorOf(() => validateSchedule(expr));
    expect(err).toBeInstanceOf(InvalidSchedule);
    expect((err as InvalidSchedule).code).toBe("invalid-schedule");
    expect((err as Error).message).toMatch(why);
    expect((err as Error).message).toContain('e.g. "0 3 * * *"');
  });
});

describe("without crontab", () => {
  const missing = path.join(base, "no-such-crontab");
  const project = path.join(base, "a project");

  it("names the package to install", async () => {
    expect(existsSync(missing)).toBe(false);
    const err = await readCrontab({ command: missing }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CrontabMissing);
    expect((err as CrontabMissing).code).toBe("crontab-missing");
    expect((err as Error).message).toContain("apt-get install cron");
    await expect(removeSchedule(project, { command: missing })).rejects.toBeInstanceOf(CrontabMissing);
  });

  it("apc tune --schedule and --unschedule say so in one line and exit 1, with no stack trace", () => {
    mkdirSync(project, { recursive: true });
    // A PATH with no crontab on it (node is run by its absolute path).
    const env = { ...process.env, PATH: path.join(base, "empty-path") };
    for (const args of [["--schedule", "0 2 * * *"], ["--unschedule"]]) {
      const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "apc.js"), "tune", ...args], { cwd: project, env, encoding: "utf8", timeout: 60_000 });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^apc tune: crontab was not found.*install cron \(Debian\/Ubuntu: apt-get install cron/)]);
    }
  });
});

describe.skipIf(!HAS_CRONTAB)("the crontab, for real", () => {
  // The crontab as it was: its exact text, or null when there was none.
  let saved: string | null | undefined;

  beforeAll(async () => {
    const r = await execa("crontab", ["-l"], { reject: false, stdin: "ignore", stripFinalNewline: false });
    if (r.exitCode === 0) saved = r.stdout;
    else if (/no crontab for/i.test(r.stderr)) saved = null;
    else throw new Error(`cannot read this machine's crontab to save it: ${r.stderr || r.message}`);
  });

  afterAll(async () => {
    if (saved === undefined) return;
    if (saved === null) await execa("crontab", ["-r"], { reject: false, stdin: "ignore" });
    else await execa("crontab", ["-"], { input: saved });
    const after = await execa("crontab", ["-l"], { reject: false, stdin: "ignore", stripFinalNewline: false });
    expect(saved === null ? after.exitCode !== 0 : after.stdout === saved).toBe(true);
  });

  const project = path.join(base, "round trip's project");
  const other = path.join(base, "round trip's project", "nested"); // a marker with the same prefix
  const unrelated = "# someone else's entry:\t keep  me   \nMAILTO=\"\"\n17 4 * * 0 echo 'weekly 100\\% done' >/dev/null # not apc\n";

  it("installs, replaces instead of duplicating, keeps every other line byte for byte, and removes only its own line", async () => {
    await execa("crontab", ["-"], { input: (saved ?? "") + unrelated });
    const before = await readCrontab();
    expect(before).toBe((saved ?? "") + unrelated);

    const nightly = cronLine({ schedule: "0 3 * * *", project, budgetMinutes: 60, corpus: "benchmarks", apcCommand: "apc" });
    expect(await installSchedule(nightly)).toEqual({ replaced: false });
    let text = await readCrontab();
    expect(text).toBe(before + nightly + "\n");
    expect(text.split("\n").filter((l) => l === nightly)).toHaveLength(1);

    const nested = cronLine({ schedule: "0 1 * * *", project: other, budgetMinutes: 10, corpus: "benchmarks", apcCommand: "apc" });
    expect(await installSchedule(nested)).toEqual({ replaced: false });

    const weekdays = cronLine({ schedule: "30 2 * * 1-5", project, budgetMinutes: 90, corpus: "benchmarks", apcCommand: "apc" });
    expect(await installSchedule(weekdays)).toEqual({ replaced: true });
    text = await readCrontab();
    expect(text).toBe(before + weekdays + "\n" + nested + "\n");
    expect(text).not.toContain(nightly);

    expect(await removeSchedule(project)).toEqual({ removed: true });
    expect(await readCrontab()).toBe(before + nested + "\n");
    expect(await removeSchedule(project)).toEqual({ removed: false });
    expect(await removeSchedule(other)).toEqual({ removed: true });
    expect(await readCrontab()).toBe(before);
  });

  it("reads no crontab as empty, and removing from it removes nothing", async () => {
    await execa("crontab", ["-r"], { reject: false, stdin: "ignore" });
    expect(await readCrontab()).toBe("");
    expect(await removeSchedule(project)).toEqual({ removed: false });
    const line = cronLine({ schedule: "0 3 * * *", project, budgetMinutes: 60, corpus: "benchmarks", apcCommand: "apc" });
    expect(await installSchedule(line)).toEqual({ replaced: false });
    expect(await readCrontab()).toBe(line + "\n");
  });

  it("refuses a line that is not an apc tune line", async () => {
    await expect(installSchedule("0 3 * * * echo hi")).rejects.toBeInstanceOf(InvalidCronLine);
  });

});
