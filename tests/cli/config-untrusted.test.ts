// The commands that do not run the project never execute its
// agent.config.ts: `apc why`, `apc chat`, `apc agent model list` and
// `apc tune --schedule --print` read it as literal data (agents/config-data.ts)
// and refuse one that is not, in one line naming --trust-config, without
// running it (the config here writes a file when executed). Literal configs
// (defineConfig, consts, `satisfies`, JSON) are read to the same values jiti
// gives; --trust-config executes the file.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { AgentConfigInvalid, loadAgentConfig } from "../../agents/config.js";
import { AgentConfigNotData } from "../../agents/config-data.js";
import { tempDir } from "../helpers.js";

const APC = path.join(import.meta.dirname, "..", "..", "bin", "apc.js");
const CONFIG_MODULE = fileURLToPath(new URL("../../agents/config.ts", import.meta.url));

/** A project whose agent.config.ts leaves `marker` behind when it is executed. */
function projectWithActiveConfig(): { dir: string; marker: string } {
  const dir = tempDir("apc-untrusted-");
  const marker = path.join(dir, "config-was-executed");
  writeFileSync(path.join(dir, "main.py"), "def f(n: int) -> int:\n    return n + 1\n\n\nprint(f(1))\n");
  writeFileSync(
    path.join(dir, "agent.config.ts"),
    `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(marker)}, "ran");\nexport default { budget: { minutes: 1 } };\n`,
  );
  return { dir, marker };
}

