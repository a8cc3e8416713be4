// Opening and closing what an agent run remembers, as agent.config.ts says:
// the memory folder (made on first use with a .gitignore, memory/apc-folder.ts),
// the decision log (SQLite beside the trace store), the vector memory (a
// Chroma server apc starts with data under <memory dir>/chroma, or the
// configured `chroma.url`), and the policy model registry (<memory
// dir>/models). close() stops only what it started.
//
// Vector memory is an aid, the decision log the record: when the Chroma data
// folder is damaged (ChromaStoreCorrupt), the run is told which folder and
// how to move it aside, and goes on with an empty in-process vector memory
// (nothing it learns reaches Chroma; the decision log keeps everything).

import path from "node:path";
import { prepareApcFolder } from "../memory/apc-folder.js";
import { ChromaStoreCorrupt, connectVectorMemory, type ConnectedVectorMemory } from "../memory/chroma-server.js";
import { openDecisionLogAt } from "../memory/decision-log.js";
import { ModelRegistry } from "../memory/model-registry.js";
import { InMemoryVectorMemory } from "../memory/vector-memory.js";
import { EMBEDDING_DIMENSION } from "../tools/memory-tools.js";
import type { AgentMemory } from "../tools/tool.js";
import type { AgentConfig } from "./config.js";
import { PolicyModel, PolicyModelInvalid } from "./policy/model.js";

export interface OpenedMemory {
  readonly memory: AgentMemory;
  /** The Chroma server's URL (started by this run, or configured). */
  readonly chromaUrl: string;
  readonly startedChroma: boolean;
  close(): Promise<void>;
}

export async function openAgentMemory(config: AgentConfig, warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<OpenedMemory> {
  const dir = config.memory.dir!;
  prepareApcFolder(dir);
  const decisions = openDecisionLogAt(path.join(dir, "decisions.db"));
  try {
    let vectors: ConnectedVectorMemory;
    try {
      vectors = await connectVectorMemory({ url: config.memory.chroma.url, dataDir: path.join(dir, "chroma"), collection: config.memory.chroma.collection, dimension: EMBEDDING_DIMENSION });
    } catch (e) {
      if (!(e instanceof ChromaStoreCorrupt)) throw e;
      warn(`apc: warning: ${e.message}. This run goes on without vector memory (the decision log keeps the record).`);
      const memory = new InMemoryVectorMemory({ dimension: EMBEDDING_DIMENSION });
      vectors = { memory, url: "none (damaged store)", server: null, stop: () => memory.close() };
    }
    const models = new ModelRegistry(path.join(dir, "models"));
    return {
      memory: { decisions, vectors: vectors.memory, models },
      chromaUrl: vectors.url,
      startedChroma: vectors.server !== null,
      async close() {
        decisions.close();
        await vectors.stop();
      },
    };
  } catch (e) {
    decisions.close();
    throw e;
  }
}

/** The promoted policy model, or a fresh one (priors only) with version
 *  null. A model this apc cannot read (an older format) is left where it is
 *  and reported through `warn`; the run starts from the priors. */
export function currentPolicy(models: ModelRegistry, warn: (line: string) => void = () => {}): { model: PolicyModel; version: number | null } {
  const cur = models.current();
  if (!cur) return { model: new PolicyModel(), version: null };
  try {
    return { model: PolicyModel.fromJSON(cur.params), version: cur.version };
  } catch (e) {
    if (!(e instanceof PolicyModelInvalid)) throw e;
    warn(`policy model v${cur.version} cannot be read by this apc (${e.message.split("\n")[0]}); starting from the priors (the file is kept)`);
    return { model: new PolicyModel(), version: null };
  }
}
