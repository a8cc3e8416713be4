// The agents' configuration: the optional `agent.config.ts` (or .mts/.js/.mjs/
// .json) in the project folder, its zod schema with the defaults that apply
// when a key or the whole file is absent, loading it with jiti (TypeScript at
// run time, no build step for the user), and the errors a bad file raises.
// Also owns reading the LLM API key from the environment (the file names the
// variable, never holds the key). Does not own creating chat models
// (agents/llm/providers.ts) nor what the agents do with the settings.
//
// Strictness: unknown keys are rejected at every level, so a typo
// (`temprature`) is an error naming the key instead of a silent default.
// Defaults per provider (model, baseURL) are filled in while parsing, so a
// parsed config says which model and endpoint will be used.

import { createJiti } from "jiti";
import { readConfigData } from "./config-data.js";
import { existsSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

export type LlmProvider = "none" | "openai" | "ollama";

export const DEFAULT_MODELS = { openai: "gpt-4o-mini", ollama: "llama3.1" } as const;
export const DEFAULT_BASE_URLS = { openai: "https://api.openai.com/v1", ollama: "http://127.0.0.1:11434" } as const;

/** Looked for in this order; the first that exists is loaded. */
export const CONFIG_FILE_NAMES = ["agent.config.ts", "agent.config.mts", "agent.config.js", "agent.config.mjs", "agent.config.json"] as const;

const httpUrl = z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" });

const LlmSchema = z
  .strictObject({
    provider: z.enum(["none", "openai", "ollama"]).default("none"),
    model: z.string().min(1).optional(),
    baseURL: httpUrl.optional(),
    apiKeyEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
        error: "apiKeyEnv names the environment variable that holds the key (e.g. OPENAI_API_KEY), not the key itself",
      })
      .default("OPENAI_API_KEY"),
    temperature: z.number().min(0).max(2).default(0),
    timeoutMs: z.number().int().positive().default(60_000),
  })
  .prefault({})
  .transform((llm) =>
    llm.provider === "none"
      ? llm
      : { ...llm, model: llm.model ?? DEFAULT_MODELS[llm.provider], baseURL: llm.baseURL ?? DEFAULT_BASE_URLS[llm.provider] },
  );

// Chroma's own rule for collection names; checked here so a bad name fails at load, not at the first write.
const chromaCollectionName = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{1,510}[a-zA-Z0-9]$/, {
    error: "a Chroma collection name has 3-512 characters from [a-zA-Z0-9._-] and starts and ends with a letter or digit",
  });

export const AgentConfigSchema = z
  .strictObject({
    llm: LlmSchema,
    budget: z.strictObject({ minutes: z.number().positive().default(10) }).prefault({}),
    memory: z
      .strictObject({
        /** Relative paths are relative to the project folder; default <project>/.apc. */
        dir: z.string().min(1).optional(),
        chroma: z
          .strictObject({
            /** Use this Chroma server instead of starting a local one. */
            url: httpUrl.optional(),
            collection: chromaCollectionName.default("apc-outcomes"),
          })
          .prefault({}),
      })
      .prefault({}),
    policy: z
      .strictObject({
        explorationRate: z.number().min(0).max(0.2).default(0.1),
        seed: z.number().int().default(2026),
      })
      .prefault({}),
    optimizer: z
      .strictObject({
        maxPipelines: z.number().int().min(1).default(12),
        /** Also try builds for this machine's CPU (`;cpu=native`): kept only
         *  where faster, but such a build may not run on an older CPU; false
         *  keeps every build generic x86-64 (for builds shipped elsewhere). */
        hostCpu: z.boolean().default(true),
      })
      .prefault({}),
  })
  .prefault({});

/** What a user writes: every key optional. */
export type AgentConfigInput = z.input<typeof AgentConfigSchema>;
type ParsedAgentConfig = z.output<typeof AgentConfigSchema>;
/** A loaded config: defaults applied, `memory.dir` resolved to an absolute path. */
export type AgentConfig = Omit<ParsedAgentConfig, "memory"> & {
  memory: Omit<ParsedAgentConfig["memory"], "dir"> & { dir: string };
};
export type LlmConfig = AgentConfig["llm"];

/** Identity, for a typed `export default defineConfig({...})` in agent.config.ts. */
export function defineConfig(config: AgentConfigInput): AgentConfigInput {
  return config;
}

export interface ConfigIssue {
  /** Dotted path into the config (`llm.temperature`), or "(top level)". */
  readonly path: string;
  readonly message: string;
}

export class AgentConfigInvalid extends Error {
  readonly code = "config-invalid";
  constructor(
    /** The file that was loaded, or null for a config given as a value. */
    readonly file: string | null,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(
      `invalid agent config${file ? ` ${file}` : ""}:\n` + issues.map((i) => `  - ${i.path}: ${i.message}`).join("\n"),
    );
  }
}

/** A config file was named explicitly (`{ file }`) but is not there. */
export class AgentConfigNotFound extends Error {
  readonly code = "config-not-found";
  constructor(readonly file: string) {
    super(`agent config file ${file} does not exist`);
  }
}