function apc(args: string[], cwd: string, input = "") {
  const r = spawnSync(process.execPath, [APC, ...args], { cwd, encoding: "utf8", input, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("read-only commands and an agent.config.ts that is code", () => {
  const commands: [string, string[]][] = [
    ["why", ["why", "f", "."]],
    ["chat", ["chat", "."]],
    ["agent model list", ["agent", "model", "list", "."]],
    ["agent model rollback", ["agent", "model", "rollback", "."]],
    ["tune --schedule --print", ["tune", "--schedule", "0 2 * * *", "--print"]],
  ];
  for (const [name, args] of commands) {
    it(`apc ${name} refuses it in one line and does not execute it`, () => {
      const { dir, marker } = projectWithActiveConfig();
      const r = apc(args, dir, "quit\n");
      expect(existsSync(marker)).toBe(false);
      expect(r.status).toBe(1);
      const lines = r.stderr.trimEnd().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^apc( tune)?: error\[config-not-data\]: .*agent\.config\.ts:1:1: an import of "node:fs" is not plain data.*--trust-config/);
      expect(existsSync(path.join(dir, ".apc"))).toBe(false);
    });
  }

  it("--trust-config executes it", () => {
    const { dir, marker } = projectWithActiveConfig();
    const r = apc(["tune", "--schedule", "0 2 * * *", "--print", "--trust-config"], dir);
    expect(r.status).toBe(0);
    expect(existsSync(marker)).toBe(true);
    expect(r.stdout).toContain("--budget 1 ");
  });

  it("a literal config is read without executing, to the values it says", () => {
    const dir = tempDir("apc-literal-config-");
    writeFileSync(path.join(dir, "agent.config.ts"), `export default { budget: { minutes: 7 }, memory: { dir: "state/apc" } };\n`);
    const print = apc(["tune", "--schedule", "0 2 * * *", "--print"], dir);
    expect(print.status).toBe(0);
    expect(print.stdout).toContain("--budget 7 ");
    const why = apc(["why", "f", "."], dir);
    expect(why.status).toBe(1);
    expect(why.stderr.trim()).toBe(`apc: error[no-decision-log]: no decision log at ${path.join(dir, "state", "apc", "decisions.db")} yet: \`apc agent optimize\` writes it`);
    expect(existsSync(path.join(dir, "state"))).toBe(false);
  });
});

describe("loadAgentConfig(dir, { execute: false })", () => {
  const write = (dir: string, name: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  };
  const both = async (dir: string) => {
    const data = await loadAgentConfig(dir, { execute: false });
    const executed = await loadAgentConfig(dir);
    expect(data).toEqual(executed);
    return data.config;
  };

  it("reads defineConfig, consts, shorthand, spreads, `as const`, `satisfies` and comments as jiti does", async () => {
    const dir = tempDir("apc-config-data-");
    write(
      dir,
      "agent.config.ts",
      `import { defineConfig, type AgentConfigInput } from ${JSON.stringify(CONFIG_MODULE)};
import type { AgentConfig } from ${JSON.stringify(CONFIG_MODULE)};
// the team's settings
const minutes: number = 3;
const shared = { explorationRate: 0.05 } as const;
type Unused = AgentConfig;
export default defineConfig({
  llm: { provider: "ollama", model: \`qwen2.5-coder\`, temperature: +0.5, timeoutMs: 30_000 },
  budget: { minutes },
  memory: { dir: "state/apc", chroma: { "url": "http://chroma.internal:8000" } },
  policy: { ...shared, seed: 1_000 },
  optimizer: { hostCpu: false, maxPipelines: 0x4 },
} satisfies AgentConfigInput);
`,
    );
    const config = await both(dir);
    expect(config.budget.minutes).toBe(3);
    expect(config.policy).toEqual({ explorationRate: 0.05, seed: 1000 });
    expect(config.optimizer).toEqual({ hostCpu: false, maxPipelines: 4 });
    expect(config.llm).toMatchObject({ provider: "ollama", model: "qwen2.5-coder", temperature: 0.5 });
  });

  it("reads `export const config`, .mjs and .json", async () => {
    const dir = tempDir("apc-config-data-");
    write(dir, "agent.config.mjs", `export const config = { memory: { dir: "/srv/apc" } };\n`);
    expect((await both(dir)).memory.dir).toBe("/srv/apc");
    const json = tempDir("apc-config-data-");
    write(json, "agent.config.json", JSON.stringify({ policy: { seed: 7 } }));
    expect((await both(json)).policy.seed).toBe(7);
  });

  const refused: [string, string, string][] = [
    ["process.env", `export default { memory: { dir: process.env.APC_DIR } };\n`, "1:33: `process.env.APC_DIR` (a property access)"],
    ["a call", `export default { budget: { minutes: Math.max(1, 2) } };\n`, "1:37: `Math.max(1, 2)` (a call)"],
    ["a template with ${}", "const d = 'x';\nexport default { memory: { dir: `${d}/apc` } };\n", "2:33: ``${d}/apc`` (a template with ${})"],
    ["a getter", `export default { get budget() { return { minutes: 1 }; } };\n`, "1:18: a function"],
    ["a let", `let m = 1;\nexport default { budget: { minutes: m } };\n`, "1:1: a `let` or `var` declaration"],
    ["a statement", `console.log("hi");\nexport default {};\n`, "1:1: an expression statement"],
    ["arithmetic", `export default { budget: { minutes: 60 * 2 } };\n`, "1:37: `60 * 2` (a binary expression)"],
    ["another import", `import { defineConfig } from "./my-config-helpers.js";\nexport default defineConfig({});\n`, `1:1: an import of "./my-config-helpers.js"`],
    ["an unknown name", `export default { budget: { minutes: MINUTES } };\n`, "1:37: `MINUTES` (a name that is not a constant declared above)"],
  ];
  for (const [what, text, where] of refused) {
    it(`refuses ${what}, saying where`, async () => {
      const dir = tempDir("apc-config-data-");
      write(dir, "agent.config.ts", text);
      const error = await loadAgentConfig(dir, { execute: false }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AgentConfigNotData);
      expect((error as AgentConfigNotData).code).toBe("config-not-data");
      expect((error as Error).message).toBe(`${path.join(dir, "agent.config.ts")}:${where} is not plain data`);
    });
  }

  it("reports a syntax error and a file that exports nothing as AgentConfigInvalid", async () => {
    const dir = tempDir("apc-config-data-");
    write(dir, "agent.config.ts", `export default { llm: { provider: "ollama",, } };\n`);
    const syntax = await loadAgentConfig(dir, { execute: false }).catch((e: unknown) => e);
    expect(syntax).toBeInstanceOf(AgentConfigInvalid);
    expect((syntax as Error).message).toMatch(/\(file\): syntax error at 1:\d+: /);
    write(dir, "agent.config.ts", `export const settings = { budget: { minutes: 1 } };\n`);
    const none = await loadAgentConfig(dir, { execute: false }).catch((e: unknown) => e);
    expect((none as Error).message).toContain("exports no config");
  });
});
