// Chat models from the `llm` section of agent.config.ts: ChatOpenAI (any
// OpenAI-compatible chat completions endpoint) or ChatOllama, or none. Owns
// mapping config fields onto each client's options (endpoint, model,
// temperature, timeout, retries, the API key read from the environment). Does
// not own the config schema or its defaults (agents/config.ts) nor what is
// asked of the model (agents/llm/tool-loop.ts). Both models support
// `.bindTools(tools)`.
//
// Creating a model sends no request; the first `invoke` does. The key check
// happens here, so a config naming "openai" loads fine without a key and only
// fails (LlmKeyMissing) when an LLM is actually wanted. A request that fails
// is LlmUnavailable (llmUnavailable(llm, err)), naming the endpoint.

import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ChatOllama } from "@langchain/ollama";
import { ChatOpenAI } from "@langchain/openai";
import { DEFAULT_BASE_URLS, DEFAULT_MODELS, resolveApiKey, type LlmConfig } from "../config.js";

/** A failed request is retried once; the agents never depend on the LLM, so waiting longer buys little. */
const MAX_RETRIES = 1;

export interface CreateChatModelOptions {
  /** Where the API key is read from; process.env by default. */
  readonly env?: NodeJS.ProcessEnv;
}

/** The configured chat model, or null for provider "none". Throws LlmKeyMissing for "openai" without a key. */
export function createChatModel(llm: LlmConfig, options: CreateChatModelOptions = {}): BaseChatModel | null {
  switch (llm.provider) {
    case "none":
      return null;
    case "openai":
      return new ChatOpenAI({
        model: llm.model ?? DEFAULT_MODELS.openai,
        temperature: llm.temperature,
        apiKey: resolveApiKey(llm, options.env),
        timeout: llm.timeoutMs,
        maxRetries: MAX_RETRIES,
        configuration: { baseURL: llm.baseURL ?? DEFAULT_BASE_URLS.openai },
      });
    case "ollama":
      return new ChatOllama({
        model: llm.model ?? DEFAULT_MODELS.ollama,
        baseUrl: llm.baseURL ?? DEFAULT_BASE_URLS.ollama,
        temperature: llm.temperature,
        maxRetries: MAX_RETRIES,
        // ChatOllama has no timeout option: bound each request (body included) through its fetch.
        fetch: fetchWithTimeout(llm.timeoutMs),
      });
    default: {
      const unknown: never = llm.provider;
      throw new Error(`unknown llm provider ${JSON.stringify(unknown)}`);
    }
  }
}

function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return fetch(input, { ...init, signal });
  };
}

/** The configured LLM did not answer a request (refused, unreachable, timed out, or an HTTP error). */
export class LlmUnavailable extends Error {
  readonly code = "llm-unavailable";
  constructor(
    readonly llm: LlmConfig,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `the LLM (${llm.provider} ${llm.model ?? ""} at ${llm.baseURL ?? "its default URL"}) did not answer: ${detail}; ` +
        `check that it is running and reachable, or set llm.provider to "none" in agent.config.ts to work offline`,
      options,
    );
  }
}

/** `err` from a model request, as LlmUnavailable with its first line and the network cause (ECONNREFUSED ...). */
export function llmUnavailable(llm: LlmConfig, err: unknown): LlmUnavailable {
  const first = (err instanceof Error ? err.message : String(err)).split("\n")[0]!.trim().replace(/\.$/, "");
  let cause = err instanceof Error ? err.cause : undefined;
  const codes: string[] = [];
  for (let depth = 0; cause instanceof Error && depth < 4; depth++, cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
  }
  return new LlmUnavailable(llm, `${first}${codes.length ? ` (${codes.join(", ")})` : ""}`, { cause: err });
}
