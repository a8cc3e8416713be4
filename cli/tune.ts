// `apc tune`: the nightly self-tuning run from the command line, and its
// schedule. A run works on the project in the current folder (its
// agent.config.ts says where memory is): it takes the tune lock before
// anything else (a second run is refused before it starts a Chroma server),
// opens memory, runs agents/tune/tune.ts's runTune, logs every line to
// stderr and to <memory dir>/logs/tune-<time>.log, writes the dashboard
// <memory dir>/reports/tune-<date>.html over the whole history and prints
// the summary. `--schedule` / `--unschedule` install or remove the crontab
// line (cli/schedule.ts) instead of running; they do not run the project, so
// they read agent.config.ts as literal data without executing it (a config
// that is not data is refused unless --trust-config).
// Owns option checking, the log file, the report file and exit codes (0 ok,
// 1 an expected failure, with its message and no stack). Never touches user
// source code: tune measures copies and builds under .apc/.

import { Command, InvalidArgumentError } from "commander";
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AgentConfigInvalid, loadAgentConfig } from "../agents/config.js";
import { AgentConfigNotData } from "../agents/config-data.js";
import { openAgentMemory, type OpenedMemory } from "../agents/memory.js";
import { BENCHMARK_SIZES, pathCorpus } from "../agents/tune/corpus.js";
import { acquireTuneLock, type TuneLock } from "../agents/tune/lock.js";
import { formatTuneSummary, renderTuneHtml } from "../agents/tune/report.js";
import { readHistory, runTune } from "../agents/tune/tune.js";
import { checkApcFolder } from "../memory/apc-folder.js";
import { exitOnFailure } from "./errors.js";
import { knownFailure } from "./profile.js";
import { cronLine, installSchedule, removeSchedule } from "./schedule.js";

interface TuneCliOptions {
  budget?: number;
  corpus: string;
  python: string;
  only?: string[];
  repeat: number;
  searchTop: number;
  schedule?: string;
  print?: boolean;
  unschedule?: boolean;
  trustConfig?: boolean;
}

const NAMED_CORPORA = ["memory", "benchmarks", "memory+benchmarks", "benchmarks+memory"];

const positive = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number");
  return n;
};
const count = (min: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number, at least ${min}`);
  return n;
};
const names = (v: string) => v.split(",").map((s) => s.trim()).filter((s) => s !== "");

/** An expected failure: its message, exit 1. */
class TuneUsage extends Error {
  readonly code = "tune-usage";
}

function fail(err: unknown): never {
  if (err instanceof AgentConfigNotData) {
    process.stderr.write(
      `apc tune: error[${err.code}]: ${err.message}, and this command does not execute project code: pass --trust-config to load it by executing it (if you trust this repository), or make it literal data\n`,
    );
    process.exit(1);
  }
  const known = err instanceof AgentConfigInvalid || (err as { code?: string })?.code ? (err as Error).message : knownFailure(err);
  if (known !== null) {
    process.stderr.write(`apc tune: ${known}\n`);
    process.exit(1);
  }
  exitOnFailure("apc tune", err);
}

export function registerTune(program: Command): void {
  program
    .command("tune")
    .description(
      "improve the agents' policy and pass pipelines from memory and the benchmark programs within a time budget; " +
        "a new model is kept only if it measures better on held-out programs (never touches your sources)",
    )
    .option("--budget <min>", "time budget in minutes (default: budget.minutes of agent.config.ts)", positive)
    .option("--corpus <corpus>", "memory, benchmarks, memory+benchmarks, or a folder of projects", "memory+benchmarks")
    .option("--python <exe>", "the interpreter the corpus runs under", "python3")
    .option("--only <names>", "only these benchmark programs (or memory projects ending so), comma-separated", names)
    .option("--repeat <n>", "timed runs per measurement", count(1), 3)
    .option("--search-top <n>", "pipeline searches for at most this many of the hottest functions", count(0), 2)
    .option("--schedule <cron>", 'install a crontab line running this tune nightly, e.g. "0 2 * * *" (does not run now)')
    .option("--print", "with --schedule: print the crontab line instead of installing it")
    .option("--unschedule", "remove this project's apc tune line from the crontab")
    .option("--trust-config", "with --schedule: load agent.config.ts by executing it when it is not plain data (only for a repository you trust)")
    .action(async (o: TuneCliOptions, cmd: Command) => {
      try {
        const project = process.cwd();
        const corpus = checkCorpus(o.corpus, o.only);
        if (o.unschedule) return await unschedule(project, o);
        if (o.print && o.schedule === undefined) throw new TuneUsage("--print goes with --schedule: it prints the crontab line instead of installing it");
        // Scheduling runs nothing of the project now: its config is read as data.
        const cfg = (await loadAgentConfig(project, { execute: o.schedule === undefined || !!o.trustConfig })).config;
        const budgetMinutes = o.budget ?? cfg.budget.minutes;
        if (o.schedule !== undefined) return await schedule(project, o.schedule, budgetMinutes, corpus, !!o.print, cmd);
        checkPython(o.python);
        await tune(cfg, { budgetMinutes, corpus, python: o.python, only: o.only, repeat: o.repeat, searchTop: o.searchTop });
      } catch (e) {
        fail(e);
      }
    });
}

/** A named corpus as given, a folder made absolute (cron runs elsewhere); --only checked against it. */
function checkCorpus(corpus: string, only: readonly string[] | undefined): string {
  let out = corpus;
  if (!NAMED_CORPORA.includes(corpus)) {
    const dir = path.resolve(corpus);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new TuneUsage(`--corpus ${corpus}: no such folder (a corpus is memory, benchmarks, memory+benchmarks, or a folder of projects)`);
    }
    if (pathCorpus(dir).length === 0) throw new TuneUsage(`--corpus ${corpus}: no project in it (a folder with a main.py, or subfolders that have one)`);
    out = dir;
  }
  if (only && !out.split("+").includes("memory")) {
    const unknown = only.filter((n) => !(n in BENCHMARK_SIZES));
    if (unknown.length) throw new TuneUsage(`--only: no benchmark program ${unknown.join(", ")} (known: ${Object.keys(BENCHMARK_SIZES).join(", ")})`);
  }
  if (only && only.length === 0) throw new TuneUsage("--only: no names given");
  return out;
}

function checkPython(python: string): void {
  const r = spawnSync(python, ["-c", "pass"], { stdio: "ignore" });
  if (r.error || r.status !== 0) throw new TuneUsage(`--python ${python}: ${r.error ? "not found or not runnable" : `exits with status ${r.status}`}; give the interpreter the corpus runs under`);
}

async function schedule(project: string, expr: string, budgetMinutes: number, corpus: string, print: boolean, cmd: Command): Promise<void> {
  // The crontab line carries the budget and the corpus only.
  const dropped = ["python", "only", "repeat", "searchTop"].filter((k) => cmd.getOptionValueSource(k) === "cli");
  if (dropped.length) {
    throw new TuneUsage(`--schedule runs \`apc tune --budget N --corpus C\` only; ${dropped.map((k) => `--${k === "searchTop" ? "search-top" : k}`).join(", ")} cannot be scheduled`);
  }
  const line = cronLine({ schedule: expr, project, budgetMinutes, corpus });
  if (print) return void process.stdout.write(`${line}\n`);
  const { replaced } = await installSchedule(line);
  process.stdout.write(`${replaced ? "replaced" : "installed"} the apc tune line for ${project} in your crontab:\n${line}\n`);
}

