// The LLM layer against a loopback server speaking the providers' real wire
// protocols: createChatModel builds the real ChatOpenAI / ChatOllama clients,
// answerWithTools drives them through a tool loop, and the recorded request
// bodies show what went over the wire (tool schemas, tool results, ids, key).

import { AIMessageChunk, HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { Ollama } from "ollama";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { parseAgentConfig } from "../../agents/config.js";
import { loadPrompt, PromptNotFound, promptsDir } from "../../agents/llm/prompts.js";
import { createChatModel } from "../../agents/llm/providers.js";
import { answerWithTools, citationsOf, recordIdsIn } from "../../agents/llm/tool-loop.js";
import { startLoopbackLlm, type LoopbackLlm, type Script } from "./loopback-llm.js";

const API_KEY = "sk-loopback-test-key";
const RECORDS = [
  { id: 7, function: "count_words", decision: "not-compiled", reason: "E0402 dynamic-eval", line: 12 },
  { id: 9, function: "mean", decision: "compiled", pipeline: "O2+licm", speedup: 41.5 },
];

/** The test's tool: returns decision records as JSON, and remembers what it was asked. */
function queryDecisionsTool(seen: unknown[] = []) {
  return tool(
    async ({ function: fn, limit }) => {
      seen.push({ function: fn, limit });
      return JSON.stringify({ records: RECORDS.filter((r) => r.function === fn).slice(0, limit ?? 10) });
    },
    {
      name: "query_decisions",
      description: "Decision log records for one function",
      schema: z.object({
        function: z.string().describe("the function's qualified name"),
        limit: z.number().int().min(1).optional().describe("most records to return"),
      }),
    },
  );
}

let loopback: LoopbackLlm | undefined;
afterEach(async () => {
  await loopback?.close();
  loopback = undefined;
});

async function start(script: Script): Promise<LoopbackLlm> {
  loopback = await startLoopbackLlm({ script });
  return loopback;
}

type Provider = "openai" | "ollama";

function modelFor(provider: Provider, lb: LoopbackLlm, timeoutMs?: number) {
  const baseURL = provider === "openai" ? lb.openaiBaseURL : lb.url;
  const { llm } = parseAgentConfig({ llm: { provider, baseURL, ...(timeoutMs ? { timeoutMs } : {}) } }, os.tmpdir());
  const model = createChatModel(llm, { env: { OPENAI_API_KEY: API_KEY } });
  if (!model) throw new Error("expected a model");
  return model;
}

const messagesOf = (lb: LoopbackLlm, i: number): any[] => lb.chatRequests()[i]!.body.messages;

describe.each<Provider>(["openai", "ollama"])("%s through createChatModel", (provider) => {
  it("runs a two-step tool loop and cites the record the answer uses", async () => {
    const lb = await start([
      { toolCalls: [{ name: "query_decisions", args: { function: "count_words" }, id: "call_abc" }] },
      { text: "count_words was not compiled: it calls eval() (E0402 dynamic-eval) [rec:7]." },
    ]);
    const seen: unknown[] = [];
    const system = loadPrompt("chat-system");
    const result = await answerWithTools({
      model: modelFor(provider, lb),
      tools: [queryDecisionsTool(seen)],
      system,
      question: "Why wasn't count_words compiled?",
    });

    expect(result.answer).toBe("count_words was not compiled: it calls eval() (E0402 dynamic-eval) [rec:7].");
    expect(result.citations).toEqual(["7"]);
    expect(result.unknownCitations).toEqual([]);
    expect(result.stoppedBy).toBe("answer");
    expect(result.steps).toBe(2);
    expect(seen).toEqual([{ function: "count_words", limit: undefined }]);
    expect(result.toolCalls).toHaveLength(1);
    expect(result.toolCalls[0]).toMatchObject({ name: "query_decisions", args: { function: "count_words" }, isError: false });
    expect(JSON.parse(result.toolCalls[0]!.result)).toEqual({ records: [RECORDS[0]] });

    const [first, second] = lb.chatRequests();
    expect(lb.chatRequests()).toHaveLength(2);
    // The tool's zod schema went out as JSON schema.
    const sentTool = first!.body.tools[0];
    expect(sentTool.type).toBe("function");
    expect(sentTool.function.name).toBe("query_decisions");
    expect(sentTool.function.description).toBe("Decision log records for one function");
    const params = sentTool.function.parameters;
    expect(params.type).toBe("object");
    expect(params.required).toEqual(["function"]);
    expect(params.properties.function).toMatchObject({ type: "string", description: "the function's qualified name" });
    expect(params.properties.limit).toMatchObject({ type: "integer", minimum: 1, description: "most records to return" });
    // System prompt and question first.
    expect(messagesOf(lb, 0).slice(0, 2)).toEqual([
      { role: "system", content: system },
      { role: "user", content: "Why wasn't count_words compiled?" },
    ]);
    // The second request carries the model's tool call and the tool's result.
    const toolMessage = messagesOf(lb, 1).find((m) => m.role === "tool");
    expect(JSON.parse(toolMessage.content)).toEqual({ records: [RECORDS[0]] });
    const assistant = messagesOf(lb, 1).find((m) => m.role === "assistant");
    if (provider === "openai") {
      expect(first!.headers.authorization).toBe(`Bearer ${API_KEY}`);
      expect(first!.body).toMatchObject({ model: "gpt-4o-mini", temperature: 0, stream: false });
      expect(toolMessage.tool_call_id).toBe("call_abc");
      expect(assistant.tool_calls).toEqual([
        { id: "call_abc", type: "function", function: { name: "query_decisions", arguments: JSON.stringify({ function: "count_words" }) } },
      ]);
    } else {
      expect(first!.body).toMatchObject({ model: "llama3.1", stream: true, options: { temperature: 0 } });
      expect(assistant.tool_calls).toMatchObject([{ function: { name: "query_decisions", arguments: { function: "count_words" } } }]);
    }
    expect(second!.body.tools[0].function.name).toBe("query_decisions");
  });

  it("answers an unknown tool with an error result and goes on", async () => {
    const lb = await start([
      { toolCalls: [{ name: "drop_tables", args: { all: true } }] },
      { text: "I cannot do that; the decision log does not say." },
    ]);
    const result = await answerWithTools({
      model: modelFor(provider, lb),
      tools: [queryDecisionsTool()],
      system: "s",
      question: "q",
    });
    expect(result.answer).toBe("I cannot do that; the decision log does not say.");
    expect(result.stoppedBy).toBe("answer");
    expect(result.toolCalls).toEqual([
      { name: "drop_tables", args: { all: true }, isError: true, result: 'error: there is no tool named "drop_tables"; the tools are: query_decisions' },
    ]);
    expect(result.citations).toEqual([]);
    const toolMessage = messagesOf(lb, 1).find((m) => m.role === "tool");
    expect(toolMessage.content).toBe('error: there is no tool named "drop_tables"; the tools are: query_decisions');
    if (provider === "openai") expect(toolMessage.tool_call_id).toBe("call_0_0");
  });

  it("stops an endlessly tool-calling model after maxSteps turns", async () => {
    const lb = await start((_request, turn) => ({
      text: turn === 0 ? "Let me look." : "",
      toolCalls: [{ name: "query_decisions", args: { function: "mean" } }],
    }));
    const result = await answerWithTools({
      model: modelFor(provider, lb),
      tools: [queryDecisionsTool()],
      system: "s",
      question: "q",
      maxSteps: 3,
    });
    expect(result.stoppedBy).toBe("max-steps");
    expect(result.steps).toBe(3);
    expect(lb.chatRequests()).toHaveLength(3);
    // Tools requested in the last allowed turn are not run.
    expect(result.toolCalls).toHaveLength(2);
    expect(result.answer).toBe("");
    // The tools returned record 9 and the (empty) answer cites nothing: all returned ids.
    expect(result.citations).toEqual(["9"]);
    expect(messagesOf(lb, 2).filter((m) => m.role === "tool")).toHaveLength(2);
  });

  it("sends every result back when the model asks for two tools at once", async () => {
    const lb = await start([
      {
        toolCalls: [
          { name: "query_decisions", args: { function: "count_words" }, id: "call_a" },
          { name: "query_decisions", args: { function: "mean" }, id: "call_b" },
        ],
      },
      { text: "mean was compiled (41.5x) [rec:9]; count_words was not [rec:7]. See also [rec:99]." },
    ]);
    const result = await answerWithTools({ model: modelFor(provider, lb), tools: [queryDecisionsTool()], system: "s", question: "q" });
    expect(result.toolCalls.map((c) => c.args)).toEqual([{ function: "count_words" }, { function: "mean" }]);
    expect(result.citations).toEqual(["9", "7"]);
    expect(result.unknownCitations).toEqual(["99"]);
    const toolMessages = messagesOf(lb, 1).filter((m) => m.role === "tool");
    expect(toolMessages.map((m) => JSON.parse(m.content).records[0].id)).toEqual([7, 9]);
    if (provider === "openai") expect(toolMessages.map((m) => m.tool_call_id)).toEqual(["call_a", "call_b"]);
  });
});

describe("openai specifics", () => {
  it("parses a streamed (SSE) tool call whose arguments arrive in pieces", async () => {
    const lb = await start([
      { text: "Looking", toolCalls: [{ name: "query_decisions", args: { function: "count_words", limit: 2 }, id: "call_s" }] },
    ]);
    const bound = modelFor("openai", lb).bindTools!([queryDecisionsTool()]);
    let message: AIMessageChunk | undefined;
    for await (const chunk of await bound.stream([new HumanMessage("q")])) message = message ? message.concat(chunk) : chunk;
    expect(lb.chatRequests()[0]!.body.stream).toBe(true);
    expect(message!.text).toBe("Looking");
    expect(message!.tool_calls).toMatchObject([{ id: "call_s", name: "query_decisions", args: { function: "count_words", limit: 2 } }]);
    expect(message!.usage_metadata?.total_tokens).toBeGreaterThan(0);
  });

  it("answers arguments that are not JSON with an error result for that call id", async () => {
    const lb = await start([
      { toolCalls: [{ name: "query_decisions", rawArguments: '{"function": "count_w', id: "call_bad" }] },
      { text: "The records do not answer this." },
    ]);
    const result = await answerWithTools({ model: modelFor("openai", lb), tools: [queryDecisionsTool()], system: "s", question: "q" });
    expect(result.toolCalls).toHaveLength(1);
    expect(result.toolCalls[0]!.isError).toBe(true);
    expect(result.toolCalls[0]!.result).toMatch(/^error: could not parse the arguments of query_decisions/);
    const toolMessage = messagesOf(lb, 1).find((m) => m.role === "tool");
    expect(toolMessage.tool_call_id).toBe("call_bad");
    expect(result.answer).toBe("The records do not answer this.");
  });
});

describe("ollama specifics", () => {
  it("serves the non-streaming JSON form to a client that asks for it", async () => {
    const lb = await start([{ toolCalls: [{ name: "query_decisions", args: { function: "mean" } }] }]);
    const client = new Ollama({ host: lb.url });
    const response = await client.chat({ model: "llama3.1", stream: false, messages: [{ role: "user", content: "q" }] });
    expect(response.done).toBe(true);
    expect(response.message.tool_calls).toMatchObject([{ function: { name: "query_decisions", arguments: { function: "mean" } } }]);
    expect((await client.list()).models.map((m) => m.name)).toEqual(["llama3.1:latest"]);
  });

  it("gives up on a server that never answers after timeoutMs", async () => {
    const silent = http.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const { llm } = parseAgentConfig({ llm: { provider: "ollama", baseURL: url, timeoutMs: 200 } }, os.tmpdir());
      const model = createChatModel(llm)!;
      const messages: BaseMessage[] = [new SystemMessage("s"), new HumanMessage("q")];
      await expect(model.invoke(messages)).rejects.toThrow(/abort|timeout/i);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe("prompts", () => {
  it("reads prompts/<name>.md of this repository and refuses names that are not there", () => {
    expect(promptsDir()).toBe(fileURLToPath(new URL("../../prompts", import.meta.url)));
    const chat = loadPrompt("chat-system");
    expect(chat).toBe(loadPrompt("chat-system.md"));
    expect(chat).toContain("[rec:ID]");
    expect(() => loadPrompt("no-such-prompt")).toThrow(PromptNotFound);
    expect(() => loadPrompt("../package.json")).toThrow(/without folders/);
  });
});

describe("citations", () => {
  it("finds record ids in JSON records at any depth and in [rec:ID] markers", () => {
    expect(recordIdsIn(JSON.stringify({ records: [{ id: 3 }, { id: "a-1" }], more: { records: [{ id: 3 }, { no: 1 }] } }))).toEqual(["3", "a-1"]);
    expect(recordIdsIn("mean: compiled [rec:12]; count_words: refused [rec:13]")).toEqual(["12", "13"]);
    expect(recordIdsIn("no records here")).toEqual([]);
  });

  it("keeps cited returned ids in the answer's order, else falls back to all returned ids", () => {
    expect(citationsOf("b [rec:2] then a [rec:1] and [rec:2] again", ["1", "2", "3"])).toEqual({ citations: ["2", "1"], unknownCitations: [] });
    expect(citationsOf("no markers", ["1", "2"])).toEqual({ citations: ["1", "2"], unknownCitations: [] });
    expect(citationsOf("made up [rec:5]", ["1"])).toEqual({ citations: ["1"], unknownCitations: ["5"] });
  });
});
