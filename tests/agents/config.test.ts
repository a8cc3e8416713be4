// agent.config.ts: defaults without a file, real config files loaded with
// jiti from a temporary project folder, and the errors a bad file gives.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AgentConfigInvalid,
  AgentConfigNotFound,
  LlmKeyMissing,
  loadAgentConfig,
  parseAgentConfig,
} from "../../agents/config.js";
import { createChatModel } from "../../agents/llm/providers.js";

const CONFIG_MODULE = fileURLToPath(new URL("../../agents/config.ts", import.meta.url));

let project: string;
beforeEach(() => {
  project = mkdtempSync(path.join(os.tmpdir(), "apc-config-"));
});
afterEach(() => {
  rmSync(project, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = path.join(project, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

async function loadError(options?: { file?: string }): Promise<unknown> {
  try {
    await loadAgentConfig(project, options);
  } catch (error) {
    return error;
  }
  throw new Error("expected loadAgentConfig to fail");
}

describe("loadAgentConfig", () => {
  it("gives the defaults when the project has no config file", async () => {
    const { config, source } = await loadAgentConfig(project);
    expect(source).toBeNull();
    expect(config).toEqual({
      llm: { provider: "none", apiKeyEnv: "OPENAI_API_KEY", temperature: 0, timeoutMs: 60_000 },
      budget: { minutes: 10 },
      memory: { dir: path.join(project, ".apc"), chroma: { collection: "apc-outcomes" } },
      policy: { explorationRate: 0.1, seed: 2026 },
      optimizer: { maxPipelines: 12, hostCpu: true },
    });
  });

  it("loads a typed agent.config.ts that uses defineConfig", async () => {
    const file = write(
      "agent.config.ts",
      `import { defineConfig } from ${JSON.stringify(CONFIG_MODULE)};
const minutes: number = 3;
export default defineConfig({
  llm: { provider: "ollama", model: "qwen2.5-coder" },
  budget: { minutes },
  memory: { dir: "state/apc", chroma: { url: "http://chroma.internal:8000" } },
  policy: { explorationRate: 0.05 },
});
`,
    );
    const { config, source } = await loadAgentConfig(project);
    expect(source).toBe(file);
    expect(config.llm).toEqual({
      provider: "ollama",
      model: "qwen2.5-coder",
      baseURL: "http://127.0.0.1:11434",
      apiKeyEnv: "OPENAI_API_KEY",
      temperature: 0,
      timeoutMs: 60_000,
    });
    expect(config.budget.minutes).toBe(3);
    expect(config.memory).toEqual({
      dir: path.join(project, "state", "apc"),
      chroma: { url: "http://chroma.internal:8000", collection: "apc-outcomes" },
    });
    expect(config.policy).toEqual({ explorationRate: 0.05, seed: 2026 });
    expect(config.optimizer.maxPipelines).toBe(12);
  });

  it("loads a plain object export, a `config` export and JSON, filling per-provider defaults", async () => {
    write("agent.config.ts", `export default { llm: { provider: "openai" }, optimizer: { maxPipelines: 4 } };\n`);
    const ts = await loadAgentConfig(project);
    expect(ts.config.llm).toMatchObject({ provider: "openai", model: "gpt-4o-mini", baseURL: "https://api.openai.com/v1" });
    expect(ts.config.optimizer.maxPipelines).toBe(4);

    const mjs = write("configs/team.mjs", `export const config = { memory: { dir: "/srv/apc" } };\n`);
    const fromMjs = await loadAgentConfig(project, { file: "configs/team.mjs" });
    expect(fromMjs.source).toBe(mjs);
    expect(fromMjs.config.memory.dir).toBe("/srv/apc");

    write("configs/ci.json", JSON.stringify({ policy: { seed: 7 } }));
    expect((await loadAgentConfig(project, { file: "configs/ci.json" })).config.policy).toEqual({ explorationRate: 0.1, seed: 7 });
  });

  it("reads an edited file afresh", async () => {
    write("agent.config.ts", `export default { budget: { minutes: 1 } };\n`);
    expect((await loadAgentConfig(project)).config.budget.minutes).toBe(1);
    write("agent.config.ts", `export default { budget: { minutes: 2 } };\n`);
    expect((await loadAgentConfig(project)).config.budget.minutes).toBe(2);
  });

  it("reports invalid values with the file and each issue's path", async () => {
    const file = write(
      "agent.config.ts",
      `export default { llm: { provider: "gemini", temperature: "hot" }, policy: { explorationRate: 0.5 } };\n`,
    );
    const error = await loadError();
    expect(error).toBeInstanceOf(AgentConfigInvalid);
    const invalid = error as AgentConfigInvalid;
    expect(invalid.code).toBe("config-invalid");
    expect(invalid.file).toBe(file);
    expect(invalid.issues.map((i) => i.path)).toEqual(["llm.provider", "llm.temperature", "policy.explorationRate"]);
    expect(invalid.message).toContain(`invalid agent config ${file}:`);
    expect(invalid.message).toMatch(/ {2}- policy\.explorationRate: Too big: expected number to be <=0\.2/);
    expect(invalid.message).toMatch(/ {2}- llm\.temperature: .*expected number, received string/);
  });

  it("rejects unknown keys, naming them and the likely intended key", async () => {
    const file = write("agent.config.ts", `export default { llm: { provider: "openai", temprature: 0.3 }, polcy: {} };\n`);
    const error = (await loadError()) as AgentConfigInvalid;
    expect(error).toBeInstanceOf(AgentConfigInvalid);
    expect(error.message).toContain(file);
    expect(error.issues).toEqual([
      {
        path: "llm",
        message: 'unknown key "temprature" (did you mean "temperature"?); allowed here: provider, model, baseURL, apiKeyEnv, temperature, timeoutMs',
      },
      { path: "(top level)", message: 'unknown key "polcy" (did you mean "policy"?); allowed here: llm, budget, memory, policy, optimizer' },
    ]);
  });

  it("refuses an API key written where the variable's name belongs, and a bad collection name", () => {
    const error = (() => {
      try {
        parseAgentConfig({ llm: { provider: "openai", apiKeyEnv: "sk-proj-abc123" }, memory: { chroma: { collection: "x" } } }, project);
      } catch (e) {
        return e as AgentConfigInvalid;
      }
      throw new Error("expected parseAgentConfig to fail");
    })();
    expect(error).toBeInstanceOf(AgentConfigInvalid);
    expect(error.file).toBeNull();
    expect(error.issues.map((i) => i.path)).toEqual(["llm.apiKeyEnv", "memory.chroma.collection"]);
    expect(error.issues[0]!.message).toContain("not the key itself");
    expect(error.message).not.toContain("abc123");
  });

  it("reports a syntax error with the loader's message", async () => {
    const file = write("agent.config.ts", `export default { llm: { provider: "ollama",, } };\n`);
    const error = (await loadError()) as AgentConfigInvalid;
    expect(error).toBeInstanceOf(AgentConfigInvalid);
    expect(error.code).toBe("config-invalid");
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]!.path).toBe("(file)");
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/could not be loaded: ParseError: Unexpected token\n {4}\S*agent\.config\.ts:1:\d+/);
  });

  it("reports a file that exports no config, and a named file that is missing", async () => {
    write("agent.config.ts", `export const settings = { budget: { minutes: 1 } };\n`);
    const error = (await loadError()) as AgentConfigInvalid;
    expect(error).toBeInstanceOf(AgentConfigInvalid);
    expect(error.message).toContain("exports no config");

    const missing = (await loadError({ file: "nope.config.ts" })) as AgentConfigNotFound;
    expect(missing).toBeInstanceOf(AgentConfigNotFound);
    expect(missing.code).toBe("config-not-found");
    expect(missing.file).toBe(path.join(project, "nope.config.ts"));
  });
});

describe("createChatModel and the API key", () => {
  it("loads an openai config without a key and raises LlmKeyMissing only when the model is created", async () => {
    write("agent.config.ts", `export default { llm: { provider: "openai", apiKeyEnv: "APC_TEST_KEY_NEVER_SET" } };\n`);
    const { config } = await loadAgentConfig(project);
    expect(process.env.APC_TEST_KEY_NEVER_SET).toBeUndefined();
    let error: unknown;
    try {
      createChatModel(config.llm);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LlmKeyMissing);
    expect((error as LlmKeyMissing).code).toBe("llm-key-missing");
    expect((error as LlmKeyMissing).envVar).toBe("APC_TEST_KEY_NEVER_SET");
    expect((error as Error).message).toContain("APC_TEST_KEY_NEVER_SET");
    expect(() => createChatModel(config.llm, { env: { APC_TEST_KEY_NEVER_SET: "  " } })).toThrow(LlmKeyMissing);

    const model = createChatModel(config.llm, { env: { APC_TEST_KEY_NEVER_SET: "sk-test" } });
    expect(model?._llmType()).toBe("openai");
    expect(typeof model?.bindTools).toBe("function");
  });

  it("needs no key for ollama and makes no model for none", () => {
    expect(createChatModel(parseAgentConfig({}, project).llm)).toBeNull();
    const ollama = createChatModel(parseAgentConfig({ llm: { provider: "ollama" } }, project).llm, { env: {} });
    expect(ollama?._llmType()).toBe("ollama");
    expect(typeof ollama?.bindTools).toBe("function");
  });
});