async function unschedule(project: string, o: TuneCliOptions): Promise<void> {
  if (o.schedule !== undefined || o.print) throw new TuneUsage("--unschedule removes the crontab line: it takes no --schedule or --print");
  const { removed } = await removeSchedule(project);
  process.stdout.write(removed ? `removed the apc tune line for ${project} from your crontab\n` : `your crontab has no apc tune line for ${project}\n`);
}

async function tune(
  cfg: Awaited<ReturnType<typeof loadAgentConfig>>["config"],
  opts: { budgetMinutes: number; corpus: string; python: string; only?: string[]; repeat: number; searchTop: number },
): Promise<void> {
  const apcDir = cfg.memory.dir;
  checkApcFolder(apcDir); // before any mkdir: under /proc one never returns
  // First the lock: a refused run starts nothing (no Chroma server on the same data).
  const lock: TuneLock = acquireTuneLock(apcDir);
  let opened: OpenedMemory | undefined;
  const logFile = newLogFile(apcDir);
  const toFile = (line: string) => appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`);
  const log = (line: string) => {
    process.stderr.write(`${line}\n`);
    toFile(line);
  };
  try {
    log(`apc tune: budget ${opts.budgetMinutes} min, corpus ${opts.corpus}${opts.only ? ` (only ${opts.only.join(", ")})` : ""}; log ${logFile}`);
    if (lock.notice) log(`apc tune: ${lock.notice}`);
    opened = await openAgentMemory(cfg);
    log(`apc tune: memory in ${apcDir} (Chroma at ${opened.chromaUrl}${opened.startedChroma ? ", started by apc" : ""})`);
    const summary = await runTune(opened.memory, cfg, { ...opts, lock, log });
    const reports = path.join(apcDir, "reports");
    mkdirSync(reports, { recursive: true });
    const html = path.join(reports, `tune-${localDate(new Date(summary.endedAt))}.html`);
    writeFileSync(html, renderTuneHtml(readHistory(apcDir)));
    const text = `${formatTuneSummary(summary)}\nreport: ${html}\nlog: ${logFile}`;
    process.stdout.write(`${text}\n`);
    for (const line of text.split("\n")) toFile(line);
  } catch (e) {
    toFile(`apc tune: failed: ${(e as Error)?.message ?? String(e)}`);
    throw e;
  } finally {
    await opened?.close();
    lock.release();
  }
}

/** <memory dir>/logs/tune-<UTC time>.log, not yet existing. */
function newLogFile(apcDir: string): string {
  const dir = path.join(apcDir, "logs");
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/\.\d+Z$/, "Z").replace(/:/g, "-");
  for (let i = 1; ; i++) {
    const file = path.join(dir, `tune-${stamp}${i === 1 ? "" : `-${i}`}.log`);
    if (!existsSync(file)) return file;
  }
}

function localDate(d: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}
