// `apc chat`: questions in free form about why functions were or were not
// compiled. With an LLM configured (agent.config.ts), the model answers by
// calling the read-only tools (list_candidates, infer_types, query_memory)
// and cites the records it used; with none, questions are matched to the
// deterministic answers of why.ts. Either way the answer rests on the
// decision log, and a citation of a record no tool returned is flagged. A
// model that does not answer ends the chat with LlmUnavailable (one line).

import { createInterface } from "node:readline/promises";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { READ_ONLY_TOOLS } from "../tools/index.js";
import { asLangChainTool, type ToolContext } from "../tools/tool.js";
import type { LlmConfig } from "./config.js";
import { loadPrompt } from "./llm/prompts.js";
import { llmUnavailable } from "./llm/providers.js";
import { answerWithTools } from "./llm/tool-loop.js";
import { answerOffline, type WhyAnswer } from "./why.js";

export interface ChatAnswer extends WhyAnswer {
  readonly via: "llm" | "offline";
  readonly unknownCitations: string[];
}

/** `llm`, when given, names the endpoint in the LlmUnavailable a failed request becomes. */
export async function answerQuestion(ctx: ToolContext, model: BaseChatModel | null, question: string, llm?: LlmConfig): Promise<ChatAnswer> {
  const log = ctx.memory!.decisions;
  if (!model) return { ...answerOffline(log, question), via: "offline", unknownCitations: [] };
  const tools = READ_ONLY_TOOLS.map((t) => asLangChainTool(t, ctx));
  let r;
  try {
    r = await answerWithTools({ model, tools: [...tools], system: loadPrompt("chat-system"), question });
  } catch (e) {
    // Tools' failures are handed back to the model; what reaches here is the model's request.
    throw llm ? llmUnavailable(llm, e) : e;
  }
  return { found: true, text: r.answer, citations: r.citations.map((c) => `rec:${c}`), via: "llm", unknownCitations: [...r.unknownCitations] };
}

/** The interactive prompt: one question per line, until EOF or "quit". */
export async function chatLoop(ctx: ToolContext, model: BaseChatModel | null, io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; llm?: LlmConfig }): Promise<void> {
  const rl = createInterface({ input: io.input, output: io.output, terminal: false });
  io.output.write(`apc chat (${model ? "LLM" : "offline: answers from the decision log"}); ask why a function was or was not compiled. "quit" ends.\n`);
  try {
    for await (const line of rl) {
      const q = line.trim();
      if (!q) continue;
      if (/^(quit|exit)$/i.test(q)) break;
      const a = await answerQuestion(ctx, model, q, io.llm);
      io.output.write(`${a.text}\n`);
      if (a.citations.length) io.output.write(`(records: ${a.citations.join(", ")})\n`);
      if (a.unknownCitations.length) io.output.write(`(warning: the answer cites records no tool returned: ${a.unknownCitations.join(", ")})\n`);
      io.output.write("\n");
    }
  } finally {
    rl.close();
  }
}
