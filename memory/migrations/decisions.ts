// The schema of the decision log (<project>/.apc/decisions.db), as a list of
// migrations. Owns the tables and their meaning; memory/decision-log.ts owns
// opening, checking and applying them (PRAGMA user_version = the number of
// the last migration applied) and the JSON shapes of the columns. Add a
// migration at the end; never edit one that has shipped, a user's
// decisions.db already ran it.
//
// The closed vocabularies (agents, decision kinds, verdict statuses, listed in
// memory/decision-log.ts) are checked by the code on the way in and out, not
// by CHECK constraints, so that growing one needs no table rebuild. Growing
// one is still a schema change: add a migration (an empty `sql` is fine) so
// that an older apc refuses the file as too new instead of misreading it.
//
// Tables:
//   store_meta   key/value; ('kind', 'apc-decisions') marks the file as ours
//                (with PRAGMA application_id = DECISION_LOG_APPLICATION_ID)
//   agent_runs   one agent run (`apc optimize`, `apc tune`, ...): start and
//                end (ISO 8601), project folder, command, time budget,
//                status, a JSON summary, and the process that ran it (pid,
//                host) so a later run can tell a dead run from a live one
//   decisions    one decision of one agent in a run, in order (seq, 1, 2, ...
//                per run): kind, the function it is about ("path.py:qualname"
//                with file and qualname split out for lookups) and the hash
//                of the source it saw, inputs, alternatives considered,
//                choice, reason text and reason codes, predicted outcome,
//                measured outcome (attached later, with its time), the policy
//                model version, and the decision it follows from (parent_id)
//   verdicts     the latest verdict per (project, function_key), what
//                `apc why` shows: status, tier, every reason that applies,
//                numbers, what would change it, the run and the decision
//                (kind 'verdict', the history) it came from

export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/** "apcD": PRAGMA application_id of every decisions.db apc creates. */
export const DECISION_LOG_APPLICATION_ID = 0x61706344;
export const DECISION_LOG_KIND = "apc-decisions";

export const DECISION_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "agent runs, decisions, verdicts",
    sql: `
      CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO store_meta (key, value) VALUES ('kind', '${DECISION_LOG_KIND}');

      CREATE TABLE agent_runs (
        id         INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        ended_at   TEXT,
        project    TEXT NOT NULL,
        command    TEXT NOT NULL,
        budget_s   REAL,
        status     TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'interrupted')),
        summary    TEXT,
        pid        INTEGER NOT NULL,
        host       TEXT NOT NULL
      );
      CREATE INDEX agent_runs_running ON agent_runs (status) WHERE status = 'running';

      CREATE TABLE decisions (
        id            INTEGER PRIMARY KEY,
        run_id        INTEGER NOT NULL REFERENCES agent_runs (id) ON DELETE CASCADE,
        seq           INTEGER NOT NULL,
        at            TEXT NOT NULL,
        agent         TEXT NOT NULL,
        kind          TEXT NOT NULL,
        function_key  TEXT,
        file          TEXT,
        qualname      TEXT,
        source_hash   TEXT,
        inputs        TEXT NOT NULL,
        alternatives  TEXT NOT NULL,
        choice        TEXT NOT NULL,
        reason        TEXT NOT NULL,
        reason_codes  TEXT NOT NULL,
        predicted     TEXT,
        measured      TEXT,
        measured_at   TEXT,
        model_version INTEGER,
        parent_id     INTEGER REFERENCES decisions (id),
        UNIQUE (run_id, seq),
        CHECK ((function_key IS NULL) = (qualname IS NULL))
      );
      CREATE INDEX decisions_by_function ON decisions (function_key, run_id, seq);
      CREATE INDEX decisions_by_qualname ON decisions (qualname);

      CREATE TABLE verdicts (
        project          TEXT NOT NULL,
        function_key     TEXT NOT NULL,
        file             TEXT NOT NULL,
        qualname         TEXT NOT NULL,
        source_hash      TEXT,
        run_id           INTEGER NOT NULL REFERENCES agent_runs (id),
        decision_id      INTEGER NOT NULL REFERENCES decisions (id),
        status           TEXT NOT NULL,
        tier             TEXT,
        reasons          TEXT NOT NULL,
        numbers          TEXT NOT NULL,
        what_would_change TEXT NOT NULL,
        decided_at       TEXT NOT NULL,
        PRIMARY KEY (project, function_key)
      );
      CREATE INDEX verdicts_by_qualname ON verdicts (qualname);
      CREATE INDEX verdicts_by_run ON verdicts (run_id);
    `,
  },
];

export const DECISION_SCHEMA_VERSION = DECISION_MIGRATIONS[DECISION_MIGRATIONS.length - 1]!.version;
