// The Chroma backend of the vector memory: a `VectorMemory` over one Chroma
// collection on a server reached by URL (the chromadb 3.x client). Owns
// opening (or creating) the collection, checking that an existing one is ours
// and compatible, the flat-metadata encoding of an OutcomeRecord, and turning
// the client's errors into VectorMemoryError codes. Does not own starting a
// server (memory/chroma-server.ts) nor the record types and validation
// (memory/vector-memory.ts).
//
// Embeddings: always supplied by apc. The collection is given a stub
// embedding function that throws if ever called, so the client never tries to
// load `@chroma-core/default-embed` (a downloaded model); it is stored as
// "legacy" in the collection's configuration, which later clients leave alone.
//
// Collection: hnsw space "l2" (squared Euclidean, see vector-memory.ts) and
// metadata {"apc:kind": "outcomes", "apc:dimension": n}. Opening an existing
// collection with another dimension is "dimension-mismatch"; one without the
// marker or with another space is "incompatible-collection". Chroma's index is
// approximate (HNSW) once a collection outgrows its brute-force buffer, so
// `nearest` is exact for small collections and very close to exact beyond.
//
// Metadata encoding (Chroma metadata is flat scalars, and a null value means
// "absent"): the string, boolean and number fields are stored under their own
// names; a null field is left out and read back as null; `extra`, when given,
// is one JSON string under "extra" (so `{}` and absent stay apart, and any key
// names survive). Records therefore round-trip exactly (embeddings as float32).
//
// `add` validates the whole batch, then upserts it in chunks of the server's
// maximum batch size; a failure in a later chunk leaves the earlier ones written.
// Replacing: Chroma's upsert merges metadata (keys the new record lacks keep
// their old values) and the JS client drops null values, so it cannot remove a
// key. Records with a null field or no extra are therefore deleted first, then
// upserted: two requests, so a failure between them loses the old record (the
// error is still thrown). Records with every field set are one atomic upsert.

import { ChromaClient, type Collection, type EmbeddingFunction, type Metadata, type Where } from "chromadb";
import {
  byDistanceThenId,
  byId,
  checkDimension,
  checkEmbedding,
  checkK,
  checkQuery,
  checkRecords,
  FILTER_FIELDS,
  type Neighbour,
  type OutcomeExtraValue,
  type OutcomeFilter,
  type OutcomeQuery,
  type OutcomeRecord,
  type VectorMemory,
  VectorMemoryError,
  VectorMemoryUnavailable,
} from "./vector-memory.js";

export const DEFAULT_COLLECTION = "apc-outcomes";
const KIND_KEY = "apc:kind";
const KIND = "outcomes";
const DIMENSION_KEY = "apc:dimension";
const SPACE = "l2";

export interface ChromaVectorMemoryOptions {
  /** The server, e.g. "http://127.0.0.1:8000" (no path; a missing port means the scheme's default). */
  readonly url: string;
  /** Default "apc-outcomes". */
  readonly collection?: string;
  readonly dimension: number;
}

/** Stands in for an embedding function: apc always passes embeddings, so this is never called. */
const NO_EMBEDDING_FUNCTION: EmbeddingFunction = {
  name: "apc-supplied-embeddings",
  async generate(): Promise<number[][]> {
    throw new VectorMemoryError("invalid-record", "apc's vector memory has no embedding function: records and queries must carry their embeddings");
  },
};

interface Endpoint {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly ssl: boolean;
}

