// A loopback stand-in for a hosted LLM, for integration tests: an HTTP server
// on 127.0.0.1 speaking the providers' real wire protocols, so the real
// @langchain/openai and @langchain/ollama clients talk to it unchanged.
// Owns (a) OpenAI `POST /v1/chat/completions`, as JSON or, when the request
// says `stream: true`, as SSE `data: {chunk}` lines ending in `data: [DONE]`;
// (b) Ollama `POST /api/chat`, as one JSON object when the request says
// `stream: false`, else as NDJSON (Ollama's default), plus `GET /api/tags`
// and `GET /api/version`. Like OpenAI, it refuses (400) a conversation whose
// tool messages do not answer the assistant's tool call ids. Every request is recorded (headers and parsed
// body) so tests can assert what the client sent. Answers come from a script:
// a list of turns, or a function of the request. Not a test itself.

import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ScriptedToolCall {
  readonly name: string;
  readonly args?: Record<string, unknown>;
  /** OpenAI only: the `arguments` string exactly as sent (e.g. invalid JSON). Overrides args. */
  readonly rawArguments?: string;
  /** Defaults to call_<turn>_<index>. */
  readonly id?: string;
}

export interface ScriptedTurn {
  readonly text?: string;
  readonly toolCalls?: readonly ScriptedToolCall[];
}

export interface RecordedRequest {
  readonly provider: "openai" | "ollama" | "unknown";
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  /** The parsed JSON body; null for a request without one. */
  readonly body: any;
}

export type Script = readonly ScriptedTurn[] | ((request: RecordedRequest, turn: number) => ScriptedTurn);

export interface LoopbackLlm {
  readonly server: http.Server;
  /** http://127.0.0.1:PORT, the Ollama base URL. */
  readonly url: string;
  /** http://127.0.0.1:PORT/v1, the OpenAI base URL. */
  readonly openaiBaseURL: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** The chat requests only (completions and /api/chat). */
  chatRequests(): RecordedRequest[];
  close(): Promise<void>;
}

const OLLAMA_VERSION = "0.6.4";

export async function startLoopbackLlm(options: { script: Script }): Promise<LoopbackLlm> {
  const requests: RecordedRequest[] = [];
  let turn = 0;
  const nextTurn = (request: RecordedRequest): ScriptedTurn | undefined => {
    const index = turn++;
    if (typeof options.script === "function") return options.script(request, index);
    return options.script[index];
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const route = `${req.method} ${(req.url ?? "/").split("?")[0]}`;
      const provider = route.startsWith("POST /v1/") ? "openai" : route.includes(" /api/") ? "ollama" : "unknown";
      let body: any = null;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw);
        } catch {
          return sendJson(res, 400, { error: `request body is not JSON: ${raw.slice(0, 80)}` });
        }
      }
      const request: RecordedRequest = { provider, method: req.method ?? "", path: req.url ?? "/", headers: req.headers, body };
      requests.push(request);
      switch (route) {
        case "POST /v1/chat/completions":
          return answerOpenAI(res, request, nextTurn(request), turn - 1);
        case "POST /api/chat":
          return answerOllama(res, request, nextTurn(request), turn - 1);
        case "GET /api/tags":
          return sendJson(res, 200, {
            models: [{ name: "llama3.1:latest", model: "llama3.1:latest", modified_at: new Date(0).toISOString(), size: 1, digest: "0".repeat(64), details: {} }],
          });
        case "GET /api/version":
          return sendJson(res, 200, { version: OLLAMA_VERSION });
        default:
          return sendJson(res, 404, { error: `the loopback LLM does not serve ${route}` });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    server,
    url,
    openaiBaseURL: `${url}/v1`,
    requests,
    chatRequests: () => requests.filter((r) => r.path.endsWith("/chat/completions") || r.path === "/api/chat"),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** A deterministic stand-in for token counts: about four characters a token. */
function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Two pieces, so clients have to join streamed text and arguments. */
function halves(text: string): string[] {
  const cut = Math.ceil(text.length / 2);
  return text.length < 2 ? [text] : [text.slice(0, cut), text.slice(cut)];
}

// ---- OpenAI chat completions ----

function answerOpenAI(res: http.ServerResponse, request: RecordedRequest, scripted: ScriptedTurn | undefined, index: number): void {
  if (!scripted) {
    return sendJson(res, 500, { error: { message: `loopback script exhausted at turn ${index}`, type: "server_error", param: null, code: null } });
  }
  const invalid = toolMessageProblem(request.body?.messages ?? []);
  if (invalid) return sendJson(res, 400, { error: { message: invalid, type: "invalid_request_error", param: "messages", code: null } });
  const model: string = request.body?.model ?? "unknown";
  const id = `chatcmpl-loopback-${index}`;
  const created = 1_700_000_000 + index;
  const calls = (scripted.toolCalls ?? []).map((c, i) => ({
    id: c.id ?? `call_${index}_${i}`,
    type: "function" as const,
    function: { name: c.name, arguments: c.rawArguments ?? JSON.stringify(c.args ?? {}) },
  }));
  const text = scripted.text ?? "";
  const finishReason = calls.length > 0 ? "tool_calls" : "stop";
  const usage = {
    prompt_tokens: tokens(JSON.stringify(request.body?.messages ?? [])),
    completion_tokens: tokens(text + JSON.stringify(calls)),
    total_tokens: 0,
  };
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;

  if (request.body?.stream !== true) {
    return sendJson(res, 200, {
      id,
      object: "chat.completion",
      created,
      model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: text.length > 0 ? text : null, refusal: null, ...(calls.length ? { tool_calls: calls } : {}) },
          logprobs: null,
          finish_reason: finishReason,
        },
      ],
      usage,
      system_fingerprint: "fp_loopback",
    });
  }

  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  const chunk = (delta: object, finish: string | null = null) =>
    res.write(
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, system_fingerprint: "fp_loopback", choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`,
    );
  chunk({ role: "assistant", content: "", refusal: null });
  for (const piece of text.length > 0 ? halves(text) : []) chunk({ content: piece });
  calls.forEach((call, i) => {
    chunk({ tool_calls: [{ index: i, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } }] });
    for (const piece of halves(call.function.arguments)) chunk({ tool_calls: [{ index: i, function: { arguments: piece } }] });
  });
  chunk({}, finishReason);
  if (request.body?.stream_options?.include_usage) {
    res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [], usage })}\n\n`);
  }
  res.end("data: [DONE]\n\n");
}

