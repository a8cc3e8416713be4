// The trace store: what `apc profile` observed, kept across runs in SQLite at
// <project>/.apc/traces.db (better-sqlite3). Owns the `TraceStore` interface,
// its SQLite backend, opening a store safely (a file that is not ours is
// reported, never overwritten), applying the migrations of
// memory/migrations/traces.ts, and the queries: a run back, the observed
// signatures of a function (the compiler's type hints), per-function traces
// for the training export. Does not own running programs or analysing them
// (profiler/), nor the export's file format (profiler/training-export.ts).
//
// Opening: a missing file is created (initialised under a temporary name and
// linked into place, so a crash never leaves a half-made store). An existing
// file must start with the SQLite header, carry our application_id and
// store_meta marker, pass `PRAGMA quick_check`, and have a schema version no
// newer than this apc knows; it is checked through a read-only connection
// first. Otherwise TraceStoreCorrupt (or TraceStoreTooNew) is thrown and the
// file is left exactly as it was.

import type Database from "better-sqlite3";
import { openSqliteFile, type SqliteKind } from "./sqlite-file.js";
import path from "node:path";
import { TRACE_MIGRATIONS, TRACE_SCHEMA_VERSION, TRACE_STORE_APPLICATION_ID, TRACE_STORE_KIND } from "./migrations/traces.js";

export type ProfileMode = "sample" | "trace";

/** Where a function lives and which version of its source was seen. */
export interface FunctionIdentity {
  readonly module: string;
  readonly qualname: string;
  /** Relative to the project folder when inside it, else absolute. */
  readonly file: string;
  readonly line: number;
  readonly endLine: number;
  readonly sourceHash: string;
  readonly params: readonly string[];
}

export interface RunFunction extends FunctionIdentity {
  /** Local to a RunProfile before it is stored; the store's id in a StoredRun. */
  readonly id: number;
  readonly calls: number;
  readonly selfS: number;
  readonly totalS: number;
  /** Its calls' argument and return types were recorded (trace mode or @trace). */
  readonly traced: boolean;
}

export interface RunSignature {
  readonly functionId: number;
  readonly argTypes: readonly string[];
  readonly returnType: string;
  readonly calls: number;
  readonly totalS: number;
}

export interface RunEdge {
  readonly callerId: number;
  readonly calleeId: number;
  readonly calls: number;
}

export interface RunSample {
  /** Function ids, root first. */
  readonly stack: readonly number[];
  readonly count: number;
  readonly weightS: number;
}

export interface RunInfo {
  readonly project: string;
  readonly command: readonly string[];
  readonly entry: string;
  readonly interpreter: string;
  readonly pythonVersion: string | null;
  readonly mode: ProfileMode;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly durationS: number;
  /** The program's exit status; null when it was killed by a signal before reporting one. */
  readonly exitStatus: number | null;
  readonly exitSignal: string | null;
  readonly exception: string | null;
  readonly traceback: string | null;
  readonly timedOut: boolean;
  /** The helper wrote its final snapshot (false: a partial profile from the last flush). */
  readonly complete: boolean;
  readonly sampleCount: number;
  readonly sampleIntervalS: number;
}

export interface RunProfile {
  readonly run: RunInfo;
  readonly functions: readonly RunFunction[];
  readonly signatures: readonly RunSignature[];
  readonly edges: readonly RunEdge[];
  readonly samples: readonly RunSample[];
}

export interface StoredRun extends RunProfile {
  readonly id: number;
}

export interface RunSummary extends RunInfo {
  readonly id: number;
}

/** One observed signature of a function, summed over the runs asked for. */
export interface ObservedSignature {
  readonly argTypes: string[];
  readonly returnType: string;
  readonly calls: number;
  readonly totalS: number;
  /** Parameter names, in the order of argTypes. */
  readonly params: string[];
}

export interface SignatureQuery {
  /** Only functions of this module (`__main__` for the entry script). */
  readonly module?: string;
  /** Only functions of this file, as stored (relative to the project). */
  readonly file?: string;
  /** Only this run. */
  readonly runId?: number;
  /** Include versions of the function whose source has changed since (default: latest only). */
  readonly allVersions?: boolean;
}

export interface FunctionTraces {
  readonly function: FunctionIdentity & { readonly id: number };
  readonly runs: readonly { readonly runId: number; readonly calls: number; readonly selfS: number; readonly totalS: number }[];
  readonly traces: readonly { readonly runId: number; readonly argTypes: string[]; readonly returnType: string; readonly calls: number; readonly totalS: number }[];
}

