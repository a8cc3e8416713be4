// The agents' vector memory: one record per (function features, strategy,
// outcome), retrieved by nearest neighbours of a function's feature vector.
// Owns the `VectorMemory` interface and its record types, the validation every
// backend applies (so all backends accept and refuse the same records), the
// distance, the errors, and `InMemoryVectorMemory` (exact nearest neighbours,
// for tests and runs without a Chroma server). Does not own the Chroma backend
// (memory/chroma-vector-memory.ts), starting a server (memory/chroma-server.ts),
// nor computing feature vectors or normalising them (the caller does).
//
// Distance: squared Euclidean distance (Chroma's "l2" space reports exactly
// this, without the square root). Not cosine: cosine ignores magnitude, so a
// function with every count doubled would look identical to the original, and
// it is undefined for an all-zero vector (an empty function). The caller must
// normalise features (e.g. log1p of counts, then scale each feature to a
// comparable range) so that no single large feature decides the distance.
//
// Embeddings are stored as float32, as Chroma stores them: every backend
// returns Math.fround of each component, so a record round-trips exactly when
// its embedding is already float32-representable, and otherwise comes back
// rounded to float32 in every backend alike. Distances are computed on the
// stored float32 values (Chroma computes them in float32, this file in
// float64: they agree to about 1e-6 relative).
//
// Each memory has a fixed dimension; a record or query of another length is a
// VectorMemoryError "dimension-mismatch". Adding a record whose id exists
// replaces it (upsert). `get` returns records sorted by id; `nearest` returns
// them by ascending distance, ties broken by id.

import { z } from "zod";

export type OutcomeExtraValue = string | number | boolean;

/** What apc did to one function and what came of it. */
export interface OutcomeRecord {
  readonly id: string;
  /** The function's normalised feature vector; length = the memory's dimension. */
  readonly embedding: readonly number[];
  /** "path.py:qualname", the path relative to the project. */
  readonly functionKey: string;
  readonly project: string;
  /** Hash of the function's source when the outcome was measured. */
  readonly sourceHash: string;
  /** The strategy tier chosen (e.g. "native", "interpreted"). */
  readonly tier: string;
  /** The `opt -passes=` pipeline used, or null for the tier's default. */
  readonly passes: string | null;
  /** Measured speedup over CPython, null when not measured (e.g. compile failed). */
  readonly speedup: number | null;
  readonly compileSeconds: number | null;
  readonly reward: number | null;
  /** The compiled output matched CPython's. */
  readonly verified: boolean;
  /** ISO 8601. */
  readonly createdAt: string;
  /** Anything else worth keeping; not filterable. Absent and `{}` are kept apart. */
  readonly extra?: Readonly<Record<string, OutcomeExtraValue>>;
}

/** Exact matches on indexed fields; all given fields must match. */
export interface OutcomeFilter {
  readonly tier?: string;
  readonly project?: string;
  readonly sourceHash?: string;
  readonly functionKey?: string;
}

export interface OutcomeQuery extends OutcomeFilter {
  /** Only these ids (unknown ids are ignored). */
  readonly ids?: readonly string[];
}

export interface Neighbour {
  readonly record: OutcomeRecord;
  /** Squared Euclidean distance to the query embedding. */
  readonly distance: number;
}

export interface VectorMemory {
  /** Length of every embedding in this memory. */
  readonly dimension: number;
  /** Where the records live (for messages): "memory", or a Chroma URL and collection. */
  readonly location: string;
  /** Insert or replace (by id). A batch is validated whole before anything is written. */
  add(records: readonly OutcomeRecord[]): Promise<void>;
  /** The k records nearest to `embedding` among those matching `filter`; fewer if fewer match. */
  nearest(embedding: readonly number[], k: number, filter?: OutcomeFilter): Promise<Neighbour[]>;
  /** Records matching the query, sorted by id. */
  get(query?: OutcomeQuery): Promise<OutcomeRecord[]>;
  count(): Promise<number>;
  /** Further calls fail with "closed". Idempotent. */
  close(): Promise<void>;
}

export type VectorMemoryErrorCode =
  | "dimension-mismatch"
  | "invalid-record"
  | "invalid-query"
  | "closed"
  /** Bad options when opening a memory (dimension, URL, collection name). */
  | "invalid-config"
  /** An existing collection was made with another distance or dimension. */
  | "incompatible-collection"
  /** The backend refused a request for a reason not listed above. */
  | "backend-error"
  | "unavailable";

export class VectorMemoryError extends Error {
  constructor(
    readonly code: VectorMemoryErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The backend cannot be reached (no server at the URL, connection refused). */
export class VectorMemoryUnavailable extends VectorMemoryError {
  declare readonly code: "unavailable";
  constructor(
    readonly url: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super("unavailable", `vector memory unavailable: no Chroma server answers at ${url} (${detail})`, options);
  }
}

const extraValue = z.union([z.string(), z.number(), z.boolean()]);

/** The shape of an OutcomeRecord (numbers must be finite), for tools that take records as input. */
export const OutcomeRecordSchema = z.strictObject({
  id: z.string().min(1),
  embedding: z.array(z.number()),
  functionKey: z.string(),
  project: z.string(),
  sourceHash: z.string(),
  tier: z.string(),
  passes: z.string().nullable(),
  speedup: z.number().nullable(),
  compileSeconds: z.number().nullable(),
  reward: z.number().nullable(),
  verified: z.boolean(),
  createdAt: z.string(),
  extra: z.record(z.string(), extraValue).optional(),
});

export const OutcomeQuerySchema = z.strictObject({
  tier: z.string().optional(),
  project: z.string().optional(),
  sourceHash: z.string().optional(),
  functionKey: z.string().optional(),
  ids: z.array(z.string()).optional(),
});

export const FILTER_FIELDS = ["tier", "project", "sourceHash", "functionKey"] as const satisfies readonly (keyof OutcomeFilter)[];

function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join(".") : "(record)"}: ${i.message}`).join("; ");
}

export function checkDimension(dimension: number): void {
  if (!Number.isInteger(dimension) || dimension < 1) throw new VectorMemoryError("invalid-config", `a vector memory's dimension must be a positive integer, not ${dimension}`);
}

