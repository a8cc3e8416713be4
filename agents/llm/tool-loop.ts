// A plain tool-calling loop over a LangChain chat model: ask, run the tools the
// model requests, hand their results back (ToolMessage with the call's id),
// repeat until the model answers without tool calls or maxSteps model turns
// are used. Also owns working out which memory records an answer cites. Does
// not own the tools (tools/, or the caller) nor the prompts (prompts/).
//
// Written out rather than `createAgent` from `langchain`: every step is
// visible, the tool results are returned to the caller (they are the evidence
// for citations), and an unknown tool or a tool that throws becomes an error
// ToolMessage the model can react to instead of ending the run.
//
// Citations. Tools return records either as JSON with a `records: [{ id }]`
// field (at any depth) or as text carrying `[rec:ID]` markers. The answer
// cites a record with `[rec:ID]`. `citations` are the returned record ids the
// answer cites, in the answer's order; when it cites none of them, every
// returned id (the answer rests on all the evidence it was given).
// `unknownCitations` are ids the answer cites that no tool returned: the
// caller should treat them as invented.

import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import type { StructuredToolInterface } from "@langchain/core/tools";

export interface ToolCallRecord {
  readonly name: string;
  readonly args: unknown;
  /** What the model was sent back: the tool's output, or the error text. */
  readonly result: string;
  readonly isError: boolean;
}

export interface ToolLoopAnswer {
  /** The text of the model's last message. */
  readonly answer: string;
  readonly toolCalls: readonly ToolCallRecord[];
  readonly citations: readonly string[];
  readonly unknownCitations: readonly string[];
  /** "answer": the model replied without tool calls; "max-steps": it still wanted tools after maxSteps turns. */
  readonly stoppedBy: "answer" | "max-steps";
  /** Model turns used. */
  readonly steps: number;
}

export interface AnswerWithToolsInput {
  readonly model: BaseChatModel;
  readonly tools: readonly StructuredToolInterface[];
  readonly system: string;
  readonly question: string;
  /** Most model turns; tools requested in the last allowed turn are not run. Default 6. */
  readonly maxSteps?: number;
}

/** The model offers no `bindTools`, so it cannot be given tools. */
export class ModelCannotCallTools extends Error {
  readonly code = "llm-no-tool-calling";
  constructor(readonly modelType: string) {
    super(`the chat model ${modelType} does not support tool calling (no bindTools)`);
  }
}

const REC_MARKER = /\[rec:([A-Za-z0-9_.-]+)\]/g;

export async function answerWithTools(input: AnswerWithToolsInput): Promise<ToolLoopAnswer> {
  const { model, tools, system, question } = input;
  const maxSteps = input.maxSteps ?? 6;
  if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new RangeError(`maxSteps must be a positive integer, got ${maxSteps}`);
  if (!model.bindTools) throw new ModelCannotCallTools(model._llmType());
  const bound = model.bindTools([...tools]);
  const byName = new Map(tools.map((t) => [t.name, t]));

  const messages: BaseMessage[] = [new SystemMessage(system), new HumanMessage(question)];
  const toolCalls: ToolCallRecord[] = [];
  const returnedIds: string[] = [];
  for (let step = 1; ; step++) {
    const reply = await bound.invoke(messages);
    messages.push(reply);
    const calls = pendingCalls(reply, step);
    if (calls.length === 0 || step === maxSteps) {
      const answer = reply.text;
      return {
        answer,
        toolCalls,
        ...citationsOf(answer, returnedIds),
        stoppedBy: calls.length === 0 ? "answer" : "max-steps",
        steps: step,
      };
    }
    for (const call of calls) {
      const outcome = await runCall(call, byName);
      toolCalls.push({ name: call.name, args: call.args, result: outcome.text, isError: outcome.isError });
      if (!outcome.isError) returnedIds.push(...recordIdsIn(outcome.text));
      messages.push(
        new ToolMessage({
          content: outcome.text,
          tool_call_id: call.id,
          name: call.name,
          status: outcome.isError ? "error" : "success",
        }),
      );
    }
  }
}

interface PendingCall {
  readonly id: string;
  readonly name: string;
  readonly args: unknown;
  /** Set when the model's arguments could not be parsed. */
  readonly invalid?: string;
}

/**
 * The calls that need a ToolMessage back. Calls whose arguments did not parse
 * (invalid_tool_calls) are answered with an error only when there is no valid
 * call: the OpenAI converter then sends the raw calls back, and each needs a
 * reply; with valid calls present only those are sent, and a reply to an
 * unsent id would be rejected.
 */
function pendingCalls(reply: AIMessage, step: number): PendingCall[] {
  const valid = reply.tool_calls ?? [];
  if (valid.length > 0) {
    return valid.map((c, i) => ({ id: c.id ?? `call_${step}_${i}`, name: c.name, args: c.args }));
  }
  return (reply.invalid_tool_calls ?? []).map((c, i) => ({
    id: c.id ?? `call_${step}_${i}`,
    name: c.name ?? "(unnamed)",
    args: c.args,
    invalid: c.error ?? "the arguments are not valid JSON",
  }));
}

async function runCall(
  call: PendingCall,
  byName: ReadonlyMap<string, StructuredToolInterface>,
): Promise<{ text: string; isError: boolean }> {
  if (call.invalid !== undefined) return { text: `error: could not parse the arguments of ${call.name}: ${call.invalid}`, isError: true };
  const tool = byName.get(call.name);
  if (!tool) {
    const known = [...byName.keys()].join(", ") || "(none)";
    return { text: `error: there is no tool named "${call.name}"; the tools are: ${known}`, isError: true };
  }
  try {
    // Invoked with the bare arguments, the tool returns its own output (not a ToolMessage).
    const output: unknown = await tool.invoke(call.args as Parameters<typeof tool.invoke>[0]);
    return { text: outputText(output), isError: false };
  } catch (error) {
    return { text: `error: ${call.name} failed: ${error instanceof Error ? error.message : String(error)}`, isError: true };
  }
}

function outputText(output: unknown): string {
  if (typeof output === "string") return output;
  if (ToolMessage.isInstance(output)) return output.text;
  return JSON.stringify(output) ?? String(output);
}

/** Record ids in a tool result: `records: [{ id }]` anywhere in JSON, and `[rec:ID]` markers in any text. */
export function recordIdsIn(text: string): string[] {
  const ids: string[] = [];
  try {
    collectRecordIds(JSON.parse(text), ids);
  } catch {
    // Not JSON: markers only.
  }
  for (const match of text.matchAll(REC_MARKER)) ids.push(match[1]!);
  return unique(ids);
}

function collectRecordIds(value: unknown, into: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectRecordIds(item, into);
  } else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      if (key === "records" && Array.isArray(child)) {
        for (const record of child) {
          const id = (record as { id?: unknown } | null)?.id;
          if (typeof id === "string" || typeof id === "number") into.push(String(id));
        }
      }
      collectRecordIds(child, into);
    }
  }
}

/** Which of the returned ids the answer cites (see the header comment). */
export function citationsOf(answer: string, returnedIds: readonly string[]): { citations: string[]; unknownCitations: string[] } {
  const returned = new Set(returnedIds);
  const cited = unique([...answer.matchAll(REC_MARKER)].map((m) => m[1]!));
  const citations = cited.filter((id) => returned.has(id));
  const unknownCitations = cited.filter((id) => !returned.has(id));
  return { citations: citations.length > 0 ? citations : unique(returnedIds), unknownCitations };
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
