// `apc agent optimize PATH`, `apc agent model list|rollback`, `apc why FUNC
// [PATH]`, `apc chat [PATH]`: the agents from the command line. Memory
// (decision log, vector memory, models) lives under the project's .apc/
// unless agent.config.ts says otherwise; a Chroma server apc starts is
// stopped before the command returns. One `apc agent optimize` per project
// at a time (the lock `.apc/agent.lock`, agents/run-lock.ts); it checks the
// project and its entry before it makes anything, and makes .apc/ with a
// .gitignore. The commands that only read (why, chat, model list|rollback)
// never execute the project's agent.config.ts: they read it as literal data
// (agents/config-data.ts) and refuse one that is not, unless --trust-config;
// they make no memory folder or decision log where there is none.

import { Command, InvalidArgumentError, Option } from "commander";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chatLoop } from "../agents/chat.js";
import { AgentConfigInvalid, loadAgentConfig, type AgentConfig } from "../agents/config.js";
import { AgentConfigNotData } from "../agents/config-data.js";
import { createChatModel } from "../agents/llm/providers.js";
import { openAgentMemory } from "../agents/memory.js";
import { formatAgentReport, renderAgentHtml } from "../agents/report.js";
import { agentOptimize } from "../agents/supervisor.js";
import { acquireRunLock, type RunLock } from "../agents/run-lock.js";
import { explainFunction } from "../agents/why.js";
import { checkCanApply } from "../hybrid/apply.js";
import { checkApcFolder, prepareApcFolder } from "../memory/apc-folder.js";
import { openDecisionLogAt, type DecisionLog } from "../memory/decision-log.js";
import { ModelRegistry } from "../memory/model-registry.js";
import { chooseEntry } from "../profiler/entry.js";
import { newToolContext } from "../tools/tool.js";
import { exitOnFailure } from "./errors.js";
import { knownFailure, splitOperands } from "./profile.js";

const positive = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number");
  return n;
};

/** The project's config; executing its file only when `execute` (commands that run the project, or --trust-config). */
async function config(project: string, execute: boolean): Promise<AgentConfig> {
  return (await loadAgentConfig(project, { execute })).config;
}

const TRUST_CONFIG = ["--trust-config", "load agent.config.ts by executing it when it is not plain data (only for a repository you trust)"] as const;

/** There is no decision log yet: a read-only command makes none. */
class DecisionLogMissing extends Error {
  readonly code = "no-decision-log";
  constructor(readonly file: string) {
    super(`no decision log at ${file} yet: \`apc agent optimize\` writes it`);
  }
}

function openExistingDecisionLog(file: string): DecisionLog {
  if (!existsSync(file)) throw new DecisionLogMissing(file);
  return openDecisionLogAt(file);
}

function fail(err: unknown): never {
  if (err instanceof AgentConfigNotData) {
    process.stderr.write(
      `apc: error[${err.code}]: ${err.message}, and this command does not execute project code: pass --trust-config to load it by executing it (if you trust this repository), or make it literal data\n`,
    );
    process.exit(1);
  }
  const known = err instanceof AgentConfigInvalid ? err.message : knownFailure(err);
  if (known !== null) {
    process.stderr.write(`apc: ${known}\n`);
    process.exit(1);
  }
  exitOnFailure("apc", err);
}

/** The project folder of PATH (a folder or a script in it). */
function projectOf(target: string): string {
  try {
    return chooseEntry(target, {}).project;
  } catch {
    return path.resolve(target);
  }
}

