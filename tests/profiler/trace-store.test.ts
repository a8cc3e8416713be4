// The SQLite trace store: the shared TraceStore behaviour (on a file and in
// memory), its schema version and marker, and what it does with a traces.db
// that is not ours: not SQLite, SQLite of someone else, damaged, or from a
// newer apc. Each is reported with a fixed error code and left byte-identical.

import Database from "better-sqlite3";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TRACE_SCHEMA_VERSION, TRACE_STORE_APPLICATION_ID } from "../../memory/migrations/traces.js";
import { openTraceStore, openTraceStoreAt, traceStorePath, TraceStoreCorrupt, TraceStoreTooNew } from "../../memory/trace-store.js";
import { profileProgram } from "../../profiler/profile.js";
import { describeTraceStore, sampleRun } from "./fixtures/trace-store-behaviour.js";
import { fixtureProject, projectWith, PYTHON } from "./fixtures/projects.js";

describeTraceStore("sqlite file", () => openTraceStore(projectWith({})));
describeTraceStore("sqlite :memory:", () => openTraceStoreAt(":memory:"));

function storeFileWith(bytes: Buffer | string): { dir: string; file: string } {
  const dir = projectWith({});
  const file = traceStorePath(dir);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return { dir, file };
}

function expectRejected(file: string, dir: string, reason: string, code = "TraceStoreCorrupt") {
  const before = readFileSync(file);
  let err: unknown;
  try {
    openTraceStore(dir).close();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(code === "TraceStoreCorrupt" ? TraceStoreCorrupt : TraceStoreTooNew);
  expect((err as { code: string }).code).toBe(code);
  if (code === "TraceStoreCorrupt") expect((err as TraceStoreCorrupt).reason).toBe(reason);
  expect((err as Error).message).toContain(file);
  expect(readFileSync(file).equals(before)).toBe(true);
  // Nothing created beside it either (no temporary store, no journal).
  expect(readdirSync(path.dirname(file))).toEqual(["traces.db"]);
}

describe("trace store file", () => {
  it("creates .apc/traces.db with our marker and the latest schema version", () => {
    const dir = projectWith({});
    openTraceStore(dir).close();
    const db = new Database(traceStorePath(dir), { readonly: true });
    try {
      expect(db.pragma("user_version", { simple: true })).toBe(TRACE_SCHEMA_VERSION);
      expect(db.pragma("application_id", { simple: true })).toBe(TRACE_STORE_APPLICATION_ID);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
      expect(tables).toEqual(["call_edges", "functions", "run_functions", "runs", "samples", "signatures", "store_meta"]);
    } finally {
      db.close();
    }
    expect(readdirSync(path.join(dir, ".apc"))).toEqual(["traces.db"]);
  });

  it("keeps runs across openings", () => {
    const dir = projectWith({});
    const a = openTraceStore(dir);
    a.addRun(sampleRun());
    a.close();
    const b = openTraceStore(dir);
    b.addRun(sampleRun());
    expect(b.runs()).toHaveLength(2);
    b.close();
  });

  it("reports a file that is not SQLite and leaves it untouched", () => {
    const { dir, file } = storeFileWith(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37 + 11) & 0xff)));
    expectRejected(file, dir, "not-sqlite");
    const empty = storeFileWith("");
    expectRejected(empty.file, empty.dir, "not-sqlite");
  });

  it("reports someone else's SQLite database and leaves it untouched", () => {
    const dir = projectWith({});
    const file = traceStorePath(dir);
    mkdirSync(path.dirname(file));
    const db = new Database(file);
    db.exec("CREATE TABLE runs (id INTEGER PRIMARY KEY, what TEXT); INSERT INTO runs (what) VALUES ('theirs');");
    db.close();
    expectRejected(file, dir, "foreign");
  });

  it("reports a damaged store and leaves it untouched", () => {
    const dir = projectWith({});
    const store = openTraceStore(dir);
    for (let i = 0; i < 20; i++) store.addRun(sampleRun());
    store.close();
    const file = traceStorePath(dir);
    const bytes = readFileSync(file);
    // Keep the header page, scribble over the rest.
    for (let i = 4096; i < bytes.length; i++) bytes[i] = (i * 13) & 0xff;
    writeFileSync(file, bytes);
    expectRejected(file, dir, "damaged");
  });

  it("refuses a store from a newer apc", () => {
    const dir = projectWith({});
    openTraceStore(dir).close();
    const file = traceStorePath(dir);
    const db = new Database(file);
    db.pragma(`user_version = ${TRACE_SCHEMA_VERSION + 1}`);
    db.close();
    expectRejected(file, dir, "", "TraceStoreTooNew");
  });

  it("apc profile reports a corrupt store before running anything", async () => {
    const dir = fixtureProject("hot");
    const file = traceStorePath(dir);
    mkdirSync(path.dirname(file));
    writeFileSync(file, "not a database\n");
    await expect(profileProgram({ path: dir, python: PYTHON, stdio: "pipe" })).rejects.toMatchObject({ code: "TraceStoreCorrupt" });
    expect(readFileSync(file, "utf8")).toBe("not a database\n");
    expect(existsSync(path.join(dir, ".apc", "reports"))).toBe(false);
  });
});
