// Opening one of apc's SQLite files safely, shared by the trace store and the
// decision log: a missing file is created under a temporary name and linked
// into place (a crash never leaves a half-made file; two processes racing
// get the same one); an existing file must be a regular file (a folder there
// is said to be one), start with the SQLite header, carry the kind's
// application_id and store_meta marker, pass `PRAGMA quick_check`, and have a
// schema version no newer than this apc knows. It is
// checked through a read-only connection first, and left exactly as it was
// when it fails. Versioned migrations run in one immediate transaction.
// Each store keeps its own error classes: the kind says how to make them.

import Database from "better-sqlite3";
import { closeSync, existsSync, linkSync, mkdirSync, openSync, readSync, statSync, unlinkSync } from "node:fs";
import path from "node:path";
import { checkApcFolder } from "./apc-folder.js";

export type CorruptReason = "not-sqlite" | "foreign" | "damaged";

export interface SqliteKind {
  readonly applicationId: number;
  /** store_meta's 'kind' value. */
  readonly kind: string;
  /** What the file is, for messages ("an apc trace store"). */
  readonly what: string;
  readonly schemaVersion: number;
  readonly migrations: readonly { readonly version: number; readonly sql: string }[];
  corrupt(file: string, reason: CorruptReason, detail: string): Error;
  tooNew(file: string, version: number): Error;
}

/** Opens (creating if missing) `file`, or a fresh in-memory database for ":memory:". */
export function openSqliteFile(file: string, k: SqliteKind): Database.Database {
  if (file === ":memory:") {
    const db = new Database(":memory:");
    initialise(db, k);
    return db;
  }
  if (existsSync(file)) checkExisting(file, k);
  else create(file, k);
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    db.pragma("foreign_keys = ON");
    migrate(db, file, k);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");

function checkExisting(file: string, k: SqliteKind): void {
  if (!statSync(file).isFile()) throw k.corrupt(file, "not-sqlite", `it is ${statSync(file).isDirectory() ? "a folder" : "not a regular file"}, where ${k.what} file belongs`);
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(file, "r");
  let n: number;
  try {
    n = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (n < head.length || !head.equals(SQLITE_HEADER)) throw k.corrupt(file, "not-sqlite", "the file does not start with the SQLite header");
  let db: Database.Database | undefined;
  let ours: Error | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const appId = db.pragma("application_id", { simple: true }) as number;
    if (appId !== k.applicationId) throw (ours = k.corrupt(file, "foreign", `a SQLite database without apc's marker (application_id ${appId})`));
    const check = db.pragma("quick_check(1)", { simple: true }) as string;
    if (check !== "ok") throw (ours = k.corrupt(file, "damaged", `quick_check: ${check}`));
    const kind = db.prepare("SELECT value FROM store_meta WHERE key = 'kind'").pluck().get() as string | undefined;
    if (kind !== k.kind) throw (ours = k.corrupt(file, "foreign", `store_meta does not mark it as ${k.what}`));
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version > k.schemaVersion) throw (ours = k.tooNew(file, version));
  } catch (err) {
    if (err === ours) throw err;
    throw k.corrupt(file, "damaged", err instanceof Error ? err.message : String(err));
  } finally {
    db?.close();
  }
}

function create(file: string, k: SqliteKind): void {
  checkApcFolder(path.dirname(file)); // mkdir -p under /proc never returns
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.init-${process.pid}-${Date.now()}`;
  const db = new Database(tmp);
  try {
    initialise(db, k);
  } finally {
    db.close();
  }
  try {
    linkSync(tmp, file); // fails if another process created the file meanwhile: then that one is used
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  } finally {
    unlinkSync(tmp);
  }
}

function initialise(db: Database.Database, k: SqliteKind): void {
  db.pragma("foreign_keys = ON");
  db.transaction(() => {
    db.pragma(`application_id = ${k.applicationId}`);
    applyMigrations(db, 0, k);
  })();
}

function migrate(db: Database.Database, file: string, k: SqliteKind): void {
  const run = db.transaction(() => {
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version > k.schemaVersion) throw k.tooNew(file, version);
    applyMigrations(db, version, k);
  });
  run.immediate();
}

function applyMigrations(db: Database.Database, from: number, k: SqliteKind): void {
  for (const m of k.migrations) {
    if (m.version <= from) continue;
    db.exec(m.sql);
    db.pragma(`user_version = ${m.version}`);
  }
}
