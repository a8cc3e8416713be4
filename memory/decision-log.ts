// The decision log: every decision an agent makes, kept in SQLite at
// <project>/.apc/decisions.db (beside traces.db) with its inputs, the
// alternatives considered, the choice, the reason and reason codes, the
// predicted and (later) measured outcome and the policy model version; plus
// the latest verdict per function, which `apc why FUNC` and `apc chat` answer
// from. Owns the `DecisionLog` interface, its SQLite backend (a file, or
// ":memory:"), opening a log safely, applying memory/migrations/decisions.ts,
// the JSON shapes of the columns (zod, checked on the way in and out), and
// resolving a function name ("advance", "physics.py:advance") to the keys
// it logged. Does not own what the agents decide or how `why` renders it.
//
// Opening works like the trace store's: a missing file is initialised under
// a temporary name and linked into place; an existing one must start with the
// SQLite header, carry our application_id and store_meta marker, pass
// `PRAGMA quick_check` and have a schema version no newer than ours, checked
// through a read-only connection first. Otherwise DecisionLogCorrupt (or
// DecisionLogTooNew) is thrown and the file is left exactly as it was. A row
// whose JSON no longer has its shape is reported as DecisionLogCorrupt too.
//
// Runs: startRun marks every older 'running' run 'interrupted' unless its
// process is visibly alive (same host, pid alive, not this process), so a
// second `apc optimize` in another terminal does not orphan the first, while
// a killed one is recognised. Each write is one transaction; `transaction()`
// groups several (a decision and the verdict that follows from it) so a run
// killed midway leaves all or none of them.

import type Database from "better-sqlite3";
import { openSqliteFile, type SqliteKind } from "./sqlite-file.js";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { DECISION_LOG_APPLICATION_ID, DECISION_LOG_KIND, DECISION_MIGRATIONS, DECISION_SCHEMA_VERSION } from "./migrations/decisions.js";

export const AGENTS = ["supervisor", "type-inferencer", "strategist", "optimizer", "benchmarker"] as const;
export type AgentName = (typeof AGENTS)[number];

/** plan: what a run will look at; signature: a function's inferred types;
 *  tier: python / numba / apc-O1 / ...; pipeline: the passes of a tier;
 *  measurement: a timing taken; verdict: a function's outcome (written by
 *  setVerdict); apply: a change made to the project; model: a policy model
 *  trained, promoted or rolled back. */
export const DECISION_KINDS = ["plan", "signature", "tier", "pipeline", "measurement", "verdict", "apply", "model"] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/** compiled: runs natively, called from Python (at `tier`); callee: compiled
 *  into its native callers only; rejected: compiled, then measured out
 *  (slower, changed the output, arguments fell back); not-compiled: the
 *  compiler refused it (reason codes say why); python: left in Python on
 *  purpose (cold, out of budget, not worth the boundary). */
export const VERDICT_STATUSES = ["compiled", "callee", "rejected", "not-compiled", "python"] as const;
export type VerdictStatus = (typeof VERDICT_STATUSES)[number];