export interface TraceStore {
  /** The database file (or ":memory:"). */
  readonly location: string;
  /** Add a run with everything observed in it; returns the run's id. Never replaces a run. */
  addRun(profile: RunProfile): number;
  runs(): RunSummary[];
  loadRun(runId: number): StoredRun;
  /** The compiler's type hints: the signatures seen for `qualname`, most calls first. */
  getObservedSignatures(qualname: string, query?: SignatureQuery): ObservedSignature[];
  /** Functions with at least one observed signature, with their traces (for export). */
  functionTraces(query?: { readonly runId?: number }): FunctionTraces[];
  close(): void;
}

export type TraceStoreCorruptReason = "not-sqlite" | "foreign" | "damaged";

export class TraceStoreCorrupt extends Error {
  readonly code = "TraceStoreCorrupt";
  constructor(
    readonly file: string,
    readonly reason: TraceStoreCorruptReason,
    detail: string,
  ) {
    super(`${file} is not a usable apc trace store (${reason}: ${detail}); it was left untouched. Move it away to start a new store.`);
  }
}

export class TraceStoreTooNew extends Error {
  readonly code = "TraceStoreTooNew";
  constructor(
    readonly file: string,
    readonly version: number,
  ) {
    super(`${file} has trace store schema version ${version}, newer than this apc knows (${TRACE_SCHEMA_VERSION}); upgrade apc to use it.`);
  }
}

export class RunNotFound extends Error {
  readonly code = "RunNotFound";
  constructor(readonly runId: number) {
    super(`no run ${runId} in the trace store`);
  }
}

export function traceStorePath(projectDir: string): string {
  return path.join(projectDir, ".apc", "traces.db");
}

/** Open (creating if missing) the store of a project: <project>/.apc/traces.db. */
export function openTraceStore(projectDir: string): TraceStore {
  return openTraceStoreAt(traceStorePath(projectDir));
}

/** Open (creating if missing) a store at `file`, or an in-memory one for ":memory:". */
export function openTraceStoreAt(file: string): TraceStore {
  return new SqliteTraceStore(openSqliteFile(file, KIND), file);
}

const KIND: SqliteKind = {
  applicationId: TRACE_STORE_APPLICATION_ID,
  kind: TRACE_STORE_KIND,
  what: "an apc trace store",
  schemaVersion: TRACE_SCHEMA_VERSION,
  migrations: TRACE_MIGRATIONS,
  corrupt: (file, reason, detail) => new TraceStoreCorrupt(file, reason, detail),
  tooNew: (file, version) => new TraceStoreTooNew(file, version),
};


interface RunRow {
  id: number;
  project: string;
  command: string;
  entry: string;
  interpreter: string;
  python_version: string | null;
  mode: ProfileMode;
  started_at: string;
  duration_s: number;
  exit_status: number | null;
  exit_signal: string | null;
  exception: string | null;
  traceback: string | null;
  timed_out: number;
  complete: number;
  sample_count: number;
  sample_interval_s: number;
}

interface FunctionRow {
  id: number;
  module: string;
  qualname: string;
  file: string;
  line: number;
  end_line: number;
  source_hash: string;
  params: string;
}

function runSummary(r: RunRow): RunSummary {
  return {
    id: r.id,
    project: r.project,
    command: JSON.parse(r.command) as string[],
    entry: r.entry,
    interpreter: r.interpreter,
    pythonVersion: r.python_version,
    mode: r.mode,
    startedAt: r.started_at,
    durationS: r.duration_s,
    exitStatus: r.exit_status,
    exitSignal: r.exit_signal,
    exception: r.exception,
    traceback: r.traceback,
    timedOut: r.timed_out === 1,
    complete: r.complete === 1,
    sampleCount: r.sample_count,
    sampleIntervalS: r.sample_interval_s,
  };
}

function functionIdentity(r: FunctionRow): FunctionIdentity & { id: number } {
  return { id: r.id, module: r.module, qualname: r.qualname, file: r.file, line: r.line, endLine: r.end_line, sourceHash: r.source_hash, params: JSON.parse(r.params) as string[] };
}

class SqliteTraceStore implements TraceStore {
  constructor(
    private readonly db: Database.Database,
    readonly location: string,
  ) {}

