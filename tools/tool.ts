// What a tool is: a typed function with a zod schema for its input and its
// output and a verb_noun name. The same function serves the CLI, the agents
// and the tests; `asLangChainTool` exposes it to a chat model (LangChain v1
// `tool()`), returning its output as JSON text. Owns the context every tool
// runs in (the project, its builds, the memory handles). Does not own any
// tool (see project-tools.ts, build-tools.ts, memory-tools.ts).

import { tool as langchainTool } from "@langchain/core/tools";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { z } from "zod";
import type { BuiltAssignment, ProjectRuns, ProjectTarget } from "../hybrid/assignment.js";
import type { DecisionLog } from "../memory/decision-log.js";
import type { ModelRegistry } from "../memory/model-registry.js";
import type { VectorMemory } from "../memory/vector-memory.js";
import type { ProjectProfile } from "./project-tools.js";

/** The stores a run reads and writes (all beside the project's traces). */
export interface AgentMemory {
  readonly decisions: DecisionLog;
  readonly vectors: VectorMemory;
  readonly models: ModelRegistry;
}

export interface ToolContext {
  readonly target: ProjectTarget;
  /** Opened on first use (resolves the entry and the interpreter). */
  runs: ProjectRuns | null;
  /** Extensions already built, by assignment (a tool never builds one twice). */
  readonly builds: Map<string, BuiltAssignment>;
  /** What profile_project measured (candidates, Python seconds per function). */
  profile: ProjectProfile | null;
  readonly memory: AgentMemory | null;
  readonly log: (line: string) => void;
}

export function newToolContext(target: ProjectTarget, memory: AgentMemory | null, log: (line: string) => void = () => {}): ToolContext {
  return { target, runs: null, builds: new Map(), profile: null, memory, log };
}

export interface Tool<I extends z.ZodType, O extends z.ZodType> {
  readonly name: string;
  readonly description: string;
  readonly input: I;
  readonly output: O;
  /** Reads only (safe for `apc chat` to offer a model). */
  readonly readOnly: boolean;
  run(input: z.input<I>, ctx: ToolContext): Promise<z.output<O>>;
}

/** A tool whose input is validated before and whose output is validated
 *  after it runs (a tool that breaks its own schema is a bug, found here). */
export function defineTool<I extends z.ZodType, O extends z.ZodType>(spec: {
  name: string;
  description: string;
  input: I;
  output: O;
  readOnly?: boolean;
  run: (input: z.output<I>, ctx: ToolContext) => Promise<z.input<O>>;
}): Tool<I, O> {
  if (!/^[a-z]+(_[a-z]+)+$/.test(spec.name)) throw new Error(`tool name ${spec.name} is not verb_noun`);
  return {
    name: spec.name,
    description: spec.description,
    input: spec.input,
    output: spec.output,
    readOnly: spec.readOnly ?? false,
    async run(input, ctx) {
      const parsed = spec.input.safeParse(input);
      if (!parsed.success) throw new ToolInputInvalid(spec.name, parsed.error);
      return spec.output.parse(await spec.run(parsed.data, ctx));
    },
  };
}

export class ToolInputInvalid extends Error {
  readonly code = "tool-input-invalid";
  constructor(
    readonly tool: string,
    readonly issues: z.ZodError,
  ) {
    super(`${tool}: invalid input: ${issues.issues.map((i) => `${i.path.join(".") || "(input)"}: ${i.message}`).join("; ")}`);
  }
}

/** A refusal a caller can branch on (unknown function, nothing measured yet...). */
export class ToolFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTool = Tool<any, any>;

/** The tool as a LangChain tool bound to `ctx`: the model sees its zod input
 *  schema; a failure comes back as an error text the model can read. */
export function asLangChainTool(t: AnyTool, ctx: ToolContext): StructuredToolInterface {
  return langchainTool(
    async (input: unknown) => {
      try {
        return JSON.stringify(await t.run(input, ctx));
      } catch (e) {
        const code = (e as { code?: string }).code ?? "error";
        return JSON.stringify({ error: code, message: (e as Error).message });
      }
    },
    { name: t.name, description: t.description, schema: t.input as z.ZodObject },
  ) as unknown as StructuredToolInterface;
}
