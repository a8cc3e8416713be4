// `apc agent optimize PATH`, `apc agent model list|rollback`, `apc why FUNC
// [PATH]`, `apc chat [PATH]`: the agents from the command line. Memory
// (decision log, vector memory, models) lives under the project's .apc/
// unless agent.config.ts says otherwise; a Chroma server apc starts is
// stopped before the command returns. One `apc agent optimize` per project
// at a time (the lock `.apc/agent.lock`, agents/run-lock.ts).

import { Command, InvalidArgumentError, Option } from "commander";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chatLoop } from "../agents/chat.js";
import { AgentConfigInvalid, loadAgentConfig, type AgentConfig } from "../agents/config.js";
import { createChatModel } from "../agents/llm/providers.js";
import { openAgentMemory } from "../agents/memory.js";
import { formatAgentReport, renderAgentHtml } from "../agents/report.js";
import { agentOptimize } from "../agents/supervisor.js";
import { acquireRunLock, type RunLock } from "../agents/run-lock.js";
import { explainFunction } from "../agents/why.js";
import { checkCanApply } from "../hybrid/apply.js";
import { openDecisionLogAt } from "../memory/decision-log.js";
import { ModelRegistry } from "../memory/model-registry.js";
import { chooseEntry } from "../profiler/entry.js";
import { newToolContext } from "../tools/tool.js";
import { knownFailure, splitOperands } from "./profile.js";

const positive = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number");
  return n;
};

async function config(project: string): Promise<AgentConfig> {
  return (await loadAgentConfig(project)).config;
}

function fail(err: unknown): never {
  const known = err instanceof AgentConfigInvalid || (err as { code?: string })?.code ? (err as Error).message : knownFailure(err);
  process.stderr.write(`apc: ${known ?? (err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
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
        const project = projectOf(target);
        const cfg = await config(project);
        // First the lock: a refused run starts nothing (no Chroma server on
        // the same data, no build into the other run's folders).
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
    .action(async (p: string) => {
      try {
        const reg = new ModelRegistry(path.join((await config(projectOf(p))).memory.dir, "models"));
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
    .action(async (p: string, o: { to?: number }) => {
      try {
        const reg = new ModelRegistry(path.join((await config(projectOf(p))).memory.dir, "models"));
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
    .action(async (fn: string, p: string) => {
      try {
        const log = openDecisionLogAt(path.join((await config(projectOf(p))).memory.dir, "decisions.db"));
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
    .action(async (p: string) => {
      let opened;
      try {
        const project = projectOf(p);
        const cfg = await config(project);
        const llm = createChatModel(cfg.llm);
        // The chat reads: only the decision log is needed offline; with a
        // model, query_memory may also search vector memory.
        opened = llm ? await openAgentMemory(cfg) : null;
        const decisions = opened ? opened.memory.decisions : openDecisionLogAt(path.join(cfg.memory.dir, "decisions.db"));
        const memory = opened?.memory ?? { decisions, vectors: null as never, models: new ModelRegistry(path.join(cfg.memory.dir, "models")) };
        const ctx = newToolContext({ path: project }, memory, () => {});
        await chatLoop(ctx, llm, { input: process.stdin, output: process.stdout });
        if (!opened) decisions.close();
      } catch (e) {
        await opened?.close();
        fail(e);
      }
      await opened?.close();
    });
}
