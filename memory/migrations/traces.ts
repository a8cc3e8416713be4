// The schema of the trace store (<project>/.apc/traces.db), as a list of
// migrations. Owns the tables and their meaning; memory/trace-store.ts owns
// opening, checking and applying them (PRAGMA user_version = the number of
// the last migration applied). Add a migration at the end; never edit one
// that has shipped, a user's traces.db already ran it.
//
// Tables:
//   store_meta     key/value; ('kind', 'apc-traces') marks the file as ours
//                  (with PRAGMA application_id = TRACE_STORE_APPLICATION_ID)
//   runs           one `apc profile` run: the command, interpreter, mode,
//                  start, duration, exit status or signal, exception and
//                  traceback, timed_out, complete (the helper wrote its last
//                  snapshot; false when the program was killed)
//   functions      one function version: module, qualname, file (relative to
//                  the project when inside it), first/last line, hash of its
//                  source, parameter names. Shared by runs; an edited
//                  function gets a new row (new hash)
//   run_functions  per run and function: calls, self and total seconds
//                  (measured; 0 in sample mode unless @trace), traced (the
//                  types of its calls were recorded)
//   signatures     per run and function: argument types (JSON array, in
//                  parameter order), return type, calls, total seconds
//   call_edges     per run: caller -> callee with a count
//   samples        per run: a stack (JSON array of function ids, root first)
//                  with the number of samples and the seconds they stand for

export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/** "apcT": PRAGMA application_id of every traces.db apc creates. */
export const TRACE_STORE_APPLICATION_ID = 0x61706354;
export const TRACE_STORE_KIND = "apc-traces";

export const TRACE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "runs, functions, signatures, call edges, samples",
    sql: `
      CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO store_meta (key, value) VALUES ('kind', '${TRACE_STORE_KIND}');

      CREATE TABLE runs (
        id                INTEGER PRIMARY KEY,
        project           TEXT NOT NULL,
        command           TEXT NOT NULL,
        entry             TEXT NOT NULL,
        interpreter       TEXT NOT NULL,
        python_version    TEXT,
        mode              TEXT NOT NULL CHECK (mode IN ('sample', 'trace')),
        started_at        TEXT NOT NULL,
        duration_s        REAL NOT NULL,
        exit_status       INTEGER,
        exit_signal       TEXT,
        exception         TEXT,
        traceback         TEXT,
        timed_out         INTEGER NOT NULL CHECK (timed_out IN (0, 1)),
        complete          INTEGER NOT NULL CHECK (complete IN (0, 1)),
        sample_count      INTEGER NOT NULL,
        sample_interval_s REAL NOT NULL
      );

      CREATE TABLE functions (
        id          INTEGER PRIMARY KEY,
        module      TEXT NOT NULL,
        qualname    TEXT NOT NULL,
        file        TEXT NOT NULL,
        line        INTEGER NOT NULL,
        end_line    INTEGER NOT NULL,
        source_hash TEXT NOT NULL,
        params      TEXT NOT NULL,
        UNIQUE (module, qualname, file, line, source_hash)
      );
      CREATE INDEX functions_by_qualname ON functions (qualname);

      CREATE TABLE run_functions (
        run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        function_id INTEGER NOT NULL REFERENCES functions (id),
        calls       INTEGER NOT NULL,
        self_s      REAL NOT NULL,
        total_s     REAL NOT NULL,
        traced      INTEGER NOT NULL CHECK (traced IN (0, 1)),
        PRIMARY KEY (run_id, function_id)
      );

      CREATE TABLE signatures (
        run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        function_id INTEGER NOT NULL REFERENCES functions (id),
        arg_types   TEXT NOT NULL,
        return_type TEXT NOT NULL,
        calls       INTEGER NOT NULL,
        total_s     REAL NOT NULL,
        PRIMARY KEY (run_id, function_id, arg_types, return_type)
      );
      CREATE INDEX signatures_by_function ON signatures (function_id);

      CREATE TABLE call_edges (
        run_id    INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        caller_id INTEGER NOT NULL REFERENCES functions (id),
        callee_id INTEGER NOT NULL REFERENCES functions (id),
        calls     INTEGER NOT NULL,
        PRIMARY KEY (run_id, caller_id, callee_id)
      );

      CREATE TABLE samples (
        run_id   INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        stack    TEXT NOT NULL,
        count    INTEGER NOT NULL,
        weight_s REAL NOT NULL,
        PRIMARY KEY (run_id, stack)
      );
    `,
  },
];

export const TRACE_SCHEMA_VERSION = TRACE_MIGRATIONS[TRACE_MIGRATIONS.length - 1]!.version;