  addRun(profile: RunProfile): number {
    const db = this.db;
    const insertRun = db.prepare(`INSERT INTO runs (project, command, entry, interpreter, python_version, mode, started_at, duration_s, exit_status, exit_signal,
      exception, traceback, timed_out, complete, sample_count, sample_interval_s) VALUES
      (@project, @command, @entry, @interpreter, @python_version, @mode, @started_at, @duration_s, @exit_status, @exit_signal,
      @exception, @traceback, @timed_out, @complete, @sample_count, @sample_interval_s)`);
    const insertFunction = db.prepare(`INSERT INTO functions (module, qualname, file, line, end_line, source_hash, params)
      VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
    const findFunction = db.prepare(`SELECT id FROM functions WHERE module = ? AND qualname = ? AND file = ? AND line = ? AND source_hash = ?`).pluck();
    const insertStats = db.prepare(`INSERT INTO run_functions (run_id, function_id, calls, self_s, total_s, traced) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET calls = calls + excluded.calls, self_s = self_s + excluded.self_s, total_s = total_s + excluded.total_s,
      traced = max(traced, excluded.traced)`);
    const insertSignature = db.prepare(`INSERT INTO signatures (run_id, function_id, arg_types, return_type, calls, total_s) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET calls = calls + excluded.calls, total_s = total_s + excluded.total_s`);
    const insertEdge = db.prepare(`INSERT INTO call_edges (run_id, caller_id, callee_id, calls) VALUES (?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET calls = calls + excluded.calls`);
    const insertSample = db.prepare(`INSERT INTO samples (run_id, stack, count, weight_s) VALUES (?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET count = count + excluded.count, weight_s = weight_s + excluded.weight_s`);

    const add = db.transaction((p: RunProfile): number => {
      const r = p.run;
      const runId = Number(
        insertRun.run({
          project: r.project,
          command: JSON.stringify(r.command),
          entry: r.entry,
          interpreter: r.interpreter,
          python_version: r.pythonVersion,
          mode: r.mode,
          started_at: r.startedAt,
          duration_s: r.durationS,
          exit_status: r.exitStatus,
          exit_signal: r.exitSignal,
          exception: r.exception,
          traceback: r.traceback,
          timed_out: r.timedOut ? 1 : 0,
          complete: r.complete ? 1 : 0,
          sample_count: r.sampleCount,
          sample_interval_s: r.sampleIntervalS,
        }).lastInsertRowid,
      );
      const ids = new Map<number, number>();
      for (const f of p.functions) {
        insertFunction.run(f.module, f.qualname, f.file, f.line, f.endLine, f.sourceHash, JSON.stringify(f.params));
        const id = findFunction.get(f.module, f.qualname, f.file, f.line, f.sourceHash) as number;
        ids.set(f.id, id);
        insertStats.run(runId, id, f.calls, f.selfS, f.totalS, f.traced ? 1 : 0);
      }
      const dbId = (local: number): number => {
        const id = ids.get(local);
        if (id === undefined) throw new Error(`run profile refers to function ${local}, which it does not list`);
        return id;
      };
      for (const s of p.signatures) insertSignature.run(runId, dbId(s.functionId), JSON.stringify(s.argTypes), s.returnType, s.calls, s.totalS);
      for (const e of p.edges) insertEdge.run(runId, dbId(e.callerId), dbId(e.calleeId), e.calls);
      for (const s of p.samples) insertSample.run(runId, JSON.stringify(s.stack.map(dbId)), s.count, s.weightS);
      return runId;
    });
    return add.immediate(profile);
  }

  runs(): RunSummary[] {
    return (this.db.prepare("SELECT * FROM runs ORDER BY id").all() as RunRow[]).map(runSummary);
  }

  loadRun(runId: number): StoredRun {
    const row = this.db.prepare("SELECT * FROM runs WHERE id = ?").get(runId) as RunRow | undefined;
    if (!row) throw new RunNotFound(runId);
    const { id, ...run } = runSummary(row);
    const functions = (
      this.db
        .prepare(`SELECT f.*, rf.calls, rf.self_s, rf.total_s, rf.traced FROM run_functions rf JOIN functions f ON f.id = rf.function_id WHERE rf.run_id = ? ORDER BY f.id`)
        .all(runId) as (FunctionRow & { calls: number; self_s: number; total_s: number; traced: number })[]
    ).map((r) => ({ ...functionIdentity(r), calls: r.calls, selfS: r.self_s, totalS: r.total_s, traced: r.traced === 1 }));
    const signatures = (
      this.db.prepare("SELECT * FROM signatures WHERE run_id = ? ORDER BY function_id, calls DESC").all(runId) as {
        function_id: number;
        arg_types: string;
        return_type: string;
        calls: number;
        total_s: number;
      }[]
    ).map((s) => ({ functionId: s.function_id, argTypes: JSON.parse(s.arg_types) as string[], returnType: s.return_type, calls: s.calls, totalS: s.total_s }));
    const edges = (this.db.prepare("SELECT * FROM call_edges WHERE run_id = ? ORDER BY caller_id, callee_id").all(runId) as { caller_id: number; callee_id: number; calls: number }[]).map(
      (e) => ({ callerId: e.caller_id, calleeId: e.callee_id, calls: e.calls }),
    );
    const samples = (this.db.prepare("SELECT * FROM samples WHERE run_id = ? ORDER BY stack").all(runId) as { stack: string; count: number; weight_s: number }[]).map((s) => ({
      stack: JSON.parse(s.stack) as number[],
      count: s.count,
      weightS: s.weight_s,
    }));
    return { id, run, functions, signatures, edges, samples };
  }

  getObservedSignatures(qualname: string, query: SignatureQuery = {}): ObservedSignature[] {
    const where = ["f.qualname = ?"];
    const params: (string | number)[] = [qualname];
    const narrow = (clause: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      params.push(value);
    };
    narrow("f.module = ?", query.module);
    narrow("f.file = ?", query.file);
    narrow("rf.run_id = ?", query.runId);
    const candidates = this.db
      .prepare(`SELECT f.*, MAX(rf.run_id) AS last_run FROM functions f JOIN run_functions rf ON rf.function_id = f.id WHERE ${where.join(" AND ")} GROUP BY f.id`)
      .all(...params) as (FunctionRow & { last_run: number })[];
    let chosen = candidates;
    if (!query.allVersions) {
      // Per place (module, file), the version seen most recently.
      const latest = new Map<string, FunctionRow & { last_run: number }>();
      for (const c of candidates) {
        const key = JSON.stringify([c.module, c.file]);
        const prev = latest.get(key);
        if (!prev || c.last_run > prev.last_run) latest.set(key, c);
      }
      chosen = [...latest.values()];
    }
    if (chosen.length === 0) return [];
    const paramsOf = new Map(chosen.map((c) => [c.id, JSON.parse(c.params) as string[]]));
    const rows = this.db
      .prepare(
        `SELECT MIN(function_id) AS function_id, arg_types, return_type, SUM(calls) AS calls, SUM(total_s) AS total_s FROM signatures
         WHERE function_id IN (${chosen.map(() => "?").join(",")}) ${query.runId !== undefined ? "AND run_id = ?" : ""}
         GROUP BY arg_types, return_type ORDER BY calls DESC, arg_types, return_type`,
      )
      .all(...chosen.map((c) => c.id), ...(query.runId !== undefined ? [query.runId] : [])) as {
      function_id: number;
      arg_types: string;
      return_type: string;
      calls: number;
      total_s: number;
    }[];
    return rows.map((r) => ({ argTypes: JSON.parse(r.arg_types) as string[], returnType: r.return_type, calls: r.calls, totalS: r.total_s, params: paramsOf.get(r.function_id) ?? [] }));
  }

  functionTraces(query: { readonly runId?: number } = {}): FunctionTraces[] {
    const runFilter = query.runId !== undefined ? "AND run_id = ?" : "";
    const runArgs = query.runId !== undefined ? [query.runId] : [];
    const fns = this.db
      .prepare(`SELECT * FROM functions WHERE id IN (SELECT function_id FROM signatures WHERE 1 ${runFilter}) ORDER BY file, line, qualname, id`)
      .all(...runArgs) as FunctionRow[];
    const statsOf = this.db.prepare(`SELECT run_id, calls, self_s, total_s FROM run_functions WHERE function_id = ? ${runFilter} ORDER BY run_id`);
    const tracesOf = this.db.prepare(`SELECT run_id, arg_types, return_type, calls, total_s FROM signatures WHERE function_id = ? ${runFilter} ORDER BY run_id, calls DESC, arg_types`);
    return fns.map((f) => ({
      function: functionIdentity(f),
      runs: (statsOf.all(f.id, ...runArgs) as { run_id: number; calls: number; self_s: number; total_s: number }[]).map((r) => ({
        runId: r.run_id,
        calls: r.calls,
        selfS: r.self_s,
        totalS: r.total_s,
      })),
      traces: (tracesOf.all(f.id, ...runArgs) as { run_id: number; arg_types: string; return_type: string; calls: number; total_s: number }[]).map((t) => ({
        runId: t.run_id,
        argTypes: JSON.parse(t.arg_types) as string[],
        returnType: t.return_type,
        calls: t.calls,
        totalS: t.total_s,
      })),
    }));
  }

  close(): void {
    this.db.close();
  }
}