export function registerAgent(program: Command): void {
  const agent = program.command("agent").description("the agents: optimize a project, manage the policy models");
  agent
    .command("optimize")
    .description("profile, choose a tier per hot function, compile, measure, search pipelines, verify, remember; ends with the report")
    .argument("[path]", "the project folder (or its entry script)", ".")
    .argument("[args...]", "arguments for the entry, after --")
    .option("--budget <min>", "time budget in minutes", positive)
    .option("--entry <file>", "the entry script")
    .option("--python <exe>", "the project's interpreter", "python3")
    .option("--min-share <fraction>", "functions under this share of the run stay Python", positive, 0.01)
    .option("--search-top <n>", "pipeline search for this many of the hottest functions", positive, 1)
    .option("--apply", "apply the plan on a new git branch (apc optimize --undo takes it back)")
    .option("--fresh-profile", "profile again even when nothing changed since the last profile")
    .addOption(new Option("--report <kind>", "also write a report").choices(["html", "json"]))
    .action(async (_p: string, _a: string[], o: { budget?: number; entry?: string; python: string; minShare: number; searchTop: number; apply?: boolean; freshProfile?: boolean; report?: "html" | "json" }, cmd: Command) => {
      const { target, programArgs } = splitOperands(cmd.args);
      let opened;
      let lock: RunLock | undefined;
      try {
        // A wrong path or entry is said before anything is made (no .apc/ in a mistyped folder).
        const project = chooseEntry(target, { entry: o.entry }).project;
        const cfg = await config(project, true);
        // First the lock: a refused run starts nothing (no Chroma server on
        // the same data, no build into the other run's folders).
        checkApcFolder(cfg.memory.dir);
        prepareApcFolder(path.join(project, ".apc"));
        lock = acquireRunLock(path.join(project, ".apc"), "agent-optimize");
        if (lock.notice) process.stderr.write(`apc agent: ${lock.notice}\n`);
        if (o.apply) await checkCanApply(project); // a dirty tree or an unfinished apply: refused before minutes of measuring
        opened = await openAgentMemory(cfg);
        process.stderr.write(`apc agent: memory in ${cfg.memory.dir} (Chroma at ${opened.chromaUrl}${opened.startedChroma ? ", started by apc" : ""}); LLM: ${cfg.llm.provider}\n`);
        const ctx = newToolContext({ path: target, entry: o.entry, args: programArgs, python: o.python }, opened.memory, (l) => process.stderr.write(`${l}\n`));
        const result = await agentOptimize(ctx, cfg, { budgetMinutes: o.budget ?? cfg.budget.minutes, minShare: o.minShare, apply: !!o.apply, searchTop: o.searchTop, reuseProfile: !o.freshProfile });
        process.stdout.write(`${formatAgentReport(result)}\n`);
        const reports = path.join(cfg.memory.dir, "reports");
        mkdirSync(reports, { recursive: true });
        const html = path.join(reports, `agent-${result.runId}.html`);
        writeFileSync(html, renderAgentHtml(result, opened.memory.decisions.decisions({ runId: result.runId })));
        process.stdout.write(`report: ${html}\n`);
        if (o.report === "json") process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } catch (e) {
        await opened?.close();
        lock?.release();
        fail(e);
      }
      await opened.close();
      lock.release();
    });

  const model = agent.command("model").description("the strategist's policy models (.apc/models)");
  model
    .command("list")
    .argument("[path]", "the project", ".")
    .option(...TRUST_CONFIG)
    .action(async (p: string, o: { trustConfig?: boolean }) => {
      try {
        const reg = new ModelRegistry(path.join((await config(projectOf(p), !!o.trustConfig)).memory.dir, "models"));
        const rows = reg.list();
        if (!rows.length) return void process.stdout.write("no models yet: `apc agent optimize` trains the first\n");
        for (const r of rows) process.stdout.write(`${r.current ? "*" : " "} v${r.version}  ${r.createdAt}  ${r.kind}  trained on ${r.trainedOn}  ${Object.entries(r.scores).map(([k, v]) => `${k}=${v}`).join(" ")}  ${r.notes}\n`);
      } catch (e) {
        fail(e);
      }
    });
  model
    .command("rollback")
    .argument("[path]", "the project", ".")
    .option("--to <version>", "a version promoted earlier", positive)
    .option(...TRUST_CONFIG)
    .action(async (p: string, o: { to?: number; trustConfig?: boolean }) => {
      try {
        const reg = new ModelRegistry(path.join((await config(projectOf(p), !!o.trustConfig)).memory.dir, "models"));
        const v = reg.rollback(o.to);
        process.stdout.write(`current model: v${v.version}\n`);
      } catch (e) {
        fail(e);
      }
    });

  program
    .command("why")
    .description("why a function was or was not compiled, from the decision log (no LLM)")
    .argument("<function>", "a name: tokenize, stats.py:tokenize")
    .argument("[path]", "the project", ".")
    .option(...TRUST_CONFIG)
    .action(async (fn: string, p: string, o: { trustConfig?: boolean }) => {
      try {
        const log = openExistingDecisionLog(path.join((await config(projectOf(p), !!o.trustConfig)).memory.dir, "decisions.db"));
        try {
          const a = explainFunction(log, fn);
          process.stdout.write(`${a.text}\n`);
          if (!a.found) process.exitCode = 1;
        } finally {
          log.close();
        }
      } catch (e) {
        fail(e);
      }
    });

  program
    .command("chat")
    .description("ask about the agents' decisions in free form (an LLM if agent.config.ts configures one)")
    .argument("[path]", "the project", ".")
    .option(...TRUST_CONFIG)
    .action(async (p: string, o: { trustConfig?: boolean }) => {
      let opened;
      try {
        const project = projectOf(p);
        const cfg = await config(project, !!o.trustConfig);
        const llm = createChatModel(cfg.llm);
        // The chat reads: only the decision log is needed offline; with a
        // model, query_memory may also search vector memory.
        opened = llm ? await openAgentMemory(cfg) : null;
        const decisions = opened ? opened.memory.decisions : openExistingDecisionLog(path.join(cfg.memory.dir, "decisions.db"));
        const memory = opened?.memory ?? { decisions, vectors: null as never, models: new ModelRegistry(path.join(cfg.memory.dir, "models")) };
        const ctx = newToolContext({ path: project }, memory, () => {});
        await chatLoop(ctx, llm, { input: process.stdin, output: process.stdout, llm: cfg.llm });
        if (!opened) decisions.close();
      } catch (e) {
        await opened?.close();
        fail(e);
      }
      await opened?.close();
    });
}