/** OpenAI's rule: every assistant tool call is answered by a tool message with its id, and no tool message answers nothing. */
function toolMessageProblem(messages: readonly any[]): string | null {
  let open = new Set<string>();
  for (const [i, m] of messages.entries()) {
    if (m.role === "tool") {
      if (!open.delete(m.tool_call_id)) return `messages[${i}]: a 'tool' message must answer a preceding 'tool_calls' id (got ${m.tool_call_id})`;
      continue;
    }
    if (open.size > 0) return `messages[${i}]: tool_call_ids without a response: ${[...open].join(", ")}`;
    open = new Set(m.role === "assistant" ? (m.tool_calls ?? []).map((c: any) => c.id) : []);
  }
  return null;
}

// ---- Ollama /api/chat ----

function answerOllama(res: http.ServerResponse, request: RecordedRequest, scripted: ScriptedTurn | undefined, index: number): void {
  if (!scripted) return sendJson(res, 500, { error: `loopback script exhausted at turn ${index}` });
  const model: string = request.body?.model ?? "unknown";
  const createdAt = new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString();
  const text = scripted.text ?? "";
  const toolCalls = (scripted.toolCalls ?? []).map((c, i) => ({ function: { index: i, name: c.name, arguments: c.args ?? {} } }));
  const stats = {
    total_duration: 1_000_000,
    load_duration: 100_000,
    prompt_eval_count: tokens(JSON.stringify(request.body?.messages ?? [])),
    prompt_eval_duration: 200_000,
    eval_count: tokens(text + JSON.stringify(toolCalls)),
    eval_duration: 300_000,
  };

  if (request.body?.stream === false) {
    return sendJson(res, 200, {
      model,
      created_at: createdAt,
      message: { role: "assistant", content: text, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) },
      done: true,
      done_reason: "stop",
      ...stats,
    });
  }

  res.writeHead(200, { "content-type": "application/x-ndjson" });
  const line = (value: object) => res.write(`${JSON.stringify({ model, created_at: createdAt, ...value })}\n`);
  for (const piece of text.length > 0 ? halves(text) : []) line({ message: { role: "assistant", content: piece }, done: false });
  if (toolCalls.length > 0) line({ message: { role: "assistant", content: "", tool_calls: toolCalls }, done: false });
  line({ message: { role: "assistant", content: "" }, done: true, done_reason: "stop", ...stats });
  res.end();
}