export class LlmKeyMissing extends Error {
  readonly code = "llm-key-missing";
  constructor(
    readonly provider: LlmProvider,
    readonly envVar: string,
  ) {
    super(
      `llm.provider is "${provider}" but the environment variable ${envVar} (llm.apiKeyEnv) is not set: ` +
        `export ${envVar}=<your key>, or set llm.provider to "none" to run without an LLM`,
    );
  }
}

/** Validates a config value (a file's export) and applies defaults; `memory.dir` is resolved against projectDir. */
export function parseAgentConfig(value: unknown, projectDir: string, file: string | null = null): AgentConfig {
  const result = AgentConfigSchema.safeParse(value);
  if (!result.success) throw new AgentConfigInvalid(file, result.error.issues.map(describeIssue));
  const parsed = result.data;
  const dir = path.resolve(projectDir, parsed.memory.dir ?? ".apc");
  return { ...parsed, memory: { ...parsed.memory, dir } };
}

export interface LoadAgentConfigOptions {
  /** A config file to load instead of looking for agent.config.*; relative to projectDir. */
  readonly file?: string;
  /** false: read the file as literal data without executing it (AgentConfigNotData
   *  when it is not), for commands that do not run the project. Default true. */
  readonly execute?: boolean;
}

export interface LoadedAgentConfig {
  readonly config: AgentConfig;
  /** The file the config came from, or null when none exists (all defaults). */
  readonly source: string | null;
}

export async function loadAgentConfig(projectDir: string, options: LoadAgentConfigOptions = {}): Promise<LoadedAgentConfig> {
  const root = path.resolve(projectDir);
  let source: string | null;
  if (options.file !== undefined) {
    source = path.resolve(root, options.file);
    if (!existsSync(source)) throw new AgentConfigNotFound(source);
  } else {
    source = CONFIG_FILE_NAMES.map((name) => path.join(root, name)).find((candidate) => existsSync(candidate)) ?? null;
  }
  if (source === null) return { config: parseAgentConfig(undefined, root), source: null };
  const value = options.execute === false ? await readConfigData(source) : await importConfigValue(source);
  return { config: parseAgentConfig(value, root, source), source };
}

/** The API key for an "openai" config, read from the variable llm.apiKeyEnv names. */
export function resolveApiKey(llm: LlmConfig, env: NodeJS.ProcessEnv = process.env): string {
  const key = env[llm.apiKeyEnv];
  if (key === undefined || key.trim() === "") throw new LlmKeyMissing(llm.provider, llm.apiKeyEnv);
  return key;
}

async function importConfigValue(file: string): Promise<unknown> {
  // No caches: an edited config is read afresh, and nothing is written into the user's project.
  const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: false, interopDefault: false });
  let mod: Record<string, unknown>;
  try {
    mod = (await jiti.import(file)) as Record<string, unknown>;
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).trim().replace(/[ \t]*\n\s*/g, "\n    ");
    throw new AgentConfigInvalid(file, [{ path: "(file)", message: `could not be loaded: ${message}` }]);
  }
  if (mod.default !== undefined) return mod.default;
  if (mod.config !== undefined) return mod.config;
  throw new AgentConfigInvalid(file, [
    { path: "(file)", message: "exports no config: use `export default defineConfig({...})` or `export const config = {...}`" },
  ]);
}

function describeIssue(issue: z.core.$ZodIssue): ConfigIssue {
  const where = formatPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    const known = knownKeysAt(AgentConfigSchema, issue.path);
    const names = issue.keys.map((key) => {
      const guess = closestKey(key, known);
      return `"${key}"${guess ? ` (did you mean "${guess}"?)` : ""}`;
    });
    const allowed = known.length ? `; allowed here: ${known.join(", ")}` : "";
    return { path: where, message: `unknown key${names.length > 1 ? "s" : ""} ${names.join(", ")}${allowed}` };
  }
  return { path: where, message: issue.message };
}

function formatPath(segments: readonly PropertyKey[]): string {
  if (segments.length === 0) return "(top level)";
  return segments.map((s, i) => (typeof s === "number" ? `[${s}]` : `${i ? "." : ""}${String(s)}`)).join("");
}

/** The keys an object schema at `segments` accepts, looking through defaults and transforms. */
function knownKeysAt(schema: z.core.$ZodType, segments: readonly PropertyKey[]): string[] {
  let node: z.core.$ZodType | undefined = schema;
  for (let i = 0; i <= segments.length && node; i++) {
    node = unwrap(node);
    if (node._zod.def.type !== "object") return [];
    const shape = (node as z.ZodObject).shape as Record<string, z.core.$ZodType>;
    if (i === segments.length) return Object.keys(shape);
    node = shape[String(segments[i])];
  }
  return [];
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let node = schema;
  for (;;) {
    const def = node._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
    if ((def.type === "default" || def.type === "prefault" || def.type === "optional") && def.innerType) node = def.innerType;
    else if (def.type === "pipe" && def.in) node = def.in;
    else return node;
  }
}

/** The known key closest to a typo, if one is within edit distance 2. */
function closestKey(typo: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const key of known) {
    const d = editDistance(typo.toLowerCase(), key.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [key, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
