// Reading the prompt files of the repository's `prompts/` folder (prompts are
// files, not string literals in code). Owns finding that folder from this
// module's location, which works both from the .ts sources (agents/llm/) and
// from the compiled dist/agents/llm/: it searches upward for a `prompts`
// folder that sits next to a package.json (dist/ has no prompts of its own).
// Does not own what the prompts say, nor filling them in.

import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export class PromptNotFound extends Error {
  readonly code = "prompt-not-found";
  constructor(
    readonly promptName: string,
    detail: string,
  ) {
    super(`no prompt "${promptName}": ${detail}`);
  }
}

let cachedDir: string | undefined;

/** The `prompts/` folder of the package this module belongs to. */
export function promptsDir(): string {
  if (cachedDir !== undefined) return cachedDir;
  const start = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "prompts");
    if (existsSync(path.join(dir, "package.json")) && existsSync(candidate) && statSync(candidate).isDirectory()) {
      return (cachedDir = candidate);
    }
    if (path.dirname(dir) === dir) break;
  }
  throw new PromptNotFound("(any)", `no prompts/ folder next to a package.json above ${start}`);
}

/** The text of prompts/<name>.md (`name` may carry the extension). Read on every call, so edits apply at once. */
export function loadPrompt(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) throw new PromptNotFound(name, "a prompt name is a file name in prompts/, without folders");
  const file = path.join(promptsDir(), path.extname(name) ? name : `${name}.md`);
  if (!existsSync(file)) throw new PromptNotFound(name, `${file} does not exist`);
  return readFileSync(file, "utf8");
}