function parseUrl(url: string): Endpoint {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new VectorMemoryError("invalid-config", `${JSON.stringify(url)} is not a URL (expected e.g. http://127.0.0.1:8000)`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new VectorMemoryError("invalid-config", `${url}: a Chroma server URL is http:// or https://`);
  if (u.pathname !== "/" || u.search !== "" || u.hash !== "") throw new VectorMemoryError("invalid-config", `${url}: a Chroma server URL has no path, query or fragment`);
  const ssl = u.protocol === "https:";
  const port = u.port === "" ? (ssl ? 443 : 80) : Number(u.port);
  return { url: `${u.protocol}//${u.host}`, host: u.hostname, port, ssl };
}

/** Chroma's errors as ours: connection failures are "unavailable", anything else from Chroma "backend-error". */
function translate(err: unknown, endpoint: Endpoint, what: string): unknown {
  if (err instanceof VectorMemoryError || !(err instanceof Error)) return err;
  if (err.name === "ChromaConnectionError") return new VectorMemoryUnavailable(endpoint.url, `${what}: connection failed`, { cause: err });
  if (err.name.startsWith("Chroma")) return new VectorMemoryError("backend-error", `${what} on ${endpoint.url}: ${err.message}`, { cause: err });
  return err;
}

export function encodeMetadata(r: OutcomeRecord): Metadata {
  const m: Record<string, string | number | boolean> = {
    functionKey: r.functionKey,
    project: r.project,
    sourceHash: r.sourceHash,
    tier: r.tier,
    verified: r.verified,
    createdAt: r.createdAt,
  };
  if (r.passes !== null) m.passes = r.passes;
  if (r.speedup !== null) m.speedup = r.speedup;
  if (r.compileSeconds !== null) m.compileSeconds = r.compileSeconds;
  if (r.reward !== null) m.reward = r.reward;
  if (r.extra !== undefined) m.extra = JSON.stringify(r.extra);
  return m;
}

export function decodeRecord(id: string, embedding: readonly number[] | null | undefined, metadata: Metadata | null | undefined, where: string): OutcomeRecord {
  const bad = (detail: string) => new VectorMemoryError("incompatible-collection", `record ${JSON.stringify(id)} in ${where} was not written by apc: ${detail}`);
  if (!embedding) throw bad("it has no embedding");
  const m = metadata ?? {};
  const str = (key: string): string => {
    const v = m[key];
    if (typeof v !== "string") throw bad(`metadata "${key}" is not a string`);
    return v;
  };
  const optionalString = (key: string): string | null => {
    const v = m[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== "string") throw bad(`metadata "${key}" is not a string`);
    return v;
  };
  const optionalNumber = (key: string): number | null => {
    const v = m[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== "number") throw bad(`metadata "${key}" is not a number`);
    return v;
  };
  const verified = m.verified;
  if (typeof verified !== "boolean") throw bad(`metadata "verified" is not a boolean`);
  const record: OutcomeRecord = {
    id,
    embedding: Array.from(embedding, (v) => Math.fround(v)),
    functionKey: str("functionKey"),
    project: str("project"),
    sourceHash: str("sourceHash"),
    tier: str("tier"),
    passes: optionalString("passes"),
    speedup: optionalNumber("speedup"),
    compileSeconds: optionalNumber("compileSeconds"),
    reward: optionalNumber("reward"),
    verified,
    createdAt: str("createdAt"),
  };
  const extra = optionalString("extra");
  if (extra === null) return record;
  let parsed: unknown;
  try {
    parsed = JSON.parse(extra);
  } catch {
    throw bad(`metadata "extra" is not JSON`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw bad(`metadata "extra" is not a JSON object`);
  return { ...record, extra: parsed as Record<string, OutcomeExtraValue> };
}

/** Some field is null or extra is absent, so its metadata has fewer keys than a full record's. */
function leavesKeysOut(r: OutcomeRecord): boolean {
  return r.passes === null || r.speedup === null || r.compileSeconds === null || r.reward === null || r.extra === undefined;
}

function whereOf(filter: OutcomeFilter): Where | undefined {
  const clauses: Where[] = [];
  for (const f of FILTER_FIELDS) {
    const v = filter[f];
    if (v !== undefined) clauses.push({ [f]: { $eq: v } } as Where);
  }
  if (clauses.length === 0) return undefined;
  return clauses.length === 1 ? clauses[0] : { $and: clauses };
}

export class ChromaVectorMemory implements VectorMemory {
  readonly location: string;
  private closed = false;

  private constructor(
    private readonly endpoint: Endpoint,
    private readonly collection: Collection,
    private readonly client: ChromaClient,
    readonly dimension: number,
  ) {
    this.location = `${endpoint.url} (collection ${collection.name})`;
  }

  /** Connect to the server and open (creating if missing) the collection. */
  static async connect(options: ChromaVectorMemoryOptions): Promise<ChromaVectorMemory> {
    checkDimension(options.dimension);
    const endpoint = parseUrl(options.url);
    const name = options.collection ?? DEFAULT_COLLECTION;
    const client = new ChromaClient({ host: endpoint.host, port: endpoint.port, ssl: endpoint.ssl });
    let collection: Collection;
    try {
      await client.heartbeat();
      collection = await client.getOrCreateCollection({
        name,
        embeddingFunction: NO_EMBEDDING_FUNCTION,
        configuration: { hnsw: { space: SPACE } },
        metadata: { [KIND_KEY]: KIND, [DIMENSION_KEY]: options.dimension },
      });
    } catch (err) {
      throw translate(err, endpoint, `opening collection ${name}`);
    }
    const where = `${endpoint.url} (collection ${name})`;
    const meta = collection.metadata ?? {};
    if (meta[KIND_KEY] !== KIND) throw new VectorMemoryError("incompatible-collection", `${where} exists and is not an apc outcome memory (no "${KIND_KEY}" marker); use another collection name`);
    const space = collection.configuration?.hnsw?.space ?? collection.configuration?.spann?.space;
    if (space !== SPACE) throw new VectorMemoryError("incompatible-collection", `${where} uses distance "${String(space)}", apc's vector memory uses "${SPACE}"`);
    if (meta[DIMENSION_KEY] !== options.dimension) {
      throw new VectorMemoryError("dimension-mismatch", `${where} holds embeddings of dimension ${String(meta[DIMENSION_KEY])}, not ${options.dimension}`);
    }
    return new ChromaVectorMemory(endpoint, collection, client, options.dimension);
  }

  async add(records: readonly OutcomeRecord[]): Promise<void> {
    this.open();
    const checked = checkRecords(records, this.dimension);
    if (checked.length === 0) return;
    await this.call("add", async () => {
      const batch = await this.client.getMaxBatchSize();
      for (let i = 0; i < checked.length; i += batch) {
        const chunk = checked.slice(i, i + batch);
        // Chroma's upsert keeps metadata keys the new record leaves out, and the
        // client cannot send a null to remove one: clear records that leave some out.
        const partial = chunk.filter(leavesKeysOut).map((r) => r.id);
        if (partial.length > 0) await this.collection.delete({ ids: partial });
        await this.collection.upsert({
          ids: chunk.map((r) => r.id),
          embeddings: chunk.map((r) => [...r.embedding]),
          metadatas: chunk.map(encodeMetadata),
        });
      }
    });
  }

  async nearest(embedding: readonly number[], k: number, filter?: OutcomeFilter): Promise<Neighbour[]> {
    this.open();
    const q = checkEmbedding(embedding, this.dimension, "query");
    checkK(k);
    const where = whereOf(checkQuery(filter));
    if (k === 0) return [];
    const result = await this.call("nearest", () =>
      this.collection.query({ queryEmbeddings: [q], nResults: k, where, include: ["embeddings", "metadatas", "distances"] }),
    );
    const ids = result.ids[0] ?? [];
    return ids
      .map((id, i) => {
        const distance = result.distances[0]?.[i];
        if (typeof distance !== "number") throw new VectorMemoryError("backend-error", `nearest on ${this.location}: Chroma returned no distance for ${JSON.stringify(id)}`);
        return { record: decodeRecord(id, result.embeddings[0]?.[i], result.metadatas[0]?.[i], this.location), distance };
      })
      .sort(byDistanceThenId);
  }

  async get(query?: OutcomeQuery): Promise<OutcomeRecord[]> {
    this.open();
    const q = checkQuery(query);
    if (q.ids !== undefined && q.ids.length === 0) return [];
    const result = await this.call("get", () =>
      this.collection.get({ ids: q.ids === undefined ? undefined : [...new Set(q.ids)], where: whereOf(q), include: ["embeddings", "metadatas"] }),
    );
    return result.ids.map((id, i) => decodeRecord(id, result.embeddings[i], result.metadatas[i], this.location)).sort(byId);
  }

  async count(): Promise<number> {
    this.open();
    return this.call("count", () => this.collection.count());
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private open(): void {
    if (this.closed) throw new VectorMemoryError("closed", `the vector memory at ${this.location} is closed`);
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw translate(err, this.endpoint, what);
    }
  }
}