/** A copy of `embedding` rounded to float32, after checking its length and values. */
export function checkEmbedding(embedding: readonly number[], dimension: number, what: string): number[] {
  if (!Array.isArray(embedding)) throw new VectorMemoryError("invalid-record", `${what}: the embedding is not an array`);
  if (embedding.length !== dimension) {
    throw new VectorMemoryError("dimension-mismatch", `${what}: the embedding has ${embedding.length} components, this memory holds ${dimension}`);
  }
  return embedding.map((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new VectorMemoryError("invalid-record", `${what}: embedding[${i}] is ${String(v)}, not a finite number`);
    return Math.fround(v);
  });
}

/**
 * Validated, normalised copies of a batch (float32 embeddings), in order.
 * Refuses the whole batch on the first bad record, and refuses an id twice in one batch.
 */
export function checkRecords(records: readonly OutcomeRecord[], dimension: number): OutcomeRecord[] {
  if (!Array.isArray(records)) throw new VectorMemoryError("invalid-record", "add() takes an array of records");
  const seen = new Set<string>();
  return records.map((r, index) => {
    const what = `record ${index}${r && typeof r.id === "string" ? ` (${JSON.stringify(r.id)})` : ""}`;
    const embedding = checkEmbedding(r?.embedding, dimension, what);
    const parsed = OutcomeRecordSchema.safeParse(r);
    if (!parsed.success) throw new VectorMemoryError("invalid-record", `${what}: ${issues(parsed.error)}`);
    if (seen.has(r.id)) throw new VectorMemoryError("invalid-record", `${what}: the id appears twice in one batch`);
    seen.add(r.id);
    return copyRecord({ ...r, embedding });
  });
}

export function checkQuery(query: OutcomeQuery | undefined): OutcomeQuery {
  if (query === undefined) return {};
  const parsed = OutcomeQuerySchema.safeParse(query);
  if (!parsed.success) throw new VectorMemoryError("invalid-query", `bad filter: ${issues(parsed.error)}`);
  return query;
}

export function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 0) throw new VectorMemoryError("invalid-query", `k must be a non-negative integer, not ${k}`);
}

/** A deep copy, so callers never share arrays or objects with a store. */
export function copyRecord(r: OutcomeRecord): OutcomeRecord {
  const { extra, ...rest } = r;
  const copy = { ...rest, embedding: [...r.embedding] };
  return extra === undefined ? copy : { ...copy, extra: { ...extra } };
}

export function matchesFilter(r: OutcomeRecord, filter: OutcomeFilter): boolean {
  return FILTER_FIELDS.every((f) => filter[f] === undefined || r[f] === filter[f]);
}

export function squaredL2(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  return sum;
}

export function byId(a: { readonly id: string }, b: { readonly id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function byDistanceThenId(a: Neighbour, b: Neighbour): number {
  return a.distance - b.distance || byId(a.record, b.record);
}

/** Exact nearest neighbours over records held in this process; nothing persists. */
export class InMemoryVectorMemory implements VectorMemory {
  readonly location = "memory";
  private readonly records = new Map<string, OutcomeRecord>();
  private closed = false;

  readonly dimension: number;

  constructor(options: { readonly dimension: number }) {
    checkDimension(options.dimension);
    this.dimension = options.dimension;
  }

  async add(records: readonly OutcomeRecord[]): Promise<void> {
    this.open();
    for (const r of checkRecords(records, this.dimension)) this.records.set(r.id, r);
  }

  async nearest(embedding: readonly number[], k: number, filter?: OutcomeFilter): Promise<Neighbour[]> {
    this.open();
    const q = checkEmbedding(embedding, this.dimension, "query");
    checkK(k);
    const f = checkQuery(filter);
    const all: Neighbour[] = [];
    for (const r of this.records.values()) if (matchesFilter(r, f)) all.push({ record: r, distance: squaredL2(q, r.embedding) });
    return all
      .sort(byDistanceThenId)
      .slice(0, k)
      .map((n) => ({ record: copyRecord(n.record), distance: n.distance }));
  }

  async get(query?: OutcomeQuery): Promise<OutcomeRecord[]> {
    this.open();
    const q = checkQuery(query);
    const ids = q.ids === undefined ? undefined : new Set(q.ids);
    return [...this.records.values()]
      .filter((r) => (ids === undefined || ids.has(r.id)) && matchesFilter(r, q))
      .sort(byId)
      .map(copyRecord);
  }

  async count(): Promise<number> {
    this.open();
    return this.records.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.records.clear();
  }

  private open(): void {
    if (this.closed) throw new VectorMemoryError("closed", "this vector memory is closed");
  }
}