export const RUN_STATUSES = ["running", "done", "failed", "interrupted"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

const json = z.json();
export type Json = z.infer<typeof json>;

const reasonSchema = z.object({
  code: z.string().min(1),
  message: z.string(),
  line: z.number().int().nullable(),
  col: z.number().int().nullable(),
  hint: z.string().optional(),
});
/** One reason, e.g. a compiler diagnostic (`E0501`, with its line and
 *  column) or an agent's (`cold`, `slower`, no location). */
export type Reason = z.infer<typeof reasonSchema>;

const alternativeSchema = z.object({
  choice: json,
  predicted: json.optional(),
  note: z.string().optional(),
});
/** An option the agent considered, with what it expected of it. */
export type Alternative = z.infer<typeof alternativeSchema>;

const inputsSchema = z.record(z.string(), json);
const numbersSchema = z.record(z.string(), z.number().nullable());
const isoTime = z.iso.datetime({ offset: true });

const runInfoSchema = z.object({
  project: z.string().min(1),
  command: z.string().min(1),
  budgetS: z.number().positive().nullable().optional(),
  startedAt: isoTime.optional(),
});
export type AgentRunInfo = z.input<typeof runInfoSchema>;

const decisionInputSchema = z.object({
  runId: z.number().int(),
  agent: z.enum(AGENTS),
  kind: z.enum(DECISION_KINDS),
  functionKey: z.string().min(1).nullable().optional(),
  sourceHash: z.string().nullable().optional(),
  inputs: inputsSchema.default({}),
  alternatives: z.array(alternativeSchema).default([]),
  choice: json,
  reason: z.string(),
  reasonCodes: z.array(reasonSchema).default([]),
  predicted: json.nullable().optional(),
  measured: json.nullable().optional(),
  /** The ModelRegistry version of the policy that decided; null: no model. */
  modelVersion: z.number().int().positive().nullable().optional(),
  /** The decision this one follows from (a measurement of a tier choice). */
  parentId: z.number().int().nullable().optional(),
  at: isoTime.optional(),
});
export type DecisionInput = z.input<typeof decisionInputSchema>;

const verdictInputSchema = z.object({
  runId: z.number().int(),
  functionKey: z.string().min(1),
  sourceHash: z.string().nullable().optional(),
  status: z.enum(VERDICT_STATUSES),
  tier: z.string().nullable().optional(),
  /** Every reason that applies, not only the first. */
  reasons: z.array(reasonSchema).default([]),
  /** Measured speedup, share of the run, calls, compile seconds, ... */
  numbers: numbersSchema.default({}),
  whatWouldChange: z.array(z.string()).default([]),
  /** Who reached it (default: the supervisor). */
  agent: z.enum(AGENTS).default("supervisor"),
  parentId: z.number().int().nullable().optional(),
  decidedAt: isoTime.optional(),
});
export type VerdictInput = z.input<typeof verdictInputSchema>;

export interface AgentRun {
  readonly id: number;
  readonly startedAt: string;
  /** null while running, and for a run found interrupted (its end is unknown). */
  readonly endedAt: string | null;
  readonly project: string;
  readonly command: string;
  readonly budgetS: number | null;
  readonly status: RunStatus;
  readonly summary: Json | null;
  readonly pid: number;
  readonly host: string;
}

export interface Decision {
  readonly id: number;
  readonly runId: number;
  /** 1, 2, ... within the run. */
  readonly seq: number;
  readonly at: string;
  readonly agent: AgentName;
  readonly kind: DecisionKind;
  /** "path.py:qualname", or null for a decision about no one function. */
  readonly functionKey: string | null;
  readonly file: string | null;
  readonly qualname: string | null;
  readonly sourceHash: string | null;
  readonly inputs: Record<string, Json>;
  readonly alternatives: Alternative[];
  readonly choice: Json;
  readonly reason: string;
  readonly reasonCodes: Reason[];
  readonly predicted: Json | null;
  readonly measured: Json | null;
  readonly measuredAt: string | null;
  readonly modelVersion: number | null;
  readonly parentId: number | null;
}

export interface Verdict {
  readonly project: string;
  readonly functionKey: string;
  readonly file: string;
  readonly qualname: string;
  readonly sourceHash: string | null;
  readonly runId: number;
  /** The 'verdict' decision that recorded it (the history lives in decisions). */
  readonly decisionId: number;
  readonly status: VerdictStatus;
  readonly tier: string | null;
  readonly reasons: Reason[];
  readonly numbers: Record<string, number | null>;
  readonly whatWouldChange: string[];
  readonly decidedAt: string;
}

/** A function as a person names it: "advance", "Body.advance",
 *  "physics.py:advance", "src/physics.py:Body.advance", or in parts. */
export type FunctionRef = string | { readonly qualname: string; readonly file?: string; readonly project?: string };

export type VerdictLookup =
  | { readonly kind: "found"; readonly verdict: Verdict }
  | { readonly kind: "ambiguous"; readonly matches: Verdict[] }
  | { readonly kind: "none" };

export interface DecisionQuery {
  readonly runId?: number;
  readonly functionKey?: string;
  readonly agent?: AgentName;
  readonly kind?: DecisionKind;
  readonly modelVersion?: number;
  /** Only the most recent `limit` (still returned oldest first). */
  readonly limit?: number;
}

export interface DecisionLog {
  /** The database file (or ":memory:"). */
  readonly location: string;
  /** Start a run; older runs left 'running' by a dead process become 'interrupted'. */
  startRun(info: AgentRunInfo): number;
  /** Finish a running (or found-interrupted) run; a finished run stays finished. */
  endRun(runId: number, status: Exclude<RunStatus, "running">, summary?: Json): void;
  run(runId: number): AgentRun;
  /** The most recent `limit` runs (all by default), oldest first. */
  runs(limit?: number): AgentRun[];
  /** Append a decision to a running run; returns its id. */
  record(decision: DecisionInput): number;
  decision(id: number): Decision;
  /** Attach (or replace) the measured outcome of a decision, in any later run. */
  attachMeasured(decisionId: number, measured: Json): void;
  /** Upsert the function's verdict and append its 'verdict' decision, in one transaction. */
  setVerdict(verdict: VerdictInput): Verdict;
  verdict(ref: FunctionRef): VerdictLookup;
  /** All current verdicts (or those set by run `runId`), by function key. */
  verdicts(runId?: number): Verdict[];
  /** Decisions oldest first (by run, then seq). */
  decisions(query?: DecisionQuery): Decision[];
  /** The logged function keys `ref` names: exact names win over suffixes. */
  resolveFunction(ref: FunctionRef): string[];
  /** Run `fn`'s writes as one transaction (nests); `fn` must be synchronous. */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export type DecisionLogCorruptReason = "not-sqlite" | "foreign" | "damaged";

export class DecisionLogCorrupt extends Error {
  readonly code = "DecisionLogCorrupt";
  constructor(readonly file: string, readonly reason: DecisionLogCorruptReason, detail: string) {
    super(`${file} is not a usable apc decision log (${reason}: ${detail}); it was left untouched. Move it away to start a new log.`);
  }
}

export class DecisionLogTooNew extends Error {
  readonly code = "DecisionLogTooNew";
  constructor(readonly file: string, readonly version: number) {
    super(`${file} has decision log schema version ${version}, newer than this apc knows (${DECISION_SCHEMA_VERSION}); upgrade apc to use it.`);
  }
}

export class AgentRunNotFound extends Error {
  readonly code = "AgentRunNotFound";
  constructor(readonly runId: number) {
    super(`no agent run ${runId} in the decision log`);
  }
}

export class AgentRunClosed extends Error {
  readonly code = "AgentRunClosed";
  constructor(readonly runId: number, readonly status: RunStatus, action: string) {
    super(`agent run ${runId} is ${status}: cannot ${action}`);
  }
}

export class DecisionNotFound extends Error {
  readonly code = "DecisionNotFound";
  constructor(readonly decisionId: number) {
    super(`no decision ${decisionId} in the decision log`);
  }
}

export class InvalidDecision extends Error {
  readonly code = "InvalidDecision";
  constructor(readonly what: string, detail: string) {
    super(`invalid ${what}: ${detail}`);
  }
}

export function decisionLogPath(projectDir: string): string {
  return path.join(projectDir, ".apc", "decisions.db");
}

/** Open (creating if missing) the log of a project: <project>/.apc/decisions.db. */
export function openDecisionLog(projectDir: string): DecisionLog {
  return openDecisionLogAt(decisionLogPath(projectDir));
}

/** Open (creating if missing) a log at `file`, or an in-memory one for ":memory:". */
export function openDecisionLogAt(file: string): DecisionLog {
  return new SqliteDecisionLog(openSqliteFile(file, KIND), file);
}

const KIND: SqliteKind = {
  applicationId: DECISION_LOG_APPLICATION_ID,
  kind: DECISION_LOG_KIND,
  what: "an apc decision log",
  schemaVersion: DECISION_SCHEMA_VERSION,
  migrations: DECISION_MIGRATIONS,
  corrupt: (file, reason, detail) => new DecisionLogCorrupt(file, reason, detail),
  tooNew: (file, version) => new DecisionLogTooNew(file, version),
};

/** "src/physics.py:Body.advance" → its file and qualname (split at the last ':'). */
export function parseFunctionKey(key: string): { file: string; qualname: string } {
  const at = key.lastIndexOf(":");
  const file = key.slice(0, at);
  const qualname = key.slice(at + 1);
  if (at < 0 || file === "" || qualname === "") throw new InvalidDecision("function key", `${JSON.stringify(key)} is not "path.py:qualname"`);
  return { file, qualname };
}


/** The run's process can be seen to be alive (and is not this one). */
function otherProcessAlive(pid: number, host: string): boolean {
  if (host !== os.hostname() || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function validated<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new InvalidDecision(what, z.prettifyError(r.error));
  return r.data;
}

// Rows as SQLite returns them; the JSON columns are still text.
interface RunRow {
  id: number; started_at: string; ended_at: string | null; project: string; command: string; budget_s: number | null;
  status: string; summary: string | null; pid: number; host: string;
}

interface DecisionRow {
  id: number; run_id: number; seq: number; at: string; agent: string; kind: string;
  function_key: string | null; file: string | null; qualname: string | null; source_hash: string | null;
  inputs: string; alternatives: string; choice: string; reason: string; reason_codes: string;
  predicted: string | null; measured: string | null; measured_at: string | null; model_version: number | null; parent_id: number | null;
}

interface VerdictRow {
  project: string; function_key: string; file: string; qualname: string; source_hash: string | null; run_id: number; decision_id: number;
  status: string; tier: string | null; reasons: string; numbers: string; what_would_change: string; decided_at: string;
}

const json_ = (v: Json | null | undefined): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

class SqliteDecisionLog implements DecisionLog {
  constructor(private readonly db: Database.Database, readonly location: string) {}

  /** A stored value in its shape, or DecisionLogCorrupt naming the row. */
  private value<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
    const r = schema.safeParse(value);
    if (!r.success) throw new DecisionLogCorrupt(this.location, "damaged", `${where}: ${z.prettifyError(r.error)}`);
    return r.data;
  }

  /** A stored JSON column (NULL reads as null) in its shape. */
  private column<S extends z.ZodType>(schema: S, text: string | null, where: string): z.output<S> {
    if (text === null) return this.value(schema, null, where);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new DecisionLogCorrupt(this.location, "damaged", `${where} is not JSON`);
    }
    return this.value(schema, parsed, where);
  }

  private toRun(r: RunRow): AgentRun {
    const at = `agent_runs ${r.id}`;
    return {
      id: r.id, startedAt: r.started_at, endedAt: r.ended_at, project: r.project, command: r.command, budgetS: r.budget_s,
      status: this.value(z.enum(RUN_STATUSES), r.status, `${at} status`),
      summary: this.column(json.nullable(), r.summary, `${at} summary`),
      pid: r.pid, host: r.host,
    };
  }

  private toDecision(r: DecisionRow): Decision {
    const at = `decisions ${r.id}`;
    return {
      id: r.id, runId: r.run_id, seq: r.seq, at: r.at,
      agent: this.value(z.enum(AGENTS), r.agent, `${at} agent`),
      kind: this.value(z.enum(DECISION_KINDS), r.kind, `${at} kind`),
      functionKey: r.function_key, file: r.file, qualname: r.qualname, sourceHash: r.source_hash,
      inputs: this.column(inputsSchema, r.inputs, `${at} inputs`),
      alternatives: this.column(z.array(alternativeSchema), r.alternatives, `${at} alternatives`),
      choice: this.column(json, r.choice, `${at} choice`),
      reason: r.reason,
      reasonCodes: this.column(z.array(reasonSchema), r.reason_codes, `${at} reason_codes`),
      predicted: this.column(json.nullable(), r.predicted, `${at} predicted`),
      measured: this.column(json.nullable(), r.measured, `${at} measured`),
      measuredAt: r.measured_at, modelVersion: r.model_version, parentId: r.parent_id,
    };
  }

  private toVerdict(r: VerdictRow): Verdict {
    const at = `verdicts ${r.function_key}`;
    return {
      project: r.project, functionKey: r.function_key, file: r.file, qualname: r.qualname, sourceHash: r.source_hash, runId: r.run_id,
      decisionId: r.decision_id,
      status: this.value(z.enum(VERDICT_STATUSES), r.status, `${at} status`),
      tier: r.tier,
      reasons: this.column(z.array(reasonSchema), r.reasons, `${at} reasons`),
      numbers: this.column(numbersSchema, r.numbers, `${at} numbers`),
      whatWouldChange: this.column(z.array(z.string()), r.what_would_change, `${at} what_would_change`),
      decidedAt: r.decided_at,
    };
  }

  private runRow(runId: number): RunRow {
    const row = this.db.prepare("SELECT * FROM agent_runs WHERE id = ?").get(runId) as RunRow | undefined;
    if (!row) throw new AgentRunNotFound(runId);
    return row;
  }

  /** The run, which must be running to take `action`. */
  private openRun(runId: number, action: string): AgentRun {
    const run = this.toRun(this.runRow(runId));
    if (run.status !== "running") throw new AgentRunClosed(runId, run.status, action);
    return run;
  }

  transaction<T>(fn: () => T): T {
    return this.db
      .transaction(() => {
        const result = fn();
        if (result instanceof Promise) throw new TypeError("DecisionLog.transaction takes a synchronous function (SQLite transactions cannot span an await)");
        return result;
      })
      .immediate();
  }

  startRun(info: AgentRunInfo): number {
    const i = validated(runInfoSchema, info, "agent run");
    return this.transaction(() => {
      const running = this.db.prepare("SELECT id, pid, host FROM agent_runs WHERE status = 'running'").all() as { id: number; pid: number; host: string }[];
      const interrupt = this.db.prepare("UPDATE agent_runs SET status = 'interrupted' WHERE id = ?");
      for (const r of running) if (!otherProcessAlive(r.pid, r.host)) interrupt.run(r.id);
      const res = this.db
        .prepare("INSERT INTO agent_runs (started_at, project, command, budget_s, status, pid, host) VALUES (?, ?, ?, ?, 'running', ?, ?)")
        .run(i.startedAt ?? new Date().toISOString(), i.project, i.command, i.budgetS ?? null, process.pid, os.hostname());
      return Number(res.lastInsertRowid);
    });
  }

  endRun(runId: number, status: Exclude<RunStatus, "running">, summary?: Json): void {
    const s = validated(z.enum(["done", "failed", "interrupted"]), status, "run status");
    const sum = validated(json.optional(), summary, "run summary");
    this.transaction(() => {
      const run = this.toRun(this.runRow(runId));
      if (run.status !== "running" && run.status !== "interrupted") throw new AgentRunClosed(runId, run.status, "end it again");
      this.db.prepare("UPDATE agent_runs SET status = ?, ended_at = ?, summary = COALESCE(?, summary) WHERE id = ?").run(s, new Date().toISOString(), json_(sum), runId);
    });
  }

  run(runId: number): AgentRun {
    return this.toRun(this.runRow(runId));
  }

  runs(limit?: number): AgentRun[] {
    // LIMIT -1: no limit.
    const rows = this.db.prepare("SELECT * FROM (SELECT * FROM agent_runs ORDER BY id DESC LIMIT ?) ORDER BY id").all(limit ?? -1) as RunRow[];
    return rows.map((r) => this.toRun(r));
  }

  record(decision: DecisionInput): number {
    const d = validated(decisionInputSchema, decision, "decision");
    const fn = d.functionKey ? parseFunctionKey(d.functionKey) : null;
    return this.transaction(() => {
      this.openRun(d.runId, "record a decision");
      if (d.parentId != null) this.decision(d.parentId);
      const seq = this.db.prepare("SELECT COALESCE(MAX(seq), 0) + 1 FROM decisions WHERE run_id = ?").pluck().get(d.runId) as number;
      const at = d.at ?? new Date().toISOString();
      const res = this.db
        .prepare(
          `INSERT INTO decisions (run_id, seq, at, agent, kind, function_key, file, qualname, source_hash, inputs, alternatives, choice, reason, reason_codes,
           predicted, measured, measured_at, model_version, parent_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(d.runId, seq, at, d.agent, d.kind, fn ? d.functionKey : null, fn?.file ?? null, fn?.qualname ?? null, d.sourceHash ?? null,
          JSON.stringify(d.inputs), JSON.stringify(d.alternatives), JSON.stringify(d.choice), d.reason, JSON.stringify(d.reasonCodes),
          json_(d.predicted), json_(d.measured), d.measured != null ? at : null, d.modelVersion ?? null, d.parentId ?? null);
      return Number(res.lastInsertRowid);
    });
  }

  decision(id: number): Decision {
    const row = this.db.prepare("SELECT * FROM decisions WHERE id = ?").get(id) as DecisionRow | undefined;
    if (!row) throw new DecisionNotFound(id);
    return this.toDecision(row);
  }

  attachMeasured(decisionId: number, measured: Json): void {
    const m = validated(json, measured, "measured outcome");
    this.transaction(() => {
      const res = this.db.prepare("UPDATE decisions SET measured = ?, measured_at = ? WHERE id = ?").run(JSON.stringify(m), new Date().toISOString(), decisionId);
      if (res.changes === 0) throw new DecisionNotFound(decisionId);
    });
  }

  setVerdict(verdict: VerdictInput): Verdict {
    const v = validated(verdictInputSchema, verdict, "verdict");
    const { file, qualname } = parseFunctionKey(v.functionKey);
    return this.transaction(() => {
      const run = this.openRun(v.runId, "set a verdict");
      const decidedAt = v.decidedAt ?? new Date().toISOString();
      const reason = v.reasons.length > 0 ? v.reasons.map((r) => `${r.code}: ${r.message}`).join("; ") : v.status;
      const decisionId = this.record({
        runId: v.runId, agent: v.agent, kind: "verdict", functionKey: v.functionKey, sourceHash: v.sourceHash, parentId: v.parentId, at: decidedAt,
        choice: { status: v.status, tier: v.tier ?? null, whatWouldChange: v.whatWouldChange },
        reason,
        reasonCodes: v.reasons,
        measured: Object.keys(v.numbers).length > 0 ? v.numbers : null,
      });
      this.db
        .prepare(
          `INSERT INTO verdicts (project, function_key, file, qualname, source_hash, run_id, decision_id, status, tier, reasons, numbers, what_would_change, decided_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (project, function_key) DO UPDATE SET source_hash = excluded.source_hash, run_id = excluded.run_id, decision_id = excluded.decision_id,
             status = excluded.status, tier = excluded.tier, reasons = excluded.reasons, numbers = excluded.numbers,
             what_would_change = excluded.what_would_change, decided_at = excluded.decided_at`,
        )
        .run(run.project, v.functionKey, file, qualname, v.sourceHash ?? null, v.runId, decisionId, v.status, v.tier ?? null,
          JSON.stringify(v.reasons), JSON.stringify(v.numbers), JSON.stringify(v.whatWouldChange), decidedAt);
      const row = this.db.prepare("SELECT * FROM verdicts WHERE project = ? AND function_key = ?").get(run.project, v.functionKey) as VerdictRow;
      return this.toVerdict(row);
    });
  }

  resolveFunction(ref: FunctionRef): string[] {
    return this.matches(ref).map((m) => m.key);
  }

  /** Logged (project, key) pairs `ref` names. Exact qualname beats a dotted
   *  suffix ("advance" for "Body.advance"); an exact file beats a path
   *  suffix ("physics.py" for "src/physics.py"). */
  private matches(ref: FunctionRef): { project: string; key: string }[] {
    let want: { qualname: string; file?: string; project?: string };
    if (typeof ref === "string") want = ref.includes(":") ? parseFunctionKey(ref) : { qualname: ref };
    else want = ref;
    const q = want.qualname;
    const rows = this.db
      .prepare(
        `SELECT DISTINCT project, function_key AS key, file, qualname FROM (
           SELECT project, function_key, file, qualname FROM verdicts
           UNION SELECT r.project, d.function_key, d.file, d.qualname FROM decisions d JOIN agent_runs r ON r.id = d.run_id WHERE d.function_key IS NOT NULL)
         WHERE (qualname = @q OR (length(qualname) > length(@q) AND substr(qualname, -length(@q) - 1) = '.' || @q)) AND (@project IS NULL OR project = @project)
         ORDER BY key, project`,
      )
      .all({ q, project: want.project ?? null }) as { project: string; key: string; file: string; qualname: string }[];
    // The SQL keeps exact and dotted-suffix qualnames; prefer the exact ones.
    let found = rows.some((r) => r.qualname === q) ? rows.filter((r) => r.qualname === q) : rows;
    if (want.file !== undefined) {
      const f = want.file.replaceAll("\\", "/").replace(/^\.\//, "");
      const exact = found.filter((r) => r.file === f);
      found = exact.length > 0 ? exact : found.filter((r) => r.file.endsWith(`/${f}`));
    }
    return found.map((r) => ({ project: r.project, key: r.key }));
  }

  verdict(ref: FunctionRef): VerdictLookup {
    const get = this.db.prepare("SELECT * FROM verdicts WHERE project = ? AND function_key = ?");
    const found = this.matches(ref)
      .map((m) => get.get(m.project, m.key) as VerdictRow | undefined)
      .filter((r): r is VerdictRow => r !== undefined)
      .map((r) => this.toVerdict(r));
    if (found.length === 0) return { kind: "none" };
    if (found.length === 1) return { kind: "found", verdict: found[0]! };
    return { kind: "ambiguous", matches: found };
  }

  verdicts(runId?: number): Verdict[] {
    const rows = this.db.prepare("SELECT * FROM verdicts WHERE @run IS NULL OR run_id = @run ORDER BY function_key, project").all({ run: runId ?? null }) as VerdictRow[];
    return rows.map((r) => this.toVerdict(r));
  }

  decisions(query: DecisionQuery = {}): Decision[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const narrow = (clause: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      params.push(value);
    };
    narrow("run_id = ?", query.runId);
    narrow("function_key = ?", query.functionKey);
    narrow("agent = ?", query.agent);
    narrow("kind = ?", query.kind);
    narrow("model_version = ?", query.modelVersion);
    const filter = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
    const rows = this.db
      .prepare(`SELECT * FROM (SELECT * FROM decisions ${filter} ORDER BY run_id DESC, seq DESC LIMIT ?) ORDER BY run_id, seq`)
      .all(...params, query.limit ?? -1) as DecisionRow[];
    return rows.map((r) => this.toDecision(r));
  }

  close(): void {
    this.db.close();
  }
}
